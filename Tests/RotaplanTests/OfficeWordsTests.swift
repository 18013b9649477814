import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import Testing

/// What HR reads is Chinese first and holds no bare code (WORKSTATION.md "The office's
/// language"): explanations of teachers and schools, the diagnosis of a scenario without a
/// plan, a re-plan's changes and the reasons a teacher may not go.
@Suite struct OfficeWordsTests {
    /// Codes a person must never read as values: roles, directions, weekdays, school kinds,
    /// subjects and statuses by their codes.
    static let codes =
        Vocabulary.roles.codes + Vocabulary.directions.codes + Vocabulary.weekdays.codes
        + Vocabulary.schoolKinds.codes + Vocabulary.subjects.codes + Vocabulary.statuses.codes

    /// What in `text` a person should not read: a code as a word, a rule id that is not
    /// directly inside `（…）` after a Chinese name, a number with a machine's digits
    /// (`1.2000000000000002`), a line whose first word is not Chinese. `names` are data, shown
    /// as written (the tiny worlds' schools are called `L校（L）`), and left out of the last check.
    static func problems(_ text: String, names: [String] = []) -> [String] {
        var found: [String] = []
        // File names (history.csv, pins.csv) are named as the files are.
        let words = text.replacing(/[A-Za-z_]+\.(csv|json|xlsx|txt)/, with: "")
        func partOfWord(_ character: Character?) -> Bool {
            character.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } ?? false
        }
        for code in codes {
            for range in words.ranges(of: code)
            where !partOfWord(words[..<range.lowerBound].last) && !partOfWord(words[range.upperBound...].first) {
                found.append("code '\(code)'")
            }
        }
        for match in words.matches(of: /[RIX][0-9]/) {
            let before = words[..<match.range.lowerBound]
            let after = words[match.range.upperBound...]
            guard !partOfWord(before.last), !partOfWord(after.first) else { continue }
            let named =
                before.last == "（" && after.first == "）"
                && before.dropLast().last.map { $0.unicodeScalars.allSatisfy { $0.properties.isIdeographic } } == true
            if !named { found.append("rule id '\(match.output)' without its name: …\(before.suffix(12))\(match.output)\(after.prefix(4))…") }
        }
        for match in words.matches(of: /[0-9]\.[0-9]{5,}/) { found.append("machine number '\(match.output)'") }
        for line in names.reduce(text, { $0.replacingOccurrences(of: $1, with: "") }).split(separator: "\n") {
            guard let first = line.first(where: { $0.isLetter }) else { continue }
            if !first.unicodeScalars.allSatisfy({ $0.properties.isIdeographic }) { found.append("not Chinese first: \(line)") }
        }
        return found
    }

    @Test func theCheckFindsWhatItLooksFor() {
        #expect(Self.problems("成员校接收干部（R4）：牵头校 莲塘一小（NCX-L03）符合条件的干部只有 2 人。pins.csv 第 2 行").isEmpty)
        // The id without its name, the kind `lead`, and an English first word.
        #expect(Self.problems("R4: lead NCX-L03 has 2 cadres").count == 3)
        #expect(Self.problems("身份 cadre，星期 mon，方向 lead_to_site，状态 infeasible").count == 4)
        #expect(Self.problems("违反 R1–R7 的规则").count == 2)
        #expect(Self.problems("比例 1.2000000000000002").count == 1)
    }

    /// Lead L with a cadre, a backbone teacher, an exempt teacher, one in cooldown and a music
    /// teacher who teaches at the site; member M with its site S (`SiteRuleTests.leadToSite`).
    static var office: TinyWorld {
        var world = SiteRuleTests.leadToSite()
        world.teacher("B", at: "L", "math", .backbone, years: 12)
        world.teacher("E", at: "L", "chinese", exempt: "孕期")
        world.teacher("H", at: "L", "english", years: 8)
        world.history("H", from: "L", to: "M", 2023, 2023)
        world.teacher("Q", at: "L", "music", years: 3, days: "mon;wed")
        world.demand("S", "music", teachers: 0, periods: 4)
        world.pin("B", "stay")
        return world
    }

    @Test func explanationsOfEveryTeacherAndSchool() throws {
        let solved = try Self.office.solve()
        #expect(solved.verify?.ok == true)
        let visits = solved.county.itinerant?.plan ?? .empty
        #expect(!visits.visits.isEmpty, "Q's visits show weekdays")
        let explanation = Explanation(scenario: solved.scenario, plan: solved.county.rotationPlan, visits: visits)
        let names = solved.scenario.schools.indices.map(solved.scenario.named(school:))
        for index in solved.scenario.teachers.indices {
            let text = explanation.teacher(index).joined(separator: "\n")
            #expect(Self.problems(text, names: names).isEmpty, "\(Self.problems(text, names: names))\n\(text)")
        }
        for index in solved.scenario.schools.indices {
            let text = explanation.school(index).joined(separator: "\n")
            #expect(Self.problems(text, names: names).isEmpty, "\(Self.problems(text, names: names))\n\(text)")
        }
    }

    @Test func theDiagnosisOfScenariosWithoutAPlan() throws {
        // Counting (R2, R4, R5), the elastic program (R2, R5, R6), a pin out of reach, and the
        // heuristic's broken rules, with infeasible.txt's first line.
        let heuristic = HeuristicTests.noTeacherToSpare
        var worlds: [(TinyWorld, SolveMethod)] = [(heuristic, .glpk), (heuristic, .heuristic)]
        var counted = TinyWorld(
            DiagnosisTests.base.merging([
                "policy.rotation.min_cadres_per_member": "1", "policy.rotation.balance_tolerance": "0", "policy.rotation.min_ratio": "1",
            ]) { $1 })
        counted.community("C", lead: "L", members: ["M", "N"])
        counted.site("S", of: "M")
        counted.km("L", "N", 70)
        counted.teacher("K1", at: "L", .cadre, exempt: "援疆支教")
        counted.teacher("K2", at: "L", .reserveCadre)
        counted.teacher("A", at: "M", years: 2)
        counted.teacher("D", at: "L")
        counted.pin("D", "stay")
        worlds.append((counted, .glpk))
        var pinned = TinyWorld(DiagnosisTests.base)
        pinned.community("C", lead: "L", members: ["M"])
        pinned.km("L", "M", 75)
        pinned.teacher("A", at: "L")
        pinned.teacher("P", at: "L", .cadre, years: 10, exempt: "病休")
        pinned.pin("A", "rotate")
        pinned.pin("P", "to", "M")
        worlds.append((pinned, .glpk))
        for (world, method) in worlds {
            let solved = try world.solve(parts: .rotation, method: method)
            #expect(!solved.county.hasPlan)
            let lines = PlanFolder.noPlanLines(solved.county)
            #expect(lines.count > 1, "\(lines)")
            let text = lines.joined(separator: "\n")
            #expect(Self.problems(text).isEmpty, "\(Self.problems(text))\n\(text)")
        }
    }

    @Test func aReplansChanges() throws {
        let world = RotationRuleTests.threeCadresTwoMembers()
        let first = try world.solve(parts: .rotation)
        var objected = world
        objected.pin("C1", "stay")
        objected.pin("C3", "to", "M2")
        let scenario = try objected.load()
        var options = SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2)
        options.baseline = first.county.rotationPlan
        let county = CountyPlanner.solve(scenario, options: options)
        #expect(try Solved(scenario: scenario, county: county).verify?.ok == true)
        let text = BaselineChanges.describe(scenario, baseline: first.county.rotationPlan, plan: county.rotationPlan).joined(separator: "\n")
        #expect(text.contains("撤销 ") && text.contains("新增 "), "\(text)")
        #expect(Self.problems(text).isEmpty, "\(Self.problems(text))\n\(text)")
    }

    @Test(arguments: [
        IneligibleReason.exempt("孕期"), .exempt("是"), .away(to: 0, until: 2025), .cooldown(endedYear: 2023, blockedUntil: 2026),
        .nearRetirement(years: 3, needed: 5), .shortTenure(years: 2, needed: 6), .roleNotSent(.reserveCadre, .lead),
        .roleNotSent(.cadre, .site), .independentSchool,
    ])
    func eligibilityReasons(_ reason: IneligibleReason) {
        #expect(Self.problems(reason.description).isEmpty, "\(reason.description)")
        #expect(Self.problems(reason.short).isEmpty, "\(reason.short)")
    }
}
