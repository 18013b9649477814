import Foundation

/// A scenario read for a later year of a horizon (docs/model.md "Several years at once"):
/// everyone older, the retired gone, pins spent, earlier planned secondments in the history.
extension Scenario {
    /// The scenario `years` later: teachers have one more year at their home school and one
    /// less to retirement for each year (a seconded teacher's years at the home school keep
    /// counting), a teacher past retirement has left the staff (with their history rows), and
    /// pins, which hold decisions for the first year only, no longer apply.
    public func aged(by years: Int) -> Scenario {
        guard years > 0 else { return self }
        var later = self
        later.settings.year += years
        later.pins = [:]
        later.ageTeachers(by: years)
        return later
    }

    /// Ages the teachers by `years` and removes those whose years to retirement fall below 0,
    /// renumbering the teachers and the history rows that name them.
    mutating func ageTeachers(by years: Int) {
        guard years > 0 else { return }
        var kept: [Teacher] = []
        var newIndex = [Int?](repeating: nil, count: teachers.count)
        for (index, teacher) in teachers.enumerated() {
            var older = teacher
            older.yearsAtSchool += years
            older.yearsToRetirement -= years
            guard older.yearsToRetirement >= 0 else { continue }
            newIndex[index] = kept.count
            kept.append(older)
        }
        guard kept.count != teachers.count else {
            teachers = kept
            return
        }
        history = history.compactMap { entry in
            newIndex[entry.teacher].map {
                var moved = entry
                moved.teacher = $0
                return moved
            }
        }
        var remappedPins: [Int: Pin] = [:]
        for (teacher, pin) in pins {
            guard let index = newIndex[teacher] else { continue }
            var moved = pin
            moved.teacher = index
            remappedPins[index] = moved
        }
        pins = remappedPins
        teachers = kept
        teacherIndex = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($0.element.id, $0.offset) })
    }

    /// This scenario with `moves` of year `year` added to its history as secondments of
    /// `term_years` (a later year of a horizon sees them as running terms and cooldown).
    public func addingHistory(_ moves: [Move], year: Int) -> Scenario {
        var later = self
        for move in moves {
            // An exchange keeps its own kind and term (docs/model.md "Part 1 with the county exchange").
            let home = teachers[move.teacher].home
            let exchange = moveKind(from: home, to: move.to) == .exchange
            let term = exchange ? policy.exchange.termYears : policy.rotation.termYears
            later.history.append(
                HistoryEntry(
                    teacher: move.teacher, from: home, to: move.to, startYear: year, endYear: year + term - 1,
                    kind: exchange ? .exchange : .rotation, row: 0))
        }
        return later
    }

    /// The history as `history.csv` (docs/scenario.md), rows in the order they were added.
    public var historyCSV: Data {
        CSV.format(
            header: ["teacher", "from", "to", "start_year", "end_year", "kind"],
            rows: history.map { entry in
                [
                    teachers[entry.teacher].id, schools[entry.from].id, schools[entry.to].id, String(entry.startYear), String(entry.endYear),
                    entry.kind.rawValue,
                ]
            })
    }
}

extension Scenario {
    /// This scenario with new teachers of `subject`, `count` at each school of `schools`: regular
    /// teachers with 16 periods a week, free every weekday, itinerant (docs/model.md "Hiring
    /// itinerant specialists"). They are appended, so every existing index stays as it was.
    public func hiring(_ subject: String, at schools: [Int: Int]) -> Scenario {
        var hired = self
        var number = 0
        for school in schools.keys.sorted() {
            for _ in 0..<schools[school]! {
                number += 1
                let id = "NEW-\(subject)-\(number)"
                hired.teacherIndex[id] = hired.teachers.count
                hired.teachers.append(
                    Teacher(
                        id: id, name: "新聘\(Display.subject(subject))教师\(number)", home: school, subject: subject, role: .regular,
                        title: nil, yearsAtSchool: 0, yearsToRetirement: 30, exemptReason: nil, volunteer: false, maxPeriods: 16,
                        itinerantAllowed: true, availableDays: Weekday.allCases, row: 0))
            }
        }
        return hired
    }
}
