import Foundation
import GLPKBackend
import RotaplanDomain

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

    /// The audit record of a solve.
    public static func meta(_ scenario: Scenario, options: SolveOptions, command: [String]) -> PlanDocument.Meta {
        PlanDocument.Meta(
            rotaplanVersion: rotaplanVersion, glpkVersion: GLPKSolver.version, inputs: scenario.fileHashes,
            settings: Dictionary(uniqueKeysWithValues: scenario.settings.listed.map { ($0.key, $0.value) }),
            seed: options.seed, method: options.method.rawValue, timeLimit: options.timeLimit, gap: options.gap,
            command: command)
    }

    /// The files of a plan folder.
    public static func files(_ county: CountyPlan, document: PlanDocument) throws -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = [("plan.json", try document.encoded())]
        if county.rotation != nil {
            files.append(("rotations.csv", PlanFiles.rotationsCSV(document, scenario: county.scenario)))
        }
        if county.itinerant != nil {
            files.append(("itinerant.csv", PlanFiles.itinerantCSV(document, scenario: county.scenario)))
        }
        files.append(("schools.csv", SchoolTable.csv(county)))
        files.append(("report.html", ReportPage.html(county, document: document)))
        return files
    }
}

/// This program's version, recorded in every plan.
public let rotaplanVersion = "0.1.0"
