import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanReport
import RotaplanResults

/// `rotaplan explain DIR PLAN.json [--teacher ID | --school ID]`.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Says why a teacher moves or stays, or what a school's quotas and moves are, in a plan.",
        discussion: "Without --teacher or --school, explains every school of the scenario.")

    @OptionGroup var input: ScenarioOptions

    @Argument(help: "The plan.json to explain, or the folder `solve` wrote it into.")
    var plan: String

    @Option(help: "A teacher id of teachers.csv.")
    var teacher: String?

    @Option(help: "A school id of schools.csv.")
    var school: String?

    func validate() throws {
        if teacher != nil && school != nil { throw ValidationError("give --teacher or --school, not both") }
    }

    func run() throws {
        let loaded = try input.load()
        let read = try readPlan(plan, for: loaded)
        let explanation = Explanation(scenario: loaded, plan: read.rotation, visits: read.itinerant)
        if let teacher {
            guard let index = loaded.teacherIndex[teacher] else {
                Console.current.err(
                    "--teacher \(teacher): not a teacher in teachers.csv. \(Suggestion.hint(for: teacher, among: loaded.teacherIndex.keys) ?? "")")
                throw ExitCode(1)
            }
            explanation.teacher(index).forEach(Console.current.out)
        } else if let school {
            guard let index = loaded.schoolIndex[school] else {
                Console.current.err("--school \(school): not a school in schools.csv. \(Suggestion.hint(for: school, among: loaded.schoolIndex.keys) ?? "")")
                throw ExitCode(1)
            }
            explanation.school(index).forEach(Console.current.out)
        } else {
            for index in loaded.schools.indices where loaded.schools[index].kind != .independent {
                explanation.school(index).forEach(Console.current.out)
                Console.current.out("")
            }
        }
    }
}
