import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import Testing

/// report.html, schools.csv and the audit record. The page itself is rendered in Chromium by
/// scripts/check-report.sh, which CI runs.
@Suite struct ReportTests {
    static func solvedDemo() throws -> (CountyPlan, PlanDocument) {
        let scenario = try ScenarioLoader.load(folder: ScenarioFilesTests.folder.appendingPathComponent("demo"))
        let options = SolveOptions(timeLimit: nil, threads: 2)
        let county = CountyPlanner.solve(scenario, options: options)
        let document = PlanAssembly.document(county, meta: AuditRecord.meta(scenario, solve: options.record, command: ["rotaplan", "solve", "scenarios/demo"]))
        return (county, document)
    }

    @Test func reportIsSelfContainedAndShowsThePlansNumbers() throws {
        let (county, document) = try Self.solvedDemo()
        let html = String(decoding: ReportPage.html(county, document: document), as: UTF8.self)
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"), "no network")
        #expect(html.contains("@page { size: A4"))
        for section in ["summary", "compliance", "effort", "improvement", "charts", "rotations", "itinerant"] {
            #expect(html.contains("<section id=\"\(section)\""), "\(section)")
        }
        #expect(html.contains(String(format: "%.2f", try #require(document.solver.rotation?.objective))))
        #expect(html.contains(String(format: "%.2f", try #require(document.solver.itinerant?.objective))))
        #expect(html.components(separatedBy: "<svg").count - 1 == 4, "four charts")
        // Every rotation line and every effort figure appears as plan.json has it.
        for line in document.rotations { #expect(html.contains("<td>\(line.teacher)</td>")) }
        for effort in document.effort {
            #expect(html.contains("<td class=\"n\">\(effort.sent)</td><td class=\"n\">\(effort.required)</td><td class=\"n\">\(effort.cadres)</td>"))
        }
        for line in document.improvement {
            #expect(html.contains("\(line.shortfallBefore) → \(line.shortfallAfter)"))
        }
        #expect(html.components(separatedBy: "✓ 符合").count - 1 == document.compliance.count { $0.ok })
    }

    @Test func schoolsCSVMatchesTheStaffing() throws {
        let (county, _) = try Self.solvedDemo()
        let data = SchoolTable.csv(county)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0] == ["学校代码", "学校", "学科", "需求(人)", "调整前(人)", "调整后(人)", "缺口(人)", "走教需求(课时/周)", "走教覆盖(课时/周)"])
        let scenario = county.scenario
        let staffing = Staffing(scenario)
        let after = RotationEvaluation(scenario, staffing: staffing, plan: county.rotationPlan)
        // The list names subjects in Chinese only; each name is one subject's.
        let subjects = Set(scenario.teachers.map(\.subject)).union(scenario.demand.keys.map(\.subject))
        let codes = Dictionary(grouping: subjects, by: Display.subject)
        #expect(codes.values.allSatisfy { $0.count == 1 })
        for row in rows.dropFirst() {
            let school = try #require(scenario.schoolIndex[row[0]])
            let subject = try #require(codes[row[2]]?.first, "\(row[2])")
            #expect(Int(row[3]) == scenario.demandTeachers(school, subject))
            #expect(Int(row[4]) == staffing.current(school, subject))
            #expect(Int(row[5]) == after.after(school, subject))
            #expect(Int(row[6]) == max(0, Int(row[3])! - Int(row[5])!))
        }
        // Covered periods add up to the timetable.
        let covered = rows.dropFirst().reduce(0) { $0 + Int($1[8])! }
        #expect(covered == county.itinerant?.plan?.visits.reduce(0) { $0 + $1.periods })
    }

    @Test func planRecordsWhatReproducesIt() throws {
        let (county, document) = try Self.solvedDemo()
        let meta = try #require(document.meta)
        #expect(meta.glpkVersion.hasPrefix("5."))
        #expect(meta.rotaplanVersion == rotaplanVersion)
        #expect(meta.command == ["rotaplan", "solve", "scenarios/demo"])
        #expect(meta.settings["policy.rotation.min_ratio"] == "0.1")
        #expect(meta.settings["policy.itinerant.subjects"] == "[music, pe, art]")
        let folder = ScenarioFilesTests.folder.appendingPathComponent("demo")
        for name in ["scenario.yaml", "schools.csv", "teachers.csv", "demand.csv", "history.csv", "pins.csv", "distances.csv"] {
            #expect(meta.inputs[name] == SHA256.hex(try Data(contentsOf: folder.appendingPathComponent(name))), "\(name)")
        }
        let json = String(decoding: try document.encoded(), as: UTF8.self)
        #expect(json.contains("\"glpk_version\""))
        #expect(county.hasPlan)
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func solveWritesTheReportAndSchoolsFiles() throws {
        let out = SolveCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(CLI.run(["solve", ScenarioFilesTests.folder.appendingPathComponent("demo").path, "--out", out.path, "--quiet"]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["itinerant.csv", "plan.json", "plan.xlsx", "report.html", "rotations.csv", "schools.csv"])
    }
}
