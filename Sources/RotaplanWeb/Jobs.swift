import Foundation
import LinearModel
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
        var cancellation = Cancellation()
    }

    private let jobs = Mutex<[String: Job]>([:])

    /// Starts `work` for `scenario` on a thread of its own, unless a job of the scenario runs.
    /// `work` reports lines through its argument and returns the final state, its last line and
    /// where to look next.
    func start(
        _ scenario: String, kind: String,
        work: @escaping @Sendable (_ report: @escaping @Sendable (String) -> Void, Cancellation) -> (Job.State, String, String?)
    ) -> Bool {
        let job = Job(kind: kind)
        let started = jobs.withLock { jobs -> Bool in
            if jobs[scenario]?.state == .running { return false }
            jobs[scenario] = job
            return true
        }
        guard started else { return false }
        let cancellation = job.cancellation
        let report: @Sendable (String) -> Void = { [self] line in
            jobs.withLock { $0[scenario]?.lines.append(line) }
        }
        // Solving blocks its thread (GLPK runs inside); the server's threads stay free for pages.
        Thread.detachNewThread { [self] in
            let (state, last, next) = work(report, cancellation)
            jobs.withLock { jobs in
                jobs[scenario]?.lines.append(last)
                jobs[scenario]?.next = next
                jobs[scenario]?.state = cancellation.isCancelled && state != .failed ? .cancelled : state
            }
        }
        return true
    }

    func job(_ scenario: String) -> Job? { jobs.withLock { $0[scenario] } }

    /// Asks the scenario's running job to stop; it keeps the last good plan.
    func cancel(_ scenario: String) -> Bool {
        jobs.withLock { jobs in
            guard let job = jobs[scenario], job.state == .running else { return false }
            job.cancellation.cancel()
            return true
        }
    }
}
