import Foundation
import RotaplanDomain

/// What a solve says as it goes, for whoever watches: a terminal prints `description`, the
/// workstation its own Chinese words for the same event.
public enum PlanProgress: Sendable, CustomStringConvertible {
    /// A community's Part 1 is done.
    case community(id: String, lead: String, status: PlanStatus, objective: Double?, seconds: Double)
    /// GLPK is still searching a program: its best plan so far and its bound.
    case searching(part: String, place: String, incumbent: Double?, bound: Double?, seconds: Double)
    /// Part 2's components are solved.
    case components(count: Int, status: PlanStatus)
    /// A pass of neighbourhoods over a large Part 2 component.
    case neighbourhoods(subject: String, pass: Int, improved: Int, solved: Int)
    /// The transportation relaxation's bound of a large component.
    case relaxation(subject: String, bound: Double, variables: Int, seconds: Double)
    /// A round of the bound home by home raised a large component's bound.
    case homeBound(subject: String, round: Int, bound: Double)
    /// A what-if variant is solved.
    case variant(name: String, rotation: PlanStatus?, itinerant: PlanStatus?)
    /// A part is done (`PartSummary` has its line).
    case part(name: String, report: PartReport)

    public var description: String {
        func value(_ number: Double?) -> String { number.map { String(format: "%.1f", $0) } ?? "-" }
        switch self {
        case .community(let id, let lead, let status, let objective, let seconds):
            let shown = objective.map { formatNumber(($0 * 10).rounded() / 10) } ?? "-"
            return "rotation \(id) \(lead): \(status.rawValue) \(shown) in \(String(format: "%.2f", seconds)) s"
        case .searching(let part, let place, let incumbent, let bound, let seconds):
            let located = part.hasPrefix("itinerant") ? "near \(place)" : place
            return "\(part) \(located): incumbent \(value(incumbent)), bound \(value(bound)), \(String(format: "%.0f", seconds)) s"
        case .components(let count, let status):
            return "itinerant: \(count) components, \(status.rawValue)"
        case .neighbourhoods(let subject, let pass, let improved, let solved):
            return "itinerant \(subject): neighbourhood pass \(pass), \(improved) of \(solved) improved"
        case .relaxation(let subject, let bound, let variables, let seconds):
            return String(format: "itinerant %@: bound %.2f from %d variables in %.1f s", subject, bound, variables, seconds)
        case .homeBound(let subject, let round, let bound):
            return String(format: "itinerant %@: bound %.2f home by home, round %d", subject, bound, round)
        case .variant(let name, let rotation, let itinerant):
            return "\(name): rotation \(rotation?.rawValue ?? "-"), itinerant \(itinerant?.rawValue ?? "-")"
        case .part(let name, let report):
            let objective = report.objective.map { String(format: "%.2f", $0) } ?? "-"
            let bound = report.bound.map { String(format: "%.2f", $0) } ?? "-"
            let gap = report.gap.map { String(format: "%.2g", $0) } ?? "-"
            return
                "\(name): \(report.status.rawValue) objective \(objective) bound \(bound) gap \(gap) in \(String(format: "%.2f", report.seconds)) s (\(report.method))"
        }
    }
}
