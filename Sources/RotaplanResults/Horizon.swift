import Foundation
import RotaplanDomain

/// One planned year of a horizon.
public struct YearPlan: Sendable {
    public var year: Int
    /// The scenario read for that year: everyone older, the retired gone, the secondments of
    /// the horizon's earlier years in its history.
    public var scenario: Scenario
    public var county: CountyPlan
    /// The history.csv this year was planned on.
    public var history: Data
    /// After the first year: re-planned each year on what really happened.
    public var provisional: Bool

    package init(year: Int, scenario: Scenario, county: CountyPlan, history: Data, provisional: Bool) {
        self.year = year
        self.scenario = scenario
        self.county = county
        self.history = history
        self.provisional = provisional
    }
}

/// How `solve --years N` plans (docs/model.md "Several years at once").
public enum HorizonMode: String, Sendable {
    /// One program per community over the horizon.
    case joint
    /// Each year on the history the year before leaves.
    case myopic
}

/// Several years planned: the years that have a plan, and where it stopped.
public struct HorizonOutcome: Sendable {
    public var mode: HorizonMode
    public var requested: Int
    public var years: [YearPlan]
    /// The first year that has no plan (its county plan holds the diagnosis), when one has none.
    public var failed: YearPlan?
    /// history.csv after the last planned year.
    public var finalHistory: Data
    /// The horizon's Part 1: the summed objective of the planned years, with the joint
    /// programs' summed bound (none for myopic planning) and the worst status.
    public var rotation: PartReport?
    /// Each planned year's moves, in the first year's teacher indices: the start of a joint
    /// program planned after them.
    package var plannedMoves: [[Move]] = []
    /// Why the years were planned one by one when a joint plan was asked for, in the office's words.
    public var note: String?

    package init(
        mode: HorizonMode, requested: Int, years: [YearPlan], failed: YearPlan? = nil, finalHistory: Data, rotation: PartReport? = nil,
        plannedMoves: [[Move]] = []
    ) {
        self.plannedMoves = plannedMoves
        self.mode = mode
        self.requested = requested
        self.years = years
        self.failed = failed
        self.finalHistory = finalHistory
        self.rotation = rotation
    }
}
