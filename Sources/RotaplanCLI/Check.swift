import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanSpreadsheet

/// `rotaplan check DIR`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Loads and validates a scenario, prints every problem or a summary; changes nothing.")

    @OptionGroup var input: ScenarioOptions

    func run() throws {
        let loaded = try input.load()
        Console.current.out(ScenarioSummary.text(loaded))
        Console.current.out("检查通过 (check: ok)")
    }
}
