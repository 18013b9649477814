import Foundation
import RotaplanDomain

/// A policy variant: a name and the settings it changes.
public struct Variant: Sendable {
    public var name: String
    public var overrides: [SettingOverride]
    /// For `--price`: the rule and the step, in words.
    public var rule: String?

    public init(name: String, overrides: [SettingOverride], rule: String? = nil) {
        self.name = name
        self.overrides = overrides
        self.rule = rule
    }

    /// Parses `NAME:KEY=VALUE[,KEY=VALUE]…`.
    public static func parse(_ text: String) -> Variant? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
        let settings = text[text.index(after: colon)...].split(separator: ",").map(String.init)
        let overrides = settings.compactMap(SettingOverride.parse)
        guard !name.isEmpty, !overrides.isEmpty, overrides.count == settings.count,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        return Variant(name: name, overrides: overrides)
    }
}

/// One variant solved.
public struct VariantOutcome: Sendable {
    public var variant: Variant
    public var scenario: Scenario
    public var county: CountyPlan
    /// The worst status of its parts; a variant without a plan keeps its status here.
    public var status: PlanStatus

    public init(variant: Variant, scenario: Scenario, county: CountyPlan, status: PlanStatus) {
        self.variant = variant
        self.scenario = scenario
        self.county = county
        self.status = status
    }
}

/// What `whatif` solved: the base first, then each variant (price variants, marked by their
/// `rule`, after the named ones), and with `--price` one more specialist of each itinerant
/// subject placed where it helps most on the base's staffing.
public struct WhatIfOutcome: Sendable {
    public var outcomes: [VariantOutcome]
    public var hires: [HirePlan]
    public var priced: Bool

    public init(outcomes: [VariantOutcome], hires: [HirePlan], priced: Bool) {
        self.outcomes = outcomes
        self.hires = hires
        self.priced = priced
    }

    /// The base's scenario (the first outcome's).
    public var base: Scenario? { outcomes.first?.scenario }
}
