import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults

/// A request that cannot be carried out as given: what a person reads (exit 1, nothing written).
public struct BadRequest: Error, Sendable, CustomStringConvertible {
    public var lines: [String]

    public init(_ lines: [String]) {
        self.lines = lines
    }

    public var description: String { lines.joined(separator: "\n") }
}

extension PlanSession {
    /// What `rotaplan hire` did: its lines for a person and docs/commands.md's exit status.
    public struct HireRun: Sendable {
        public var outcome: HireOutcome
        public var output: [String]
        public var errors: [String]
        public var status: Int32
    }

    /// `rotaplan hire` (docs/model.md "Hiring itinerant specialists"): where `count` new
    /// specialists of `subject` should be based, on the staffing of `plan` (a plan.json of this
    /// scenario) or of a fresh Part 1, written to `folder` whole. An unknown subject or school
    /// is a `BadRequest`, thrown before anything is solved.
    public func hire(
        overrides: [SettingOverride] = [], loaded: Scenario? = nil, plan: URL?, subject: String, count: Int, at schoolIDs: [String]?,
        timeLimit: Double, to folder: URL
    ) throws -> HireRun {
        let scenario = try loaded ?? load(overrides: overrides)
        let subjects = scenario.policy.itinerant.subjects
        var problems: [String] = []
        // A subject written as the office writes it (音乐) is its code (music).
        let written = subject
        let subject = Vocabulary.subject(written.trimmingCharacters(in: .whitespaces))
        if !subjects.contains(subject) {
            let listed = subjects.map { "\(Display.subject($0))（\($0)）" }.joined(separator: "、")
            problems.append(
                "--subject \(written): 不是本县走教的学科（\(listed)） (not an itinerant subject of this scenario: \(subjects.joined(separator: ", "))). \(Suggestion.hint(for: subject, among: subjects) ?? "")"
            )
        }
        var candidates: [Int]?
        if let schoolIDs {
            candidates = []
            for id in schoolIDs {
                if let school = scenario.schoolIndex[id] {
                    candidates?.append(school)
                } else {
                    problems.append("--at \(id): not a school in schools.csv. \(Suggestion.hint(for: id, among: scenario.schoolIndex.keys) ?? "")")
                }
            }
        }
        if let problem = SolveLimits.countProblem("count", count, in: 1...200) { problems.append(problem) }
        guard problems.isEmpty else { throw BadRequest(problems) }
        let rotationPlan = try plan.map { try PlanDocument.read($0, scenario: scenario).rotation }
        let outcome = HirePlanner.run(
            scenario, rotationPlan: rotationPlan, subject: subject, count: count, candidates: candidates, timeLimit: timeLimit)
        if let failure = outcome.rotationFailure {
            return HireRun(outcome: outcome, output: [], errors: failure.diagnosis, status: failure.report.status == .infeasible ? 2 : 3)
        }
        var output = HireReport.text(outcome.plans, without: outcome.without)
        try OutputFolder.write(try HireReport.files(outcome.plans, chosen: outcome.plans[1], without: outcome.without), to: folder)
        output.append("wrote \(folder.relativePath)")
        return HireRun(outcome: outcome, output: output, errors: [], status: 0)
    }
}
