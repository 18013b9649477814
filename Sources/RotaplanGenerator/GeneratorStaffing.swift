import Foundation
import RotaplanDomain

// Staffing each school and site, teacher by teacher (docs in ScenarioGenerator.swift).
extension Generation {
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
}
