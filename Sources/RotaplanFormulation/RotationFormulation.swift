import LinearModel
import RotaplanDomain

/// Teachers of one school who are interchangeable for docs/model.md Part 1: same subject, role,
/// volunteer flag and tenure credit, so every rule and every objective term treats them alike.
/// One integer variable per group and target replaces one binary per teacher and target,
/// which removes the symmetry that slows branch-and-bound. A pinned teacher is a group alone.
public struct MoverGroup: Sendable {
    public var home: Int
    public var subject: String
    public var role: Role
    public var volunteer: Bool
    public var tenureCredit: Int
    /// Members in the order they are chosen: longest at the school first, then by id.
    public var teachers: [Int]
    public var pin: PinAction?
    /// With the county exchange: the group may be seconded (R1) and may be exchanged.
    public var secondable = true
    public var exchangeable = false
}

/// One move variable: how many teachers of `group` go to `target`.
public struct MoveVariable: Sendable {
    public var variable: Variable
    public var group: Int
    public var target: Int
    /// A community secondment, or with the county exchange an exchange.
    public var kind: MoveKind = .secondment
}

/// What one Part 1 program covers: a community alone (no rule crosses communities), or with the
/// county exchange the whole county, every school and both kinds of move (docs/model.md
/// "Part 1 with the county exchange").
public enum RotationScope: Sendable, Hashable {
    case community(Int)
    case county
}

/// The rotation program of one community, or why it cannot have a plan.
public enum RotationBuild: Sendable {
    case model(RotationFormulation)
    /// Rules found broken before solving (R7 pins on ineligible teachers or too far), in words.
    case infeasible([String])
}

/// docs/model.md Part 1 for one community as an integer program, and the way back to a plan.
///
/// Part 1 has no rule across communities, so a county's program is the sum of its
/// communities' programs and each is solved on its own.
public struct RotationFormulation: Sendable {
    public let scope: RotationScope
    /// The communities the program covers (one, or the county's).
    public let communities: [Int]
    /// The schools the program covers (their teachers are its movers).
    public let schools: [Int]
    public let model: Model
    public let groups: [MoverGroup]
    public let moves: [MoveVariable]
    /// `shortfall(M,k)` variables, for members and subjects that moves can change.
    public let shortfalls: [(variable: Variable, key: SchoolSubject)]
    /// `E(c)` per community of the program, when a member has demand.
    public let equities: [(community: Int, variable: Variable)]
    /// With the county exchange: where secondments could overfill a post that an exchange may
    /// go into as well (X3 binds only when one does).
    public let exchangedInto: [ExchangeIndicator]
    /// Q(U) of each member unit the equity term weighs, as whole-number variables.
    let strongCounts: [StrongCount]

    /// The community of a community's program.
    public var communityIndex: Int {
        if case .community(let index) = scope { return index }
        return communities.first ?? 0
    }

    /// `E(c)` of a community's program.
    public var equity: Variable? { equities.first?.variable }
    /// Lines that differ from the baseline: its moves not kept plus moves it does not have.
    public let changes: LinearExpression?

    /// Builds the program of `community` (an index into `scenario.communities`).
    /// With a `baseline` (teacher → school of a plan to keep), `changes` counts the lines that
    /// differ from it, for re-planning with the fewest changes.
    public static func build(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int, baseline: [Int: Int]? = nil
    ) -> RotationBuild {
        build(scenario, staffing: staffing, eligibility: eligibility, scope: .community(community), baseline: baseline)
    }

    /// The program of `scope`: a community, or with the county exchange the whole county.
    public static func build(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, scope: RotationScope, baseline: [Int: Int]? = nil
    ) -> RotationBuild {
        var builder = RotationModelBuilder(scenario: scenario, staffing: staffing, eligibility: eligibility, scope: scope)
        builder.baseline = baseline
        builder.addAllowedMoves()
        builder.addPins()
        guard builder.infeasibilities.isEmpty else { return .infeasible(builder.infeasibilities) }
        builder.addLeadQuota()
        builder.addBackboneShare()
        builder.addCadresPerMember()
        builder.addBalance()
        builder.addExchangeRules()
        builder.addNoNewHoles()
        builder.addObjective()
        return .model(
            RotationFormulation(
                scope: scope, communities: builder.scopeCommunities, schools: builder.scopeSchools, model: builder.model,
                groups: builder.groups, moves: builder.moves, shortfalls: builder.shortfalls, equities: builder.equities,
                exchangedInto: builder.exchangedInto, strongCounts: builder.strongCounts, changes: builder.changesFromBaseline()))
    }

    /// The elastic program (docs/model.md "When there is no plan"): every hard rule row may bend by a
    /// slack, and the objective is the total slack, so its non-zero slacks name the rules and
    /// schools that conflict and by how much. Pins found impossible by counting stay reasons.
    /// `bending` limits the slacks to some rule groups (`R2` … `R7`): the others stay hard, so a
    /// feasible result shows that relaxing those groups alone makes a plan possible.
    public static func buildElastic(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int, bending: Set<String>? = nil
    ) -> (model: Model, slacks: [RuleSlack], reasons: [String]) {
        buildElastic(scenario, staffing: staffing, eligibility: eligibility, scope: .community(community), bending: bending)
    }

    /// The elastic program of `scope`.
    public static func buildElastic(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, scope: RotationScope, bending: Set<String>? = nil
    ) -> (model: Model, slacks: [RuleSlack], reasons: [String]) {
        var builder = RotationModelBuilder(scenario: scenario, staffing: staffing, eligibility: eligibility, scope: scope)
        builder.elastic = true
        builder.bending = bending
        builder.addAllowedMoves()
        builder.addPins()
        builder.addLeadQuota()
        builder.addBackboneShare()
        builder.addCadresPerMember()
        builder.addBalance()
        builder.addExchangeRules()
        builder.addNoNewHoles()
        builder.model.minimize(LinearModel.sum(builder.slacks.map(\.variable)))
        return (builder.model, builder.slacks, builder.infeasibilities)
    }

    /// The plan a solution describes: each group's count to each target, filled in order.
    public func plan(from values: [Double]) -> RotationPlan {
        var nextMember = [Int](repeating: 0, count: groups.count)
        var result: [Move] = []
        for move in moves {
            let count = Int(values[move.variable.index].rounded())
            guard count > 0 else { continue }
            let group = groups[move.group]
            for _ in 0..<count where nextMember[move.group] < group.teachers.count {
                result.append(Move(teacher: group.teachers[nextMember[move.group]], to: move.target))
                nextMember[move.group] += 1
            }
        }
        return RotationPlan(moves: result)
    }

    /// Model values for a plan of this community (e.g. the heuristic's), to start GLPK from.
    /// Nil when the plan uses a move the program does not have.
    public func values(for plan: RotationPlan, scenario: Scenario, staffing: Staffing) -> [Double]? {
        var values = [Double](repeating: 0, count: model.variables.count)
        var groupOf: [Int: Int] = [:]
        for (index, group) in groups.enumerated() {
            for teacher in group.teachers { groupOf[teacher] = index }
        }
        var variableOf: [Int: [Int: Variable]] = [:]
        for move in moves { variableOf[move.group, default: [:]][move.target] = move.variable }
        let schools = Set(self.schools)
        for move in plan.moves where schools.contains(scenario.teachers[move.teacher].home) {
            guard let group = groupOf[move.teacher], let variable = variableOf[group]?[move.to] else { return nil }
            values[variable.index] += 1
        }
        // Auxiliary variables take the values the objective gives them.
        let evaluation = RotationEvaluation(scenario, staffing: staffing, plan: plan)
        for (variable, key) in shortfalls {
            values[variable.index] = Double(max(0, scenario.demandTeachers(key.school, key.subject) - evaluation.after(key.school, key.subject)))
        }
        for (community, equity) in equities { values[equity.index] = evaluation.equity[community] }
        for count in strongCounts {
            values[count.variable.index] =
                Double(count.present) + count.into.reduce(0) { $0 + values[$1.index] } - count.out.reduce(0) { $0 + values[$1.index] }
        }
        var exchanged: Set<SchoolSubject> = []
        for move in plan.moves where scenario.moveKind(from: scenario.teachers[move.teacher].home, to: move.to) == .exchange {
            exchanged.insert(SchoolSubject(move.to, scenario.teachers[move.teacher].subject))
        }
        for indicator in exchangedInto {
            let open = exchanged.contains(indicator.key) ? 0.0 : 1.0
            values[indicator.variable.index] = 1 - open
            var overfill = 0.0
            for part in indicator.parts {
                values[part.part.index] = open * values[part.move.index]
                overfill += values[part.part.index]
            }
            values[indicator.overfill.index] = min(overfill, open * indicator.lift)
        }
        return values
    }
}

/// Q(U) of one member unit as a variable: `present` before the moves, plus the moves `into`,
/// less the moves `out` (cadres and backbone teachers).
struct StrongCount: Sendable {
    var variable: Variable
    var present: Int
    var into: [Variable]
    var out: [Variable]
}

/// X3 where an exchange and secondments may both go into a (school, subject) pair
/// (docs/model.md "Part 1 with the county exchange"): `variable` is 1 when an exchange goes in;
/// without one the secondments may fill the post beyond `max(current, demand)` by `overfill`,
/// at most `lift` and at most what each secondment move brings (`parts`).
public struct ExchangeIndicator: Sendable {
    public var variable: Variable
    public var key: SchoolSubject
    public var overfill: Variable
    public var lift: Double
    /// Each secondment move into the pair and its share of the overfill.
    public var parts: [(part: Variable, move: Variable)]
}

/// Variable and constraint names, so that a written model reads like docs/model.md.
enum RotationNames {
    static func move(_ scenario: Scenario, _ group: MoverGroup, _ index: Int, to target: Int) -> String {
        "x[\(scenario.schools[group.home].id),\(group.subject),\(group.role.rawValue),g\(index),\(scenario.schools[target].id)]"
    }

    static func shortfall(_ scenario: Scenario, _ school: Int, _ subject: String) -> String {
        "shortfall[\(scenario.schools[school].id),\(subject)]"
    }

    static func equity(_ community: Community) -> String {
        "equity[\(community.id)]"
    }

    static func strongAfter(_ member: String) -> String {
        "strong[\(member)]"
    }
}

/// Accumulates the program of one community rule by rule (one file per rule family).
struct RotationModelBuilder {
    let scenario: Scenario
    let staffing: Staffing
    let eligibility: Eligibility
    let scope: RotationScope
    /// The communities whose rules the program holds.
    let scopeCommunities: [Int]
    /// The schools whose teachers may move (a community's, or every school of the county).
    let scopeSchools: [Int]
    var model: Model
    var groups: [MoverGroup] = []
    var moves: [MoveVariable] = []
    var shortfalls: [(variable: Variable, key: SchoolSubject)] = []
    var equities: [(community: Int, variable: Variable)] = []
    var strongCounts: [StrongCount] = []
    var exchangedInto: [ExchangeIndicator] = []
    var infeasibilities: [String] = []
    /// In the elastic program every hard rule row gets a penalised slack (docs/model.md "When there is no plan").
    var elastic = false
    var bending: Set<String>?
    var baseline: [Int: Int]?
    var slacks: [RuleSlack] = []

    init(scenario: Scenario, staffing: Staffing, eligibility: Eligibility, scope: RotationScope) {
        self.scenario = scenario
        self.staffing = staffing
        self.eligibility = eligibility
        self.scope = scope
        switch scope {
        case .community(let index):
            scopeCommunities = [index]
            scopeSchools = scenario.communities[index].schools
            model = Model(name: "rotation-\(scenario.communities[index].id)")
        case .county:
            scopeCommunities = Array(scenario.communities.indices)
            scopeSchools = Array(scenario.schools.indices)
            model = Model(name: "rotation-\(scenario.settings.slug)")
        }
    }

    var policy: RotationPolicy { scenario.policy.rotation }
    var exchange: ExchangePolicy { scenario.policy.exchange }
    /// The county exchange is planned with the secondments.
    var withExchange: Bool { scope == .county && exchange.enabled }

    func movesOut(of school: Int) -> [MoveVariable] {
        moves.filter { groups[$0.group].home == school }
    }

    func movesInto(_ school: Int) -> [MoveVariable] {
        moves.filter { $0.target == school }
    }

    /// Moves into any school of a member unit.
    func movesInto(_ unit: MemberUnit) -> [MoveVariable] {
        let schools = Set(unit.schools)
        return moves.filter { schools.contains($0.target) }
    }

    /// Moves out of any school of a member unit.
    func movesOut(of unit: MemberUnit) -> [MoveVariable] {
        let schools = Set(unit.schools)
        return moves.filter { schools.contains(groups[$0.group].home) }
    }

    func secondmentsOut(of school: Int) -> [MoveVariable] { movesOut(of: school).filter { $0.kind == .secondment } }
    func secondmentsInto(_ unit: MemberUnit) -> [MoveVariable] { movesInto(unit).filter { $0.kind == .secondment } }
    func secondmentsOut(of unit: MemberUnit) -> [MoveVariable] { movesOut(of: unit).filter { $0.kind == .secondment } }

    func sum(_ selected: [MoveVariable]) -> LinearExpression {
        LinearModel.sum(selected.map(\.variable))
    }

    /// The moves as the rows see them (`RotationRows`).
    func terms(_ selected: [MoveVariable]) -> [MoveTerm] {
        selected.map { move in
            let group = groups[move.group]
            return MoveTerm(variable: move.variable, home: group.home, target: move.target, subject: group.subject, role: group.role)
        }
    }

    /// Σ over the baseline's moves of (1 − x) + Σ over every other move variable of x.
    func changesFromBaseline() -> LinearExpression? {
        guard let baseline else { return nil }
        var changes = LinearExpression()
        let schools = Set(scopeSchools)
        var kept: Set<Int> = []
        for move in moves {
            let group = groups[move.group]
            if group.teachers.count == 1, let target = baseline[group.teachers[0]], target == move.target {
                changes.constant += 1
                changes.add(move.variable, -1)
                kept.insert(group.teachers[0])
            } else {
                changes.add(move.variable, 1)
            }
        }
        // Baseline moves the program cannot make any more are changes in every plan.
        for (teacher, _) in baseline where schools.contains(scenario.teachers[teacher].home) && !kept.contains(teacher) {
            changes.constant += 1
        }
        return changes
    }

    /// Adds a hard rule row; in the elastic program with a slack on each side that can break.
    mutating func addRule(_ comparison: Comparison, name: String, rule: String, school: Int?, subject: String? = nil, teacher: Int? = nil) {
        guard elastic, bending?.contains(rule) ?? true else {
            model.add(comparison, name: name)
            return
        }
        var expression = comparison.expression
        if comparison.lower != nil {
            let slack = model.addVariable("slack.up[\(name)]", .continuous, lower: 0, upper: nil)
            expression.add(slack, 1)
            slacks.append(RuleSlack(variable: slack, rule: rule, row: name, school: school, subject: subject, teacher: teacher, direction: .belowMinimum))
        }
        if comparison.upper != nil {
            let slack = model.addVariable("slack.down[\(name)]", .continuous, lower: 0, upper: nil)
            expression.add(slack, -1)
            slacks.append(RuleSlack(variable: slack, rule: rule, row: name, school: school, subject: subject, teacher: teacher, direction: .aboveMaximum))
        }
        model.add(Comparison(expression: expression, lower: comparison.lower, upper: comparison.upper), name: name)
    }
}

/// A slack of the elastic program: how far a rule row had to bend.
public struct RuleSlack: Sendable {
    /// Which side of the row bent: short of its minimum, or over its maximum.
    public enum Direction: Sendable { case belowMinimum, aboveMaximum }
    public var variable: Variable
    /// `R2` … `R7`.
    public var rule: String
    public var row: String
    public var school: Int?
    public var subject: String?
    public var teacher: Int?
    public var direction: Direction
}
