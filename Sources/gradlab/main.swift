import Foundation
import GradLabCommands

// The runner: everything happens in GradLabCommands, which the tests can call directly. Only the
// executable handles Ctrl-C (a test process must keep its own): the first one asks a long command
// to stop at its next iteration and write what it has, a second one quits at once.
let interrupts = Interrupts.install()
var console = Console.standard
console.shouldStop = { interrupts.isRequested }
exit(GradLabCLI.main(Array(CommandLine.arguments.dropFirst()), console: console))
