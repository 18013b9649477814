import ArgumentParser
import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanPlanner

/// `rotaplan export DIR --part rotation|itinerant --format mps|lp -o FILE`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes a part's integer program for the whole county, for another solver (glpsol, CBC, HiGHS).",
        discussion: """
            The rotation program is every community's Part 1 side by side. The itinerant program is Part 2 \
            on the staffing that rotaplan's rotation plan leaves (Part 1 is solved first). CPLEX LP keeps the \
            objective sense; free MPS has none, and both parts are minimisations.
            """)

    @Argument(help: "The scenario folder.")
    var scenario: String

    @Option(help: "rotation or itinerant.")
    var part: ExportPart

    @Option(help: "lp (CPLEX LP) or mps (free MPS).")
    var format: ExportFormat = .lp

    @Option(name: [.short, .customLong("out")], help: "The file to write.")
    var output: String

    @Flag(help: "Write one file per independent part (community or component), FILE-1, FILE-2, …, whose optima add up to the county's.")
    var split = false

    @Option(help: "Seconds for solving Part 1 before an itinerant export.")
    var timeLimit: Double = 120

    @Option(name: .customLong("set"), help: "Override a setting of scenario.yaml.")
    var overrides: [String] = []

    enum ExportPart: String, ExpressibleByArgument, CaseIterable { case rotation, itinerant }
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case lp, mps }

    func run() throws {
        let loaded = try loadScenario(scenario, overrides: overrides)
        var parts: [Model]
        var constant = 0.0
        switch part {
        case .rotation:
            let (models, skipped) = ModelExport.rotationParts(loaded)
            for line in skipped { Console.current.err("left out (infeasible): \(line)") }
            parts = models
        case .itinerant:
            let rotation = RotationPlanner.solve(loaded, options: SolveOptions(timeLimit: timeLimit, parts: .rotation))
            guard let plan = rotation.plan else {
                Console.current.err("Part 1 has no plan (\(rotation.report.status.rawValue)); the itinerant program depends on it.")
                throw ExitCode(rotation.report.status == .infeasible ? 2 : 3)
            }
            (parts, constant) = ModelExport.itinerantParts(loaded, rotationPlan: plan)
        }
        let fileFormat: ModelFileFormat = format == .lp ? .lp : .mps
        if split {
            for (index, model) in parts.enumerated() {
                let url = URL(fileURLWithPath: output)
                let name = url.deletingPathExtension().lastPathComponent + "-\(index + 1)" + (url.pathExtension.isEmpty ? "" : "." + url.pathExtension)
                try GLPKSolver.write(model, format: fileFormat, to: url.deletingLastPathComponent().appendingPathComponent(name).path)
            }
            Console.current.out("wrote \(parts.count) files \(output) -1 … -\(parts.count); objective constant outside them: \(constant)")
            return
        }
        var model = Model.combined(parts, name: "\(part.rawValue)-\(loaded.settings.slug)").model
        model.objective.constant += constant
        try GLPKSolver.write(model, format: fileFormat, to: output)
        Console.current.out("wrote \(output): \(model.variables.count) variables (\(model.integerVariableCount) integer), \(model.constraints.count) rows, \(model.nonzeroCount) nonzeros")
    }
}
