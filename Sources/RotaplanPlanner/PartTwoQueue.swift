import Foundation
import LinearModel
import RotaplanDomain
import RotaplanResults

/// The work of Part 2 on the tie-break's rotation plans, in the order threads take it
/// (docs/solving.md "Part 1 with Part 2 in mind"):
/// 1. every component of the first plan, up to GLPK's search;
/// 2. each later plan's components that no plan before it has, up to the search. The later
///    plans are prepared only when a thread finds none of the first plan's left to start: on a
///    city both threads are busy to the end, and preparing them (seconds there) would only take
///    the first plan's time and memory;
/// 3. the searches, the first plan's first, and a plan's largest first.
///
/// Before the searches every component has a timetable and most have a bound, so the queue can
/// tell a plan that can no longer be kept: its bound is above another plan's best so far.
/// Such a plan gets no more searches, and a search only it needs is stopped.
final class PartTwoQueue: @unchecked Sendable {
    /// One piece of work for a thread.
    enum Job {
        /// A component's solve up to GLPK's search, with its share of the time.
        case component(ItinerantPlanner.Prepared, ItinerantComponent, ComponentSignature, deadline: ContinuousClock.Instant?)
        /// GLPK's search of a component until the part's deadline, stopped by the flag at its
        /// share of the time when another search waits, or when no plan that may be kept needs it.
        case search(ComponentSearch, ComponentSignature, Cancellation, deadline: ContinuousClock.Instant?)
    }

    private let lock = NSLock()
    private let deadline: ContinuousClock.Instant?
    private let options: SolveOptions
    private var prepared: [ItinerantPlanner.Prepared] = []
    private var laterPlans: [RotationPlan]
    private var jobs: [(plan: Int, component: Int)] = []
    private var nextJob = 0
    private var firstPlanJobs = 0
    /// The plans each component belongs to, the first of them first.
    private var plansOf: [ComponentSignature: [Int]] = [:]
    private var searches: [(signature: ComponentSignature, search: ComponentSearch)] = []
    private var running: [ComponentSignature: Cancellation] = [:]
    /// Each component's objective and bound: its answer's once solved, else its best so far.
    private var values: [ComponentSignature: (objective: Double, bound: Double?)] = [:]
    private var solved: [ComponentSignature: SolvedComponent] = [:]
    /// The plans shown to be worse than another plan's best so far.
    private var outdone: Set<Int> = []
    /// The components whose search was skipped or stopped: their answers are not final.
    private var cut: Set<ComponentSignature> = []

    init(first: ItinerantPlanner.Prepared, later: [RotationPlan], deadline: ContinuousClock.Instant?, options: SolveOptions) {
        self.deadline = deadline
        self.options = options
        laterPlans = later
        enqueue(first)
        firstPlanJobs = jobs.count
    }

    /// The next piece of work, nil when there is none (or when the time is up for a later
    /// plan's: the first plan's always start, and return at once with what they have).
    func next() -> Job? {
        lock.withLock {
            let timeUp = options.isCancelled || (deadline.map { $0.secondsFromNow < 0.1 } ?? false)
            if nextJob == jobs.count, !laterPlans.isEmpty, !timeUp {
                let scenario = prepared[0].scenario
                for plan in laterPlans { enqueue(ItinerantPlanner.Prepared(scenario, rotationPlan: plan)) }
                laterPlans = []
            }
            if nextJob < jobs.count, nextJob < firstPlanJobs || !timeUp {
                let position = nextJob
                nextJob += 1
                let (plan, component) = jobs[position]
                // The first plan's components share the time as they would alone.
                let remaining = position < firstPlanJobs ? firstPlanJobs - position : jobs.count - position
                return .component(
                    prepared[plan], prepared[plan].components[component], prepared[plan].signatures[component],
                    deadline: shareOfDeadline(deadline, remainingToStart: remaining, threads: options.threads))
            }
            // The first plan's searches first; within a plan the largest first, which is
            // likely the longest, so that it does not start last.
            while let index = searches.indices.min(by: { searchOrder(searches[$0]) < searchOrder(searches[$1]) }) {
                let (signature, search) = searches.remove(at: index)
                let ofFirstPlan = plansOf[signature]?.first == 0
                guard isNeeded(signature), ofFirstPlan || !timeUp else {
                    solved[signature] = search.unfinished
                    cut.insert(signature)
                    continue
                }
                let cancellation = Cancellation(parent: options.cancellation)
                running[signature] = cancellation
                // A search starts later than its component did. Its share is the later of that
                // component's deadline and its part of what is left among the searches waiting;
                // past its share it goes on while no search waits for its thread, so that time
                // a thread would leave idle is not lost (up to the part's deadline).
                let share = shareOfDeadline(deadline, remainingToStart: searches.count + 1, threads: options.threads)
                if let end = [search.deadline, share].compactMap({ $0 }).max(), let deadline, end < deadline {
                    stop(signature, cancellation, at: end)
                }
                return .search(search, signature, cancellation, deadline: deadline)
            }
            return nil
        }
    }

    /// A component's answer, from its solve or its search.
    func record(_ component: SolvedComponent, objective: Double, for signature: ComponentSignature) {
        lock.withLock {
            solved[signature] = component
            values[signature] = (objective, component.bound)
            if running.removeValue(forKey: signature)?.isCancelled == true { cut.insert(signature) }
            judge()
        }
    }

    /// A component whose search is still to run, with its best timetable so far.
    func wait(_ search: ComponentSearch, for signature: ComponentSignature) {
        lock.withLock {
            searches.append((signature, search))
            values[signature] = (search.incumbent, search.relaxation)
            judge()
        }
    }

    /// The plans prepared (the first, then the later ones when they were), every component
    /// solved, and the plans not solved to the end because another was shown to be better.
    func results() -> (prepared: [ItinerantPlanner.Prepared], solved: [ComponentSignature: SolvedComponent], unfinished: Set<Int>) {
        lock.withLock {
            let unfinished = outdone.filter { plan in prepared[plan].signatures.contains { cut.contains($0) } }
            return (prepared, solved, unfinished)
        }
    }

    /// At `instant`, stops the search of `signature` if another search waits for a thread;
    /// else looks again a little later, while that search runs.
    private func stop(_ signature: ComponentSignature, _ cancellation: Cancellation, at instant: ContinuousClock.Instant) {
        let delay = max(0, instant.secondsFromNow)
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            let again = lock.withLock { () -> Bool in
                guard running[signature] === cancellation else { return false }
                if searches.isEmpty { return true }
                cancellation.cancel()
                return false
            }
            if again { stop(signature, cancellation, at: ContinuousClock.now + .milliseconds(500)) }
        }
    }

    /// Called with the lock held (or from `init`).
    private func enqueue(_ plan: ItinerantPlanner.Prepared) {
        let index = prepared.count
        for (component, signature) in plan.signatures.enumerated() {
            if plansOf[signature] == nil { jobs.append((index, component)) }
            plansOf[signature, default: []].append(index)
        }
        prepared.append(plan)
    }

    private func searchOrder(_ waiting: (signature: ComponentSignature, search: ComponentSearch)) -> (Int, Int) {
        (plansOf[waiting.signature]?.first ?? 0, -waiting.search.component.pairCount(waiting.search.facts))
    }

    private func isNeeded(_ signature: ComponentSignature) -> Bool {
        (plansOf[signature] ?? []).contains { !outdone.contains($0) }
    }

    /// Marks each plan whose bound is above another plan's best so far: it cannot be kept
    /// (docs/solving.md "Part 1 with Part 2 in mind" says why for a tie too). Called with the
    /// lock held.
    private func judge() {
        guard prepared.count > 1 else { return }
        var best: [Double?] = []
        var bound: [Double?] = []
        for plan in prepared {
            var objective: Double? = plan.constant
            var lower: Double? = plan.constant
            for signature in plan.signatures {
                let value = values[signature]
                objective = objective.flatMap { total in value.map { total + $0.objective } }
                lower = lower.flatMap { total in value?.bound.map { total + $0 } }
            }
            best.append(objective)
            bound.append(lower)
        }
        for plan in prepared.indices where !outdone.contains(plan) {
            guard let lower = bound[plan] else { continue }
            // A margin above rounding: the county's objective is summed another way.
            let beaten = prepared.indices.contains { other in
                guard other != plan, let value = best[other] else { return false }
                return lower > value + 1e-7 * max(1, abs(value))
            }
            if beaten { outdone.insert(plan) }
        }
        for (signature, cancellation) in running where !isNeeded(signature) { cancellation.cancel() }
    }
}
