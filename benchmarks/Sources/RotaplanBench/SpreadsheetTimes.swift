import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanSpreadsheet

/// Reading a whole city from one workbook and writing its plan.xlsx (benchmarks/README.md
/// "Spreadsheets"). The read is also measured from outside, with `/usr/bin/time -v rotaplan
/// check`, for its peak memory alone.
enum SpreadsheetTimes {
    static func run(workbook: URL) throws {
        let clock = ContinuousClock()
        var cells = 0
        let unzipped = try clock.measure { cells = try WorkbookReader.read(workbook).reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.cells.count } } }
        print("unzipped and parsed \(cells) cells in \(seconds(unzipped)) s")
        var scenario: Scenario?
        let read = try clock.measure { scenario = try ScenarioInput.load(path: workbook) }
        guard let scenario else { return }
        print("read and validated \(scenario.teachers.count) teachers, \(scenario.schools.count) schools in \(seconds(read)) s")
        let options = SolveOptions(timeLimit: 600, method: .heuristic)
        let county = CountyPlanner.solve(scenario, options: options)
        let document = PlanAssembly.document(county, meta: nil)
        var data = Data()
        let written = try clock.measure { data = try PlanWorkbook.data(county, document: document) }
        print("plan.xlsx: \(document.rotations.count) rotations, \(document.itinerant.count) visits, \(data.count / 1024) KiB in \(seconds(written)) s")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
