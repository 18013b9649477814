import ArgumentParser
import Foundation
import RotaplanGenerator

/// `rotaplan generate`.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes a synthetic scenario for a Nanchang county or district; the same seed writes the same bytes.")

    @Option(help: "County slug or Chinese name, e.g. nanchang-county or 南昌县.")
    var county: String

    @Option(help: "Random seed.")
    var seed: UInt64

    @Option(help: "Number of communities (default: the county's usual number).")
    var communities: Int?

    @Option(help: "Multiplies school sizes; 1 is the usual size.")
    var scale: Double = 1

    @Option(help: "Number of independent schools (default: half the communities).")
    var independent: Int?

    @Option(help: "The school year to plan.")
    var year: Int = 2025

    @Option(help: "The scenario's slug (default: the county's).")
    var slug: String?

    @Option(name: [.short, .customLong("out")], help: "Folder to write; it must not hold a scenario already unless --force.")
    var out: String

    @Flag(help: "Enable the county exchange (policy.exchange), with urban schools outside the communities that it draws on.")
    var exchange = false

    @Flag(help: "Overwrite the files of an existing scenario folder.")
    var force = false

    func validate() throws {
        guard CountyProfile.named(county) != nil else {
            let names = CountyProfile.nanchang.map { "\($0.slug) (\($0.name))" }.joined(separator: ", ")
            throw ValidationError("'\(county)' is not a county or district this tool knows; expected one of: \(names)")
        }
        guard (1...200).contains(communities ?? 1) else { throw ValidationError("--communities must be from 1 to 200") }
        guard scale > 0 && scale <= 10 else { throw ValidationError("--scale must be above 0 and at most 10") }
        if let slug, slug.isEmpty || !slug.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) {
            throw ValidationError("--slug must be lowercase letters, digits and '-'")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        if !force && FileManager.default.fileExists(atPath: folder.appendingPathComponent("scenario.yaml").path) {
            Console.current.err("\(out) already holds a scenario; use --force to overwrite it.")
            throw ExitCode(1)
        }
        let options = GeneratorOptions(
            county: CountyProfile.named(county)!, seed: seed, communities: communities, scale: scale,
            independentSchools: independent, year: year, slug: slug, exchange: exchange)
        try ScenarioGenerator.write(options, to: folder)
        Console.current.out("wrote \(out)")
    }
}
