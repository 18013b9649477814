import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanReport
import RotaplanResults
import RotaplanSpreadsheet

/// `rotaplan template -o FILE.xlsx`.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract:
            "Writes an empty scenario workbook to fill in: a 说明 sheet explaining each column, the settings with their defaults, one sheet per table with Chinese headers and drop-down lists."
    )

    @Option(name: [.short, .customLong("out")], help: "The .xlsx file to write.")
    var output: String

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func validate() throws {
        guard output.lowercased().hasSuffix(".xlsx") else { throw ValidationError("-o must name an .xlsx file, e.g. 模板.xlsx") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: output)
        if FileManager.default.fileExists(atPath: url.path) && !force {
            Console.current.err("\(output) exists; use --force to overwrite it.")
            throw ExitCode(1)
        }
        let data = try Template.data()
        try writeWhole(data, to: output)
        Console.current.out("wrote \(output)")
    }
}

/// `rotaplan import SOURCE -o DIR` (or `-o FILE.xlsx`).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Turns a scenario workbook, or a folder of CSV files in GB18030 or with Chinese headers and values, into a canonical scenario folder (UTF-8, English headers and codes).",
        discussion:
            "With -o FILE.xlsx it writes the scenario as one workbook instead, with Chinese headers and values (the template's sheets). Every problem is reported as `check` reports it (exit 1, nothing written). Columns rotaplan does not know are not carried over."
    )

    @Argument(help: "The workbook (.xlsx) or folder to read.")
    var source: String

    @Option(name: [.short, .customLong("out")], help: "The folder to write, or a file ending in .xlsx; it must not exist yet unless --force.")
    var output: String

    @Flag(help: "Replace an existing folder.")
    var force = false

    func run() throws {
        let loaded = try loadScenario(source, overrides: [])
        let url = URL(fileURLWithPath: output)
        if FileManager.default.fileExists(atPath: url.path) && !force {
            Console.current.err("\(output) exists; use --force to replace it.")
            throw ExitCode(1)
        }
        // --force replaces a scenario folder, never a ledger or a plan beside it.
        if url.pathExtension.lowercased() != "xlsx", let reason = OutputFolder.refusalToReplace(url, scenario: true) {
            Console.current.err("\(output): not replaced, even with --force: \(reason).")
            throw ExitCode(1)
        }
        if url.pathExtension.lowercased() == "xlsx" {
            try writeWhole(ScenarioWorkbook.data(loaded), to: output)
        } else {
            try OutputFolder.write(CanonicalFiles.files(loaded), to: url)
        }
        Console.current.out(ScenarioSummary.text(loaded))
        Console.current.out("wrote \(output)")
    }
}
