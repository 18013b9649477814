import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
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
        #expect(
            try Self.diagnosis(world) == [
                "共同体 C：牵头校派出比例（R2）：牵头校 L校（L）须派出 2 人，但只有 1 名教师可以派出：1 名符合条件的教师已定留任。不符合交流条件的教师：免于交流 1 人，交流间隔期未满 1 人。"
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
        #expect(lines.contains("共同体 C：各项规则相互冲突；放宽以下任意一项即可有方案："))
        #expect(lines.contains("共同体 C：干部骨干占比（R3）：牵头校 L校（L）派出的干部和骨干教师不够（差 1 人）；干部骨干占比低于 100% 即可有方案。"))
        #expect(lines.contains("共同体 C：牵头校派出比例（R2）：牵头校 L校（L）须派出 1 人，但在其他规则之下最多只能派出 0 人；对该校而言，派出比例由 100% 降到 0% 即可有方案。"))
    }

    @Test func r4CountsCadres() throws {
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_cadres_per_member": "1"]) { $1 })
        world.community("C", lead: "L", members: ["M1", "M2", "M3"])
        world.teacher("K1", at: "L", .cadre)
        world.teacher("K2", at: "L", .cadre)
        world.teacher("K3", at: "L", .cadre, years: 10, exempt: "援疆支教")
        #expect(
            try Self.diagnosis(world) == [
                "共同体 C：成员校接收干部（R4）：牵头校 L校（L）符合条件的干部只有 2 人，而其 3 所成员校各需至少 1 人，共需 3 人。不符合交流条件的干部：免于交流 1 人。"
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
        #expect(lines == ["共同体 C：成员校接收干部（R4）：成员校 M2校（M2）距牵头校 70.0 公里，超过交流最远距离 60 公里，无法向其派出干部。"], "\(lines)")
    }

    @Test func r5CountsWhoCanBeSentBack() throws {
        // M receives a cadre (R4) and must send one back (tolerance 0), but its two teachers are
        // near retirement and new.
        var world = TinyWorld(Self.base.merging(["policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0"]) { $1 })
        world.community("C", lead: "L", members: ["M"])
        world.teacher("K", at: "L", .cadre)
        world.teacher("Old", at: "M", years: 20, toRetirement: 2)
        world.teacher("New", at: "M", years: 2)
        #expect(
            try Self.diagnosis(world) == [
                "共同体 C：成员校派出接收平衡（R5）：成员校 M校（M）按成员校接收干部（R4）至少接收 1 名干部，须派回至少 1 人（派出与接收人数之差不超过 0 人），但其 2 名教师都不能派出。不符合交流条件的教师：临近退休 1 人，本校任教年限不足 1 人。"
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
        #expect(lines.contains { $0.hasPrefix("共同体 C：不造成新缺口（R6）：L校（L）的") && $0.contains("教师将比现有人数与需求人数中的较小者少 1 人") }, "\(lines)")
        #expect(lines.contains("共同体 C：牵头校派出比例（R2）：牵头校 L校（L）须派出 1 人，但在其他规则之下最多只能派出 0 人；对该校而言，派出比例由 50% 降到 0% 即可有方案。"))
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
        #expect(
            lines == [
                "共同体 C：各项规则相互冲突；放宽以下任意一项即可有方案：",
                "共同体 C：牵头校派出比例（R2）：牵头校 L校（L）须派出 2 人，但在其他规则之下最多只能派出 1 人；对该校而言，派出比例由 100% 降到 50% 即可有方案。",
                "共同体 C：若保留牵头校派出比例（R2），以下各项须同时放宽：",
                "共同体 C：成员校派出接收平衡（R5）：成员校 M校（M）派出与接收的人数之差超出上限 1 人；上限由 0 人放宽到 1 人即可有方案。",
                "共同体 C：不造成新缺口（R6）：L校（L）的数学教师将比现有人数与需求人数中的较小者少 1 人，即有数学教师调出而无人接替。",
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
        #expect(lines.contains("共同体 C：已定安排（R7）：教师K（K）的已定安排与其他规则无法同时满足；取消这项安排即可有方案。"), "\(lines)")
        #expect(lines.contains("共同体 C：不造成新缺口（R6）：L校（L）的数学教师将比现有人数与需求人数中的较小者少 1 人，即有数学教师调出而无人接替。"))
    }

    @Test func aPinOnATeacherBeyondMaxKm() throws {
        var world = TinyWorld(Self.base)
        world.community("C", lead: "L", members: ["M"])
        world.km("L", "M", 75)
        world.teacher("A", at: "L")
        world.pin("A", "rotate")
        #expect(try Self.diagnosis(world).contains("共同体 C：已定安排（R7）：按 pins.csv 第 2 行，L校（L）的教师A（A）须交流，但交流最远距离 60 公里内没有可去的学校。"))
    }
}
