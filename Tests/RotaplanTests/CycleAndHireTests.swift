import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import Testing

/// Several years at once (`solve --years N`) and hiring itinerant specialists (`rotaplan hire`),
/// on hand-made scenarios whose answers are worked out in the comments (docs/model.md).
@Suite struct CycleAndHireTests {
    /// Lead L and member M; M must receive a cadre every year (R4); a secondment is blocked
    /// for three years after it ends. A (16 years at L) can go any year; B (10 years) only in
    /// 2025 (5 years to retirement, 4 in 2026); C only in 2027 (ended a secondment in 2023).
    static func threeCadres() -> TinyWorld {
        var world = TinyWorld(RotationRuleTests.settings(["policy.rotation.min_cadres_per_member": "1"]))
        world.community("C", lead: "L", members: ["M"])
        world.teacher("A", at: "L", .cadre, years: 16)
        world.teacher("B", at: "L", "chinese", .cadre, years: 10, toRetirement: 5)
        world.teacher("C", at: "L", .cadre, years: 12)
        world.history("C", from: "L", to: "M", 2023, 2023)
        return world
    }

    @Test func theJointPlanLastsWhereTheMyopicOneRunsOut() throws {
        // Myopic: in 2025 A (60 − 2 × 10 = 40) is cheaper than B (60 − 2 × 4 = 52); then in 2026
        // A cools down, B is too near retirement and C still cools down: no cadre for M.
        // Joint: B in 2025 (52), A in 2026 (17 years: 40), C in 2027 (14 years: 60 − 16 = 44) = 136.
        let world = Self.threeCadres()
        let scenario = try world.load()
        let options = SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2)
        let myopic = MultiYear.solve(scenario, years: 3, mode: .myopic, options: options)
        #expect(myopic.years.map(\.year) == [2025])
        #expect(try ids(myopic.years[0]) == ["A→M"])
        let failed = try #require(myopic.failed)
        #expect(failed.year == 2026)
        #expect(failed.county.rotation?.report.status == .infeasible)
        #expect(failed.county.diagnosis.contains { $0.contains("成员校接收干部（R4）：牵头校 L校（L）没有符合条件的干部，而其成员校须至少接收 1 人") }, "\(failed.county.diagnosis)")

        let joint = MultiYear.solve(scenario, years: 3, mode: .joint, options: options)
        #expect(joint.failed == nil)
        #expect(try joint.years.map(ids) == [["B→M"], ["A→M"], ["C→M"]])
        #expect(abs((joint.rotation?.objective ?? 0) - 136) < 1e-9)
        #expect(joint.rotation?.status == .optimal)
        #expect(joint.years.map(\.provisional) == [false, true, true])
        try Self.verifyEachYear(joint, world: world)
    }

    @Test func withoutAThreeYearPlanTheLongestHorizonIsGivenAndTheFailingYearExplained() throws {
        // Without C, no plan covers 2027: A and B serve 2025 and 2026 (B first: 52 + 40), and
        // 2027 is explained on the history they leave.
        var world = Self.threeCadres()
        world.settings["policy.rotation.cooldown_years"] = "5"
        let scenario = try world.load()
        let joint = MultiYear.solve(scenario, years: 3, mode: .joint, options: SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2))
        #expect(joint.years.map(\.year) == [2025, 2026])
        #expect(try joint.years.map(ids) == [["B→M"], ["A→M"]])
        let failed = try #require(joint.failed)
        #expect(failed.year == 2027)
        #expect(failed.county.diagnosis.contains { $0.contains("成员校接收干部（R4）：牵头校 L校（L）没有符合条件的干部，而其成员校须至少接收 1 人") }, "\(failed.county.diagnosis)")
        try Self.verifyEachYear(joint, world: world)
    }

    @Test func runningTermsAndCooldownCarryAcrossTheHorizon() throws {
        // Two-year terms, a one-year cooldown, L must send half its eligible teachers. 2025: one
        // of A, B goes (base 2 → 1). 2026: the one who went is away, base 1 → the other goes.
        // 2027: the first is cooling down, the second still away: base 0, nobody goes.
        var world = TinyWorld(
            RotationRuleTests.settings([
                "policy.rotation.min_ratio": "0.5", "policy.rotation.term_years": "2", "policy.rotation.cooldown_years": "1",
            ]))
        world.community("C", lead: "L", members: ["M"])
        world.teacher("A", at: "L", years: 16)
        world.teacher("B", at: "L", years: 12)
        let joint = MultiYear.solve(
            try world.load(), years: 3, mode: .joint, options: SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2))
        #expect(joint.failed == nil)
        let moved = try joint.years.map(ids)
        #expect(moved[0].count == 1 && moved[1].count == 1 && moved[2].isEmpty, "\(moved)")
        #expect(Set(moved[0] + moved[1]) == ["A→M", "B→M"])
        // In 2026 the 2025 secondment is running: that teacher works at M.
        let second = joint.years[1].scenario
        let first = String(moved[0][0].prefix(1))
        #expect(Staffing(second).presentAt[second.teacherIndex[first]!] == second.schoolIndex["M"])
        try Self.verifyEachYear(joint, world: world)
    }

    @Test func aTeacherWhoRetiresInsideTheHorizonLeavesTheStaff() throws {
        // D, M's only maths teacher (demand 1), has 1 year to retirement in 2025: present in 2025
        // and 2026, gone in 2027, when M is short a maths teacher (1000).
        var world = TinyWorld(RotationRuleTests.quiet)
        world.community("C", lead: "L", members: ["M"])
        world.teacher("D", at: "M", "math", years: 20, toRetirement: 1)
        world.demand("M", "math", teachers: 1)
        let joint = MultiYear.solve(
            try world.load(), years: 3, mode: .joint, options: SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2))
        #expect(joint.years.map { $0.scenario.teacherIndex["D"] != nil } == [true, true, false])
        #expect(joint.years.map { $0.county.rotation?.report.objective } == [0, 0, 1000])
        #expect(joint.rotation?.objective == 1000)
        try Self.verifyEachYear(joint, world: world)
    }

    /// Over seeded county-like scenarios: the joint objective is at most the myopic years' sum
    /// whenever both plan every year, and every year of both verifies on its own history.
    @Test(arguments: 0..<10)
    func jointIsNeverWorseThanMyopic(seed: Int) throws {
        let scenario = try PropertyTests.scenario(seed: UInt64(200 + seed))
        let options = SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2)
        let joint = MultiYear.solve(scenario, years: 3, mode: .joint, options: options)
        let myopic = MultiYear.solve(scenario, years: 3, mode: .myopic, options: options)
        for outcome in [joint, myopic] {
            for year in outcome.years {
                let document = PlanAssembly.document(year.county, meta: nil)
                let report = PlanVerifier.verify(year.scenario, plan: try document.encoded())
                #expect(report.ok, "\(outcome.mode) \(year.year): \(report.violations)")
            }
        }
        #expect(joint.years.count >= myopic.years.count, "the joint horizon is never shorter")
        if joint.failed == nil, myopic.failed == nil, let jointSum = joint.rotation?.objective, let myopicSum = myopic.rotation?.objective {
            #expect(jointSum <= myopicSum + 1e-6 * max(1, abs(myopicSum)), "joint \(jointSum) vs myopic \(myopicSum)")
        }
    }

    /// Two rural schools far from each other and from the lead (50 km: no visits): S1 needs 16
    /// music periods a week, S2 needs 8. Now 24 are uncovered (12,000). One hire at S1 teaches
    /// its 16 (8 left: 4,000); at S2 only 8 (16 left). Two hires, one each: nothing left.
    static func twoSchoolsNeedMusic() -> TinyWorld {
        var world = TinyWorld(RotationRuleTests.quiet)
        world.community("C", lead: "L", members: ["S1", "S2"])
        for (a, b) in [("L", "S1"), ("L", "S2"), ("S1", "S2")] { world.km(a, b, 50) }
        world.teacher("T", at: "L", years: 2)
        world.demand("S1", "music", teachers: 0, periods: 16)
        world.demand("S2", "music", teachers: 0, periods: 8)
        return world
    }

    @Test func hiresGoWhereTheyCoverMost() throws {
        let scenario = try Self.twoSchoolsNeedMusic().load()
        let candidates = ["S1", "S2"].map { scenario.schoolIndex[$0]! }
        let plans = HirePlanner.solve(
            scenario, rotationPlan: .empty, subject: "music", counts: [0, 1, 2, 3], candidates: candidates,
            options: SolveOptions(timeLimit: nil, threads: 2))
        #expect(plans.map(\.uncovered) == [24, 8, 0, 0])
        #expect(plans.map(\.objective) == [12_000, 4_000, 0, 0])
        #expect(plans[1].placement == [scenario.schoolIndex["S1"]!: 1])
        #expect(plans[2].placement == [scenario.schoolIndex["S1"]!: 1, scenario.schoolIndex["S2"]!: 1])
        #expect(plans.map(\.status).allSatisfy { $0 == .optimal })
    }

    @Test func aLeadShortOfItsOwnPeriodsIsACandidateLikeAnyOther() throws {
        // L (urban) teaches 32 music periods with one teacher: 16 short, which counts for nothing
        // (only rural schools need). S1 (10 km) needs 8. No hire: 8 uncovered. A hire at L only
        // makes up L's own shortage (no surplus to visit with): still 8. At S1: 0 left.
        var world = TinyWorld(RotationRuleTests.quiet)
        world.community("C", lead: "L", members: ["S1"])
        world.km("L", "S1", 10)
        world.teacher("Q", at: "L", "music", years: 2)
        world.demand("L", "music", teachers: 2, periods: 32)
        world.demand("S1", "music", teachers: 0, periods: 8)
        let scenario = try world.load()
        let plans = HirePlanner.solve(
            scenario, rotationPlan: .empty, subject: "music", counts: [0, 1, 2],
            candidates: [scenario.schoolIndex["L"]!, scenario.schoolIndex["S1"]!], options: SolveOptions(timeLimit: nil, threads: 2))
        #expect(plans.map(\.status) == [.optimal, .optimal, .optimal])
        #expect(plans.map(\.uncovered) == [8, 0, 0])
        #expect(plans[1].placement == [scenario.schoolIndex["S1"]!: 1])
    }

    /// One more hire never leaves more uncovered, over seeded scenarios and every subject, with
    /// hires allowed at the lead and the first needing schools (a smaller program, the same rule).
    @Test(arguments: 0..<4)
    func oneMoreHireNeverCoversLess(seed: Int) throws {
        let scenario = try PropertyTests.scenario(seed: UInt64(300 + seed))
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2))
        guard let plan = rotation.plan else { return }
        let facts = ItinerantFacts(scenario, presentAfter: RotationEvaluation(scenario, staffing: Staffing(scenario), plan: plan).presentAfter)
        for subject in scenario.policy.itinerant.subjects {
            let needing = facts.need.keys.filter { $0.subject == subject }.map(\.school).sorted().prefix(4)
            let candidates = [scenario.communities[0].lead] + needing
            let plans = HirePlanner.solve(
                scenario, rotationPlan: plan, subject: subject, counts: [1, 2, 3], candidates: candidates,
                options: SolveOptions(timeLimit: nil, threads: 2))
            for (fewer, more) in zip(plans, plans.dropFirst()) where fewer.status == .optimal && more.status == .optimal {
                #expect(more.uncovered <= fewer.uncovered, "\(subject): \(more.count) hires leave \(more.uncovered), \(fewer.count) leave \(fewer.uncovered)")
                #expect((more.objective ?? 0) <= (fewer.objective ?? 0) + 1e-6)
            }
        }
    }

    @Test func hireFromTheCommandLine() throws {
        let world = Self.twoSchoolsNeedMusic()
        let folder = try world.files.write()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let out = folder.deletingLastPathComponent().appendingPathComponent("hire")
        let settings = world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] }
        // The subject as the office writes it.
        let run = CLI.run(["hire", folder.path, "--subject", "音乐", "--count", "1", "--at", "S1,S2", "--out", out.path] + settings)
        #expect(run.status == 0, "\(run.errors)")
        // The terminal's lines are the office's words first, as the files are.
        #expect(run.output.contains("S1 (S1校)：1 人，本校每周授课 16 课时，走教 0 课时"), "\(run.output)")
        #expect(run.output.hasPrefix("新聘人数 hires"), "\(run.output)")
        let csv = String(decoding: try Data(contentsOf: out.appendingPathComponent("hire.csv")).dropFirst(3), as: UTF8.self)
        #expect(csv.contains("1,S1校,S1,1,16,0"))
        let page = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("<section id=\"hiring\">"))
        #expect(CLI.run(["hire", folder.path, "--subject", "musc", "--count", "1"]).errors.contains("Maybe 'music'?"))
        #expect(CLI.run(["hire", folder.path, "--subject", "music", "--count", "0"]).status == 1)
    }

    @Test func severalYearsFromTheCommandLine() throws {
        let world = Self.threeCadres()
        let folder = try world.files.write()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let out = folder.deletingLastPathComponent().appendingPathComponent("years")
        let run = CLI.run(
            ["solve", folder.path, "--years", "3", "--out", out.path, "--quiet"] + world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] })
        #expect(run.status == 0, "\(run.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["2025", "2026", "2027", "history.csv", "report.html"])
        let second = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("2026/plan.json"))) as? [String: Any]
        #expect(second?["provisional"] as? Bool == true)
        let horizon = second?["horizon"] as? [String: Any]
        #expect(horizon?["mode"] as? String == "joint")
        #expect(horizon?["years"] as? Int == 3)
        let list = String(decoding: try Data(contentsOf: out.appendingPathComponent("2026/rotations.csv")), as: UTF8.self)
        #expect(list.contains("预排"))
        for year in ["2025", "2026", "2027"] {
            let verify = CLI.run(
                [
                    "verify", folder.path, out.appendingPathComponent("\(year)/plan.json").path,
                    "--history", out.appendingPathComponent("\(year)/history.csv").path,
                ]
                    + world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] })
            #expect(verify.status == 0, "\(year): \(verify.output)")
        }
        let myopic = CLI.run(
            ["solve", folder.path, "--years", "3", "--myopic", "--out", out.path + "-m", "--quiet"]
                + world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] })
        #expect(myopic.status == 2)
        #expect(myopic.errors.contains("2026 学年：无可行方案：没有任何方案能同时满足全部规则。"), "\(myopic.errors)")
    }

    private func ids(_ year: YearPlan) throws -> [String] {
        year.county.rotationPlan.moves.map { "\(year.scenario.teachers[$0.teacher].id)→\(year.scenario.schools[$0.to].id)" }.sorted()
    }

    /// Each year's plan verifies on the scenario read for its year, from the history it was planned on.
    static func verifyEachYear(_ outcome: HorizonOutcome, world: TinyWorld) throws {
        let files = try world.files.write()
        defer { try? FileManager.default.removeItem(at: files.deletingLastPathComponent()) }
        for year in outcome.years {
            let history = files.deletingLastPathComponent().appendingPathComponent("history-\(year.year).csv")
            try year.history.write(to: history)
            let scenario = try ScenarioLoader.load(
                folder: files, overrides: world.overrides, replacing: ["history.csv": history], planningYear: year.year)
            let document = PlanAssembly.document(year.county, meta: nil)
            let report = PlanVerifier.verify(scenario, plan: try document.encoded())
            #expect(report.ok, "\(year.year): \(report.violations)")
        }
    }
}
