import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import Testing

/// Every program rotaplan builds, written as CPLEX LP on one small scenario and compared with a
/// committed file (`Fixtures/golden/`): a change to a rule's rows shows here as a diff to read,
/// never silently. `ROTAPLAN_UPDATE_GOLDEN=1 swift test --filter GoldenModelTests` rewrites the
/// files after a change that is meant; the diff then goes into the commit.
@Suite struct GoldenModelTests {
    /// Two communities: a lead with cadres, backbone and regular teachers, two members (one with
    /// a site), music teachers with surplus and rural schools short of music, a pin, a running
    /// secondment and one in cooldown.
    static let world: TinyWorld = {
        var world = TinyWorld(["policy.rotation.min_ratio": "0.2", "policy.rotation.term_years": "1", "policy.rotation.cooldown_years": "1"])
        world.community("C1", lead: "L1", members: ["M1", "M2"])
        world.site("S1", of: "M1")
        world.community("C2", lead: "L2", members: ["M3"])
        for (index, role) in [Role.cadre, .cadre, .backbone, .backbone, .regular, .regular, .regular].enumerated() {
            world.teacher("L1T\(index)", at: "L1", role, years: 6 + index)
            world.teacher("L2T\(index)", at: "L2", role, years: 7 + index)
        }
        for member in ["M1", "M2", "M3"] {
            world.teacher("\(member)R", at: member, .reserveCadre, years: 3)
            world.teacher("\(member)G", at: member, .regular, years: 9)
            world.demand(member, "chinese", teachers: 3)
            world.demand(member, "music", teachers: 1, periods: 14)
        }
        world.teacher("S1G", at: "S1", .regular, years: 12)
        world.demand("S1", "chinese", teachers: 2)
        world.demand("S1", "music", teachers: 0, periods: 6)
        world.teacher("L1MU1", at: "L1", "music", .regular, years: 8)
        world.teacher("L1MU2", at: "L1", "music", .regular, years: 4, days: "mon;tue;wed")
        world.teacher("L2MU1", at: "L2", "music", .backbone, years: 9)
        world.demand("L1", "music", teachers: 1, periods: 10)
        world.demand("L2", "music", teachers: 0, periods: 4)
        world.km("L1", "M2", 12)
        world.km("L1", "S1", 25)
        world.pin("L1T0", "to", "M2")
        world.history("L2T1", from: "L2", to: "M3", 2025, 2025)
        world.history("L1T3", from: "L1", to: "M1", 2024, 2024)
        return world
    }()

    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

    /// Each program's LP text by name.
    static func programs() throws -> [(name: String, model: Model)] {
        let scenario = try world.load()
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        var programs: [(String, Model)] = []
        for community in scenario.communities.indices {
            let id = scenario.communities[community].id
            if case .model(let formulation) = RotationFormulation.build(scenario, staffing: staffing, eligibility: eligibility, community: community) {
                programs.append(("rotation-\(id)", formulation.model))
            }
            let elastic = RotationFormulation.buildElastic(scenario, staffing: staffing, eligibility: eligibility, community: community)
            programs.append(("elastic-\(id)", elastic.model))
            if case .model(let cycle) = CycleFormulation.build([scenario, scenario.aged(by: 1), scenario.aged(by: 2)], community: community) {
                programs.append(("cycle-\(id)", cycle.model))
            }
        }
        let facts = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
        for (index, component) in facts.components().enumerated() {
            programs.append(("itinerant-\(component.subject)-\(index)", ItinerantFormulation.build(scenario, facts: facts, component: component).model))
        }
        let candidates = scenario.schools.indices.filter { scenario.schools[$0].kind != .independent }
        programs.append(("hire-music", HireFormulation.build(scenario, facts: facts, subject: "music", count: 2, candidates: candidates).model))
        return programs
    }

    @Test func everyProgramIsWrittenAsCommitted() throws {
        let update = ProcessInfo.processInfo.environment["ROTAPLAN_UPDATE_GOLDEN"] == "1"
        let programs = try Self.programs()
        #expect(programs.count == 8, "every formulation is here: \(programs.map(\.name))")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        if update { try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true) }
        for (name, model) in programs {
            let file = scratch.appendingPathComponent("\(name).lp")
            try GLPKSolver.write(model, format: .lp, to: file.path)
            let written = try String(contentsOf: file, encoding: .utf8)
            let committed = Self.golden.appendingPathComponent("\(name).lp")
            if update {
                try written.write(to: committed, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try? String(contentsOf: committed, encoding: .utf8)
            #expect(expected == written, "\(name).lp differs from Fixtures/golden/\(name).lp (ROTAPLAN_UPDATE_GOLDEN=1 rewrites it)")
        }
    }
}
