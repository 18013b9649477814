import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanResults

/// Solves a county: Part 1 (rotation), then Part 2 (itinerant) on the staffing Part 1 leaves.
public enum CountyPlanner {
    public static func solve(_ scenario: Scenario, options: SolveOptions) -> CountyPlan {
        var rotation: RotationOutcome?
        if options.parts.includesRotation {
            rotation = RotationPlanner.solve(scenario, options: options)
            if let rotation { options.progress?(.part(name: "rotation", report: rotation.report)) }
        }
        var itinerant: ItinerantOutcome?
        var choice: PartTwoChoice?
        if options.parts.includesItinerant, rotation.map({ $0.plan != nil }) ?? true {
            let started = ContinuousClock.now
            let deadline = LinearModel.deadline(after: options.timeLimit)
            // Part 1 has other plans of the same objective, chosen with Part 2 in mind: Part 2 is
            // solved on them too, alongside the first (the components a plan leaves as they were
            // are solved once), and the best pair is kept, the first on a tie.
            let candidates = rotation?.partTwoCandidates ?? []
            let rotationPlanFound = rotation?.plan
            let solved = ItinerantPlanner.solve(
                scenario, rotationPlan: rotationPlanFound ?? .empty, later: candidates, options: options, deadline: deadline)
            itinerant = solved.first
            var mindedBest: Double?
            for (minded, outcome) in zip(candidates, solved.later) {
                guard let other = outcome, let objective = other.report.objective else { continue }
                mindedBest = min(mindedBest ?? objective, objective)
                if objective < (itinerant?.report.objective ?? .infinity) - 1e-9 {
                    itinerant = other
                    rotation?.choose(minded, scenario: scenario)
                }
            }
            if !candidates.isEmpty {
                choice = PartTwoChoice(
                    firstObjective: solved.firstOutdone ? nil : solved.first.report.objective, mindedObjective: mindedBest,
                    keptMinded: rotation?.plan != rotationPlanFound)
            }
            itinerant?.report.seconds = started.secondsUntilNow
            if let itinerant { options.progress?(.part(name: "itinerant", report: itinerant.report)) }
        }
        var county = CountyPlan(scenario: scenario, rotation: rotation, itinerant: itinerant)
        county.partTwoChoice = choice
        return county
    }

    /// The GLPK library this program solves with, e.g. `5.0`, for the audit record.
    public static var glpkVersion: String { GLPKSolver.version }
}

extension SolveOptions {
    /// These options as plan.json's audit record keeps them.
    public var record: SolveRecord {
        SolveRecord(timeLimit: timeLimit, gap: gap, method: method, seed: seed, glpkVersion: CountyPlanner.glpkVersion)
    }
}
