import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanReport
import RotaplanResults
import RotaplanSpreadsheet
import RotaplanWorkflow

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

    @Option(help: "A plan.json to take as the base as it is (not solved again): its settings, and the objections.csv beside it, hold for every variant.")
    var base: String?

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
        var session = input.session()
        var overrides = try input.parsedOverrides()
        let baseURL = base.map { URL(fileURLWithPath: PlanDocument.file(at: $0)) }
        if let baseURL {
            // The base plan's own settings, then --set; its objections as pins.
            guard let document = (try? Data(contentsOf: baseURL)).flatMap({ try? PlanDocument.decode($0) }) else {
                console.err("--base \(baseURL.path): not a plan.json of rotaplan.")
                throw ExitCode(1)
            }
            let own = (document.meta?.settings ?? [:]).filter { $0.key.hasPrefix("policy.") }.sorted { $0.key < $1.key }
                .map { SettingOverride(key: $0.key, value: $0.value) }
            overrides = own.filter { setting in !overrides.contains { $0.key == setting.key } } + overrides
            let objections = ObjectionList.read(baseURL.deletingLastPathComponent())
            if !objections.isEmpty { session.objections = objections }
        }
        let loaded = try loadScenario(session, overrides: overrides)
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? PlanFolder.defaultLocation(for: loaded, suffix: "-whatif")
        try requireWritable(outFolder, session: session)
        let run: WhatIfRun?
        do {
            run = try session.whatIf(
                settings.request(overrides: overrides), variants: variants.compactMap(Variant.parse), price: price, base: baseURL,
                to: outFolder, control: quiet ? nil : SolveControl(progress: { console.err($0.description) }))
        } catch let error as ScenarioError {
            console.err(error.description)
            throw ExitCode(1)
        } catch let error as PlanReadError {
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
            guard let data = FileManager.default.contents(atPath: PlanDocument.file(at: path)), let document = try? PlanDocument.decode(data) else {
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
