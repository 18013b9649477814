import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanGenerator
import RotaplanPlanner
import RotaplanResults

/// The instance ladder (generated with fixed seeds, never committed) and the measurements.
enum Ladder {
    /// S: one community; M: ≈10 communities, ≈1,500 teachers; L: ≈30, ≈6,000; XL: the city.
    /// X: 南昌县 with the county exchange (5,682 teachers; Part 1 is one county program).
    static func files(_ size: String) -> [(name: String, data: Data)]? {
        switch size {
        case "S":
            return ScenarioGenerator.generate(GeneratorOptions(county: CountyProfile.named("anyi-county")!, seed: 101, communities: 1, slug: "bench-s"))
        case "M":
            return ScenarioGenerator.generate(
                GeneratorOptions(county: CountyProfile.named("jinxian-county")!, seed: 105, communities: 10, scale: 0.6, slug: "bench-m"))
        case "L":
            return ScenarioGenerator.generate(GeneratorOptions(county: CountyProfile.named("nanchang-county")!, seed: 103, communities: 30, slug: "bench-l"))
        case "XL":
            return ScenarioGenerator.generateCity(seed: 104, communities: 100, scale: 1.2)
        case "X":
            return ScenarioGenerator.generate(GeneratorOptions(county: CountyProfile.named("nanchang-county")!, seed: 1, slug: "bench-x", exchange: true))
        default:
            return nil
        }
    }

    /// The instance's slug, which is also its folder name.
    static func slug(_ size: String) -> String {
        size == "XL" ? "nanchang-city" : "bench-\(size.lowercased())"
    }

    /// Writes an instance into `parent/<slug>` and returns that folder.
    @discardableResult
    static func write(_ size: String, into parent: URL) throws -> URL {
        let folder = parent.appendingPathComponent(slug(size))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, data) in files(size)! { try data.write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    /// One measurement, as the child process prints it.
    struct Measurement: Codable {
        var size: String
        var part: String
        var method: String
        var status: String
        var objective: Double?
        var bound: Double?
        var gap: Double?
        var seconds: Double
        var peakMB: Double
        var teachers: Int
        var communities: Int
    }

    /// Runs one part with one method in this process and prints the measurement as JSON.
    /// `monolithic` is GLPK on the exported program of the whole county, without decomposition,
    /// heuristic start or per-part options.
    static func runOne(size: String, folder: URL, part: String, method: String, timeLimit: Double?) throws {
        let scenario = try ScenarioLoader.load(folder: folder)
        var result: (status: String, objective: Double?, bound: Double?, seconds: Double)
        // Part 2 is measured on the rotation plan GLPK alone gives: no clock decides which of
        // several optimal rotation plans it is, so the recorded Part 2 optimum is reproducible.
        let rotationOptions = SolveOptions(timeLimit: timeLimit, method: .glpk, parts: .rotation)
        switch (part, method) {
        case ("rotation", "monolithic"):
            let (model, _) = ModelExport.rotation(scenario)
            let solved = try GLPKSolver().solve(model, parameters: SolveParameters(timeLimit: timeLimit))
            result = (solved.termination.rawValue, solved.objective, solved.bound, solved.seconds)
        case ("rotation", _):
            let outcome = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: timeLimit, method: SolveMethod(rawValue: method)!, parts: .rotation))
            result = (outcome.report.status.rawValue, outcome.report.objective, outcome.report.bound, outcome.report.seconds)
        case ("itinerant", _):
            // Part 2 on the same rotation plan for every method.
            let plan = RotationPlanner.solve(scenario, options: rotationOptions).plan ?? .empty
            if method == "monolithic" {
                let model = ModelExport.itinerant(scenario, rotationPlan: plan)
                let solved = try GLPKSolver().solve(model, parameters: SolveParameters(timeLimit: timeLimit))
                result = (solved.termination.rawValue, solved.objective, solved.bound, solved.seconds)
            } else {
                let outcome = ItinerantPlanner.solve(
                    scenario, rotationPlan: plan, options: SolveOptions(timeLimit: timeLimit, method: SolveMethod(rawValue: method)!, parts: .itinerant))
                result = (outcome.report.status.rawValue, outcome.report.objective, outcome.report.bound, outcome.report.seconds)
            }
        default:
            throw CocoaError(.featureUnsupported)
        }
        let gap = result.objective.flatMap { objective in result.bound.map { abs(objective - $0) / max(1, abs(objective)) } }
        let measurement = Measurement(
            size: size, part: part, method: method, status: result.status, objective: result.objective, bound: result.bound,
            gap: gap, seconds: result.seconds, peakMB: peakMemoryMB(), teachers: scenario.teachers.count,
            communities: scenario.communities.count)
        print(String(decoding: try JSONEncoder().encode(measurement), as: UTF8.self))
    }

    /// The process's peak resident memory (VmHWM), in MB.
    static func peakMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return .nan }
        return kilobytes / 1024
    }

    /// Each measurement in a child process of its own, so that peak memory is per run.
    static func measure(size: String, folder: URL, part: String, method: String, timeLimit: Double) throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["run-one", size, folder.path, part, method, String(timeLimit)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        return try JSONDecoder().decode(Measurement.self, from: Data(line.utf8))
    }

    static func table(_ measurements: [Measurement]) -> String {
        var lines = [
            "| size | communities | teachers | part | method | status | objective | bound | gap | seconds | peak MB |",
            "|---|---:|---:|---|---|---|---:|---:|---:|---:|---:|",
        ]
        for m in measurements {
            lines.append(
                "| \(m.size) | \(m.communities) | \(m.teachers) | \(m.part) | \(m.method) | \(m.status) | \(format(m.objective)) | \(format(m.bound)) | \(m.gap.map { String(format: "%.1e", $0) } ?? "-") | \(String(format: "%.2f", m.seconds)) | \(String(format: "%.0f", m.peakMB)) |"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "-"
    }

    /// The committed scenarios, beside this package.
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")

    /// Fails when rotaplan's default method returns a worse objective than the recorded optimum.
    /// A name that is not a ladder size is a committed scenario (`scenarios/NAME`): the county-
    /// scale quality checks live here, where objectives are compared and time is not.
    static func checkRecorded(file: URL, sizes: [String], timeLimit: Double, work: URL) throws -> Bool {
        let recorded = try JSONDecoder().decode([String: [String: Double]].self, from: Data(contentsOf: file))
        var ok = true
        for size in sizes {
            let folder = files(size) != nil ? try write(size, into: work) : scenarios.appendingPathComponent(size)
            for part in ["rotation", "itinerant"] {
                let measurement = try measure(size: size, folder: folder, part: part, method: "auto", timeLimit: timeLimit)
                guard let optimum = recorded[size]?[part] else {
                    // A unit recorded without this part is not gated on it (with the county
                    // exchange, Part 1's optimal plans tie and Part 2's optimum follows the one
                    // returned); a unit not recorded at all is a mistake.
                    if recorded[size] == nil { ok = false }
                    print("\(size) \(part): no recorded optimum in \(file.lastPathComponent)\(recorded[size] == nil ? "" : " (not gated)")")
                    continue
                }
                let objective = measurement.objective ?? .infinity
                let worse = objective > optimum + 1e-6 * max(1, abs(optimum))
                print(
                    String(
                        format: "%@ %@: objective %.4f, recorded optimum %.4f, %@ (%.1f s, %@)", size, part, objective, optimum,
                        worse ? "WORSE" : "ok", measurement.seconds, measurement.status))
                if worse { ok = false }
            }
        }
        return ok
    }
}
