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
