import Dispatch
import Foundation
import LinearModel
import RotaplanResults

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

    /// Runs the jobs `next` hands out on at most `threads` threads, until it hands out none.
    /// Unlike `map`, the jobs need not be known at the start: `next` may decide them when a
    /// thread is free.
    static func drain(threads: Int, next: @Sendable () -> (() -> Void)?) {
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            while let job = next() { job() }
        }
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

/// Turns GLPK's frequent progress calls into a line every few seconds for a person watching.
final class ThrottledProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var lastShown = 0.0
    private let every: Double
    private let part: String
    private let place: String
    private let sink: @Sendable (PlanProgress) -> Void

    init(part: String, place: String, every: Double = 2, sink: @escaping @Sendable (PlanProgress) -> Void) {
        self.part = part
        self.place = place
        self.every = every
        self.sink = sink
    }

    /// A closure for `SolveParameters.progress`.
    var report: @Sendable (SolveProgress) -> Void {
        { [self] progress in
            let show = lock.withLock { () -> Bool in
                guard progress.seconds - lastShown >= every else { return false }
                lastShown = progress.seconds
                return true
            }
            guard show else { return }
            sink(.searching(part: part, place: place, incumbent: progress.incumbent, bound: progress.bound, seconds: progress.seconds))
        }
    }
}
