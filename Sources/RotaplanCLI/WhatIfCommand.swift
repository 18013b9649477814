import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanWorkflow
import RotaplanReport
import RotaplanSpreadsheet

/// `rotaplan whatif DIR --variant NAME:KEY=VALUE[,KEY=VALUE]… [--price] [--out OUT]`.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Solves the base scenario and policy variants side by side and compares them.",
        discussion: """
            Each plan is written to OUT/<name>/ (the base to OUT/base/), the comparison to \
            OUT/comparison.csv and OUT/comparison.html. --price relaxes each policy bound by one step \
            (min_ratio −0.02, backbone_share −0.05, min_cadres_per_member −1, balance_tolerance +1, \
            rotation and itinerant max_km +10, max_days_away +1) and reports what each relaxation saves \
            (OUT/price.csv): the rule that saves most costs the county most; it also prices one more \
            specialist of each itinerant subject, based where it helps most (rotaplan hire). A variant \
            without a plan gets its status in the comparison; the others go on.
            """)

    @OptionGroup var input: ScenarioOptions

    @Option(name: .customLong("variant"), help: "NAME:KEY=VALUE[,KEY=VALUE]…, e.g. ratio15:policy.rotation.min_ratio=0.15.")
    var variants: [String] = []

    @Flag(help: "Relax each policy bound by one step and report what it costs.")
    var price = false

    @Option(help: "The folder to write (default: plans/<slug>-<year>-whatif).")
    var out: String?

    @OptionGroup var settings: SolveSettings

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        if variants.isEmpty && !price { throw ValidationError("give at least one --variant, or --price") }
        for text in variants where Variant.parse(text) == nil {
            throw ValidationError("--variant \(text): expected NAME:KEY=VALUE[,KEY=VALUE]…, NAME of letters, digits, - and _")
        }
        let names = variants.compactMap { Variant.parse($0)?.name }
        if Set(names).count != names.count || names.contains("base") {
            throw ValidationError("variant names must differ from each other and from 'base'")
        }
    }

    func run() throws {
        let console = Console.current
        let session = input.session()
        let base = try loadScenario(session, overrides: try input.parsedOverrides())
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? PlanFolder.defaultLocation(for: base, suffix: "-whatif")
        let run: WhatIfRun?
        do {
            run = try session.whatIf(
                settings.request(overrides: try input.parsedOverrides()), variants: variants.compactMap(Variant.parse), price: price,
                to: outFolder, control: quiet ? nil : SolveControl(progress: { console.err($0) }))
        } catch let error as ScenarioError {
            console.err(error.description)
            throw ExitCode(1)
        }
        guard let run else { return }
        console.out(run.text)
        console.out("wrote \(outFolder.relativePath)")
    }
}

/// `rotaplan compare A/plan.json B/plan.json`.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compares two plans side by side: status, moves, km, shortfall, equity, itinerant cover, differing lines.")

    @Argument(help: "The first plan.json.")
    var first: String

    @Argument(help: "The second plan.json.")
    var second: String

    func run() throws {
        var documents: [PlanDocument] = []
        for path in [first, second] {
            guard let data = FileManager.default.contents(atPath: path), let document = try? PlanDocument.decode(data) else {
                Console.current.err("\(path): not a plan.json of rotaplan.")
                throw ExitCode(1)
            }
            documents.append(document)
        }
        let figures = [
            PlanFigures(name: first, document: documents[0], reference: documents[0]),
            PlanFigures(name: second, document: documents[1], reference: documents[0]),
        ]
        Console.current.out(PlanComparison.text(figures))
        PlanComparison.differingLines(documents[0], documents[1]).forEach(Console.current.out)
    }
}
