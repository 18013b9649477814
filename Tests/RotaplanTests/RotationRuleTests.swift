import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import Testing

/// One test per rule of docs/model.md Part 1, each on a tiny scenario whose optimum is worked out
/// by hand in the comments. Defaults unless set: move 60, travel_km 1, tenure 2 per year of
/// credit (years at school − 6, at most 10), volunteer 20, shortfall 1000. Every distance is
/// 0 km unless given. Every plan is checked by `verify` (see `TinyWorld.solve`).
@Suite struct RotationRuleTests {
    /// Settings that switch off the rules a test is not about.
    static let quiet: [String: String] = [
        "policy.rotation.min_ratio": "0", "policy.rotation.min_cadres_per_member": "0",
        "policy.rotation.balance_tolerance": "30", "policy.rotation.backbone_share": "0", "policy.weights.equity": "0",
    ]

    static func settings(_ changes: [String: String]) -> [String: String] {
        quiet.merging(changes) { $1 }
    }

    /// Cadres C1 (credit 10), C2 (6), C3 (0) at L; members M1 at 5 km and M2 at 20 km, each
    /// needing one cadre (R4).
    static func threeCadresTwoMembers() -> TinyWorld {
        var world = TinyWorld(settings(["policy.rotation.min_cadres_per_member": "1"]))
        world.community("C", lead: "L", members: ["M1", "M2"])
        world.km("L", "M1", 5)
        world.km("L", "M2", 20)
        world.teacher("C1", at: "L", .cadre, years: 16)
        world.teacher("C2", at: "L", .cadre, years: 12)
        world.teacher("C3", at: "L", .cadre, years: 6)
        return world
    }

    @Test func r1OnlyAllowedMoves() throws {
        // T1 (English, credit 4) at L1. M2 (other community) and M3 (70 km) both lack an English
        // teacher; M1 (10 km) lacks nothing. Moving T1 to M1 costs 60 + 10 − 8 = 62 and gains
        // nothing, M2 and M3 are not allowed: no move, objective = 2 shortfalls = 2000.
        var world = TinyWorld(Self.quiet)
        world.community("C1", lead: "L1", members: ["M1", "M3"])
        world.community("C2", lead: "L2", members: ["M2"])
        world.km("L1", "M1", 10)
        world.km("L1", "M3", 70)
        world.km("L1", "M2", 5)
        world.teacher("T1", at: "L1", "english", years: 10)
        world.demand("M2", "english", teachers: 1)
        world.demand("M3", "english", teachers: 1)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == [])
        #expect(solved.rotationObjective == 2000)

        // With max_km 80, M3 is allowed: closing its shortfall (1000) is worth 60 + 70 − 8 = 122.
        world.settings["policy.rotation.max_km"] = "80"
        let wider = try world.solve(parts: .rotation)
        #expect(wider.moves == ["T1→M3"])
        #expect(abs((wider.rotationObjective ?? 0) - 1122) < 1e-9)

        let scenario = try world.with { $0.settings["policy.rotation.max_km"] = "60" }.load()
        #expect(
            try HandPlan(rotations: [("T1", "M2")]).violations(scenario).contains {
                $0.hasPrefix("R1: T1 moves L1 → M2, which is not a move between a lead and a member or site of its community")
            })
        #expect(try HandPlan(rotations: [("T1", "M3")]).violations(scenario).contains { $0.hasPrefix("R1: T1's move is 70") })
        #expect(try HandPlan(rotations: [("T1", "M1"), ("T1", "M3")]).violations(scenario).contains("R1: T1 moves more than once"))
    }

    @Test func r2LeadQuotaRoundsUpAsTheModelSays() throws {
        // 25 eligible teachers and min_ratio 0.28: 0.28 × 25 = 7.000000000000001 in binary,
        // so ceil(v − 1e-9) = 7 (a plain ceil would say 8). T01…T25 have 6…30 years, so
        // T11…T25 have the full credit 10: each of their moves costs 60 + 10 − 20 = 50.
        // Seven of them move (those longest at the school first: T19…T25), objective 350.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.28"]))
        world.community("C1", lead: "L", members: ["M"])
        world.km("L", "M", 10)
        for index in 1...25 {
            world.teacher(String(format: "T%02d", index), at: "L", years: 5 + index)
        }
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == (19...25).map { String(format: "T%02d→M", $0) })
        #expect(solved.rotationObjective == 350)
        let r2 = solved.document?.compliance.first { $0.rule == "R2" }
        #expect(r2?.required == 7)
        #expect(r2?.actual == 7)

        let scenario = try world.load()
        let six = HandPlan(rotations: (20...25).map { (String(format: "T%02d", $0), "M") })
        #expect(try six.violations(scenario).contains("R2: lead L sends 6, at least 7 required (25 eligible)"))
    }

    @Test func r3BackboneShareIsARealNumber() throws {
        // min_ratio 0.3 of 10 eligible → 3 moves. Regular R1…R8 (16 years) cost 50 each;
        // backbone B1, B2 (6 years) cost 70. Share 0.34: 0.34 × 3 = 1.02 cadres and backbone,
        // not rounded down, so two backbone and one regular: 70 + 70 + 50 = 190 (four moves with
        // two backbone would cost 240).
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.3", "policy.rotation.backbone_share": "0.34"]))
        world.community("C1", lead: "L", members: ["M"])
        world.km("L", "M", 10)
        for index in 1...8 { world.teacher("R\(index)", at: "L", years: 16) }
        world.teacher("B1", at: "L", .backbone, years: 6)
        world.teacher("B2", at: "L", .backbone, years: 6)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves.count == 3)
        #expect(solved.moves.filter { $0.hasPrefix("B") } == ["B1→M", "B2→M"])
        #expect(solved.rotationObjective == 190)

        // Share 0.33: 0.99, so one backbone is enough: 70 + 50 + 50 = 170.
        world.settings["policy.rotation.backbone_share"] = "0.33"
        let lower = try world.solve(parts: .rotation)
        #expect(lower.moves.filter { $0.hasPrefix("B") }.count == 1)
        #expect(lower.rotationObjective == 170)

        world.settings["policy.rotation.backbone_share"] = "0.34"
        let regulars = HandPlan(rotations: [("R1", "M"), ("R2", "M"), ("R3", "M")])
        #expect(try regulars.violations(try world.load()).contains { $0.hasPrefix("R3: lead L sends 0 cadres and backbone of 3") })
    }

    @Test func r4EachMemberReceivesACadre() throws {
        // Cadres C1 (credit 10), C2 (credit 6), C3 (credit 0); M1 at 5 km, M2 at 20 km.
        // Each member needs one cadre: the two with most credit go, one to each member:
        // (60 + 5) + (60 + 20) − 2 × (10 + 6) = 113.
        let world = Self.threeCadresTwoMembers()
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves.count == 2)
        #expect(Set(solved.moves.map { String($0.suffix(2)) }) == ["M1", "M2"])
        #expect(!solved.moves.contains { $0.hasPrefix("C3") })
        #expect(solved.rotationObjective == 113)

        #expect(
            try HandPlan(rotations: [("C1", "M1")]).violations(try world.load())
                .contains("R4: member unit M2 receives 0 cadres, at least 1 required"))
    }

    @Test func r5MembersSendBackAsManyAsTheyReceive() throws {
        // Cadre C (credit 10) must go to M: 60 + 10 − 20 = 50. With tolerance 0, M sends one
        // back: A (8 years, credit 2) costs 66, B (reserve cadre, 3 years) 70 → A. Total 116.
        var world = TinyWorld(Self.settings(["policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0"]))
        world.community("C", lead: "L", members: ["M"])
        world.km("L", "M", 10)
        world.teacher("C", at: "L", .cadre, years: 16)
        world.teacher("A", at: "M", "math", years: 8)
        world.teacher("B", at: "M", "math", .reserveCadre, years: 3)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["A→L", "C→M"])
        #expect(solved.rotationObjective == 116)

        #expect(
            try HandPlan(rotations: [("C", "M")]).violations(try world.load())
                .contains("R5: member unit M receives 1 and sends 0; tolerance 0"))

        // Tolerance 1: the cadre alone, 50.
        world.settings["policy.rotation.balance_tolerance"] = "1"
        let tolerant = try world.solve(parts: .rotation)
        #expect(tolerant.moves == ["C→M"])
        #expect(tolerant.rotationObjective == 50)
    }

    @Test func r6NoNewHoles() throws {
        // One move is required (0.5 of 2 eligible). X (maths, credit 10) would cost 50, but L has
        // one maths teacher and needs one: min(1, 1) = 1 must stay. Y (Chinese, credit 0) can
        // go, since L keeps Z (exempt) for its one Chinese post: 60 + 10 = 70.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.5"]))
        world.community("C", lead: "L", members: ["M"])
        world.km("L", "M", 10)
        world.teacher("X", at: "L", "math", years: 16)
        world.teacher("Y", at: "L", "chinese", years: 6)
        world.teacher("Z", at: "L", "chinese", years: 6, exempt: "病休")
        world.demand("L", "math", teachers: 1)
        world.demand("L", "chinese", teachers: 1)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["Y→M"])
        #expect(solved.rotationObjective == 70)

        #expect(
            try HandPlan(rotations: [("X", "M")]).violations(try world.load())
                .contains("R6: L math falls from 1 to 0, below 1"))
    }

    @Test func r7PinsAreKept() throws {
        // One move required (0.3 × 3 = 0.9 → 1). A (credit 10) is cheapest to M1: 60 + 5 − 20 = 45.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.3"]))
        world.community("C", lead: "L", members: ["M1", "M2"])
        world.km("L", "M1", 5)
        world.km("L", "M2", 30)
        world.teacher("A", at: "L", years: 16)
        world.teacher("B", at: "L", years: 11)
        world.teacher("C", at: "L", years: 6)
        let free = try world.solve(parts: .rotation)
        #expect(free.moves == ["A→M1"])
        #expect(free.rotationObjective == 45)

        // A stays and C goes to M2: C's move (60 + 30 = 90) meets R2, so B stays too.
        var pinned = world
        pinned.pin("A", "stay")
        pinned.pin("C", "to", "M2")
        let solved = try pinned.solve(parts: .rotation)
        #expect(solved.moves == ["C→M2"])
        #expect(solved.rotationObjective == 90)
        #expect(
            try HandPlan(rotations: [("A", "M1"), ("C", "M2")]).violations(try pinned.load())
                .contains("R7: A is pinned to stay but moves"))

        // B must rotate: to the nearer member, 60 + 5 − 10 = 55.
        var rotating = world
        rotating.pin("A", "stay")
        rotating.pin("B", "rotate")
        let rotated = try rotating.solve(parts: .rotation)
        #expect(rotated.moves == ["B→M1"])
        #expect(rotated.rotationObjective == 55)
    }

    @Test func r7PinOnAnIneligibleTeacherIsInfeasibleAndSaysWhy() throws {
        var world = TinyWorld(Self.quiet)
        world.community("C", lead: "L", members: ["M"])
        world.teacher("D", at: "L", exempt: "病休")
        world.pin("D", "rotate")
        let solved = try world.solve(parts: .rotation)
        #expect(solved.rotationStatus == .infeasible)
        #expect(solved.diagnosis.contains("共同体 C：已定安排（R7）：按 pins.csv 第 2 行，L校（L）的教师D（D）须交流，但该教师不符合交流条件：免于交流（病休）。"), "\(solved.diagnosis)")
        // Said when the scenario is read (check), before any solve; a stay pin is not.
        let warned = try world.load().warnings.filter { $0.file == "pins.csv" }
        #expect(
            warned.map(\.description) == [
                "pins.csv:2: column teacher: D (教师D) is pinned to go, but may not be seconded or exchanged (免于交流): a solve will find no plan. Remove the row, or correct the teacher."
            ], "\(warned)")
        var staying = TinyWorld(Self.quiet)
        staying.community("C", lead: "L", members: ["M"])
        staying.teacher("D", at: "L", exempt: "病休")
        staying.pin("D", "stay")
        #expect(try staying.load().warnings.filter { $0.file == "pins.csv" }.isEmpty)
    }

    @Test func aVolunteerIsPreferred() throws {
        // Two teachers alike but V volunteers: 60 − 8 − 20 = 32 against 52.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.5"]))
        world.community("C", lead: "L", members: ["M"])
        world.teacher("N", at: "L", years: 10)
        world.teacher("V", at: "L", years: 10, volunteer: true)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["V→M"])
        #expect(solved.rotationObjective == 32)
    }

    @Test func aLongTenuredTeacherIsPreferred() throws {
        // 7 years (credit 1) against 15 years (credit 9): 60 − 18 = 42 against 58.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.5"]))
        world.community("C", lead: "L", members: ["M"])
        world.teacher("Short", at: "L", years: 7)
        world.teacher("Long", at: "L", years: 15)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["Long→M"])
        #expect(solved.rotationObjective == 42)
    }

    @Test func aBackboneTeacherGoesToTheWeakestMember() throws {
        // M1 has 3 backbone of 10 posts (100·Q/D = 30), M2 has 1 of 10 (10), so E = 10.
        // B (backbone, credit 0) must go: to M1 (5 km) costs 65 and E stays 10 → 65 − 20 × 10 = −135;
        // to M2 (15 km) costs 75 and E becomes min(30, 20) = 20 → 75 − 400 = −325. B goes to M2.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "1", "policy.weights.equity": "20"]))
        world.community("C", lead: "L", members: ["M1", "M2"])
        world.km("L", "M1", 5)
        world.km("L", "M2", 15)
        world.teacher("B", at: "L", "math", .backbone, years: 6)
        world.demand("M1", "chinese", teachers: 10)
        world.demand("M2", "chinese", teachers: 10)
        for index in 1...10 {
            world.teacher("P\(index)", at: "M1", "chinese", index <= 3 ? .backbone : .regular, exempt: "毕业班")
            world.teacher("Q\(index)", at: "M2", "chinese", index <= 1 ? .backbone : .regular, exempt: "毕业班")
        }
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["B→M2"])
        #expect(solved.rotationObjective == -325)

        // Without the equity term the nearer member wins: 65.
        world.settings["policy.weights.equity"] = "0"
        let plain = try world.solve(parts: .rotation)
        #expect(plain.moves == ["B→M1"])
        #expect(plain.rotationObjective == 65)
    }

    @Test func aShortfallPullsTheRightSubject() throws {
        // M lacks an English teacher. X (maths, credit 10) would cost 50 + 1000 for the open
        // shortfall; E (English, credit 0) costs 70 and closes it. E goes: objective 70.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.5"]))
        world.community("C", lead: "L", members: ["M"])
        world.km("L", "M", 10)
        world.teacher("X", at: "L", "math", years: 16)
        world.teacher("E", at: "L", "english", years: 6)
        world.demand("M", "english", teachers: 1)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["E→M"])
        #expect(solved.rotationObjective == 70)
    }

    @Test func runningSecondmentsAndCooldownKeepTeachersHome() throws {
        // A is away at M until 2025 and counts there; B's secondment ended in 2023 (cooldown to
        // 2026). Only C (credit 0) is eligible: 0.5 × 1 → 1 move of 60.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.5"]))
        world.community("C1", lead: "L", members: ["M"])
        world.teacher("A", at: "L", years: 16)
        world.teacher("B", at: "L", years: 16)
        world.teacher("C", at: "L", years: 6)
        world.history("A", from: "L", to: "M", 2024, 2025)
        world.history("B", from: "L", to: "M", 2023, 2023)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["C→M"])
        #expect(solved.rotationObjective == 60)
        #expect(try HandPlan(rotations: [("B", "M")]).violations(try world.load()).contains("R1: B is not eligible: in cooldown"))
    }
}

extension TinyWorld {
    /// A copy changed by `change`, for one-line variants in tests.
    func with(_ change: (inout TinyWorld) -> Void) -> TinyWorld {
        var copy = self
        change(&copy)
        return copy
    }
}
