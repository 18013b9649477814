import Foundation
import LinearModel
import RotaplanPlanner
import RotaplanResults

/// How a front end follows and stops one piece of long work: what the solve says as it goes,
/// and a cancellation that ends the work soon with the best plan found so far (which is then
/// not written: a cancelled solve leaves the last plan as it was).
public final class SolveControl: Sendable {
    private let cancellation = Cancellation()
    /// Gets every event of the solve (`PlanProgress`).
    let progress: (@Sendable (PlanProgress) -> Void)?

    public init(progress: (@Sendable (PlanProgress) -> Void)? = nil) {
        self.progress = progress
    }

    /// Asks the work to stop soon.
    public func cancel() { cancellation.cancel() }

    public var isCancelled: Bool { cancellation.isCancelled }

    func attach(to options: inout SolveOptions) {
        options.cancellation = cancellation
        options.progress = progress
    }
}
