import Dispatch
import Foundation

/// Runs independent jobs on a bounded number of threads, in the given order of priority.
///
/// Each job runs start to end on one thread, which GLPK's per-thread environment requires.
enum Parallel {
    static func map<Result: Sendable>(
        count: Int, threads: Int, _ job: @Sendable (_ index: Int, _ remainingToStart: Int) -> Result
    ) -> [Result] {
        let slots = Slots<Result>(count: count)
        guard count > 0 else { return [] }
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while let (index, remaining) = slots.next() {
                slots.set(index, job(index, remaining))
            }
        }
        return slots.results()
    }
}

/// The shared queue position and results of `Parallel.map`.
private final class Slots<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var values: [Result?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    /// The next job and how many jobs (this one included) have not started yet.
    func next() -> (Int, Int)? {
        lock.withLock {
            guard nextIndex < values.count else { return nil }
            defer { nextIndex += 1 }
            return (nextIndex, values.count - nextIndex)
        }
    }

    func set(_ index: Int, _ value: Result) {
        lock.withLock { values[index] = value }
    }

    func results() -> [Result] {
        lock.withLock { values.map { $0! } }
    }
}
