import Foundation
import GLPKBackend
import RotaplanDomain

/// Everything one solve of a county produced, before it is turned into files and words.
public struct CountyPlan: Sendable {
    public var scenario: Scenario
    public var rotation: RotationOutcome?
    public var itinerant: ItinerantOutcome?

    public init(scenario: Scenario, rotation: RotationOutcome?, itinerant: ItinerantOutcome?) {
        self.scenario = scenario
        self.rotation = rotation
        self.itinerant = itinerant
    }

    /// The rotation plan the itinerant part was built on (no moves when Part 1 was not run).
    public var rotationPlan: RotationPlan { rotation?.plan ?? .empty }

    /// Whether every part that ran has a plan.
    public var hasPlan: Bool {
        (rotation.map { $0.plan != nil } ?? true) && (itinerant.map { $0.plan != nil } ?? true)
            && (rotation != nil || itinerant != nil)
    }

    /// The worst status of the parts that ran (optimal when none ran).
    public var status: PlanStatus {
        [rotation?.report.status, itinerant?.report.status].compactMap { $0 }.max() ?? .optimal
    }

    /// Why there is no plan, in the user's terms (empty when there is one).
    public var diagnosis: [String] { rotation?.diagnosis ?? [] }
}

/// Solves a county: Part 1 (rotation), then Part 2 (itinerant) on the staffing Part 1 leaves.
public enum CountyPlanner {
    public static func solve(_ scenario: Scenario, options: SolveOptions) -> CountyPlan {
        var rotation: RotationOutcome?
        if options.parts.includesRotation {
            rotation = RotationPlanner.solve(scenario, options: options)
            if let rotation { options.partFinished?("rotation", rotation.report) }
        }
        var itinerant: ItinerantOutcome?
        if options.parts.includesItinerant, rotation.map({ $0.plan != nil }) ?? true {
            itinerant = ItinerantPlanner.solve(scenario, rotationPlan: rotation?.plan ?? .empty, options: options)
            if let itinerant { options.partFinished?("itinerant", itinerant.report) }
        }
        return CountyPlan(scenario: scenario, rotation: rotation, itinerant: itinerant)
    }

    /// The GLPK library this program solves with, e.g. `5.0`, for the audit record.
    public static var glpkVersion: String { GLPKSolver.version }
}

/// This program's version, recorded in every plan.
public let rotaplanVersion = "0.2.0"
