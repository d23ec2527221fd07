import Testing
@testable import GradLabCommands

@Suite("Reproduce line")
struct ReproductionTests {
    @Test func valuesWithSpacesAreQuoted() throws {
        let parsed = try ArgumentParser.parse(["--network", "affine 6, tanh, affine 10", "--batch", "10", "--json",
                                               "--data", "/tmp/it's here"], for: TrainCommand.definition)
        #expect(parsed.reproductionArguments
                == #"--batch 10 --network 'affine 6, tanh, affine 10' --data '/tmp/it'\''s here'"#)
    }

    @Test func plainWordsStayAsTyped() {
        #expect(shellWord("1e-3") == "1e-3")
        #expect(shellWord("-3") == "-3")
        #expect(shellWord("10,20,50") == "10,20,50")
        #expect(shellWord("") == "''")
        #expect(shellWord("a$b") == "'a$b'")
    }
}
