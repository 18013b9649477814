import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain

/// Everything one solve of a county produced, before it is turned into files and words.
public struct CountyPlan: Sendable {
    public var scenario: Scenario
    public var rotation: RotationOutcome?
    public var itinerant: ItinerantOutcome?
    /// When Part 1 had plans of equal objective and Part 2 was solved on two of them.
    public var partTwoChoice: PartTwoChoice?

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

/// Part 2's objective on Part 1's first optimal plan and on the one chosen with Part 2 in
/// mind (the same rotation objective), and which was kept.
public struct PartTwoChoice: Sendable {
    public var firstObjective: Double?
    public var mindedObjective: Double?
    public var keptMinded: Bool
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
        var choice: PartTwoChoice?
        if options.parts.includesItinerant, rotation.map({ $0.plan != nil }) ?? true {
            let deadline = LinearModel.deadline(after: options.timeLimit)
            let first = ItinerantPlanner.solve(scenario, rotationPlan: rotation?.plan ?? .empty, options: options, deadline: deadline)
            itinerant = first
            // Part 1 has other plans of the same objective, chosen with Part 2 in mind: Part 2 is
            // solved on them too, best first by the tie-break, in the time left (the components a
            // plan leaves as they were are reused), and the best pair is kept, the first on a tie.
            // The first is never given less time, and another runs only when the time left is at
            // least what the first took, so that building its programs cannot carry the part
            // past its time limit.
            var seconds = first.report.seconds
            for minded in rotation?.partTwoCandidates ?? [] {
                let timeLeft = deadline.map { $0.secondsFromNow } ?? .infinity
                guard !options.isCancelled, timeLeft >= first.report.seconds,
                    let other = ItinerantPlanner.solve(scenario, rotationPlan: minded, options: options, deadline: deadline, reusing: first)
                else { break }
                seconds += other.report.seconds
                let best = itinerant?.report.objective ?? .infinity
                let keep = (other.report.objective ?? .infinity) < best - 1e-9
                let mindedBest = min(choice?.mindedObjective ?? .infinity, other.report.objective ?? .infinity)
                choice = PartTwoChoice(
                    firstObjective: first.report.objective, mindedObjective: mindedBest.isFinite ? mindedBest : nil,
                    keptMinded: keep || (choice?.keptMinded ?? false))
                if keep {
                    itinerant = other
                    rotation?.choose(minded, scenario: scenario)
                }
            }
            itinerant?.report.seconds = seconds
            if let itinerant { options.partFinished?("itinerant", itinerant.report) }
        }
        var county = CountyPlan(scenario: scenario, rotation: rotation, itinerant: itinerant)
        county.partTwoChoice = choice
        return county
    }

    /// The GLPK library this program solves with, e.g. `5.0`, for the audit record.
    public static var glpkVersion: String { GLPKSolver.version }
}

/// This program's version, recorded in every plan.
public let rotaplanVersion = "0.2.0"
