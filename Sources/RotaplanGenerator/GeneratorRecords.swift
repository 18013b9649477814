import Foundation
import RotaplanDomain

// The history, the pins, the distances and the files written.
extension Generation {
    /// Running secondments (started last year, two-year terms) and finished ones (the record),
    /// from leads to their members and sites.
    mutating func addHistory() {
        let communityMembers = Dictionary(grouping: schools.indices.filter { [.member, .site].contains(schools[$0].kind) }) { schools[$0].community! }
        for teacher in teachers.indices {
            let school = schools[teachers[teacher].school]
            guard school.kind == .lead, let community = school.community, let members = communityMembers[community] else { continue }
            let roll = random.unit()
            if roll < 0.02 && teachers[teacher].exempt.isEmpty {
                let target = random.pick(members)
                history.append([teachers[teacher].id, school.id, schools[target].id, String(year - 1), String(year), "rotation"])
            } else if roll < 0.07 {
                let ended = year - random.int(1...6)
                let target = random.pick(members)
                history.append([teachers[teacher].id, school.id, schools[target].id, String(ended), String(ended), "rotation"])
            } else if roll < 0.08 && itinerantSubjects.contains(teachers[teacher].subject) {
                let target = random.pick(members)
                history.append([teachers[teacher].id, school.id, schools[target].id, String(year - 1), String(year - 1), "itinerant"])
            }
        }
    }

    /// A few decisions HR has already taken.
    mutating func addPins() {
        let heldBack = Set(history.map { $0[0] })
        // Pinned teachers come from subjects their school can spare, so that a pin alone never
        // opens a post (R6).
        var spare: [String: Int] = [:]
        for teacher in teachers { spare["\(teacher.school)|\(teacher.subject)", default: 0] += 1 }
        for entry in demand { spare["\(entry.school)|\(entry.subject)", default: 0] -= entry.teachers }
        func eligibleLeadTeacher(_ role: Role?, volunteer: Bool?) -> Int? {
            teachers.indices.first { index in
                let teacher = teachers[index]
                return schools[teacher.school].kind == .lead && teacher.exempt.isEmpty && !heldBack.contains(teacher.id)
                    && spare["\(teacher.school)|\(teacher.subject)", default: 0] > 1
                    && teacher.yearsToRetirement >= rotation.minYearsToRetirement
                    && (teacher.role != .regular || teacher.yearsAtSchool >= rotation.minYearsAtSchool)
                    && (role == nil || teacher.role == role) && (volunteer == nil || teacher.volunteer == volunteer)
                    && random.chance(0.15)
            }
        }
        var pinned: Set<Int> = []
        if let teacher = eligibleLeadTeacher(.backbone, volunteer: true) ?? eligibleLeadTeacher(.backbone, volunteer: nil) {
            pinned.insert(teacher)
            pins.append([teachers[teacher].id, "rotate", "", "本人申请交流"])
        }
        if let teacher = eligibleLeadTeacher(.cadre, volunteer: nil), !pinned.contains(teacher) {
            let community = schools[teachers[teacher].school].community
            if let target = schools.indices.first(where: { schools[$0].kind == .member && schools[$0].community == community && !schools[$0].isTeachingPoint })
            {
                pinned.insert(teacher)
                pins.append([teachers[teacher].id, "to", schools[target].id, "组织安排，任副校长"])
            }
        }
        if let teacher = teachers.indices.first(where: {
            schools[teachers[$0].school].kind == .lead && teachers[$0].subject == "english" && !pinned.contains($0)
        }) {
            pins.append([teachers[teacher].id, "stay", "", "家庭原因，本年度暂缓交流"])
        }
    }

    /// A few road distances that differ from the straight line (river crossings).
    mutating func addDistances() {
        let members = schools.indices.filter { schools[$0].kind == .member }
        for member in members.prefix(2) {
            guard let community = schools[member].community,
                let lead = schools.indices.first(where: { schools[$0].kind == .lead && schools[$0].community == community })
            else { continue }
            let straight = greatCircleKm(
                latitude1: schools[lead].latitude, longitude1: schools[lead].longitude,
                latitude2: schools[member].latitude, longitude2: schools[member].longitude)
            let road = (straight * random.double(1.5...1.9) * 10).rounded() / 10
            distances.append([schools[lead].id, schools[member].id, formatNumber(road)])
        }
    }

    func files() -> [(name: String, data: Data)] {
        let yaml = """
            # Synthetic scenario written by `rotaplan generate --county \(county.slug) --seed \(options.seed)\
            \(options.communities.map { " --communities \($0)" } ?? "")\(options.scale != 1 ? " --scale \(formatNumber(options.scale))" : "")\(options.exchange ? " --exchange" : "")`.
            # Names of towns are real; schools, teachers and numbers are generated (see scenarios/README.md).
            county: \(county.name)
            slug: \(options.slug ?? county.slug)
            year: \(year)
            synthetic: true
            policy:
              rotation:
                min_ratio: 0.10
                backbone_share: 0.20
                min_cadres_per_member: 1
                balance_tolerance: 0
            \(options.exchange ? Self.exchangeSettings : "")  itinerant:
                subjects: [music, pe, art]
                scope: county
                max_km: 30

            """
        let schoolRows = schools.map { school in
            [
                school.id, school.name, school.kind.rawValue, school.community ?? "", school.parent.map { schools[$0].id } ?? "",
                school.rural ? "yes" : "no",
                formatNumber(school.latitude), formatNumber(school.longitude), school.level.rawValue,
            ]
        }
        // Genders come from a stream of their own so that adding the column left every other value as it was.
        var genders = SeededRandom(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x6765_6E64)
        let teacherRows = teachers.map { teacher in
            [
                teacher.id, teacher.name, schools[teacher.school].id, teacher.subject, teacher.role.rawValue, teacher.title,
                genders.chance(0.62) ? "女" : "男", String(teacher.yearsAtSchool), String(teacher.yearsToRetirement), teacher.exempt,
                teacher.volunteer ? "yes" : "", teacher.maxPeriods.map(String.init) ?? "",
                teacher.itinerant.map { $0 ? "yes" : "no" } ?? "", teacher.availableDays,
            ]
        }
        let demandRows = demand.map { [schools[$0.school].id, $0.subject, String($0.teachers), String($0.periods)] }
        return [
            ("scenario.yaml", Data(yaml.utf8)),
            ("schools.csv", CSV.format(header: ["id", "name", "kind", "community", "parent", "rural", "lat", "lon", "level"], rows: schoolRows)),
            (
                "teachers.csv",
                CSV.format(
                    header: [
                        "id", "name", "school", "subject", "role", "title", "gender", "years_at_school", "years_to_retirement",
                        "exempt", "volunteer", "max_periods", "itinerant", "available_days",
                    ], rows: teacherRows)
            ),
            ("demand.csv", CSV.format(header: ["school", "subject", "teachers", "periods"], rows: demandRows)),
            ("history.csv", CSV.format(header: ["teacher", "from", "to", "start_year", "end_year", "kind"], rows: history)),
            ("pins.csv", CSV.format(header: ["teacher", "action", "school", "note"], rows: pins)),
            ("distances.csv", CSV.format(header: ["from", "to", "km"], rows: distances)),
        ]
    }
}
