import Foundation
import RotaplanResults
import RotaplanWorkflow
import Synchronization

/// Long work the workstation runs in the background (a solve, a re-plan, a what-if): one per
/// data version at a time, with the progress lines a page streams and a cancellation.
final class JobBoard: Sendable {
    /// One piece of background work and what it has said so far.
    struct Job: Sendable {
        enum State: String, Sendable {
            case running, finished, failed, cancelled
        }

        var kind: String
        var state: State = .running
        /// Progress in the office's words.
        var lines: [String] = []
        /// Where to look when it is over (the new plan, the comparison).
        var next: String?
        /// Its progress and its cancellation.
        var control: SolveControl
    }

    private let jobs = Mutex<[String: Job]>([:])

    /// Starts `work` under `key` on a thread of its own, unless a job of that key runs. `work`
    /// reports through the control it is given (the solve's events, and its own lines through
    /// `say`) and returns the final state, its last line and where to look next.
    func start(
        _ key: String, kind: String,
        work: @escaping @Sendable (_ control: SolveControl, _ say: @escaping @Sendable (String) -> Void) -> (Job.State, String, String?)
    ) -> Bool {
        let say: @Sendable (String) -> Void = { [self] line in
            jobs.withLock { $0[key]?.lines.append(line) }
        }
        let control = SolveControl(progress: { event in
            if let line = Words.progress(event) { say(line) }
        })
        let started = jobs.withLock { jobs -> Bool in
            if jobs[key]?.state == .running { return false }
            jobs[key] = Job(kind: kind, control: control)
            return true
        }
        guard started else { return false }
        // Solving blocks its thread (GLPK runs inside); the server's threads stay free for pages.
        Thread.detachNewThread { [self] in
            let (state, last, next) = work(control, say)
            jobs.withLock { jobs in
                jobs[key]?.lines.append(last)
                jobs[key]?.next = next
                jobs[key]?.state = control.isCancelled && state != .failed ? .cancelled : state
            }
        }
        return true
    }

    func job(_ key: String) -> Job? { jobs.withLock { $0[key] } }

    /// Whether any job runs (a page says so while a solve uses the machine).
    var anyRunning: Bool { jobs.withLock { $0.values.contains { $0.state == .running } } }

    /// Asks the key's running job to stop; it keeps the last good plan.
    func cancel(_ key: String) -> Bool {
        jobs.withLock { jobs in
            guard let job = jobs[key], job.state == .running else { return false }
            job.control.cancel()
            return true
        }
    }
}
