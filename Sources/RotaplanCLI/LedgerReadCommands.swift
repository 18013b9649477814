import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import RotaplanWorkflow

// The ledger commands that read: history, show, export.

struct LedgerHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Writes the ledger as history.csv (docs/scenario.md), for a scenario kept without the ledger.")

    @Option(name: [.short, .customLong("out")], help: "The file to write (replaced whole); stdout without it.")
    var output: String?

    @OptionGroup var location: LedgerLocation

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let data = try ledgerCall { () throws(LedgerError) in try ledger.historyCSV() }
        if let output {
            try writeWhole(data, to: output, named: "history.csv")
            Console.current.out("wrote \(output)")
        } else {
            var text = String(decoding: data, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            Console.current.out(text)
        }
    }
}

struct LedgerShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A teacher's service record, a school's sent and received by year, or a year's published list (with the ledger's head).")

    @Option(help: "A teacher's id: every secondment with dates, schools, role and status, and every event.")
    var teacher: String?

    @Option(help: "A school's id: sent and received by year.")
    var school: String?

    @Option(help: "A school year: its published list.")
    var year: Int?

    @OptionGroup var location: LedgerLocation

    func validate() throws {
        guard [teacher != nil, school != nil, year != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give one of --teacher ID, --school ID or --year Y.")
        }
    }

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let text = try ledgerCall { () throws(LedgerError) -> String in
            if let teacher { return LedgerReport.teacherText(try ledger.teacher(teacher)) }
            if let school { return LedgerReport.schoolText(try ledger.school(school)) }
            return LedgerReport.yearText(try ledger.year(year!))
        }
        Console.current.out(text)
    }
}

struct LedgerExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Every secondment and its events, for archiving: a workbook (.xlsx: 交流记录, 事件, 说明 with the ledger's head) or a CSV file.")

    @Option(name: [.short, .customLong("out")], help: "FILE.xlsx or FILE.csv (replaced whole).")
    var output: String

    @OptionGroup var location: LedgerLocation

    func validate() throws {
        let suffix = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard suffix == "xlsx" || suffix == "csv" else { throw ValidationError("-o must end in .xlsx or .csv") }
    }

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let exported: (data: Data, head: LedgerHead?)
        if URL(fileURLWithPath: output).pathExtension.lowercased() == "csv" {
            exported = try ledgerCall { () throws(LedgerError) in try LedgerReport.exportCSV(ledger) }
        } else {
            do {
                exported = try LedgerReport.exportWorkbook(ledger)
            } catch let error as LedgerError {
                Console.current.err(error.description)
                throw ledgerExitCode(error.kind)
            } catch {
                Console.current.err("\(error)")
                throw ExitCode(1)
            }
        }
        try writeWhole(exported.data, to: output)
        Console.current.out("wrote \(output)")
        if let head = exported.head { Console.current.out(headLine(head)) }
    }
}
