import Foundation
import RotaplanDomain

/// What to generate.
public struct GeneratorOptions: Sendable {
    public var county: CountyProfile
    public var seed: UInt64
    /// Communities; the county's usual number when nil.
    public var communities: Int?
    /// Multiplies school sizes (teachers per school); 1 is the usual size.
    public var scale: Double
    /// Independent schools (not in a community); a few per community when nil.
    public var independentSchools: Int?
    public var year: Int
    /// The scenario's slug; the county's when nil (a demo or benchmark copy gets its own).
    public var slug: String?
    /// The county exchange (`policy.exchange.enabled: yes`) with the urban schools it draws on.
    /// Everything else is as without it, byte for byte: the exchange's schools, teachers and
    /// history come from a random stream of their own, after the rest.
    public var exchange: Bool

    public init(
        county: CountyProfile, seed: UInt64, communities: Int? = nil, scale: Double = 1,
        independentSchools: Int? = nil, year: Int = 2025, slug: String? = nil, exchange: Bool = false
    ) {
        self.slug = slug
        self.exchange = exchange
        self.county = county
        self.seed = seed
        self.communities = communities
        self.scale = scale
        self.independentSchools = independentSchools
        self.year = year
    }
}

/// Writes a synthetic but plausible scenario (docs/scenario.md): same options, same bytes.
///
/// Sizes follow scenarios/README.md: lead schools of 60–150 teachers; members are rural
/// central schools of 30–90 on the real town and township names, each managing 2–8 sites
/// (village schools and teaching points of 2–15 teachers, generalists who teach Chinese and
/// maths, the smallest with no music, PE or art teacher); weekly periods per class from the
/// 2022 national curriculum; shortages of English, music, PE and art at rural schools and small
/// surpluses at lead schools.
public enum ScenarioGenerator {
    /// File name → contents.
    public static func generate(_ options: GeneratorOptions) -> [(name: String, data: Data)] {
        var generator = Generation(options: options)
        generator.build()
        return generator.files()
    }

    /// Writes the files into `folder` (created if needed).
    public static func write(_ options: GeneratorOptions, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, data) in generate(options) {
            try data.write(to: folder.appendingPathComponent(name), options: .atomic)
        }
    }
}

/// Weekly periods per class by subject (2022 compulsory education curriculum plan, averaged
/// over grades: English starts in grade 3, physics in grade 8, chemistry in grade 9).
enum Curriculum {
    static let primary: [(subject: String, periods: Double)] = [
        ("chinese", 7), ("math", 4.5), ("english", 1.4), ("science", 1.5), ("morality", 2),
        ("music", 2), ("art", 2), ("pe", 4), ("it", 0.7),
    ]
    static let junior: [(subject: String, periods: Double)] = [
        ("chinese", 5), ("math", 5), ("english", 4), ("physics", 1.7), ("chemistry", 1), ("biology", 1.4),
        ("history", 2), ("geography", 1.4), ("morality", 2), ("music", 1), ("art", 1), ("pe", 3), ("it", 1),
    ]

    static func plan(_ level: SchoolLevel) -> [(subject: String, periods: Double)] {
        level == .junior ? junior : primary
    }
}

/// Name pools for synthetic people and villages.
enum Names {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
    static let givenCharacters = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玲红梅鹏飞斌宇浩凯丹慧琳颖晨欣雪婷倩佳怡思雨萍燕俊峰波志刚永春海燕小红晓东亮新民卫东国庆建华少华玉兰金凤")
    static let villages = ["黄家", "李家", "胡家", "万家", "熊家", "涂家", "罗家", "徐家", "邓家", "聂家", "章家", "喻家", "游家", "付家", "舒家", "程家"]
    static let exemptReasons = ["孕期", "哺乳期", "病休", "援疆支教", "毕业班教学任务", "家庭特殊困难", "挂职锻炼"]
    static let titles = ["正高级教师", "高级教师", "一级教师", "一级教师", "二级教师", "二级教师", "三级教师"]
}

struct SchoolPlan {
    var id: String
    var name: String
    var kind: SchoolKind
    var community: String?
    var rural: Bool
    var latitude: Double
    var longitude: Double
    var level: SchoolLevel
    var classes: Int
    var isTeachingPoint: Bool
    /// Teachers a member unit can expect to receive (and must send back): R2's share per member.
    var expectedReceipts = 0
    /// For a site, its member (index into the schools).
    var parent: Int?
    /// An urban school outside the communities that the county exchange draws on, staffed as
    /// a lead is (scenarios/README.md "The county exchange").
    var exchangeSender = false
}

struct TeacherRow {
    var id: String
    var name: String
    var school: Int
    var subject: String
    var role: Role
    var title: String
    var yearsAtSchool: Int
    var yearsToRetirement: Int
    var exempt: String
    var volunteer: Bool
    var maxPeriods: Int?
    var itinerant: Bool?
    var availableDays: String
}

struct Generation {
    /// Teachers of a member (a rural central school), at any scale.
    static let memberSize = 30...90

    let options: GeneratorOptions
    var random: SeededRandom
    var schools: [SchoolPlan] = []
    var demand: [(school: Int, subject: String, teachers: Int, periods: Int)] = []
    var teachers: [TeacherRow] = []
    var history: [[String]] = []
    var pins: [[String]] = []
    var distances: [[String]] = []
    var usedNames: Set<String> = []

    init(options: GeneratorOptions) {
        self.options = options
        // The county's name enters the seed, so that two districts of one size still differ.
        let countyHash = options.county.slug.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        random = SeededRandom(seed: options.seed &* 0x2545_F491_4F6C_DD1D &+ countyHash)
    }

    var county: CountyProfile { options.county }
    var year: Int { options.year }
    let itinerantSubjects: Set<String> = ["music", "pe", "art"]
    /// The policy's defaults, which the generated scenario.yaml keeps: who is eligible.
    let rotation = RotationPolicy()

    mutating func build() {
        let communityCount = max(1, options.communities ?? county.communities)
        // Towns spread around the seat; each community takes a sector of them.
        var townPositions: [(name: String, latitude: Double, longitude: Double, angle: Double)] = []
        for (index, town) in county.towns.enumerated() {
            let angle = (Double(index) + random.double(0...0.6)) / Double(county.towns.count) * 2 * .pi
            let distance = random.double(county.spreadKm)
            let (latitude, longitude) = offset(county.seatLatitude, county.seatLongitude, km: distance, angle: angle)
            townPositions.append((town, latitude, longitude, angle))
        }
        var memberCounter = 0
        var siteCounter = 0
        var leadCounter = 0
        var townCursor = 0
        for communityNumber in 1...communityCount {
            let communityId = String(format: "%@-C%02d", county.prefix, communityNumber)
            leadCounter += 1
            let seatName = county.seatNames[(communityNumber - 1) % county.seatNames.count]
            let level: SchoolLevel = random.chance(0.3) ? .junior : .primary
            let leadTeachers = Int((Double(random.int(60...150)) * options.scale).rounded())
            // Members: rural central schools in the next towns of the sector.
            let memberCount = county.urban ? random.int(2...3) : random.int(2...4)
            // A lead sends about 10% of half its staff; each member takes its share and sends as many back.
            let receipts = Int((0.1 * 0.5 * Double(leadTeachers) / Double(memberCount)).rounded(.up)) + 1
            let memberTowns = (0..<memberCount).map { townPositions[(townCursor + $0) % townPositions.count] }
            // The lead stands between the seat and its members' towns (a seat or town-centre school).
            let centroidLatitude = memberTowns.map(\.latitude).reduce(0, +) / Double(memberCount)
            let centroidLongitude = memberTowns.map(\.longitude).reduce(0, +) / Double(memberCount)
            let pull = random.double(0.25...0.6)
            let (leadLatitude, leadLongitude) = offset(
                county.seatLatitude + pull * (centroidLatitude - county.seatLatitude),
                county.seatLongitude + pull * (centroidLongitude - county.seatLongitude),
                km: random.double(0.5...3), angle: random.double(0...(2 * .pi)))
            let leadName = level == .junior ? "\(seatName)第一中学" : "\(seatName)第一小学"
            addSchool(
                SchoolPlan(
                    id: String(format: "%@-L%02d", county.prefix, leadCounter), name: uniqueSchoolName(leadName),
                    kind: .lead, community: communityId, rural: false, latitude: leadLatitude, longitude: leadLongitude,
                    level: level, classes: classesFor(teachers: leadTeachers, level: level), isTeachingPoint: false))
            for memberNumber in 0..<memberCount {
                let town = memberTowns[memberNumber]
                townCursor += 1
                memberCounter += 1
                let memberLevel: SchoolLevel = random.chance(0.2) ? .junior : (random.chance(0.25) ? .nineYear : .primary)
                // A central school has 30–90 teachers whatever the scale (scenarios/README.md):
                // the scale makes a county smaller by its lead schools and sites, not by turning
                // its central schools into village schools.
                let size = min(Self.memberSize.upperBound, max(Self.memberSize.lowerBound, Int((Double(random.int(30...90)) * options.scale).rounded())))
                let (latitude, longitude) = offset(town.latitude, town.longitude, km: random.double(0...2), angle: random.double(0...(2 * .pi)))
                let townShort = shortTown(town.name)
                let name: String
                switch memberLevel {
                case .junior: name = "\(townShort)中学"
                case .nineYear: name = "\(townShort)九年一贯制学校"
                case .primary: name = "\(townShort)中心小学"
                }
                let member = schools.count
                addSchool(
                    SchoolPlan(
                        id: String(format: "%@-M%02d", county.prefix, memberCounter), name: uniqueSchoolName(name),
                        kind: .member, community: communityId, rural: !county.urban || random.chance(0.6),
                        latitude: latitude, longitude: longitude, level: memberLevel,
                        classes: classesFor(teachers: size, level: memberLevel), isTeachingPoint: false, expectedReceipts: receipts))
                // The village schools and teaching points the central school manages.
                let siteCount = county.urban ? random.int(2...3) : random.int(2...8)
                for _ in 0..<siteCount {
                    siteCounter += 1
                    // Teaching points run 1–4 classes, village schools 5–12 (a class per grade or two).
                    let isPoint = random.chance(0.45)
                    let classes = isPoint ? random.int(1...4) : random.int(5...12)
                    let village = random.pick(Names.villages)
                    let (siteLatitude, siteLongitude) = offset(latitude, longitude, km: random.double(2...9), angle: random.double(0...(2 * .pi)))
                    addSchool(
                        SchoolPlan(
                            id: String(format: "%@-S%03d", county.prefix, siteCounter),
                            name: uniqueSchoolName("\(townShort)\(village)\(isPoint ? "教学点" : "小学")"), kind: .site,
                            community: communityId, rural: true, latitude: siteLatitude, longitude: siteLongitude, level: .primary,
                            classes: classes, isTeachingPoint: true, parent: member))
                }
            }
        }
        // Independent schools: urban schools outside the communities and rural teaching points.
        let independentCount = options.independentSchools ?? max(1, communityCount / 2)
        for number in 1...max(1, independentCount) {
            let rural = number % 2 == 0
            let id = String(format: "%@-I%02d", county.prefix, number)
            if rural {
                let town = townPositions[(townCursor + number) % townPositions.count]
                let (latitude, longitude) = offset(town.latitude, town.longitude, km: random.double(1...5), angle: random.double(0...(2 * .pi)))
                addSchool(
                    SchoolPlan(
                        id: id, name: uniqueSchoolName("\(shortTown(town.name))\(random.pick(Names.villages))教学点"),
                        kind: .independent, community: nil, rural: true, latitude: latitude, longitude: longitude,
                        level: .primary, classes: random.int(2...6), isTeachingPoint: true))
            } else {
                let (latitude, longitude) = offset(county.seatLatitude, county.seatLongitude, km: random.double(0.5...6), angle: random.double(0...(2 * .pi)))
                let level: SchoolLevel = random.chance(0.4) ? .junior : .primary
                let seatName = county.seatNames[number % county.seatNames.count]
                addSchool(
                    SchoolPlan(
                        id: id, name: uniqueSchoolName("\(seatName)实验\(level == .junior ? "中学" : "小学")"),
                        kind: .independent, community: nil, rural: false, latitude: latitude, longitude: longitude,
                        level: level, classes: classesFor(teachers: Int(Double(random.int(40...90)) * options.scale), level: level),
                        isTeachingPoint: false))
            }
        }
        for index in schools.indices { staffSchool(index) }
        addHistory()
        ensureLeadCadres()
        addPins()
        addDistances()
        if options.exchange { addExchange() }
    }

    /// Each member unit receives a cadre every year (R4), and a cadre who went waits out the
    /// cooldown: over a three-year cycle a lead sends about three cadres per member. Leads get
    /// that many eligible cadres where their staff allows (at most a fifth of it), which is
    /// what a large town school's middle-level staff (教务, 德育, 总务, 办公室, 年级组) numbers.
    mutating func ensureLeadCadres() {
        let heldBack = Set(history.filter { Int($0[4])! >= year - 3 }.map { $0[0] })
        for lead in schools.indices where schools[lead].kind == .lead {
            let members = schools.count { $0.kind == .member && $0.community == schools[lead].community }
            let staff = teachers.indices.filter { teachers[$0].school == lead && !heldBack.contains(teachers[$0].id) }
            var cadres = staff.count {
                teachers[$0].role == .cadre && teachers[$0].exempt.isEmpty && teachers[$0].yearsToRetirement >= rotation.minYearsToRetirement
            }
            let target = min(3 * members + 1, max(members + 1, staff.count / 5))
            let preferred = staff.filter { ["chinese", "math"].contains(teachers[$0].subject) } + staff
            for teacher in preferred where cadres < target {
                let row = teachers[teacher]
                guard row.role != .cadre, row.exempt.isEmpty, row.yearsToRetirement >= rotation.minYearsToRetirement, row.yearsAtSchool >= 8 else { continue }
                teachers[teacher].role = .cadre
                teachers[teacher].maxPeriods = 10
                cadres += 1
            }
        }
    }

    mutating func addSchool(_ plan: SchoolPlan) {
        schools.append(plan)
    }

    func shortTown(_ town: String) -> String {
        for suffix in ["街道", "镇", "乡"] where town.hasSuffix(suffix) && town.count > suffix.count + 1 {
            return String(town.dropLast(suffix.count))
        }
        return town
    }

    /// A name not used yet: a second 向塘中心小学 becomes 向塘第二小学, a second 莲塘第一小学 莲塘第二小学.
    mutating func uniqueSchoolName(_ name: String) -> String {
        let ordinals = ["第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"]
        var candidate = name
        var attempt = 0
        while usedNames.contains(candidate) {
            let ordinal = ordinals[min(attempt, ordinals.count - 1)]
            if name.contains("第一") {
                candidate = name.replacingOccurrences(of: "第一", with: ordinal)
            } else if name.hasSuffix("中心小学") {
                candidate = String(name.dropLast(4)) + ordinal + "小学"
            } else if let range = name.range(of: "中学", options: .backwards) {
                candidate = name.replacingCharacters(in: range, with: ordinal + "中学")
            } else {
                candidate = name + "（\(attempt + 2)）"
            }
            if attempt >= ordinals.count { candidate = name + "（\(attempt + 2)）" }
            attempt += 1
        }
        usedNames.insert(candidate)
        return candidate
    }

    func classesFor(teachers: Int, level: SchoolLevel) -> Int {
        // About 1.75 teachers per class in primary schools and 2.6 in junior schools.
        max(3, Int((Double(teachers) / (level == .junior ? 2.6 : 1.75)).rounded()))
    }

    /// A point `km` away from a position at compass angle `angle` (radians).
    func offset(_ latitude: Double, _ longitude: Double, km: Double, angle: Double) -> (Double, Double) {
        let northKm = km * cos(angle)
        let eastKm = km * sin(angle)
        let newLatitude = latitude + northKm / 111.2
        let newLongitude = longitude + eastKm / (111.2 * cos(latitude * .pi / 180))
        return ((newLatitude * 1e5).rounded() / 1e5, (newLongitude * 1e5).rounded() / 1e5)
    }

    /// Demand from the curriculum and staffing around it: leads a little over, rural members
    /// over in Chinese and maths and short in English, music, PE and art.
    mutating func staffSchool(_ index: Int) {
        let school = schools[index]
        if school.kind == .site { return staffSite(index) }
        let plan =
            school.level == .nineYear
            ? Curriculum.primary.map { ($0.subject, $0.periods * 0.67) } + Curriculum.junior.map { ($0.subject, $0.periods * 0.33) }
            : Curriculum.plan(school.level)
        var periodsBySubject: [String: Double] = [:]
        var subjectOrder: [String] = []
        for (subject, periods) in plan {
            if periodsBySubject[subject] == nil { subjectOrder.append(subject) }
            periodsBySubject[subject, default: 0] += periods
        }
        var staff: [(subject: String, count: Int)] = []
        for subject in subjectOrder {
            let periods = Int((periodsBySubject[subject]! * Double(school.classes)).rounded())
            guard periods > 0 else { continue }
            let needed = max(school.isTeachingPoint ? 0 : 1, Int((Double(periods) / 16).rounded(.up)))
            demand.append((index, subject, needed, periods))
            var have = needed
            switch (school.kind, school.rural) {
            case (.lead, _),
                (.independent, false) where school.exchangeSender:
                if ["chinese", "math", "english"].contains(subject) {
                    have += random.int(0...2)
                } else if itinerantSubjects.contains(subject) {
                    have += random.chance(0.6) ? 1 : 0
                } else {
                    have += random.chance(0.3) ? 1 : 0
                }
            case (_, true) where school.isTeachingPoint:
                have = 0
            case (_, true):
                // Rural schools have more Chinese and maths teachers than they need (scenarios/README.md).
                if ["chinese", "math"].contains(subject) {
                    have += random.int(1...2)
                } else if subject == "english" {
                    have -= random.int(0...2)
                } else if itinerantSubjects.contains(subject) {
                    have -= random.int(1...2)
                } else {
                    have -= random.chance(0.3) ? 1 : 0
                }
            case (.member, false):
                if ["chinese", "math"].contains(subject) {
                    have += random.int(1...2)
                } else if itinerantSubjects.contains(subject) {
                    have += random.int(-1...1)
                } else {
                    have += random.int(0...1)
                }
            case (_, false):
                if itinerantSubjects.contains(subject) { have += random.int(-1...1) } else { have += random.int(0...1) }
            }
            staff.append((subject, max(0, have)))
        }
        if school.kind == .member {
            // Enough spare Chinese and maths teachers to send back what the member unit receives.
            let spare = staff.filter { ["chinese", "math"].contains($0.subject) }.reduce(0) { total, entry in
                total + entry.count - (demand.last { $0.school == index && $0.subject == entry.subject }?.teachers ?? 0)
            }
            if spare < school.expectedReceipts, let position = staff.firstIndex(where: { $0.subject == "chinese" }) {
                staff[position].count += school.expectedReceipts - spare
            }
        }
        if school.kind == .member {
            // The staff the curriculum gives can fall a few short of a central school's 30 (or
            // over its 90): Chinese and maths teachers, of whom rural schools have more than they
            // need, make up the difference.
            var total = staff.reduce(0) { $0 + $1.count }
            var turn = 0
            while total < Self.memberSize.lowerBound,
                let position = staff.firstIndex(where: { $0.subject == (turn % 2 == 0 ? "chinese" : "math") })
                    ?? staff.firstIndex(where: { $0.subject == "chinese" })
            {
                staff[position].count += 1
                total += 1
                turn += 1
            }
            while total > Self.memberSize.upperBound, let position = staff.indices.max(by: { staff[$0].count < staff[$1].count }), staff[position].count > 1 {
                staff[position].count -= 1
                total -= 1
            }
        }
        if school.isTeachingPoint {
            // An independent teaching point: generalists who teach Chinese and maths.
            let chineseNeeded = demand.last(where: { $0.school == index && $0.subject == "chinese" })?.teachers ?? 1
            let mathNeeded = demand.last(where: { $0.school == index && $0.subject == "math" })?.teachers ?? 1
            staff = [("chinese", min(max(1, chineseNeeded), 6)), ("math", max(1, min(mathNeeded, 8 - chineseNeeded)))]
        }
        for (subject, count) in staff {
            for _ in 0..<count { addTeacher(school: index, subject: subject) }
        }
        if school.kind == .member { ensureMemberCanSendBack(index) }
    }

    /// A village school or teaching point: generalists who teach Chinese, maths and (from grade
    /// 3) English, about as many as the classes need, sometimes one more in Chinese or maths;
    /// a PE teacher at some larger village schools; music and art only from itinerant teachers.
    /// Music, PE and art demand periods, not teachers: that is the need 走教 covers.
    mutating func staffSite(_ index: Int) {
        let classes = Double(schools[index].classes)
        var staff: [(subject: String, count: Int)] = []
        for (subject, periods) in Curriculum.primary where ["chinese", "math", "english"].contains(subject) {
            let weekly = Int((periods * classes).rounded())
            guard subject != "english" || schools[index].classes >= 3, weekly > 0 else { continue }
            let needed = max(1, Int((Double(weekly) / 16).rounded(.up)))
            demand.append((index, subject, needed, weekly))
            let extra = subject == "english" ? -random.int(0...1) : (random.chance(0.35) ? 1 : 0)
            staff.append((subject, max(subject == "english" ? 0 : 1, needed + extra)))
        }
        for (subject, periods) in Curriculum.primary where itinerantSubjects.contains(subject) {
            demand.append((index, subject, 0, Int((periods * classes).rounded())))
        }
        if schools[index].classes >= 8 && random.chance(0.4) { staff.append(("pe", 1)) }
        for (subject, count) in staff {
            for _ in 0..<count { addTeacher(school: index, subject: subject) }
        }
    }

    mutating func addTeacher(school index: Int, subject: String) {
        let school = schools[index]
        let roll = random.unit()
        // About 8% cadres overall; school leaders mostly teach Chinese or maths.
        let cadre = ["chinese", "math"].contains(subject) ? 0.13 : 0.03
        let role: Role
        switch school.kind {
        case .lead: role = roll < cadre ? .cadre : (roll < cadre + 0.15 ? .backbone : .regular)
        case .site: role = roll < 0.1 ? .backbone : .regular
        case .member: role = roll < cadre ? .cadre : (roll < cadre + 0.10 ? .backbone : (roll < cadre + 0.15 ? .reserveCadre : .regular))
        case .independent where school.exchangeSender: role = roll < cadre ? .cadre : (roll < cadre + 0.15 ? .backbone : .regular)
        case .independent: role = roll < cadre ? .cadre : (roll < cadre + 0.12 ? .backbone : .regular)
        }
        let yearsToRetirement = random.int(1...38)
        let careerYears = max(0, 38 - yearsToRetirement)
        let yearsAtSchool = min(careerYears, random.chance(0.3) ? random.int(0...5) : random.int(0...28))
        let exempt = random.chance(0.03) ? random.pick(Names.exemptReasons) : ""
        let isItinerantSubject = itinerantSubjects.contains(subject)
        var maxPeriods: Int?
        if role == .cadre { maxPeriods = random.pick([8, 10, 12]) } else if isItinerantSubject && random.chance(0.3) { maxPeriods = random.pick([14, 18]) }
        var availableDays = ""
        var itinerant: Bool?
        if isItinerantSubject {
            if random.chance(0.1) { itinerant = false }
            if random.chance(0.35) {
                let days = random.shuffled(Weekday.allCases).prefix(random.int(2...3)).sorted()
                availableDays = days.map(\.rawValue).joined(separator: ";")
            }
        }
        let title: String
        switch careerYears {
        case 0..<4: title = "三级教师"
        case 4..<10: title = "二级教师"
        case 10..<22: title = "一级教师"
        default: title = random.chance(0.08) ? "正高级教师" : "高级教师"
        }
        teachers.append(
            TeacherRow(
                id: String(format: "%@-T%05d", county.prefix, teachers.count + 1), name: personName(), school: index,
                subject: subject, role: role, title: title, yearsAtSchool: yearsAtSchool,
                yearsToRetirement: yearsToRetirement, exempt: exempt, volunteer: random.chance(0.06),
                maxPeriods: maxPeriods, itinerant: itinerant, availableDays: availableDays))
    }

    /// A member must send back as many as it receives (R5) without opening a hole (R6): make
    /// sure its surplus Chinese and maths teachers include a few eligible ones.
    mutating func ensureMemberCanSendBack(_ index: Int) {
        func isEligible(_ teacher: Int) -> Bool {
            let row = teachers[teacher]
            return row.exempt.isEmpty && row.yearsToRetirement >= rotation.minYearsToRetirement
                && (row.role != .regular || row.yearsAtSchool >= rotation.minYearsAtSchool)
                && row.role != .cadre
        }
        let wanted = max(1, schools[index].expectedReceipts)
        for subject in ["chinese", "math"] {
            let staff = teachers.indices.filter { teachers[$0].school == index && teachers[$0].subject == subject }
            let needed = demand.last(where: { $0.school == index && $0.subject == subject })?.teachers ?? 0
            let spare = min(wanted, staff.count - needed)
            guard spare > 0 else { continue }
            var eligible = staff.count(where: isEligible)
            for teacher in staff where eligible < spare && !isEligible(teacher) {
                teachers[teacher].exempt = ""
                teachers[teacher].yearsToRetirement = max(teachers[teacher].yearsToRetirement, 8)
                teachers[teacher].yearsAtSchool = max(teachers[teacher].yearsAtSchool, 7)
                if teachers[teacher].role == .cadre { teachers[teacher].role = .regular }
                eligible += 1
            }
        }
    }

    mutating func personName() -> String {
        while true {
            let surname = String(random.pick(Names.surnames))
            let given =
                random.chance(0.7)
                ? String(random.pick(Names.givenCharacters)) + String(random.pick(Names.givenCharacters))
                : String(random.pick(Names.givenCharacters))
            let name = surname + given
            if !usedNames.contains(name) || random.chance(0.05) {
                usedNames.insert(name)
                return name
            }
        }
    }

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

extension ScenarioGenerator {
    /// The whole city: every county and district side by side with about `communities`
    /// communities in all (each unit's usual share), for the largest benchmark instance.
    public static func generateCity(seed: UInt64, communities: Int, scale: Double = 1) -> [(name: String, data: Data)] {
        let usual = CountyProfile.nanchang.reduce(0) { $0 + $1.communities }
        var merged: [String: [String]] = [:]
        var order: [String] = []
        for (index, county) in CountyProfile.nanchang.enumerated() {
            let share = max(1, Int((Double(county.communities) * Double(communities) / Double(usual)).rounded()))
            let files = generate(GeneratorOptions(county: county, seed: seed &+ UInt64(index), communities: share, scale: scale))
            for (name, data) in files where name.hasSuffix(".csv") {
                let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
                if merged[name] == nil {
                    order.append(name)
                    merged[name] = [lines[0]]
                }
                merged[name]! += lines.dropFirst()
            }
        }
        let yaml = """
            # The whole city, written by ScenarioGenerator.generateCity(seed: \(seed), communities: \(communities)): every
            # county and district side by side (benchmarks only; synthetic).
            county: 南昌市
            slug: nanchang-city
            year: 2025
            synthetic: true

            """
        return [("scenario.yaml", Data(yaml.utf8))] + order.map { ($0, Data((merged[$0]!.joined(separator: "\n") + "\n").utf8)) }
    }
}
