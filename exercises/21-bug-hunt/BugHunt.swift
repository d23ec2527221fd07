import GradLab

// Exercise 21 (bug-hunt): find each bug from the checker's report alone.
//
// Five layers have a subtle bug in their backward pass: suspects A to E. Their forward passes
// are right. Run
//
//     swift run gradlab check bug-hunt
//
// and it prints what the checker says about each suspect: which gradient fails, by how much,
// the worst element, shapes, and a few elements of backprop against the numerical gradient.
// From that report alone, name each suspect's bug: fill in the switch below with one of the
// bugs listed in BackwardBug.swift. (Do not read Suspects.swift until you are done: in your own
// code you will only ever see the report.)
//
// Then run: swift run gradlab check bug-hunt
// Stuck? swift run gradlab hint bug-hunt (one more hint each time you ask).

/// Your diagnosis: which bug each suspect has.
public func myDiagnosis(of suspect: Suspect) throws -> BackwardBug {
    switch suspect {
    // case .a: return .wrongSign
    default: throw NotImplemented()
    }
}
