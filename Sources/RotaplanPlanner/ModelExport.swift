import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanResults

/// A county's whole program in one model, for other solvers and for comparing the
/// decomposed solve with the monolithic one. Rows never cross parts, so its optimum is the
/// sum of the parts' optima.
public enum ModelExport {
    /// Part 1 of every community; communities that a count already shows infeasible are listed.
    public static func rotation(_ scenario: Scenario) -> (model: Model, skipped: [String]) {
        let (parts, skipped) = rotationParts(scenario)
        return (Model.combined(parts, name: "rotation-\(scenario.settings.slug)").model, skipped)
    }

    /// Part 1 community by community; with the county exchange, the one county program
    /// (docs/model.md "Part 1 with the county exchange").
    public static func rotationParts(_ scenario: Scenario) -> (parts: [Model], skipped: [String]) {
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        if scenario.policy.exchange.enabled {
            switch RotationFormulation.build(scenario, staffing: staffing, eligibility: eligibility, scope: .county) {
            case .model(let formulation): return ([formulation.model], [])
            case .infeasible(let reasons): return ([], reasons)
            }
        }
        var parts: [Model] = []
        var skipped: [String] = []
        for community in scenario.communities.indices {
            switch RotationFormulation.build(scenario, staffing: staffing, eligibility: eligibility, community: community) {
            case .model(let formulation): parts.append(formulation.model)
            case .infeasible(let reasons): skipped.append(contentsOf: reasons)
            }
        }
        return (parts, skipped)
    }

    /// Part 2 of every component on the staffing `rotationPlan` leaves, with the constant of
    /// needs no teacher can reach, so that its optimum is the itinerant objective.
    public static func itinerant(_ scenario: Scenario, rotationPlan: RotationPlan) -> Model {
        let (parts, constant) = itinerantParts(scenario, rotationPlan: rotationPlan)
        var model = Model.combined(parts, name: "itinerant-\(scenario.settings.slug)").model
        model.objective.constant += constant
        return model
    }

    /// Part 2 component by component, and the objective constant of needs no teacher can reach.
    public static func itinerantParts(_ scenario: Scenario, rotationPlan: RotationPlan) -> (parts: [Model], constant: Double) {
        let staffing = Staffing(scenario)
        let presentAfter = RotationEvaluation(scenario, staffing: staffing, plan: rotationPlan).presentAfter
        let facts = ItinerantFacts(scenario, presentAfter: presentAfter)
        let components = facts.components()
        let parts = components.map { ItinerantFormulation.build(scenario, facts: facts, component: $0).model }
        let reachable = Set(components.flatMap { component in component.schools.map { SchoolSubject($0, component.subject) } })
        let unreachable = facts.need.filter { !reachable.contains($0.key) }.reduce(0) { $0 + $1.value }
        return (parts, scenario.policy.weights.uncoveredPeriod * Double(unreachable))
    }

    /// Which part to write.
    public enum Part: String, Sendable { case rotation, itinerant }

    /// What `write` wrote.
    public struct Written: Sendable {
        /// Communities left out because a count already shows them infeasible.
        public var skipped: [String]
        /// One line for a person.
        public var summary: String
    }

    /// Why nothing was written, with docs/commands.md's exit status (2 infeasible, 3 no plan).
    public struct Failure: Error, Sendable {
        public var message: String
        public var status: Int32
    }

    /// Writes a part's program for the whole county (or one file per independent piece,
    /// `FILE-1`, `FILE-2`, …, with `split`) in CPLEX LP or free MPS. The itinerant program is
    /// built on the rotation plan rotaplan finds first within `timeLimit`.
    public static func write(
        _ scenario: Scenario, part: Part, format: ModelFileFormat, to url: URL, split: Bool, timeLimit: Double?
    ) throws -> Written {
        var parts: [Model]
        var skipped: [String] = []
        var constant = 0.0
        switch part {
        case .rotation:
            (parts, skipped) = rotationParts(scenario)
        case .itinerant:
            let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: timeLimit, parts: .rotation))
            guard let plan = rotation.plan else {
                throw Failure(
                    message: "Part 1 has no plan (\(rotation.report.status.rawValue)); the itinerant program depends on it.",
                    status: rotation.report.status == .infeasible ? 2 : 3)
            }
            (parts, constant) = itinerantParts(scenario, rotationPlan: plan)
        }
        if split {
            for (index, model) in parts.enumerated() {
                let name = url.deletingPathExtension().lastPathComponent + "-\(index + 1)" + (url.pathExtension.isEmpty ? "" : "." + url.pathExtension)
                try GLPKSolver.write(model, format: format, to: url.deletingLastPathComponent().appendingPathComponent(name).path)
            }
            return Written(
                skipped: skipped,
                summary: "wrote \(parts.count) files \(url.path) -1 … -\(parts.count); objective constant outside them: \(constant)")
        }
        var model = Model.combined(parts, name: "\(part.rawValue)-\(scenario.settings.slug)").model
        model.objective.constant += constant
        try GLPKSolver.write(model, format: format, to: url.path)
        return Written(
            skipped: skipped,
            summary:
                "wrote \(url.path): \(model.variables.count) variables (\(model.integerVariableCount) integer), \(model.constraints.count) rows, \(model.nonzeroCount) nonzeros"
        )
    }
}
