import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanPlanner
import RotaplanReport
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
        #expect(lines.contains("plan: moves to M1 (M1校), 5.0 km, for 1 school year from September 2025 to July 2026."))
        #expect(lines.contains("quotas it serves: R2 at L: sends 1, needs 1."))
        // 60 + 5 − 2 × 10 = 45.
        #expect(lines.contains("what the move is worth: 交流人次 moves +1 (+60), 交流距离 km +5 (+5), 任教年限 tenure credit +10 (-20); objective +45."))
        #expect(lines.contains("without this move the plan breaks: R2: lead L sends 0, at least 1 required (3 eligible)."))
        // B in A's place: 55 instead of 45.
        #expect(lines.contains { $0.hasPrefix("best alternative: B (教师B) (chinese, regular, 11 years) to the same school: ") && $0.hasSuffix("; objective +10.") })
    }

    @Test func explainsWhyAnEligibleTeacherStaysAndWhyAnotherCannotGo() throws {
        let (explanation, scenario) = try Self.explanation(Self.world)
        // C in A's place costs 65 − 45 = +20; adding C as a second move would cost +65.
        #expect(explanation.teacher(scenario.teacherIndex["C"]!).contains(
            "why staying: the cheapest lawful change that moves this teacher, taking the place of A (教师A) at M1: 任教年限 tenure credit -10 (+20); objective +20."))
        #expect(explanation.teacher(scenario.teacherIndex["X"]!).contains(
            "not eligible: 3 years at the school, fewer than 6 for a regular teacher."))
    }

    @Test func explainsASchool() throws {
        let (explanation, scenario) = try Self.explanation(Self.world)
        let lines = explanation.school(scenario.schoolIndex["L"]!)
        #expect(lines.contains("R2: 3 eligible teachers, must send ceil(0.3 × 3) = 1, sends 1 (ok)"))
        #expect(lines.contains("moves out: 1"))
        #expect(lines.contains("  A (教师A), 语文, 普通教师, to M1, 5.0 km"))
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
        #expect(changes.first == "changed lines: 2 (1 removed, 1 added); kept: 1")
        #expect(changes.contains { $0.hasPrefix("- C1 (教师C1) → ") && $0.hasSuffix(": pinned to stay (pins.csv:2)") })
        #expect(changes.contains { $0.hasPrefix("+ C3 (教师C3) → ") && $0.hasSuffix(": takes the place of C1 (教师C1)") })
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
        #expect(BaselineChanges.describe(scenario, baseline: pinned.county.rotationPlan, plan: county.rotationPlan).first
            == "changed lines: 0 (0 removed, 0 added); kept: 1")
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
        #expect(explained.output.contains("plan: moves to M1 (M1校)"))
        #expect(CLI.run(["explain", scenario.path, plan, "--teacher", "Z9"] + overrides).status == 1)

        try Data("teacher,action,school,note\nA,stay,,家庭原因\n".utf8).write(to: scenario.appendingPathComponent("pins.csv"))
        let replanned = out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent + "-2")
        defer { try? FileManager.default.removeItem(at: replanned) }
        let run = CLI.run(["solve", scenario.path, "--baseline", plan, "--out", replanned.path, "--quiet", "--part", "rotation"] + overrides)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("changed lines: 2 (1 removed, 1 added); kept: 0"))
        let changes = try String(contentsOf: replanned.appendingPathComponent("changes.txt"), encoding: .utf8)
        #expect(changes.contains("- A (教师A) → M1: pinned to stay (pins.csv:2, 家庭原因)"))
        #expect(changes.contains("+ B (教师B) → M1: takes the place of A (教师A)"))
    }
}
