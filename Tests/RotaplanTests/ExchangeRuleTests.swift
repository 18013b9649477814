import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import Testing

@testable import RotaplanLedger

/// docs/model.md "Part 1 with the county exchange", one test per rule on a tiny scenario whose
/// optimum is worked out by hand. Every distance is 0 km unless given; the secondments' rules
/// are quiet (`RotationRuleTests.quiet`) unless a test sets them; every plan verifies.
@Suite struct ExchangeRuleTests {
    static func settings(_ changes: [String: String] = [:]) -> [String: String] {
        RotationRuleTests.settings([
            "policy.exchange.enabled": "true", "policy.exchange.min_ratio": "0", "policy.exchange.backbone_share": "0",
        ]).merging(changes) { $1 }
    }

    /// An urban independent school U of ten long-serving Chinese teachers: B1 and B2 backbone
    /// with 6 years (credit 0: an exchange costs 60), R1…R8 regular with 16 years (credit 10:
    /// 60 − 20 = 40). A community's member M, rural, lacks two Chinese teachers.
    static func urbanIndependent(_ changes: [String: String]) -> TinyWorld {
        var world = TinyWorld(settings(changes))
        world.community("C", lead: "L", members: ["M"])
        world.school("U", .independent, rural: false)
        world.teacher("B1", at: "U", .backbone, years: 6)
        world.teacher("B2", at: "U", .backbone, years: 6)
        for index in 1...8 { world.teacher("R\(index)", at: "U", .regular, years: 16) }
        world.demand("M", "chinese", teachers: 2)
        return world
    }

    @Test func x1AndX2AtAnUrbanIndependentSchool() throws {
        // X1: ceil(0.2 × 10) = 2 exchanges (closing M's shortfall pays for them anyway: 2000).
        // X2 with 0.5: one of the two is a cadre or backbone teacher: B1 (60) and R1 (40), 100.
        let world = Self.urbanIndependent(["policy.exchange.min_ratio": "0.2", "policy.exchange.backbone_share": "0.5"])
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["B1→M", "R1→M"])
        #expect(solved.rotationObjective == 100)
        #expect(solved.document?.rotations.allSatisfy { $0.kind == "exchange" && $0.direction == "urban_to_rural" } == true)
        let x1 = try #require(solved.document?.compliance.first { $0.rule == "X1" && $0.scope == "U" })
        #expect(x1.required == 2 && x1.actual == 2 && x1.ok)
        // Without X2 the two cheapest go: R1 and R2, 80.
        let free = try Self.urbanIndependent(["policy.exchange.min_ratio": "0.2"]).solve(parts: .rotation)
        #expect(free.moves == ["R1→M", "R2→M"])
        #expect(free.rotationObjective == 80)
        // verify names what each wrong plan breaks.
        let scenario = try world.load()
        #expect(try HandPlan(rotations: [("R1", "M")]).violations(scenario).contains { $0.hasPrefix("X1: urban school U sends 1, at least 2 required") })
        #expect(
            try HandPlan(rotations: [("R1", "M"), ("R2", "M")]).violations(scenario).contains {
                $0.hasPrefix("X2: urban school U sends 0 cadres and backbone of 2")
            })
        #expect(
            try HandPlan(rotations: [("B1", "M"), ("R1", "M"), ("R2", "M")]).violations(scenario).contains {
                $0.hasPrefix("X3: M chinese receives exchanges up to 3, above max(current, demand) = 2")
            })
    }

    @Test func aLeadWhoseSecondmentsMeetX1SendsNoExchange() throws {
        // L has ten Chinese teachers of 16 years (credit 10: 40 a move); R2 with 0.2 asks two
        // secondments, which X1 (0.2 × 10 → 2) counts too: no exchange, though O (another
        // community's member) lacks a teacher whom an exchange would bring for 40 + ... the
        // shortfall is 1000: so one exchange does go there, and X1 is met by the secondments.
        var world = TinyWorld(Self.settings(["policy.rotation.min_ratio": "0.2", "policy.exchange.min_ratio": "0.2"]))
        world.community("C", lead: "L", members: ["M"])
        world.community("D", lead: "K", members: ["O"])
        for index in 1...10 { world.teacher("T\(String(format: "%02d", index))", at: "L", .regular, years: 16) }
        let solved = try world.solve(parts: .rotation)
        // Two secondments to M (R2), no exchange: nothing needs one.
        #expect(solved.moves.count == 2 && solved.moves.allSatisfy { $0.hasSuffix("→M") }, "\(solved.moves)")
        #expect(solved.document?.rotations.allSatisfy { $0.kind == "secondment" } == true)
        let x1 = try #require(solved.document?.compliance.first { $0.rule == "X1" && $0.scope == "L" })
        #expect(x1.required == 2 && x1.actual == 2 && x1.ok)
        #expect(solved.rotationObjective == 80)
    }

    @Test func aLeadShortOfX1SendsAnExchangeToAnotherCommunitysMember() throws {
        // R2 asks nothing (min_ratio 0); X1 asks ceil(0.1 × 1) = 1 of L1. T (English, 10 years:
        // credit 4, 52 a move) may be seconded to M1, which lacks nothing, or exchanged to M2 of
        // the other community, which lacks an English teacher: the exchange closes the shortfall
        // (1000) for 52. R5 holds at M2 with tolerance 0: an exchange is no secondment.
        var world = TinyWorld(Self.settings(["policy.exchange.min_ratio": "0.1", "policy.rotation.balance_tolerance": "0"]))
        world.community("C1", lead: "L1", members: ["M1"])
        world.community("C2", lead: "L2", members: ["M2"])
        world.teacher("T", at: "L1", "english", .regular, years: 10)
        world.demand("M2", "english", teachers: 1)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["T→M2"])
        #expect(solved.rotationObjective == 52)
        let line = try #require(solved.document?.rotations.first)
        #expect(line.kind == "exchange" && line.direction == "urban_to_rural" && line.endYear == 2025 + 3 - 1)
        let r5 = try #require(solved.document?.compliance.first { $0.rule == "R5" && $0.scope == "M2" })
        #expect(r5.ok && r5.actual == 0)
        // PLAN.md: with the county exchange, 交流方式 says 共同体派驻 or 区域交流.
        func way(_ solved: Solved) throws -> String {
            let list = String(decoding: PlanFiles.rotationsCSV(try #require(solved.document), scenario: solved.scenario), as: UTF8.self)
            return String(try #require(list.split(separator: "\n").dropFirst().first).split(separator: ",")[6])
        }
        #expect(try way(solved) == "区域交流（城镇→乡村）")
        // Explained as an exchange: X1's count and the exchange's conditions, not R2's count
        // (secondments only) or the secondment's tenure rule.
        let explained = Explanation(scenario: solved.scenario, plan: solved.county.rotationPlan, visits: .empty).teacher(0)
        #expect(!explained.contains { $0.contains(Vocabulary.rule("R2")) }, "\(explained)")
        #expect(explained.contains { $0.hasPrefix("计入的区域交流指标：") }, "\(explained)")
        #expect(explained.contains { $0.hasPrefix("符合区域交流条件：") && $0.contains("在本校任教 10 年（区域交流须满") }, "\(explained)")
        // The lead's page gives X1 (1 of 1, by the exchange) beside R2 (nothing asked).
        let lead = try #require(solved.scenario.schoolIndex["L1"])
        let page = Explanation(scenario: solved.scenario, plan: solved.county.rotationPlan, visits: .empty).school(lead)
        #expect(page.contains { $0.hasPrefix(Vocabulary.rule("X1")) && $0.contains("向上取整为 1 人；实派 1 人，其中区域交流 1 人") }, "\(page)")
        #expect(page.contains { $0.hasPrefix(Vocabulary.rule("X2")) }, "\(page)")
        // An exchange beyond exchange.max_km is refused: with M2 70 km away (max 60) X1 is met by
        // the secondment to M1 (52; R5 loosened, as M1 has nobody to send back), and M2's
        // shortfall stays (1000).
        world.km("L1", "M2", 70)
        world.settings["policy.rotation.balance_tolerance"] = "1"
        let far = try world.solve(parts: .rotation)
        #expect(far.moves == ["T→M1"])
        #expect(far.rotationObjective == 1052)
        #expect(try way(far) == "共同体派驻（牵头校→成员校）")
        #expect(
            try HandPlan(rotations: [("T", "M2")]).violations(try world.load()).contains {
                $0.hasPrefix("R1: T's move is 70") && $0.contains("beyond max_km 60")
            })
    }

    @Test func r6AtAnUrbanIndependentBindsTheExchange() throws {
        // U: math teachers A1, A2 (16 years: 40 a move), a Chinese teacher C1 (8 years: 56). U
        // needs its two math teachers (R6: after ≥ min(2, 2)); rural member M lacks a math and a
        // Chinese teacher. Only C1 may go: 56 + the math shortfall 1000 = 1056.
        var world = TinyWorld(Self.settings())
        world.community("C", lead: "L", members: ["M"])
        world.school("U", .independent, rural: false)
        world.teacher("A1", at: "U", "math", .regular, years: 16)
        world.teacher("A2", at: "U", "math", .regular, years: 16)
        world.teacher("C1", at: "U", "chinese", .regular, years: 8)
        world.demand("U", "math", teachers: 2)
        world.demand("M", "math", teachers: 1)
        world.demand("M", "chinese", teachers: 1)
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["C1→M"])
        #expect(solved.rotationObjective == 1056)
        #expect(try HandPlan(rotations: [("A1", "M"), ("C1", "M")]).violations(try world.load()).contains { $0.hasPrefix("R6: U math falls from 2 to 1") })
    }

    @Test func anExchangeIsExplainedAsAnExchange() throws {
        // The plan of x1AndX2AtAnUrbanIndependentSchool: B1 and R1 exchanged to M for the
        // exchange's own three-year term, counted towards U's X1 (2 of 2) and B1 towards X2.
        let world = Self.urbanIndependent([
            "policy.exchange.min_ratio": "0.2", "policy.exchange.backbone_share": "0.5", "policy.exchange.term_years": "3",
        ])
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["B1→M", "R1→M"])
        let scenario = solved.scenario
        let explanation = Explanation(scenario: scenario, plan: solved.county.rotationPlan, visits: .empty)
        let backbone = try #require(scenario.teachers.firstIndex { $0.id == "B1" })
        let lines = explanation.teacher(backbone)
        #expect(lines[1].hasPrefix("方案：城镇→乡村，交流到 ") && lines[1].contains("期限 3 个学年"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("计入的区域交流指标：") && $0.contains("共派出 2 人（共同体派驻与区域交流合计），须至少 2 人") && $0.contains("干部和骨干教师 1 人") }, "\(lines)")
        #expect(solved.document?.rotations.allSatisfy { $0.endYear == scenario.year + 2 } == true)
        // whatif --price: one step of X1's ratio and of X2's share.
        let steps = WhatIf.priceVariants(scenario.policy).filter { $0.overrides.first?.key.hasPrefix("policy.exchange.") == true }
        #expect(steps.map { $0.overrides[0].key } == ["policy.exchange.min_ratio", "policy.exchange.backbone_share"])
        #expect(steps.map { $0.overrides[0].value } == ["0.18", "0.45"])
    }

    @Test func x3BindsOnlyWhereAnExchangeGoesIn() throws {
        // R4 sends L's cadre K (10 years: 52) to M, whose one Chinese post is filled by Q: M then
        // has two Chinese teachers, above max(current, demand) = 1, which X3 allows because no
        // exchange goes in, though U's teacher X could be exchanged there (Q may leave M, so
        // the pair can receive). Sending Q back as well would cost another move.
        var world = TinyWorld(Self.settings(["policy.rotation.min_cadres_per_member": "1"]))
        world.community("C", lead: "L", members: ["M"])
        world.school("U", .independent, rural: false)
        world.teacher("K", at: "L", .cadre, years: 10)
        world.teacher("Q", at: "M", .regular, years: 10)
        world.teacher("X", at: "U", .regular, years: 10)
        world.demand("M", "chinese", teachers: 1)
        for method in [SolveMethod.glpk, .heuristic] {
            let solved = try world.solve(parts: .rotation, method: method)
            #expect(solved.moves == ["K→M"], "\(method)")
            #expect(solved.rotationObjective == 52, "\(method)")
        }
        // An exchange into the pair as well breaks X3: M would have three for one post.
        #expect(
            try HandPlan(rotations: [("K", "M"), ("X", "M")]).violations(try world.load()).contains {
                $0.hasPrefix("X3: M chinese receives exchanges up to 3, above max(current, demand) = 1")
            })
    }

    @Test func pinsOnAnUrbanIndependentsTeachers() throws {
        // A `to` pin to a rural school is an exchange pin. R1 is pinned to M, B1 to stay: the
        // second Chinese teacher M lacks is R2 (40), so R1 and R2 go, 80.
        var world = Self.urbanIndependent([:])
        world.pin("R1", "to", "M")
        world.pin("B1", "stay")
        let solved = try world.solve(parts: .rotation)
        #expect(solved.moves == ["R1→M", "R2→M"])
        #expect(solved.rotationObjective == 80)
        #expect(try HandPlan(rotations: [("R2", "M"), ("R3", "M")]).violations(try world.load()).contains("R7: R1 is pinned to M but does not move there"))
        // A `to` pin that no move could make (urban to urban) is bad input.
        var urbanToUrban = Self.urbanIndependent([:])
        urbanToUrban.pin("R2", "to", "L")
        #expect(throws: ScenarioError.self) { try urbanToUrban.load() }
    }

    @Test func anIndependentSchoolMustSayWhetherItIsRural() throws {
        var world = TinyWorld(Self.settings())
        world.community("C", lead: "L", members: ["M"])
        world.school("U", .independent)
        world.teacher("T", at: "L", .regular, years: 10)
        let error = try #require(throws: ScenarioError.self) { try world.load() }
        #expect(error.problems.contains { $0.column == "rural" && $0.message.contains("policy.exchange.enabled") })
        // Without the exchange its default stands.
        world.settings["policy.exchange.enabled"] = "false"
        #expect(throws: Never.self) { try world.load() }
    }

    @Test func theLedgerRecordsAnExchangeAsAnExchange() throws {
        // Published, B1's exchange is history of kind `exchange` with the exchange's term (3
        // years): away in 2026 and 2027, as the rules read it next year.
        let world = Self.urbanIndependent(["policy.exchange.min_ratio": "0.2", "policy.exchange.backbone_share": "0.5"])
        let solved = try world.solve(parts: .rotation)
        let document = try #require(solved.document)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-exchange-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try Ledger.open(folder.appendingPathComponent("ledger.sqlite"), create: true)
        let context = LedgerContext(actor: "test", command: "test", note: nil)
        let publication = PlanPublishing.publication(document, scenario: solved.scenario, planData: try document.encoded())
        _ = try ledger.publish(publication, replace: false, context: context)
        #expect(
            try ledger.historyRows().sorted { $0[0] < $1[0] } == [
                ["B1", "U", "M", "2025", "2027", "exchange"], ["R1", "U", "M", "2025", "2027", "exchange"],
            ])
        // The ledger's export says which way each went.
        let exported = String(decoding: try LedgerReport.exportCSV(ledger).data.dropFirst(3), as: UTF8.self).split(separator: "\n")
        #expect(exported.first?.contains(",交流单位,交流方式,学科,") == true, "\(exported)")
        #expect(exported.dropFirst().allSatisfy { $0.contains(",区域交流（城镇→乡村）,") }, "\(exported)")
        // An imported history keeps its kinds too.
        var next = Self.urbanIndependent([:])
        next.teacher("T", at: "L", .regular, years: 10)
        next.history("B1", from: "U", to: "M", 2022, 2024, kind: "exchange")
        next.history("T", from: "L", to: "M", 2022, 2024)
        let lines = Ledger.importedLines(of: try next.load())
        #expect(lines.map(\.historyKind) == [.exchange, .rotation])
    }
}
