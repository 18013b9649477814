import Foundation
import RotaplanDomain

/// The county exchange in a generated scenario (scenarios/README.md "The county exchange"):
/// urban schools outside the communities sized as the seat's primary and junior middle
/// schools, their past exchanges, and enough room on both sides for every urban school to meet
/// X1 and X2 (docs/model.md "Part 1 with the county exchange").
extension Generation {
    /// `policy.exchange` as scenario.yaml writes it: the policy's defaults, written out so that
    /// an office sees what it may change.
    static var exchangeSettings: String {
        let policy = ExchangePolicy()
        return """
              exchange:
                enabled: yes
                min_ratio: \(formatNumber(policy.minRatio))
                backbone_share: \(formatNumber(policy.backboneShare))
                min_years_at_school: \(policy.minYearsAtSchool)
                max_km: \(formatNumber(policy.maxKm))
                term_years: \(policy.termYears)

            """
    }

    /// Names of the seat's schools outside the communities, by level.
    static let urbanPrimaryNames = ["实验小学", "育才小学", "师范附属小学", "城南小学", "城北小学", "外国语小学"]
    static let urbanJuniorNames = ["实验中学", "第二中学", "育英中学", "城东中学", "外国语学校"]

    /// Adds the exchange's part from a random stream of its own, so that the rest of the
    /// scenario is what it is without the exchange.
    mutating func addExchange() {
        var own = SeededRandom(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x6578_6368)
        swap(&random, &own)
        defer { swap(&random, &own) }
        let first = schools.count
        addUrbanSchools()
        for index in first..<schools.count { staffSchool(index) }
        addExchangeHistory(teachersFrom: schools.indices.filter { schools[$0].exchangeSender })
        makeRoomForExchanges()
    }

    /// Urban primary and junior middle schools near the seat, outside the communities: two and
    /// half the communities in a county, three or four in a district.
    mutating func addUrbanSchools() {
        let communityCount = schools.count { $0.kind == .lead }
        let count = county.urban ? random.int(3...4) : 2 + communityCount / 2
        let numbered = schools.count { $0.kind == .independent }
        for number in 1...count {
            let level: SchoolLevel = random.chance(0.4) ? .junior : .primary
            // Primary schools of 50-120 teachers, junior middle schools of 60-150 (the estimate).
            let teachers = Int((Double(level == .junior ? random.int(60...150) : random.int(50...120)) * options.scale).rounded())
            let seatName = county.seatNames[random.int(0...(county.seatNames.count - 1))]
            let name = seatName + random.pick(level == .junior ? Self.urbanJuniorNames : Self.urbanPrimaryNames)
            let (latitude, longitude) = offset(
                county.seatLatitude, county.seatLongitude, km: random.double(0.5...8), angle: random.double(0...(2 * .pi)))
            var school = SchoolPlan(
                id: String(format: "%@-I%02d", county.prefix, numbered + number), name: uniqueSchoolName(name), kind: .independent,
                community: nil, rural: false, latitude: latitude, longitude: longitude, level: level,
                classes: classesFor(teachers: max(12, teachers), level: level), isTeachingPoint: false)
            school.exchangeSender = true
            addSchool(school)
        }
    }

    /// Past exchanges of the new schools' teachers, to rural schools: a few running (three-year
    /// terms started last year) and a few that ended in the last six years.
    mutating func addExchangeHistory(teachersFrom senders: [Int]) {
        let rural = schools.indices.filter { schools[$0].rural && !schools[$0].isTeachingPoint || schools[$0].kind == .site }
        guard !rural.isEmpty else { return }
        let term = ExchangePolicy().termYears
        for teacher in teachers.indices where senders.contains(teachers[teacher].school) {
            let roll = random.unit()
            let school = schools[teachers[teacher].school]
            if roll < 0.02 && teachers[teacher].exempt.isEmpty {
                let target = random.pick(rural)
                history.append([teachers[teacher].id, school.id, schools[target].id, String(year - 1), String(year - 2 + term), "exchange"])
            } else if roll < 0.06 {
                let ended = year - random.int(1...6)
                let target = random.pick(rural)
                history.append([teachers[teacher].id, school.id, schools[target].id, String(ended - term + 1), String(ended), "exchange"])
            }
        }
    }

    /// Whether a teacher may be exchanged this year, as docs/model.md counts it with the
    /// policy's defaults (tenure at the school for every role, no running term, no cooldown).
    func isExchangeEligible(_ teacher: Int, busy: Set<String>) -> Bool {
        let row = teachers[teacher]
        let rotation = RotationPolicy()
        return row.exempt.isEmpty && row.yearsToRetirement >= rotation.minYearsToRetirement
            && row.yearsAtSchool >= ExchangePolicy().minYearsAtSchool && !busy.contains(row.id)
    }

    /// Room for every urban school to meet X1 and X2: an urban school outside the communities
    /// (or an urban member, whose secondments to its lead count) that cannot expect its
    /// secondments to reach `ceil(min_ratio × xbase)` gets exchanges it can make: a teacher of
    /// a subject it has above demand (R6) to a rural school within `max_km` short of that
    /// subject (X3). Where no such pair exists, the school takes one more teacher of a subject
    /// a reachable rural school lacks, or a reachable rural central school's English demand
    /// grows by one; a regular teacher becomes backbone where X2 asks for one more.
    mutating func makeRoomForExchanges() {
        let policy = ExchangePolicy()
        // Teachers with a running or recent term (and the pinned) are not counted or chosen.
        let cooldown = RotationPolicy().cooldownYears
        let recent = Set(history.filter { $0[5] != "itinerant" && Int($0[4])! >= year - cooldown }.map { $0[0] })
        var busy = recent.union(pins.map { $0[0] })
        var staff: [String: Int] = [:]
        for teacher in teachers { staff["\(teacher.school)|\(teacher.subject)", default: 0] += 1 }
        var wanted: [String: Int] = [:]
        for entry in demand { wanted["\(entry.school)|\(entry.subject)", default: 0] += entry.teachers }
        func spare(_ school: Int, _ subject: String) -> Int {
            staff["\(school)|\(subject)", default: 0] - wanted["\(school)|\(subject)", default: 0]
        }
        // Senders are never leads, so no move from one is a secondment: any rural school in reach.
        func reachable(from school: Int) -> [Int] {
            schools.indices.filter { schools[$0].rural && $0 != school && km(school, $0) <= policy.maxKm }
        }
        let subjects = ["english", "music", "pe", "art", "chinese", "math"]
        for sender in schools.indices where !schools[sender].rural && schools[sender].kind != .lead {
            // X1's requirement counts the exchange-eligible teachers, whom a teacher added here
            // increases: it is counted again after each exchange found.
            func required() -> Int {
                let eligible = teachers.indices.count { teachers[$0].school == sender && isExchangeEligible($0, busy: recent) }
                return Int((policy.minRatio * Double(eligible) - 1e-9).rounded(.up))
            }
            // A member's secondments to its lead count towards X1; it sends what it receives.
            let expected = schools[sender].kind == .member ? schools[sender].expectedReceipts : 0
            var strongNeeded = Int((policy.backboneShare * Double(required()) - 1e-9).rounded(.up))
            let destinations = reachable(from: sender)
            var sent = 0
            while expected + sent < required() && sent < 100 {
                sent += 1
                // A subject the sender can spare that a reachable rural school lacks.
                var choice: (subject: String, target: Int)?
                for subject in subjects where spare(sender, subject) > 0 {
                    if let target = destinations.first(where: { spare($0, subject) < 0 }) {
                        choice = (subject, target)
                        break
                    }
                }
                if choice == nil {
                    // Make the room: a subject a reachable rural school lacks, or English demand.
                    if let found = subjects.lazy.compactMap({ subject in destinations.first(where: { spare($0, subject) < 0 }).map { (subject, $0) } }).first {
                        choice = found
                    } else if let target = destinations.first(where: { schools[$0].kind == .member }) ?? destinations.first {
                        addDemandTeacher(school: target, subject: "english")
                        wanted["\(target)|english", default: 0] += 1
                        choice = ("english", target)
                    }
                    guard let (subject, _) = choice else { break }
                    if spare(sender, subject) <= 0 { addExchangeableTeacher(at: sender, subject: subject, staff: &staff) }
                }
                guard let (subject, target) = choice else { break }
                // The one who goes: eligible, of the subject; a cadre or backbone teacher while X2 asks for one.
                var candidates = teachers.indices.filter {
                    teachers[$0].school == sender && teachers[$0].subject == subject && isExchangeEligible($0, busy: busy)
                }
                if candidates.isEmpty {
                    addExchangeableTeacher(at: sender, subject: subject, staff: &staff)
                    candidates = [teachers.count - 1]
                }
                guard let teacher = candidates.first(where: { strongNeeded == 0 || teachers[$0].role.isCadreOrBackbone }) ?? candidates.first else { break }
                if strongNeeded > 0 {
                    if teachers[teacher].role == .regular { teachers[teacher].role = .backbone }
                    strongNeeded -= 1
                }
                busy.insert(teachers[teacher].id)
                staff["\(sender)|\(subject)", default: 0] -= 1
                staff["\(target)|\(subject)", default: 0] += 1
            }
        }
    }

    /// One more teacher at `school` whom the exchange may send: long enough at the school, far
    /// enough from retirement, not exempt.
    mutating func addExchangeableTeacher(at school: Int, subject: String, staff: inout [String: Int]) {
        addTeacher(school: school, subject: subject)
        let added = teachers.count - 1
        teachers[added].exempt = ""
        teachers[added].yearsAtSchool = max(teachers[added].yearsAtSchool, ExchangePolicy().minYearsAtSchool + random.int(0...10))
        teachers[added].yearsToRetirement = max(teachers[added].yearsToRetirement, RotationPolicy().minYearsToRetirement + 3)
        staff["\(school)|\(subject)", default: 0] += 1
    }

    /// One more teacher of demand at a school (16 periods a week).
    mutating func addDemandTeacher(school: Int, subject: String) {
        if let index = demand.firstIndex(where: { $0.school == school && $0.subject == subject }) {
            demand[index].teachers += 1
            demand[index].periods += 16
        } else {
            demand.append((school, subject, 1, 16))
        }
    }

    /// Road km as rotaplan reads them: the distances table, else great-circle km × the road factor.
    func km(_ from: Int, _ to: Int) -> Double {
        let (a, b) = (schools[from].id, schools[to].id)
        if let row = distances.first(where: { ($0[0] == a && $0[1] == b) || ($0[0] == b && $0[1] == a) }), let value = Double(row[2]) {
            return value
        }
        return greatCircleKm(
            latitude1: schools[from].latitude, longitude1: schools[from].longitude,
            latitude2: schools[to].latitude, longitude2: schools[to].longitude) * Policy().roadFactor
    }
}
