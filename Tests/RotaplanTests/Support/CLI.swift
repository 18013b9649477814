import Foundation
import RotaplanCLI

/// Runs `rotaplan` in-process with a capturing console.
enum CLI {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ arguments: [String]) -> Run {
        let console = Console(capturing: true)
        let status = Console.$current.withValue(console) { Rotaplan.run(arguments) }
        return Run(status: status, output: console.output, errors: console.errors)
    }
}
