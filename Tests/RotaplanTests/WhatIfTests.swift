import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import RotaplanWorkflow
import Testing

/// Policy variants, plan comparison, the price of each rule, and multi-year planning.
@Suite struct WhatIfTests {
    static let demo = ScenarioFilesTests.folder.appendingPathComponent("demo")

    @Test func aVariantThatChangesNothingGivesTheSamePlan() throws {
        let loaded = try WhatIf.load(
            folder: Self.demo, base: [],
            variants: [
                Variant(name: "same", overrides: [SettingOverride(key: "policy.rotation.min_ratio", value: "0.10")])
            ])
        let outcomes = WhatIf.solve(loaded, options: SolveOptions(timeLimit: nil, method: .glpk, threads: 2))
        let documents = WhatIfReport.documents(outcomes)
        let base = try #require(documents[0])
        let same = try #require(documents[1])
        #expect(base.rotations == same.rotations)
        #expect(base.itinerant == same.itinerant)
        #expect(WhatIfReport.figures(outcomes, documents: documents)[1].differingLines == 0)
    }

    /// A re-plan keeps its baseline as far as the rules allow, so its objective may be above a
    /// fresh solve's. Its what-if keeps the same baseline: a variant with the base's settings is
    /// the base again (Δ 0), not a fresh plan that looks cheaper for every rule.
    @Test func aReplansWhatIfKeepsItsBaseline() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replan-whatif-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let request = PlanRequest(method: .glpk, parts: .rotation)
        let fresh = try PlanSession(scenario: Self.demo).solve(request, command: [], to: root.appendingPathComponent("fresh"))
        let optimum = try #require(fresh.county?.rotation?.report.objective)
        // The baseline: the plan with one of its teachers kept home by an objection, lawful
        // without it but worse than the optimum (the first such teacher: some have a twin).
        let county = try #require(fresh.county)
        let baseline = root.appendingPathComponent("kept/plan.json")
        for move in county.rotationPlan.moves.prefix(12) {
            let objections = ObjectionList([.init(teacher: county.scenario.teachers[move.teacher].id, action: "stay", note: "本人申请")])
            let kept = try PlanSession(scenario: Self.demo, objections: objections).solve(
                request, command: [], to: baseline.deletingLastPathComponent())
            if let objective = kept.county?.rotation?.report.objective, objective > optimum + 1e-6 { break }
        }
        let replan = try PlanSession(scenario: Self.demo).solve(request, baseline: baseline, command: [], to: root.appendingPathComponent("replan"))
        let replanned = try #require(replan.county?.rotation?.report.objective)
        #expect(replanned > optimum + 1e-6, "the baseline is kept at a cost: \(replanned) against \(optimum)")
        let same = [Variant(name: "same", overrides: [SettingOverride(key: "policy.rotation.min_ratio", value: "0.10")])]
        let base = root.appendingPathComponent("replan/plan.json")
        let kept = try #require(
            try PlanSession(scenario: Self.demo).whatIf(
                request, variants: same, price: false, base: base, baseline: baseline, to: root.appendingPathComponent("w1")))
        #expect(kept.outcomes.map { $0.county.rotation?.report.objective } == [replanned, replanned])
        // Without the baseline the variant is a fresh plan: the optimum, below the base.
        let unkept = try #require(
            try PlanSession(scenario: Self.demo).whatIf(request, variants: same, price: false, base: base, to: root.appendingPathComponent("w2")))
        #expect(unkept.outcomes.map { $0.county.rotation?.report.objective } == [replanned, optimum])
    }

    @Test func variantsVerifyUnderTheirOwnSettingsAndTheComparisonMatchesThePlans() throws {
        let variants = [
            Variant(name: "ratio15", overrides: [SettingOverride(key: "policy.rotation.min_ratio", value: "0.15")]),
            Variant(name: "far", overrides: [SettingOverride(key: "policy.itinerant.max_km", value: "40")]),
            Variant(name: "impossible", overrides: [SettingOverride(key: "policy.rotation.min_cadres_per_member", value: "5")]),
        ]
        let loaded = try WhatIf.load(folder: Self.demo, base: [], variants: variants)
        let outcomes = WhatIf.solve(loaded, options: SolveOptions(timeLimit: nil, threads: 2))
        let documents = WhatIfReport.documents(outcomes)
        let figures = WhatIfReport.figures(outcomes, documents: documents)
        #expect(figures.map(\.name) == ["base", "ratio15", "far", "impossible"])
        // The failing variant keeps its status; the others go on.
        #expect(figures[3].rotationStatus == "infeasible")
        // Its row shows a dash, not a count of zero, wherever a plan's figures would be; the
        // spreadsheet's cells hold the dash itself (no apostrophe: it runs as nothing).
        let row = PlanComparison.row(figures[3])
        #expect(row.dropFirst(2).allSatisfy { $0 == "-" } && row.count == PlanComparison.header.count, "\(row)")
        let csvLine = String(decoding: PlanComparison.csv([figures[3]]), as: UTF8.self).split(separator: "\n").last ?? ""
        #expect(csvLine.hasSuffix(",-,-,-") && !csvLine.contains("'"), "\(csvLine)")
        for (outcome, document) in zip(outcomes, documents).prefix(3) {
            let document = try #require(document)
            let report = PlanVerifier.verify(outcome.scenario, plan: try document.encoded())
            #expect(report.ok, "\(outcome.variant.name): \(report.violations)")
            // The comparison's numbers, recomputed from the plan and the scenario.
            let row = figures.first { $0.name == outcome.variant.name }!
            let scenario = outcome.scenario
            let plan = outcome.county.rotationPlan
            #expect(row.moves == plan.moves.count)
            let km = plan.moves.reduce(0.0) { $0 + scenario.km(scenario.teachers[$1.teacher].home, $1.to) }
            #expect(abs(row.km - km) < 1e-6)
            let evaluation = RotationEvaluation(scenario, staffing: Staffing(scenario), plan: plan)
            #expect(row.shortfall == evaluation.parts.shortfall)
            #expect(row.lowestQuality == evaluation.qualityRatio.values.min())
            #expect(
                row.cadresSent
                    == plan.moves.count { scenario.teachers[$0.teacher].role == .cadre && scenario.schools[scenario.teachers[$0.teacher].home].kind == .lead })
            let covered = outcome.county.itinerant?.plan?.visits.reduce(0) { $0 + $1.periods } ?? 0
            #expect(row.itinerantCovered == covered)
            #expect(row.itinerantNeeded == covered + (outcome.county.itinerant?.uncoveredAfter.values.reduce(0, +) ?? 0))
            #expect(row.complianceFailures == 0)
        }
        // A higher ratio sends more; a longer itinerant reach covers at least as much.
        #expect(figures[1].moves >= figures[0].moves)
        #expect(figures[2].itinerantCovered >= figures[0].itinerantCovered)
    }

    @Test func aRelaxedItinerantRuleIsNeverWorseThanTheBaseEvenWhenTheSearchIsStopped() throws {
        // The base's timetable is lawful under a looser itinerant rule and is offered as a start,
        // so however early the search stops the variant's Part 2 costs at most the base's; its
        // plan verifies. A node limit of 0 stops every GLPK search at its root, on any machine.
        let folder = ScenarioFilesTests.folder.appendingPathComponent("xinjian-district")
        let loaded = try WhatIf.load(
            folder: folder, base: [],
            variants: [
                Variant(name: "days", overrides: [SettingOverride(key: "policy.itinerant.max_days_away", value: "3")]),
                Variant(name: "far", overrides: [SettingOverride(key: "policy.itinerant.max_km", value: "40")]),
            ])
        // Part 2 alone: the variants change itinerant rules only.
        var options = SolveOptions(timeLimit: nil, parts: .itinerant, threads: 2)
        options.nodeLimit = 0
        let outcomes = WhatIf.solve(loaded, options: options)
        let documents = WhatIfReport.documents(outcomes)
        let base = try #require(outcomes[0].county.itinerant?.report.objective)
        for (outcome, document) in zip(outcomes, documents).dropFirst() {
            let objective = try #require(outcome.county.itinerant?.report.objective)
            #expect(objective <= base + 1e-6, "\(outcome.variant.name): \(objective) > \(base)")
            let report = PlanVerifier.verify(outcome.scenario, plan: try #require(document).encoded())
            #expect(report.ok, "\(report.violations)")
        }
    }

    @Test func priceRelaxesEachBoundByOneStep() throws {
        let scenario = try ScenarioLoader.load(folder: Self.demo)
        let variants = WhatIf.priceVariants(scenario.policy)
        #expect(variants.map(\.name) == ["min_ratio", "backbone_share", "min_cadres", "balance", "rotation_km", "itinerant_km", "days_away"])
        #expect(variants[0].overrides == [SettingOverride(key: "policy.rotation.min_ratio", value: "0.08")])
        #expect(variants[3].overrides == [SettingOverride(key: "policy.rotation.balance_tolerance", value: "1")])
        let loaded = try WhatIf.load(folder: Self.demo, base: [], variants: variants)
        let outcomes = WhatIf.solve(loaded, options: SolveOptions(timeLimit: nil, method: .glpk, threads: 2))
        // Relaxing a bound never makes an optimal plan worse.
        let base = try #require(outcomes[0].county.rotation?.report.objective)
        for outcome in outcomes.dropFirst() where outcome.county.rotation?.report.status == .optimal {
            #expect((outcome.county.rotation?.report.objective ?? .infinity) <= base + 1e-6, "\(outcome.variant.name)")
        }
        let table = WhatIfReport.priceTable(outcomes, documents: WhatIfReport.documents(outcomes))
        #expect(table.text.contains("成员校派出接收平衡（R5） 相差 0 → 1"))
        #expect(!table.text.contains("未证明"), "every demo variant is optimal in 30 s")
        // A variant stopped by its limit shows what it found, marked as not the rule's price.
        var stopped = outcomes
        stopped[1].status = .feasible
        let marked = WhatIfReport.priceTable(stopped, documents: WhatIfReport.documents(stopped)).text
        let line = try #require(marked.split(separator: "\n").first { $0.hasPrefix("牵头校派出比例（R2）") })
        #expect(line.contains(" *"))
        #expect(marked.contains("* 未证明：基础方案或该变体在时间上限内未证明最优"))
    }

    @Test func multiYearHistoryKeepsTermsAndCooldown() throws {
        // Two-year terms: A goes in 2025 and is still away in 2026, so B must go in 2026; with
        // a one-year term A is in cooldown in 2026 instead. Each year's plan verifies on the
        // scenario read for its year.
        var world = TinyWorld(RotationRuleTests.settings(["policy.rotation.min_ratio": "0.5", "policy.rotation.term_years": "2"]))
        world.community("C", lead: "L", members: ["M"])
        world.teacher("A", at: "L", years: 16)
        world.teacher("B", at: "L", years: 12)
        let folder = try world.files.write()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        for (term, secondMover) in [("2", "B"), ("1", "B")] {
            let overrides =
                world.overrides.filter { $0.key != "policy.rotation.term_years" }
                + [SettingOverride(key: "policy.rotation.term_years", value: term)]
            let scenario = try ScenarioLoader.load(folder: folder, overrides: overrides)
            let outcome = MultiYear.solve(scenario, years: 2, mode: .myopic, options: SolveOptions(timeLimit: nil, method: .glpk, threads: 2))
            #expect(outcome.failed == nil)
            #expect(outcome.years.map(\.year) == [2025, 2026])
            let moved = outcome.years.map { year in year.county.rotationPlan.moves.map { year.scenario.teachers[$0.teacher].id } }
            #expect(moved == [["A"], [secondMover]], "term \(term)")
            let second = outcome.years[1].scenario
            let a = second.teacherIndex["A"]!
            let reasons = Eligibility(second, staffing: Staffing(second)).reasons[a]
            if term == "2" {
                #expect(reasons.contains(.away(to: second.schoolIndex["M"]!, until: 2026)))
            } else {
                #expect(reasons.contains(.cooldown(endedYear: 2025, blockedUntil: 2028)))
            }
            // Teachers are a year older in 2026.
            #expect(second.teachers[a].yearsAtSchool == 17)
            for year in outcome.years {
                let document = PlanAssembly.document(year.county, meta: nil)
                let history = folder.deletingLastPathComponent().appendingPathComponent("history-\(year.year).csv")
                try year.history.write(to: history)
                let reloaded = try ScenarioLoader.load(
                    folder: folder, overrides: overrides, replacing: ["history.csv": history], planningYear: year.year)
                let report = PlanVerifier.verify(reloaded, plan: try document.encoded())
                #expect(report.ok, "\(year.year): \(report.violations)")
            }
            let history = String(decoding: outcome.finalHistory, as: UTF8.self)
            #expect(history.contains("A,L,M,2025,\(term == "2" ? 2026 : 2025),rotation"))
            #expect(history.contains("B,L,M,2026,\(term == "2" ? 2027 : 2026),rotation"))
        }
    }

    @Test func whatifAndCompareFromTheCommandLine() throws {
        let out = SolveCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = CLI.run(["whatif", Self.demo.path, "--variant", "ratio20:policy.rotation.min_ratio=0.2", "--out", out.path, "--quiet", "--time-limit", "20"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("ratio20"))
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["base", "comparison.csv", "comparison.html", "comparison.json", "ratio20"])
        let compare = CLI.run(["compare", out.appendingPathComponent("base/plan.json").path, out.appendingPathComponent("ratio20/plan.json").path])
        #expect(compare.status == 0)
        #expect(compare.output.contains("lines differing"))
        #expect(CLI.run(["whatif", Self.demo.path, "--variant", "bad"]).status == 1)
        #expect(CLI.run(["whatif", Self.demo.path, "--variant", "x:policy.rotation.min_ration=0.2", "--out", out.path]).status == 1)
    }
}
