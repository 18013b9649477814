import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanGenerator
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import Testing

/// Seeded properties over many small generated scenarios.
@Suite struct PropertyTests {
    /// A small scenario of a county picked by the seed.
    static func scenario(seed: UInt64, overrides: [SettingOverride] = []) throws -> Scenario {
        let counties = CountyProfile.nanchang
        let county = counties[Int(seed) % counties.count]
        let options = GeneratorOptions(
            county: county, seed: seed, communities: 1 + Int(seed % 3), scale: 0.3, independentSchools: 1,
            slug: county.slug)
        let files = Dictionary(uniqueKeysWithValues: ScenarioGenerator.generate(options).map { ($0.name, $0.data) })
        return try ScenarioLoader.load(files: files, folderName: county.slug, overrides: overrides)
    }

    @Test(arguments: 0..<16)
    func everyPlanVerifiesAndDecompositionEqualsTheMonolithicOptimum(seed: Int) throws {
        let scenario = try Self.scenario(seed: UInt64(seed))
        let county = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .glpk, threads: 2))
        let rotation = try #require(county.rotation)
        // The whole county as one program: infeasible exactly when a community is.
        let (monolithic, skipped) = ModelExport.rotation(scenario)
        let whole = try GLPKSolver().solve(monolithic, parameters: SolveParameters())
        guard rotation.report.status != .infeasible else {
            #expect(whole.termination == .infeasible || !skipped.isEmpty)
            #expect(!rotation.diagnosis.isEmpty, "an infeasible county says why")
            return
        }
        #expect(skipped.isEmpty)
        #expect(rotation.report.status == .optimal)
        #expect(whole.termination == .optimal)
        let decomposed = try #require(rotation.report.objective)
        let single = try #require(whole.objective)
        #expect(abs(decomposed - single) <= 1e-6 * max(1, abs(single)), "decomposed \(decomposed) vs monolithic \(single)")

        // Part 2 by components equals Part 2 in one program on the same staffing.
        let itinerant = try #require(county.itinerant)
        let wholeItinerant = try GLPKSolver().solve(
            ModelExport.itinerant(scenario, rotationPlan: rotation.plan ?? .empty),
            parameters: SolveParameters(cuts: .all, branching: .pseudoCost))
        if itinerant.report.status == .optimal && wholeItinerant.termination == .optimal {
            let parts = try #require(itinerant.report.objective)
            let one = try #require(wholeItinerant.objective)
            #expect(abs(parts - one) <= 1e-5 * max(1, abs(one)), "components \(parts) vs one program \(one)")
        }

        // Every plan verifies, with both objectives recomputed independently.
        let document = PlanAssembly.document(county, meta: nil)
        let report = PlanVerifier.verify(scenario, plan: try document.encoded())
        #expect(report.ok, "\(report.violations)")
        #expect(abs((report.rotationObjective ?? .nan) - decomposed) <= 1e-6 * max(1, abs(decomposed)))
    }
}

extension PropertyTests {
    /// The property above compares optima only for feasible scenarios: most must be feasible.
    @Test func mostGeneratedScenariosAreFeasible() throws {
        var feasible = 0
        for seed in 0..<16 {
            let scenario = try Self.scenario(seed: UInt64(seed))
            let outcome = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, threads: 2))
            if outcome.plan != nil { feasible += 1 }
        }
        #expect(feasible >= 12, "\(feasible) of 16 feasible")
    }
}
