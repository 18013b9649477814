import Foundation
import RotaplanDomain

/// A plan.json that does not fit the scenario it is read with.
public struct PlanReadError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [String]

    public init(file: String, problems: [String]) {
        self.file = file
        self.problems = problems
    }

    public var description: String {
        problems.map { "\(file): \($0)" }.joined(separator: "\n")
    }
}

extension PlanDocument {
    /// Reads plan.json for `scenario`; names it does not know are reported, all at once.
    public static func read(_ url: URL, scenario: Scenario) throws(PlanReadError) -> (document: PlanDocument, rotation: RotationPlan, itinerant: ItinerantPlan)
    {
        let document: PlanDocument
        do {
            document = try PlanDocument.decode(try Data(contentsOf: url))
        } catch {
            throw PlanReadError(file: url.path, problems: ["is not a plan.json of rotaplan (\(FileTrouble(error, at: url).english))"])
        }
        var problems: [String] = []
        var moves: [Move] = []
        for (index, line) in document.rotations.enumerated() {
            guard let teacher = scenario.teacherIndex[line.teacher] else {
                problems.append("rotations[\(index)]: teacher '\(line.teacher)' is not in teachers.csv")
                continue
            }
            guard let target = scenario.schoolIndex[line.to] else {
                problems.append("rotations[\(index)]: school '\(line.to)' is not in schools.csv")
                continue
            }
            moves.append(Move(teacher: teacher, to: target))
        }
        var visits: [Visit] = []
        for (index, line) in document.itinerant.enumerated() {
            guard let teacher = scenario.teacherIndex[line.teacher], let home = scenario.schoolIndex[line.home],
                let school = scenario.schoolIndex[line.school], let day = Weekday(rawValue: line.day)
            else {
                problems.append("itinerant[\(index)]: '\(line.teacher)', '\(line.home)', '\(line.school)' or '\(line.day)' is unknown")
                continue
            }
            visits.append(Visit(teacher: teacher, home: home, school: school, day: day, periods: line.periods))
        }
        if document.scenario != scenario.settings.slug {
            problems.append("is a plan of '\(document.scenario)', not of '\(scenario.settings.slug)'")
        }
        guard problems.isEmpty else { throw PlanReadError(file: url.path, problems: problems) }
        return (document, RotationPlan(moves: moves), ItinerantPlan(visits: visits))
    }
}
