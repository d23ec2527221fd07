import Foundation
import GradLabCommands

// The runner: everything happens in GradLabCommands, which the tests can call directly.
exit(GradLabCLI.main(Array(CommandLine.arguments.dropFirst())))
