import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanPlanner
import RotaplanReport
import Testing

/// Infeasible scenarios, each built to fail one way, and the words the diagnosis uses.
@Suite struct DiagnosisTests {
    static let base: [String: String] = [
        "policy.rotation.min_ratio": "0", "policy.rotation.min_cadres_per_member": "0",
        "policy.rotation.backbone_share": "0", "policy.rotation.balance_tolerance": "5",
    ]

    static func diagnosis(_ world: TinyWorld) throws -> [String] {
        let solved = try world.solve(parts: .rotation)
        #expect(solved.rotationStatus == .infeasible)
        #expect(!solved.county.hasPlan)
        return solved.diagnosis
    }

    @Test func r2CountsWhoCanGo() throws {
        // min_ratio 1 of the two eligible (A, D) → 2 must go; D is pinned to stay, B is exempt and
        // C came back in 2024 (cooldown). Only A can go.
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_ratio": "1"]) { $1 })
        world.community("C", lead: "L", members: ["M"])
        world.teacher("A", at: "L")
        world.teacher("B", at: "L", exempt: "孕期")
        world.teacher("C", at: "L")
        world.teacher("D", at: "L")
        world.history("C", from: "L", to: "M", 2024, 2024)
        world.pin("D", "stay")
        #expect(try Self.diagnosis(world) == [
            "community C: R2: lead L (L校) must send 2 but only 1 of its teachers can go: 1 eligible teacher is pinned to stay. Not eligible: 1 exempt, 1 in cooldown."
        ])
    }

    @Test func r3WhenOnlyRegularTeachersCanGo() throws {
        // Every move must be a cadre's or a backbone teacher's (share 1), one move is required,
        // and only regular teachers are eligible: relaxing R2 or R3 would each do.
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_ratio": "1", "policy.rotation.backbone_share": "1"]) { $1 })
        world.community("C", lead: "L", members: ["M"])
        world.teacher("A", at: "L")
        world.teacher("K", at: "L", .cadre, years: 10, exempt: "病休")
        let lines = try Self.diagnosis(world)
        #expect(lines.contains("community C: the rules conflict; relaxing any one of these would make a plan possible:"))
        #expect(lines.contains("community C: R3: lead L (L校) cannot send enough cadres and backbone teachers (short by 1); a lower backbone_share than 1 would be possible."))
        #expect(lines.contains("community C: R2: lead L (L校) must send 1 but, with the other rules, can send 0; min_ratio 1 → 0 at L would be possible."))
    }

    @Test func r4CountsCadres() throws {
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_cadres_per_member": "1"]) { $1 })
        world.community("C", lead: "L", members: ["M1", "M2", "M3"])
        world.teacher("K1", at: "L", .cadre)
        world.teacher("K2", at: "L", .cadre)
        world.teacher("K3", at: "L", .cadre, years: 10, exempt: "援疆支教")
        #expect(try Self.diagnosis(world) == [
            "community C: R4: lead L (L校) has 2 cadres who can go; its 3 member schools need 1 each (3). Not eligible: 1 exempt."
        ])
    }

    @Test func r4NamesAMemberBeyondMaxKmOnce() throws {
        // M2 is 70 km away (max_km 60): no cadre can reach it, and it cannot send anyone back
        // either; the diagnosis names the distance under R4 and does not repeat it under R5.
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0"]) { $1 })
        world.community("C", lead: "L", members: ["M1", "M2"])
        world.km("L", "M2", 70)
        world.teacher("K1", at: "L", .cadre)
        world.teacher("K2", at: "L", .cadre)
        world.teacher("A", at: "M1")
        world.teacher("B", at: "M2")
        let lines = try Self.diagnosis(world)
        #expect(lines == ["community C: R4: member M2 (M2校) is 70.0 km from its lead, beyond max_km 60: no cadre can be sent to it."], "\(lines)")
    }

    @Test func r5CountsWhoCanBeSentBack() throws {
        // M receives a cadre (R4) and must send one back (tolerance 0), but its two teachers are
        // near retirement and new.
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0"]) { $1 })
        world.community("C", lead: "L", members: ["M"])
        world.teacher("K", at: "L", .cadre)
        world.teacher("Old", at: "M", years: 20, toRetirement: 2)
        world.teacher("New", at: "M", years: 2)
        #expect(try Self.diagnosis(world) == [
            "community C: R5: member M (M校) receives at least 1 cadre (R4) and must send 1 back (balance_tolerance 0), but 0 of its 2 teachers can be sent. Not eligible: 1 near retirement, 1 too few years at the school."
        ])
    }

    @Test func r6WhenNoTeacherCanBeSpared() throws {
        // One move is required, but L cannot spare its only maths or Chinese teacher: relaxing R2
        // or letting a post open (R6) would each do.
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_ratio": "0.5"]) { $1 })
        world.community("C", lead: "L", members: ["M"])
        world.teacher("X", at: "L", "math", years: 16)
        world.teacher("Y", at: "L", "chinese", years: 16)
        world.demand("L", "math", teachers: 1)
        world.demand("L", "chinese", teachers: 1)
        let lines = try Self.diagnosis(world)
        #expect(lines.contains { $0.hasPrefix("community C: R6: at L (L校), ") && $0.contains("would fall 1 below min(current, demand)") }, "\(lines)")
        #expect(lines.contains("community C: R2: lead L (L校) must send 1 but, with the other rules, can send 0; min_ratio 0.5 → 0 at L would be possible."))
    }

    @Test func whenOnlyOneRuleCanBendTheDiagnosisNamesWhatStandsInItsWay() throws {
        // min_ratio 1: both X and Y must go. M can send back only Z (R5, tolerance 0), and L's
        // maths post must stay filled (R6): only relaxing R2 helps alone. Keeping R2, M would
        // have to send back one more than it can and L's maths post would open.
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_ratio": "1", "policy.rotation.balance_tolerance": "0"]) { $1 })
        world.community("C", lead: "L", members: ["M"])
        world.teacher("X", at: "L", "math", years: 16)
        world.teacher("Y", at: "L", "chinese", years: 16)
        world.teacher("Z", at: "M", "chinese", years: 16)
        world.demand("L", "math", teachers: 1)
        world.demand("L", "chinese", teachers: 1)
        let lines = try Self.diagnosis(world)
        #expect(lines == [
            "community C: the rules conflict; relaxing any one of these would make a plan possible:",
            "community C: R2: lead L (L校) must send 2 but, with the other rules, can send 1; min_ratio 1 → 0.5 at L would be possible.",
            "community C: keeping R2, what stands in its way (these would all have to bend together):",
            "community C: R5: member M (M校) cannot send back as many as it receives (off by 1); balance_tolerance 0 → 1 would be possible.",
            "community C: R6: at L (L校), 数学 would fall 1 below min(current, demand); a teacher of it would have to leave without a replacement.",
        ], "\(lines)")
    }

    @Test func aPinThatContradictsARule() throws {
        // K, L's only maths teacher, is pinned to M, but L needs its maths post filled (R6):
        // dropping the pin or opening the post would each make a plan possible.
        var world = TinyWorld(Self.base)
        world.community("C", lead: "L", members: ["M"])
        world.teacher("K", at: "L", "math", .cadre)
        world.demand("L", "math", teachers: 1)
        world.pin("K", "to", "M")
        let lines = try Self.diagnosis(world)
        #expect(lines.contains("community C: R7: the pin of K (教师K) cannot be kept together with the other rules; without it a plan is possible."), "\(lines)")
        #expect(lines.contains("community C: R6: at L (L校), 数学 would fall 1 below min(current, demand); a teacher of it would have to leave without a replacement."))
    }

    @Test func aPinOnATeacherBeyondMaxKm() throws {
        var world = TinyWorld(Self.base)
        world.community("C", lead: "L", members: ["M"])
        world.km("L", "M", 75)
        world.teacher("A", at: "L")
        world.pin("A", "rotate")
        #expect(try Self.diagnosis(world).contains("community C: R7: pins.csv:2 says rotate for A (教师A) at L, but no allowed school is within max_km 60 km."))
    }
}
