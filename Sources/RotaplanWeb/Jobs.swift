import Foundation
import RotaplanWorkflow
import Synchronization

/// Long work the workstation runs in the background (a solve, a re-plan, a what-if): one per
/// scenario at a time, with the progress lines a page streams and a cancellation.
final class JobBoard: Sendable {
    /// One piece of background work and what it has said so far.
    struct Job: Sendable {
        enum State: String, Sendable {
            case running, finished, failed, cancelled
        }

        var kind: String
        var state: State = .running
        var lines: [String] = []
        /// Where to look when it is over (the review page, the comparison).
        var next: String?
        /// Its progress lines and its cancellation.
        var control: SolveControl
    }

    private let jobs = Mutex<[String: Job]>([:])

    /// Starts `work` for `scenario` on a thread of its own, unless a job of the scenario runs.
    /// `work` reports lines through its argument and returns the final state, its last line and
    /// where to look next.
    func start(
        _ scenario: String, kind: String, work: @escaping @Sendable (SolveControl) -> (Job.State, String, String?)
    ) -> Bool {
        let control = SolveControl(progress: { [self] line in
            jobs.withLock { $0[scenario]?.lines.append(line) }
        })
        let started = jobs.withLock { jobs -> Bool in
            if jobs[scenario]?.state == .running { return false }
            jobs[scenario] = Job(kind: kind, control: control)
            return true
        }
        guard started else { return false }
        // Solving blocks its thread (GLPK runs inside); the server's threads stay free for pages.
        Thread.detachNewThread { [self] in
            let (state, last, next) = work(control)
            jobs.withLock { jobs in
                jobs[scenario]?.lines.append(last)
                jobs[scenario]?.next = next
                jobs[scenario]?.state = control.isCancelled && state != .failed ? .cancelled : state
            }
        }
        return true
    }

    func job(_ scenario: String) -> Job? { jobs.withLock { $0[scenario] } }

    /// Asks the scenario's running job to stop; it keeps the last good plan.
    func cancel(_ scenario: String) -> Bool {
        jobs.withLock { jobs in
            guard let job = jobs[scenario], job.state == .running else { return false }
            job.control.cancel()
            return true
        }
    }
}
