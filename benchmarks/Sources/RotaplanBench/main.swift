import Foundation
import RotaplanDomain

/// The benchmark harness. Commands:
///   ladder SIZES… [--time-limit S]          measure S, M, L, XL: rotaplan auto, monolithic GLPK, heuristic
///   check-recorded FILE NAMES… [--time-limit S]   exit 1 when rotaplan's objective is worse than recorded
///                                          (a NAME is a ladder size or a committed scenario)
///   generate SIZE PARENT                   write a ladder instance into PARENT/<slug>
///   run-one SIZE FOLDER PART METHOD SECONDS   one measurement as JSON (used by ladder)
///   scenarios FOLDER SECONDS [NAME…]       heuristic against GLPK on committed scenarios
///   itinerant-steps SCENARIO SECONDS       what each structural step of Part 2 gains
///   spreadsheets WORKBOOK                  read a scenario workbook, time writing its plan.xlsx
let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, default value: Double) -> Double {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Double(arguments[index + 1]) else { return value }
    return number
}

func positional(from start: Int) -> [String] {
    var result: [String] = []
    var index = start
    while index < arguments.count {
        if arguments[index].hasPrefix("--") {
            index += 2
            continue
        }
        result.append(arguments[index])
        index += 1
    }
    return result
}

switch arguments.first {
case "ladder":
    let sizes = positional(from: 1)
    let timeLimit = option("--time-limit", default: 120)
    var measurements: [Ladder.Measurement] = []
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-ladder-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: work) }
    for size in sizes {
        let folder = try Ladder.write(size, into: work)
        for part in ["rotation", "itinerant"] {
            for method in ["auto", "monolithic", "heuristic"] {
                let measurement = try Ladder.measure(size: size, folder: folder, part: part, method: method, timeLimit: timeLimit)
                FileHandle.standardError.write(
                    Data("\(size) \(part) \(method): \(measurement.status) \(measurement.objective ?? .nan) in \(measurement.seconds) s\n".utf8))
                measurements.append(measurement)
            }
        }
    }
    print(Ladder.table(measurements))
case "check-recorded":
    let names = positional(from: 1)
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-check-\(UUID().uuidString)")
    let ok = try Ladder.checkRecorded(
        file: URL(fileURLWithPath: names[0]), sizes: Array(names.dropFirst()), timeLimit: option("--time-limit", default: 300), work: work)
    // exit() skips defer blocks, so the work folder is removed here.
    try? FileManager.default.removeItem(at: work)
    exit(ok ? 0 : 1)
case "generate":
    print(try Ladder.write(arguments[1], into: URL(fileURLWithPath: arguments[2])).path)
case "run-one":
    try Ladder.runOne(size: arguments[1], folder: URL(fileURLWithPath: arguments[2]), part: arguments[3], method: arguments[4], timeLimit: Double(arguments[5]))
case "itinerant-options":
    let scenario = try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1]))
    Experiments.itinerantOptions(scenario, timeLimit: Double(arguments.count > 2 ? arguments[2] : "20")!)
case "rotation-heuristic":
    Experiments.rotationHeuristic(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])))
case "itinerant-heuristic":
    Experiments.itinerantHeuristic(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])))
case "itinerant-planners":
    Experiments.itinerantPlanners(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])))
case "itinerant-steps":
    Experiments.itinerantSteps(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])), timeLimit: Double(arguments[2])!)
case "components":
    Experiments.components(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])))
case "tie-break":
    // tie-break SECONDS NAME…: a committed scenario's name, or a ladder size (S, M, L, XL).
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-tiebreak-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: work) }
    print(TieBreakTable.header)
    for name in arguments.dropFirst(2) {
        let folder = Ladder.files(name) != nil ? try Ladder.write(name, into: work) : Ladder.scenarios.appendingPathComponent(name)
        print(TieBreakTable.run(folder, name: name, timeLimit: Double(arguments[1])!))
    }
case "cycle":
    // cycle SCENARIO YEARS SECONDS: the joint programs community by community.
    CycleExperiment.run(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])), years: Int(arguments[2])!, timeLimit: Double(arguments[3])!)
case "hire":
    // hire SCENARIO MAX SECONDS SUBJECT…: K = 1…MAX hires of each subject.
    print("| county | subject | hires | uncovered now | uncovered with hires | periods covered | status | seconds | where |")
    print("|---|---|---:|---:|---:|---:|---|---:|---|")
    _ = HireTable.run(
        try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])), subjects: Array(arguments.dropFirst(4)),
        maxCount: Int(arguments[2])!, timeLimit: Double(arguments[3])!)
case "spreadsheets":
    // spreadsheets WORKBOOK: read a scenario workbook, solve it with the heuristic, time plan.xlsx.
    try SpreadsheetTimes.run(workbook: URL(fileURLWithPath: arguments[1]))
case "scenarios":
    let rows = try ScenarioTable.run(
        folder: URL(fileURLWithPath: arguments[1]), timeLimit: Double(arguments[2])!, only: Array(arguments.dropFirst(3)))
    print(ScenarioTable.markdown(rows))
default:
    print(
        "usage: RotaplanBench ladder SIZES… [--time-limit S] | check-recorded FILE SIZES… | generate SIZE FOLDER | scenarios FOLDER SECONDS | itinerant-steps SCENARIO SECONDS"
    )
}
