import Foundation
import RotaplanDomain
import RotaplanResults

/// The components of Part 2 on the tie-break's rotation plans, in the order threads take them:
/// every component of the first plan, then each later plan's that no plan before it has.
///
/// The later plans are prepared only when a thread finds no component of the first plan left
/// to start: on a city both threads are busy to the end, and preparing them (seconds there)
/// would only take the first plan's time and memory.
final class PartTwoQueue: @unchecked Sendable {
    /// One component to solve, with its share of the time.
    struct Job {
        let prepared: ItinerantPlanner.Prepared
        let component: ItinerantComponent
        let signature: ComponentSignature
        let deadline: ContinuousClock.Instant?
    }

    private let lock = NSLock()
    private let deadline: ContinuousClock.Instant?
    private let options: SolveOptions
    private var prepared: [ItinerantPlanner.Prepared] = []
    private var laterPlans: [RotationPlan]
    private var jobs: [(plan: Int, component: Int)] = []
    private var queued: Set<ComponentSignature> = []
    private var nextJob = 0
    private var firstPlanJobs = 0
    private var solved: [ComponentSignature: SolvedComponent] = [:]

    init(first: ItinerantPlanner.Prepared, later: [RotationPlan], deadline: ContinuousClock.Instant?, options: SolveOptions) {
        self.deadline = deadline
        self.options = options
        laterPlans = later
        enqueue(first)
        firstPlanJobs = jobs.count
    }

    /// The next component to solve, nil when there is none (or when the time is up for a later
    /// plan's: the first plan's always start, and return at once with what they have).
    func next() -> Job? {
        lock.withLock {
            let timeUp = options.isCancelled || (deadline.map { $0.secondsFromNow < 0.1 } ?? false)
            if nextJob == jobs.count, !laterPlans.isEmpty, !timeUp {
                let scenario = prepared[0].scenario
                for plan in laterPlans { enqueue(ItinerantPlanner.Prepared(scenario, rotationPlan: plan)) }
                laterPlans = []
            }
            guard nextJob < jobs.count, nextJob < firstPlanJobs || !timeUp else { return nil }
            let position = nextJob
            nextJob += 1
            let (plan, component) = jobs[position]
            // The first plan's components share the time as they would alone.
            let remaining = position < firstPlanJobs ? firstPlanJobs - position : jobs.count - position
            return Job(
                prepared: prepared[plan], component: prepared[plan].components[component],
                signature: prepared[plan].signatures[component],
                deadline: shareOfDeadline(deadline, remainingToStart: remaining, threads: options.threads))
        }
    }

    func record(_ component: SolvedComponent, for signature: ComponentSignature) {
        lock.withLock { solved[signature] = component }
    }

    /// The plans prepared (the first, then the later ones when they were) and every component solved.
    func results() -> (prepared: [ItinerantPlanner.Prepared], solved: [ComponentSignature: SolvedComponent]) {
        lock.withLock { (prepared, solved) }
    }

    /// Called with the lock held (or from `init`).
    private func enqueue(_ plan: ItinerantPlanner.Prepared) {
        for (component, signature) in plan.signatures.enumerated() where queued.insert(signature).inserted {
            jobs.append((prepared.count, component))
        }
        prepared.append(plan)
    }
}
