import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import Testing

/// A hand-made scenario for one rule: schools all at one point, so that every distance is
/// 0 km unless the test gives it; settings through `--set` overrides.
struct TinyWorld {
    var settings: [String: String] = [:]
    private var schoolRows: [String] = []
    private var teacherRows: [String] = []
    private var demandRows: [String] = []
    private var distanceRows: [String] = []
    private var pinRows: [String] = []
    private var historyRows: [String] = []

    init(_ settings: [String: String] = [:]) {
        self.settings = settings
    }

    mutating func school(_ id: String, _ kind: SchoolKind, _ community: String = "", rural: Bool? = nil, parent: String = "") {
        let ruralText = rural.map { $0 ? "yes" : "no" } ?? ""
        schoolRows.append("\(id),\(id)校,\(kind.rawValue),\(community),\(ruralText),28.5,115.9,\(parent)")
    }

    /// A site (村小, 教学点) managed by the member `parent`.
    mutating func site(_ id: String, of parent: String) {
        school(id, .site, parent: parent)
    }

    /// A lead school `lead` with its members.
    mutating func community(_ id: String, lead: String, members: [String]) {
        school(lead, .lead, id)
        for member in members { school(member, .member, id) }
    }

    mutating func teacher(
        _ id: String, at school: String, _ subject: String = "chinese", _ role: Role = .regular, years: Int = 10,
        toRetirement: Int = 20, exempt: String = "", volunteer: Bool = false, maxPeriods: Int? = nil,
        itinerant: Bool? = nil, days: String = ""
    ) {
        let fields = [
            id, "教师\(id)", school, subject, role.rawValue, String(years), String(toRetirement), exempt,
            volunteer ? "yes" : "", maxPeriods.map(String.init) ?? "", itinerant.map { $0 ? "yes" : "no" } ?? "", days,
        ]
        teacherRows.append(fields.joined(separator: ","))
    }

    /// A Chinese teacher of `role`.
    mutating func teacher(_ id: String, at school: String, _ role: Role, years: Int = 10, exempt: String = "") {
        teacher(id, at: school, "chinese", role, years: years, exempt: exempt)
    }

    mutating func demand(_ school: String, _ subject: String, teachers: Int, periods: Int? = nil) {
        demandRows.append("\(school),\(subject),\(teachers),\(periods.map(String.init) ?? "")")
    }

    /// Road km both ways between two schools.
    mutating func km(_ from: String, _ to: String, _ km: Double) {
        distanceRows.append("\(from),\(to),\(km)")
    }

    mutating func pin(_ teacher: String, _ action: String, _ school: String = "") {
        pinRows.append("\(teacher),\(action),\(school),")
    }

    mutating func history(_ teacher: String, from: String, to: String, _ start: Int, _ end: Int, kind: String = "rotation") {
        historyRows.append("\(teacher),\(from),\(to),\(start),\(end),\(kind)")
    }

    var files: ScenarioFiles {
        var files: [String: String] = [
            "scenario.yaml": "county: 测试县\nslug: tiny\nyear: 2025\nsynthetic: true\n",
            "schools.csv": (["id,name,kind,community,rural,lat,lon,parent"] + schoolRows).joined(separator: "\n") + "\n",
            "teachers.csv":
                ([
                    "id,name,school,subject,role,years_at_school,years_to_retirement,exempt,volunteer,max_periods,itinerant,available_days"
                ] + teacherRows).joined(separator: "\n") + "\n",
            "demand.csv": (["school,subject,teachers,periods"] + demandRows).joined(separator: "\n") + "\n",
        ]
        if !distanceRows.isEmpty { files["distances.csv"] = (["from,to,km"] + distanceRows).joined(separator: "\n") + "\n" }
        if !pinRows.isEmpty { files["pins.csv"] = (["teacher,action,school,note"] + pinRows).joined(separator: "\n") + "\n" }
        if !historyRows.isEmpty {
            files["history.csv"] = (["teacher,from,to,start_year,end_year,kind"] + historyRows).joined(separator: "\n") + "\n"
        }
        return ScenarioFiles(files)
    }

    var overrides: [SettingOverride] {
        settings.sorted { $0.key < $1.key }.map { SettingOverride(key: $0.key, value: $0.value) }
    }

    func load() throws -> Scenario {
        try files.load(overrides: overrides)
    }

    /// Solves and checks the plan with `rotaplan verify`'s checker: every plan a test makes must verify.
    func solve(
        parts: PlanParts = .both, method: SolveMethod = .glpk, seed: UInt64 = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Solved {
        let scenario = try load()
        let county = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: method, parts: parts, seed: seed, threads: 2))
        return try Solved(scenario: scenario, county: county, sourceLocation: sourceLocation)
    }
}

/// A solved tiny world, with the plan in readable form.
struct Solved {
    var scenario: Scenario
    var county: CountyPlan
    var document: PlanDocument?
    var verify: VerifyReport?

    init(scenario: Scenario, county: CountyPlan, sourceLocation: SourceLocation = #_sourceLocation) throws {
        self.scenario = scenario
        self.county = county
        if county.hasPlan {
            let document = PlanAssembly.document(county, meta: nil)
            self.document = document
            let report = PlanVerifier.verify(scenario, plan: try document.encoded())
            self.verify = report
            #expect(report.ok, "the plan must verify: \(report.violations)", sourceLocation: sourceLocation)
        }
    }

    /// `T1→M1`, sorted.
    var moves: [String] {
        (county.rotation?.plan?.moves ?? []).map { "\(scenario.teachers[$0.teacher].id)→\(scenario.schools[$0.to].id)" }.sorted()
    }

    /// `T1→M1 mon 4`, sorted.
    var visits: [String] {
        (county.itinerant?.plan?.visits ?? []).map {
            "\(scenario.teachers[$0.teacher].id)→\(scenario.schools[$0.school].id) \($0.day.rawValue) \($0.periods)"
        }.sorted()
    }

    var rotationStatus: PlanStatus? { county.rotation?.report.status }
    var rotationObjective: Double? { county.rotation?.report.objective }
    var itinerantObjective: Double? { county.itinerant?.report.objective }
    var diagnosis: [String] { county.rotation?.diagnosis ?? [] }
}

/// A plan written by hand, to show that `verify` rejects what breaks a rule.
struct HandPlan {
    var rotations: [(teacher: String, to: String)] = []
    var visits: [(teacher: String, school: String, day: String, periods: Int)] = []
    var itinerantPart = false

    func json(_ scenario: Scenario) throws -> Data {
        var rotationLines: [[String: Any]] = []
        var presentAfter = Staffing(scenario).presentAt
        for (teacherId, targetId) in rotations {
            let teacher = scenario.teachers[scenario.teacherIndex[teacherId]!]
            let target = scenario.schoolIndex[targetId]!
            presentAfter[scenario.teacherIndex[teacherId]!] = target
            let (home, to) = (scenario.schools[teacher.home], scenario.schools[target])
            // An exchange by its shape, with its direction and term (docs/model.md).
            let exchange = scenario.moveKind(from: teacher.home, to: target) == .exchange
            var line: [String: Any] = [
                "teacher": teacherId, "from": home.id, "to": targetId,
                "direction": exchange ? (home.rural ? "rural_to_urban" : "urban_to_rural") : "\(home.kind.rawValue)_to_\(to.kind.rawValue)",
                "role": teacher.role.rawValue, "subject": teacher.subject, "km": scenario.km(teacher.home, target),
                "start_year": scenario.year,
                "end_year": scenario.year + (exchange ? scenario.policy.exchange.termYears : scenario.policy.rotation.termYears) - 1,
            ]
            if let site = [home, to].first(where: { $0.kind == .site }), let parent = site.parent {
                line["member"] = scenario.schools[parent].id
            }
            rotationLines.append(line)
        }
        var visitLines: [[String: Any]] = []
        for visit in visits {
            let index = scenario.teacherIndex[visit.teacher]!
            let home = presentAfter[index]
            visitLines.append([
                "teacher": visit.teacher, "home": scenario.schools[home].id, "school": visit.school, "day": visit.day,
                "subject": scenario.teachers[index].subject, "periods": visit.periods,
                "km": scenario.km(home, scenario.schoolIndex[visit.school]!),
            ])
        }
        var solver: [String: Any] = ["rotation": ["method": "hand", "status": "feasible"]]
        if itinerantPart { solver["itinerant"] = ["method": "hand", "status": "feasible"] }
        let root: [String: Any] = [
            "scenario": scenario.settings.slug, "year": scenario.year, "solver": solver, "rotations": rotationLines,
            "itinerant": visitLines, "uncovered": [], "compliance": [], "effort": [], "improvement": [],
        ]
        return try JSONSerialization.data(withJSONObject: root)
    }

    /// The violations `verify` reports for this plan.
    func violations(_ scenario: Scenario) throws -> [String] {
        PlanVerifier.verify(scenario, plan: try json(scenario)).violations
    }
}
