import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import Testing

/// `rotaplan explain` and `rotaplan solve --baseline` on hand-checked cases.
@Suite struct ExplainAndReplanTests {
    /// R7's world without pins: one move required (0.3 × 3 → 1). A (credit 10) to M1 costs 45,
    /// B (credit 5) 55, C (credit 0) 65; M2 is 30 km away.
    static var world: TinyWorld {
        var world = TinyWorld(RotationRuleTests.settings(["policy.rotation.min_ratio": "0.3"]))
        world.community("C", lead: "L", members: ["M1", "M2"])
        world.km("L", "M1", 5)
        world.km("L", "M2", 30)
        world.teacher("A", at: "L", years: 16)
        world.teacher("B", at: "L", years: 11)
        world.teacher("C", at: "L", years: 6)
        world.teacher("X", at: "L", years: 3)
        return world
    }

    static func explanation(_ world: TinyWorld) throws -> (Explanation, Scenario) {
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["A→M1"])
        return (Explanation(scenario: solved.scenario, plan: solved.county.rotationPlan, visits: .empty), solved.scenario)
    }

    @Test func explainsAMove() throws {
        let (explanation, scenario) = try Self.explanation(Self.world)
        let lines = explanation.teacher(scenario.teacherIndex["A"]!)
        #expect(lines.contains("方案：牵头校→成员校，交流到 M1校（M1），相距 5.0 公里，期限 1 个学年（2025年9月—2026年7月）。"))
        #expect(lines.contains("计入的指标：牵头校派出比例（R2），L校（L）共派出 1 人，须至少 1 人。"))
        // 60 + 5 − 2 × 10 = 45.
        #expect(lines.contains("这项交流对目标值（越小越好）的影响：交流人次 +1（+60），交流距离 +5（+5），任教年限 +10（-20）；目标值 +45。"))
        #expect(lines.contains("若取消这项交流，方案将违反：牵头校派出比例（R2）：牵头校 L校（L）只派出 0 人，须至少 1 人（符合条件的教师 3 人）。"))
        // B in A's place: 55 instead of 45.
        #expect(lines.contains { $0.hasPrefix("可替代人选中代价最小的：教师B（B），语文，普通教师，在本校任教 11 年；改由其交流到同一学校：") && $0.hasSuffix("；目标值 +10。") }, "\(lines)")
    }

    @Test func explainsWhyAnEligibleTeacherStaysAndWhyAnotherCannotGo() throws {
        let (explanation, scenario) = try Self.explanation(Self.world)
        // C in A's place costs 65 − 45 = +20; adding C as a second move would cost +65.
        #expect(
            explanation.teacher(scenario.teacherIndex["C"]!).contains(
                "留任原因：让该教师交流而不违反规则，代价最小的改动是接替教师A（A）交流到 M1校（M1）：任教年限 -10（+20）；目标值 +20。"))
        #expect(
            explanation.teacher(scenario.teacherIndex["X"]!).contains(
                "不符合交流条件：在本校任教 3 年，普通教师须满 6 年。"))
    }

    @Test func explainsASchool() throws {
        let (explanation, scenario) = try Self.explanation(Self.world)
        let lines = explanation.school(scenario.schoolIndex["L"]!)
        #expect(lines.contains("牵头校派出比例（R2）：符合条件的教师 3 人，须派出至少 3 × 30% = 0.9，向上取整为 1 人；实派 1 人（达标）。"))
        #expect(lines.contains("本校派出 1 人："))
        #expect(lines.contains("  教师A（A），语文，普通教师，到 M1校（M1），5.0 公里"))
    }

    @Test func replanAfterAStayPinChangesOnlyTheLinesItMust() throws {
        // Cadres C1 (credit 10), C2 (6), C3 (0) and R4's one cadre per member: the plan sends C1
        // and C2. After objections C1 is pinned to stay: keeping C2's line, C3 takes C1's place,
        // so exactly two lines change (C1's removed, C3's added).
        let world = RotationRuleTests.threeCadresTwoMembers()
        let first = try world.solve(parts: .rotation)
        #expect(first.moves.count == 2)
        let baseline = first.county.rotationPlan

        var objected = world
        objected.pin("C1", "stay")
        let scenario = try objected.load()
        var options = SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2)
        options.baseline = baseline
        let county = CountyPlanner.solve(scenario, options: options)
        let replanned = try Solved(scenario: scenario, county: county)
        let c2Line = first.moves.first { $0.hasPrefix("C2") }!
        #expect(replanned.moves.contains(c2Line), "C2's line is kept")
        #expect(replanned.moves.contains { $0.hasPrefix("C3") })
        let changes = BaselineChanges.describe(scenario, baseline: baseline, plan: county.rotationPlan)
        #expect(changes.first == "与原方案相比：改动 2 行（撤销 1 行，新增 1 行），保留 1 行。")
        #expect(changes.contains { $0.hasPrefix("撤销 教师C1（C1）→") && $0.hasSuffix("：已定留任（pins.csv 第 2 行）") }, "\(changes)")
        #expect(changes.contains { $0.hasPrefix("新增 教师C3（C3）→") && $0.hasSuffix("：接替教师C1（C1）") }, "\(changes)")
        #expect(replanned.verify?.ok == true)
    }

    @Test func replanKeepsTheBaselineEvenWhenAnotherPlanScoresBetter() throws {
        // The baseline sends C (credit 0) where A (credit 10) would be cheaper: with nothing
        // forcing a change, the re-plan keeps C's line (0 changes) and does not chase the 20 points.
        var world = Self.world
        world.pin("C", "to", "M1")
        let pinned = try world.solve(parts: .rotation)
        #expect(pinned.moves == ["C→M1"])
        let scenario = try Self.world.load()
        var options = SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2)
        options.baseline = pinned.county.rotationPlan
        let county = CountyPlanner.solve(scenario, options: options)
        #expect(try Solved(scenario: scenario, county: county).moves == ["C→M1"])
        #expect(
            BaselineChanges.describe(scenario, baseline: pinned.county.rotationPlan, plan: county.rotationPlan).first
                == "与原方案相比：改动 0 行（撤销 0 行，新增 0 行），保留 1 行。")
    }

    @Test func explainAndBaselineFromTheCommandLine() throws {
        let scenario = try Self.world.files.write()
        let out = SolveCommandTests.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: out)
        }
        let overrides = Self.world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] }
        #expect(CLI.run(["solve", scenario.path, "--out", out.path, "--quiet", "--part", "rotation"] + overrides).status == 0)
        let plan = out.appendingPathComponent("plan.json").path
        let explained = CLI.run(["explain", scenario.path, plan, "--teacher", "A"] + overrides)
        #expect(explained.status == 0)
        #expect(explained.output.contains("方案：牵头校→成员校，交流到 M1校（M1）"))
        #expect(CLI.run(["explain", scenario.path, plan, "--teacher", "Z9"] + overrides).status == 1)

        try Data("teacher,action,school,note\nA,stay,,家庭原因\n".utf8).write(to: scenario.appendingPathComponent("pins.csv"))
        let replanned = out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent + "-2")
        defer { try? FileManager.default.removeItem(at: replanned) }
        let run = CLI.run(["solve", scenario.path, "--baseline", plan, "--out", replanned.path, "--quiet", "--part", "rotation"] + overrides)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("与原方案相比：改动 2 行（撤销 1 行，新增 1 行），保留 0 行。"))
        let changes = try String(contentsOf: replanned.appendingPathComponent("changes.txt"), encoding: .utf8)
        #expect(changes.contains("撤销 教师A（A）→M1校（M1）：已定留任（pins.csv 第 2 行，家庭原因）"))
        #expect(changes.contains("新增 教师B（B）→M1校（M1）：接替教师A（A）"))
    }
}
