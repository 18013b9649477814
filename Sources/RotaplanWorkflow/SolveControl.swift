import Foundation
import LinearModel
import RotaplanPlanner
import RotaplanReport
import RotaplanResults

/// How a front end follows and stops one piece of long work: the lines it reports as it goes,
/// and a cancellation that ends the work soon with the best plan found so far (which is then
/// not written: a cancelled solve leaves the last plan as it was).
public final class SolveControl: Sendable {
    private let cancellation = Cancellation()
    /// Progress lines (per community and component on a terminal, the workstation's page).
    let progress: (@Sendable (String) -> Void)?
    /// One line as each part ends (a log's one line per part).
    let partFinished: (@Sendable (String) -> Void)?

    /// `progress` gets every line; `partFinished` only the line each part ends with.
    public init(progress: (@Sendable (String) -> Void)? = nil, partFinished: (@Sendable (String) -> Void)? = nil) {
        self.progress = progress
        self.partFinished = partFinished
    }

    /// Reports a line as progress.
    public func report(_ line: String) { progress?(line) }

    /// Asks the work to stop soon.
    public func cancel() { cancellation.cancel() }

    public var isCancelled: Bool { cancellation.isCancelled }

    func attach(to options: inout SolveOptions) {
        options.cancellation = cancellation
        options.progress = progress
        let progress = self.progress
        let partFinished = self.partFinished
        if progress != nil || partFinished != nil {
            options.partFinished = { name, report in
                let line = PartSummary.line(name, report)
                progress?(line)
                partFinished?(line)
            }
        }
    }
}
