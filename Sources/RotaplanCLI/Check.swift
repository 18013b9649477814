import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanSpreadsheet

/// `rotaplan check DIR`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Loads and validates a scenario, prints every problem or a summary; changes nothing.")

    @Argument(help: "The scenario: a folder of scenario.yaml and CSV files, or an .xlsx workbook.")
    var scenario: String

    @Option(name: .customLong("set"), help: "Override a setting of scenario.yaml, e.g. policy.rotation.min_ratio=0.15.")
    var overrides: [String] = []

    func run() throws {
        let loaded = try loadScenario(scenario, overrides: overrides)
        Console.current.out(ScenarioSummary.text(loaded))
        Console.current.out("check: ok")
    }
}

/// `--set KEY=VALUE` options, parsed; a malformed one is a usage error (exit 1).
func parseOverrides(_ texts: [String]) throws -> [SettingOverride] {
    try texts.map { text in
        guard let override = SettingOverride.parse(text) else {
            Console.current.err("--set \(text): expected KEY=VALUE, e.g. policy.rotation.min_ratio=0.15")
            throw ExitCode(1)
        }
        return override
    }
}

/// Loads a scenario; bad input is printed, every problem, and ends with exit status 1.
/// `history` and `planningYear` read it for a later year of `solve --years`.
func loadScenario(
    _ path: String, overrides: [String], history: String? = nil, planningYear: Int? = nil, ledger: URL? = nil
) throws -> Scenario {
    let parsed = try parseOverrides(overrides)
    do {
        let source = try scenarioSource(path, history: history, ledger: ledger)
        let scenario = try ScenarioLoader.load(source: source, overrides: parsed, planningYear: planningYear)
        // A scenario written in Chinese is warned about in Chinese first.
        for warning in scenario.warnings { Console.current.err("\(warning.inChinese ? "警告" : "warning"): \(warning)") }
        return scenario
    } catch {
        Console.current.err(error.description)
        throw ExitCode(1)
    }
}

/// A scenario as read from a folder or workbook, its history from the county's ledger
/// (docs/ledger.md) unless a `history` file replaces it.
func scenarioSource(_ path: String, history: String? = nil, ledger: URL? = nil) throws(ScenarioError) -> ScenarioSource {
    try ScenarioOpening.source(URL(fileURLWithPath: path), history: history.map { URL(fileURLWithPath: $0) }, ledger: ledger)
}
