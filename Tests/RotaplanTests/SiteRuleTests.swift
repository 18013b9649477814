import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import Testing

/// Sites (村小, 教学点): a member and the sites it manages form one member unit for R4, R5 and
/// E(c); staffing, shortfall, R6 and Part 2 stay per school (docs/model.md). Each test is a
/// tiny scenario whose optimum is worked out in its comments, with the defaults of
/// `RotationRuleTests` (move 60, tenure 2 per credit year, shortfall 1000; 0 km unless given),
/// and each shows `verify` rejecting the plan that breaks the rule.
@Suite struct SiteRuleTests {
    /// L (lead) with cadre A (credit 4); member M with its site S. M has reserve cadre R; S needs
    /// one Chinese teacher it lacks. L must send 1 (min_ratio 0.5 of 1 eligible), a cadre must
    /// reach the unit (R4) and the unit must send one back (R5, tolerance 0).
    static func leadToSite(siteNeedsATeacher: Bool = true) -> TinyWorld {
        var world = TinyWorld(
            RotationRuleTests.settings([
                "policy.rotation.min_ratio": "0.5", "policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0",
            ]))
        world.community("C", lead: "L", members: ["M"])
        world.site("S", of: "M")
        world.teacher("A", at: "L", .cadre, years: 10)
        world.teacher("R", at: "M", .reserveCadre, years: 10)
        if siteNeedsATeacher { world.demand("S", "chinese", teachers: 1) }
        return world
    }

    @Test func aCadreAtASiteCountsForItsMembersR4AndR5() throws {
        // A → S closes S's shortfall (−1000) and serves the unit's R4; R → L keeps R5.
        // Cost: 2 × (60 − 8) = 104, versus 1104 with A → M (S stays short). Optimum 104.
        let world = Self.leadToSite()
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["A→S", "R→L"])
        #expect(abs((solved.rotationObjective ?? 0) - 104) < 1e-9)
        let document = try #require(solved.document)
        let toSite = try #require(document.rotations.first { $0.teacher == "A" })
        #expect(toSite.direction == "lead_to_site")
        #expect(toSite.member == "M")
        #expect(document.rotations.first { $0.teacher == "R" }?.direction == "member_to_lead")
        #expect(document.compliance.contains { $0.rule == "R4" && $0.scope == "M" && $0.actual == 1 && $0.ok })
        // The member's row counts the unit; the site's row its own shortfall.
        #expect(document.improvement.map(\.school) == ["M", "S"])
        #expect(document.improvement[1].member == "M")
        #expect(document.improvement[1].shortfallBefore == 1 && document.improvement[1].shortfallAfter == 0)
        #expect(document.improvement[1].qualityAfter == nil)

        let scenario = try world.load()
        // Without R's return the unit receives one and sends none.
        #expect(try HandPlan(rotations: [("A", "S")]).violations(scenario).contains("R5: member unit M receives 1 and sends 0; tolerance 0"))
    }

    @Test func theExplanationOfAMemberAndOfItsSiteSaysWhatTheUnitReceived() throws {
        // A → S serves M's R4: M's text and S's both count the unit, list the cadre as received
        // by it (at S) and R as sent by it, so that R4's 1 and the moves listed never disagree.
        let solved = try Self.leadToSite().solve(parts: .rotation)
        #expect(solved.moves == ["A→S", "R→L"])
        let scenario = solved.scenario
        let explanation = Explanation(scenario: scenario, plan: solved.county.rotationPlan, visits: .empty)
        let member = explanation.school(scenario.schoolIndex["M"]!)
        let site = explanation.school(scenario.schoolIndex["S"]!)
        #expect(member.contains("以下按成员校单元（本校及其 1 个教学点）合计。"), "\(member)")
        #expect(site.contains("所属成员校单元：成员校 M校（M）及其 1 个教学点，以下按整个单元合计。"), "\(site)")
        for lines in [member, site] {
            #expect(lines.contains("成员校接收干部（R4）：本单元接收牵头校干部 1 人（其中 S校（S）1 人），须至少 1 人（达标）。"), "\(lines)")
            #expect(lines.contains("成员校派出接收平衡（R5）：本单元接收 1 人、派出 1 人，相差不得超过 0 人（达标）。"), "\(lines)")
            #expect(lines.contains("本单元接收 1 人："), "\(lines)")
            #expect(lines.contains("本单元派出 1 人："), "\(lines)")
        }
        #expect(member.contains("  教师A（A），语文，中层以上干部，来自 L校（L），到 S校（S），0.0 公里"), "\(member)")
        #expect(member.contains("  教师R（R），语文，后备干部，从本校到 L校（L），0.0 公里"), "\(member)")
        #expect(site.contains("  教师A（A），语文，中层以上干部，来自 L校（L），到本校，0.0 公里"), "\(site)")
        #expect(site.contains("  教师R（R），语文，后备干部，从 M校（M）到 L校（L），0.0 公里"), "\(site)")
    }

    @Test func aSiteTeacherSentToTheLeadCountsForItsMembersR5() throws {
        // The unit's only eligible teacher is X at the site S (M's teacher has 2 years); A → M
        // and X → L: 2 × 60 − 8 (A's credit) − 8 (X's) = 104.
        var world = TinyWorld(
            RotationRuleTests.settings([
                "policy.rotation.min_ratio": "0.5", "policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0",
            ]))
        world.community("C", lead: "L", members: ["M"])
        world.site("S", of: "M")
        world.teacher("A", at: "L", .cadre, years: 10)
        world.teacher("Y", at: "M", "chinese", years: 2)
        world.teacher("X", at: "S", "chinese", years: 10)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["A→M", "X→L"])
        #expect(abs((solved.rotationObjective ?? 0) - 104) < 1e-9)
        #expect(solved.document?.rotations.first { $0.teacher == "X" }?.direction == "site_to_lead")
        #expect(solved.document?.rotations.first { $0.teacher == "X" }?.member == "M")
        #expect(
            try HandPlan(rotations: [("A", "M")]).violations(try world.load())
                .contains("R5: member unit M receives 1 and sends 0; tolerance 0"))
    }

    @Test func equityCountsAMemberUnitAsAWhole() throws {
        // L sends one backbone B (maths). Units: U1 = M1 + S1 (maths demand 2 + 2, one backbone
        // present) → 100·Q/D = 25; U2 = M2 (maths demand 2, one backbone) → 50. Every target
        // closes one maths gap. B → M1 lifts U1 to 50: E = 50; B → M2 leaves E = 25. S1 is 5 km
        // away, so B → M1 (0 km) beats B → S1 by 5. Objective: 2 shortfalls left in U1 and 1 at
        // M2 = 4 − 1 = 3 → 3000 + 60 − 8 − 20 × 50 = 2052. Counted per member school, M1 alone
        // would already be at 50 and the move would be a tie.
        var world = TinyWorld(
            RotationRuleTests.settings([
                "policy.rotation.min_ratio": "1", "policy.weights.equity": "20",
            ]))
        world.community("C", lead: "L", members: ["M1", "M2"])
        world.site("S1", of: "M1")
        world.km("L", "S1", 5)
        world.teacher("B", at: "L", "math", .backbone, years: 10)
        world.teacher("Y1", at: "M1", "english", .backbone, years: 2)
        world.teacher("Y2", at: "M2", "english", .backbone, years: 2)
        world.teacher("P1", at: "M1", "math", years: 2)
        world.teacher("P2", at: "M2", "math", years: 2)
        world.demand("M1", "math", teachers: 2)
        world.demand("S1", "math", teachers: 2)
        world.demand("M2", "math", teachers: 2)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["B→M1"])
        #expect(abs((solved.rotationObjective ?? 0) - 2052) < 1e-9)
        let evaluation = RotationEvaluation(solved.scenario, staffing: Staffing(solved.scenario), plan: solved.county.rotationPlan)
        #expect(evaluation.qualityRatio[solved.scenario.schoolIndex["M1"]!] == 50)
        #expect(evaluation.equity == [50])
        // The heuristic finds the same plan.
        #expect(try world.solve(parts: .rotation, method: .heuristic).moves == ["B→M1"])
    }

    @Test func r6AndShortfallStayPerSchoolAtASite() throws {
        // The unit must send one back. X at the site S is its only Chinese teacher (demand 1):
        // sending X would open a hole (R6). Y at M is spare: A → M, Y → L. Cost 2 × 52 = 104.
        var world = Self.leadToSite()
        world.teacher("X", at: "S", "chinese", years: 10)
        world.teacher("Y", at: "M", "chinese", years: 10)
        world.settings["policy.rotation.member_sends"] = "[regular]"
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves.contains("Y→L"))
        #expect(!solved.moves.contains { $0.hasPrefix("X→") })
        let scenario = try world.load()
        #expect(
            try HandPlan(rotations: [("A", "M"), ("X", "L")]).violations(scenario)
                .contains("R6: S chinese falls from 1 to 0, below 1"))
    }

    @Test func aPinToASiteIsKept() throws {
        // S needs nobody and is 10 km away: A → M costs 52, A → S 62. Pinned to S, A goes there.
        var world = Self.leadToSite(siteNeedsATeacher: false)
        world.km("L", "S", 10)
        #expect(try world.solve(parts: .rotation).moves == ["A→M", "R→L"])
        world.pin("A", "to", "S")
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["A→S", "R→L"])
        #expect(abs((solved.rotationObjective ?? 0) - 114) < 1e-9)
        #expect(
            try HandPlan(rotations: [("A", "M"), ("R", "L")]).violations(try world.load())
                .contains("R7: A is pinned to S but does not move there"))
    }

    @Test func aSiteIsVisitedAndCountsAsUncoveredOnItsOwn() throws {
        // Part 2 stays per school: the site S needs 6 music periods; music teacher Q at L has
        // 16 − 8 = 8 spare and visits S for 4 + 2 periods on two days (I1: 4 a visit).
        var world = TinyWorld(RotationRuleTests.quiet)
        world.community("C", lead: "L", members: ["M"])
        world.site("S", of: "M")
        world.teacher("Q", at: "L", "music", years: 2)
        world.demand("L", "music", teachers: 1, periods: 8)
        world.demand("S", "music", teachers: 0, periods: 6)
        let solved = try world.solve()
        #expect(solved.visits.map { $0.split(separator: " ").first! } == ["Q→S", "Q→S"])
        #expect(solved.county.itinerant?.uncoveredAfter.values.reduce(0, +) == 0)
        let document = try #require(solved.document)
        #expect(document.improvement.first { $0.school == "S" }?.uncoveredBefore == 6)
        #expect(document.improvement.first { $0.school == "S" }?.uncoveredAfter == 0)
        #expect(document.improvement.first { $0.school == "M" }?.uncoveredBefore == 6, "the member's row counts its unit")
    }

    @Test func countingNamesTheMemberUnit() throws {
        // The unit receives a cadre (R4) and must send one back, but neither M's nor S's
        // teachers can go (too few years): counting says so, naming the unit.
        var world = TinyWorld(
            RotationRuleTests.settings([
                "policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0",
            ]))
        world.community("C", lead: "L", members: ["M"])
        world.site("S", of: "M")
        world.teacher("A", at: "L", .cadre, years: 10)
        world.teacher("Y", at: "M", "chinese", years: 2)
        world.teacher("X", at: "S", "chinese", years: 3)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.rotationStatus == .infeasible)
        #expect(
            solved.diagnosis == [
                "共同体 C：成员校派出接收平衡（R5）：成员校 M校（M）及其 1 个教学点按成员校接收干部（R4）至少接收 1 名干部，须派回至少 1 人（派出与接收人数之差不超过 0 人），但其 2 名教师都不能派出。不符合交流条件的教师：本校任教年限不足 2 人。"
            ], "\(solved.diagnosis)")
    }
}
