import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanSpreadsheet
import RotaplanWorkflow
import Testing

@testable import RotaplanReport

/// Output that is safe to open: a scenario whose every text field holds something hostile
/// (markup, quotes, spreadsheet formulas, very long text, right-to-left marks) is solved,
/// compared and explained, and every file written is checked: pages show the values as text,
/// and no cell of a file for people would run as a formula.
@Suite struct HostileInputTests {
    static let script = "<script>alert('x')</script>"
    static let markup = "<img src=x onerror=alert(1)>"
    static let quotes = "A & B \"double\" 'single'"
    static let formula = "=HYPERLINK(\"http://evil.example\",\"click\")"
    static let long = String(repeating: "很长的名字", count: 400)
    static let rightToLeft = "\u{202E}txt.exe\u{202C}"

    /// One community, one member; every name, id, title, reason, note and a subject hostile.
    /// The lead is named `script`, the member `markup + quotes`, the cadre who must move `quotes`
    /// and the music teacher who visits `formula`, so that the pages must show them.
    static func files() -> ScenarioFiles {
        let lead = "<L&1>"
        let member = "=M1"
        let schools = CSV.format(
            header: ["id", "name", "kind", "community", "rural", "lat", "lon"],
            rows: [
                [lead, script, "lead", markup, "no", "28.5", "115.9"],
                [member, markup + quotes, "member", markup, "yes", "28.51", "115.91"],
            ])
        let header = ["id", "name", "school", "subject", "role", "title", "years_at_school", "years_to_retirement", "exempt", "volunteer"]
        let teachers = CSV.format(
            header: header,
            rows: [
                ["@T1", quotes, lead, "chinese", "cadre", formula, "10", "20", "", "yes"],
                ["+T2", markup, lead, "chinese", "regular", quotes, "10", "20", "", ""],
                ["-T3", formula, lead, "music", "regular", long, "10", "20", "", ""],
                ["T4\"", long, lead, "=1+1", "backbone", rightToLeft, "10", "20", "", ""],
                ["T5<", rightToLeft, member, "chinese", "reserve_cadre", script, "10", "20", "", ""],
                ["T6&", quotes, member, "chinese", "regular", markup, "10", "20", formula, ""],
                ["T7'", "@SUM(A1)", member, "chinese", "regular", "", "10", "20", "", ""],
            ])
        let demand = CSV.format(
            header: ["school", "subject", "teachers", "periods"],
            rows: [
                [lead, "chinese", "1", ""], [lead, "=1+1", "1", ""], [lead, "music", "1", "8"],
                [member, "chinese", "2", ""], [member, "music", "1", "16"],
            ])
        let pins = CSV.format(header: ["teacher", "action", "school", "note"], rows: [["@T1", "to", member, script + formula]])
        return ScenarioFiles([
            "scenario.yaml": "county: \"\(script)\"\nslug: hostile\nyear: 2025\nsynthetic: true\n",
            "schools.csv": String(decoding: schools, as: UTF8.self),
            "teachers.csv": String(decoding: teachers, as: UTF8.self),
            "demand.csv": String(decoding: demand, as: UTF8.self),
            "pins.csv": String(decoding: pins, as: UTF8.self),
        ])
    }

    static let hostile = [script, markup, quotes, formula, long, rightToLeft]

    @Test func everyOutputFileIsSafeToOpen() throws {
        let scenario = try Self.files().write(named: "hostile")
        let root = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = root.appendingPathComponent("plan")
        let solve = CLI.run(["solve", scenario.path, "--out", plan.path, "--quiet"])
        #expect(solve.status == 0, "\(solve.errors)")
        let verify = CLI.run(["verify", scenario.path, plan.appendingPathComponent("plan.json").path])
        #expect(verify.status == 0, "\(verify.output)")
        // The folder solve wrote is read as its plan.json; a path that names nothing says so.
        let folder = CLI.run(["verify", scenario.path, plan.path])
        #expect(folder.status == 0, "\(folder.errors)")
        #expect(folder.output.contains("verify: ok"))
        let compared = CLI.run(["compare", plan.path, plan.appendingPathComponent("plan.json").path])
        #expect(compared.status == 0, "\(compared.errors)")
        let missing = CLI.run(["verify", scenario.path, root.appendingPathComponent("nowhere.json").path])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("no such file"))
        let empty = CLI.run(["verify", scenario.path, root.path])
        #expect(empty.status == 1)
        #expect(empty.errors.contains("has no plan.json"))
        let whatif = root.appendingPathComponent("whatif")
        let variants = CLI.run(["whatif", scenario.path, "--variant", "far:policy.itinerant.max_km=40", "--price", "--out", whatif.path, "--quiet"])
        #expect(variants.status == 0, "\(variants.errors)")
        let written = try allFiles(in: [plan, whatif])
        #expect(written.count >= 10)
        // The plan really shows the hostile values (escaped), so the checks below are not vacuous.
        let report = try String(contentsOf: plan.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(report.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(report.contains("A &amp; B &quot;double&quot; &#39;single&#39;"))
        for file in written {
            if file.pathExtension == "xlsx" {
                // In a workbook, text is a string cell whatever it begins with; only a formula element runs.
                let sheets = try WorkbookReader.read(file)
                #expect(sheets.contains { sheet in sheet.rows.contains { $0.cells.values.contains("@T1") } })
                let parts = try WorkbookParts.entries(file)
                for (path, xml) in parts where path.hasPrefix("xl/worksheets/") {
                    #expect(!xml.contains("<f>") && !xml.contains("<f "), "\(file.lastPathComponent) \(path) holds a formula")
                    // Formula-like text carries the quote-prefixed text style, so editing the cell keeps it text.
                    if xml.contains(">@T1<") { #expect(xml.contains("s=\"3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">@T1<")) }
                }
                #expect(parts["xl/styles.xml"]?.contains("quotePrefix=\"1\"") == true)
                continue
            }
            let text = try String(contentsOf: file, encoding: .utf8)
            switch file.pathExtension {
            case "html":
                for value in [Self.script, Self.markup, Self.quotes] {
                    #expect(!text.contains(value), "\(file.lastPathComponent) shows \(value) unescaped")
                }
                #expect(!text.contains("<script"), "\(file.lastPathComponent) holds a script tag")
                #expect(!text.contains("<img"), "\(file.lastPathComponent) holds an img tag")
            case "csv" where file.lastPathComponent != "history.csv":
                for (row, fields) in try csvFields(file).enumerated() {
                    for field in fields where SpreadsheetText.isFormulaLike(field) {
                        Issue.record("\(file.lastPathComponent) row \(row + 1): '\(field.prefix(40))' would run as a formula")
                    }
                }
            case "json":
                #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: file))) != nil)
            default:
                break
            }
        }
        // A formula-like value reaches the lists as inert text.
        let rotations = try String(contentsOf: plan.appendingPathComponent("rotations.csv"), encoding: .utf8)
        #expect(rotations.contains("'@T1") || rotations.contains("\"'@T1\""))
        // explain's words are plain text: the values come back as they are.
        let explain = CLI.run(["explain", scenario.path, plan.appendingPathComponent("plan.json").path, "--teacher", "@T1"])
        #expect(explain.status == 0)
        #expect(explain.output.contains(Self.quotes))
    }

    /// Pages escape by construction only if no template prints a value unescaped.
    @Test func noTemplatePrintsAValueUnescaped() {
        #expect(!HTMLTemplates.sources.isEmpty)
        for (name, source) in HTMLTemplates.sources {
            #expect(!source.contains("{{{"), "template \(name) uses {{{…}}}")
            #expect(!source.contains("{{&"), "template \(name) uses {{&…}}")
            #expect(!source.contains("{{%"), "template \(name) changes the content type")
        }
    }

    @Test(arguments: ["=1+2", "+A1", "-cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1"])
    func formulaLikeTextIsKeptAsText(value: String) {
        #expect(SpreadsheetText.isFormulaLike(value))
        #expect(SpreadsheetText.safe(value) == "'" + value)
    }

    /// An objection's note typed as a formula is downloaded as text (公示异议), while the file
    /// a re-plan reads keeps it as typed.
    @Test func anObjectionsNoteIsDownloadedAsText() throws {
        let scenario = try ScenarioLoader.load(folder: LedgerTests.scenarios.appendingPathComponent("demo"))
        let teacher = scenario.teachers[0]
        let list = ObjectionList([.init(teacher: teacher.id, action: "stay", note: Self.formula)])
        let downloaded = String(decoding: list.peoplesData(scenario).dropFirst(3), as: UTF8.self)
        #expect(downloaded.contains("\(teacher.name),\(teacher.id),留任,,\"'=HYPERLINK("), "\(downloaded)")
        #expect(String(decoding: list.data, as: UTF8.self).contains(",\"=HYPERLINK("))
    }

    @Test(arguments: ["-3.5", "+2", "12", "李明", "a=b", "", "-"])
    func numbersAndPlainTextStayAsTheyAre(value: String) {
        #expect(SpreadsheetText.safe(value) == value)
    }

    private func allFiles(in folders: [URL]) throws -> [URL] {
        var files: [URL] = []
        for folder in folders {
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true { files.append(url) }
            }
        }
        return files
    }

    /// The fields of a CSV file as a spreadsheet reads them (RFC 4180, a BOM skipped).
    private func csvFields(_ file: URL) throws -> [[String]] {
        var data = try Data(contentsOf: file)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        var rows: [[String]] = [[]]
        var field = ""
        var quoted = false
        var previous: Character?
        for character in String(decoding: data, as: UTF8.self) {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                if previous == "\"" { field.append("\"") }
                quoted = true
            } else if character == "," {
                rows[rows.count - 1].append(field)
                field = ""
            } else if character == "\n" {
                rows[rows.count - 1].append(field)
                field = ""
                rows.append([])
            } else {
                field.append(character)
            }
            previous = character
        }
        return rows.filter { !$0.isEmpty }
    }
}
