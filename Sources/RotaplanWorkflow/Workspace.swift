import Foundation
import RotaplanDomain
import RotaplanReport

/// Where the office's work lives under `--root` (docs/workstation.md "The workspace"): per
/// county one ledger, data versions that are never overwritten, and plan folders per data
/// version. Nothing here is ever replaced: an upload is a new version, a solve a new plan.
///
/// ```
/// ROOT/<slug>/ledger.sqlite              the county's ledger
/// ROOT/<slug>/data/<n>/                  data version n: its files, manifest.json, check.json
/// ROOT/<slug>/plans/<year>-<n>-<m>/      plan m made from data version n
/// ROOT/<slug>/plans/<year>-<n>-<m>.status.json   submitted, returned, published
/// ```
public struct Workspace: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    // MARK: Counties

    /// A county's folder (it exists once the county has a data version).
    public func folder(_ slug: String) -> URL { root.appendingPathComponent(slug) }

    /// The county's one ledger, never inside a folder an upload replaces.
    public func ledger(_ slug: String) -> URL { folder(slug).appendingPathComponent("ledger.sqlite") }

    /// Counties with at least one data version, by slug.
    public func counties() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return entries.filter { Self.isSlug($0) && !versions(of: $0).isEmpty }.sorted()
    }

    /// A county's slug as scenario.yaml has it: `[a-z0-9-]+`.
    public static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 80 && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    // MARK: Data versions

    /// One upload or edit of a county's data, as its manifest records it.
    public struct DataVersion: Sendable, Codable, Equatable {
        public var county: String
        public var number: Int
        /// Each file's SHA-256.
        public var files: [String: String]
        /// What the person gave: the uploaded file's name, or the repository scenario's.
        public var source: String
        public var by: String
        public var at: Date

        static let manifest = "manifest.json"
    }

    /// The folder of a data version: the scenario to open (it holds scenario.yaml and CSV files,
    /// or scenario.xlsx).
    public func folder(of version: DataVersion) -> URL {
        folder(version.county).appendingPathComponent("data").appendingPathComponent(String(version.number))
    }

    /// A county's data versions, oldest first.
    public func versions(of slug: String) -> [DataVersion] {
        let data = folder(slug).appendingPathComponent("data")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: data.path)) ?? []
        return entries.compactMap(Int.init).sorted().compactMap { number in
            let manifest = data.appendingPathComponent(String(number)).appendingPathComponent(DataVersion.manifest)
            guard let bytes = try? Data(contentsOf: manifest) else { return nil }
            return try? Self.decoder.decode(DataVersion.self, from: bytes)
        }
    }

    public func version(_ slug: String, _ number: Int) -> DataVersion? {
        versions(of: slug).first { $0.number == number }
    }

    /// Makes the scenario files in `staging` (a folder this call takes over) county `slug`'s next
    /// data version, unless they are byte for byte its newest version's files: then that version
    /// is returned and `isNew` is false. The number is claimed by renaming the staged folder into
    /// place, so two uploads at once get two numbers.
    public func addVersion(staged staging: URL, county slug: String, source: String, by: String, at: Date = Date()) throws
        -> (version: DataVersion, isNew: Bool)
    {
        let manager = FileManager.default
        defer { try? manager.removeItem(at: staging) }
        var hashes: [String: String] = [:]
        for name in try manager.contentsOfDirectory(atPath: staging.path).sorted() where !name.hasPrefix(".") {
            hashes[name] = SHA256.hex(try Data(contentsOf: staging.appendingPathComponent(name)))
        }
        if let newest = versions(of: slug).last, newest.files == hashes { return (newest, false) }
        let data = folder(slug).appendingPathComponent("data")
        try manager.createDirectory(at: data, withIntermediateDirectories: true)
        for _ in 0..<1000 {
            let number = (versions(of: slug).map(\.number).max() ?? 0) + 1
            let version = DataVersion(county: slug, number: number, files: hashes, source: source, by: by, at: at)
            try OutputFolder.writeFile(try Self.encoder.encode(version), to: staging.appendingPathComponent(DataVersion.manifest))
            // rename(2) of a folder onto a name that exists fails: the number was taken meanwhile.
            if rename(staging.path, data.appendingPathComponent(String(number)).path) == 0 {
                OutputFolder.syncFolder(data)
                return (version, true)
            }
            guard errno == EEXIST || errno == ENOTEMPTY else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        throw POSIXError(.EEXIST)
    }

    /// A staging folder beside the county's data versions (same file system, so the rename
    /// that makes it a version is one step).
    public func stagingFolder() throws -> URL {
        let staging = root.appendingPathComponent(".incoming").appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return staging
    }

    // MARK: Plans

    /// A plan folder of the workspace: plan `m` made from data version `n` for `year`.
    public struct PlanID: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var county: String
        public var year: Int
        public var version: Int
        public var number: Int

        public init(county: String, year: Int, version: Int, number: Int) {
            self.county = county
            self.year = year
            self.version = version
            self.number = number
        }

        /// `2025-3-2`: plan 2 of data version 3 for 2025.
        public var name: String { "\(year)-\(version)-\(number)" }
        public var description: String { "\(county)/\(name)" }

        /// Reads `2025-3-2`.
        public init?(county: String, name: String) {
            let parts = name.split(separator: "-").map { Int($0) }
            guard parts.count == 3, let year = parts[0], let version = parts[1], let number = parts[2], number > 0, version > 0 else { return nil }
            self.init(county: county, year: year, version: version, number: number)
        }

        public static func < (lhs: PlanID, rhs: PlanID) -> Bool {
            (lhs.county, lhs.year, lhs.version, lhs.number) < (rhs.county, rhs.year, rhs.version, rhs.number)
        }
    }

    public func folder(of plan: PlanID) -> URL {
        folder(plan.county).appendingPathComponent("plans").appendingPathComponent(plan.name)
    }

    /// A county's plans, oldest first (those whose folder holds a plan.json or a diagnosis).
    public func plans(of slug: String) -> [PlanID] {
        let plans = folder(slug).appendingPathComponent("plans")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: plans.path)) ?? []
        return entries.compactMap { PlanID(county: slug, name: $0) }.filter { plan in
            let folder = self.folder(of: plan)
            return ["plan.json", "infeasible.txt"].contains { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        }.sorted()
    }

    /// Claims the next plan of data version `version` for `year`: its folder is made empty, so
    /// that two solves finishing at once never share one; the solve then fills it whole.
    public func claimPlan(county slug: String, year: Int, version: Int) throws -> PlanID {
        let plans = folder(slug).appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
        let taken = ((try? FileManager.default.contentsOfDirectory(atPath: plans.path)) ?? []).compactMap { PlanID(county: slug, name: $0) }
        var number = (taken.filter { $0.year == year && $0.version == version }.map(\.number).max() ?? 0) + 1
        while true {
            let plan = PlanID(county: slug, year: year, version: version, number: number)
            // mkdir(2) fails on a name that exists: the claim is atomic.
            if mkdir(folder(of: plan).path, 0o755) == 0 { return plan }
            guard errno == EEXIST else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            number += 1
        }
    }

    /// Gives a claimed plan back when its solve wrote nothing (cancelled, or failed before a
    /// plan or diagnosis was written).
    public func release(_ plan: PlanID) {
        let folder = folder(of: plan)
        if ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? ["?"]).isEmpty {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    // MARK: Review and approval

    /// Where a plan stands in the office's review (docs/workstation.md "Who may do what").
    public enum PlanState: String, Sendable, Codable {
        case draft, submitted, returned, published
    }

    /// One step of a plan's review: who did what when, and why.
    public struct PlanEvent: Sendable, Codable, Equatable {
        /// Which step: submitted for approval, returned with a note, or published.
        public enum Kind: String, Sendable, Codable {
            case submitted, returned, published
        }

        public var kind: Kind
        public var by: String
        public var at: Date
        public var note: String?

        public init(kind: Kind, by: String, at: Date = Date(), note: String? = nil) {
            self.kind = kind
            self.by = by
            self.at = at
            self.note = note
        }
    }

    func statusFile(_ plan: PlanID) -> URL {
        folder(plan.county).appendingPathComponent("plans").appendingPathComponent("\(plan.name).status.json")
    }

    /// A plan's review steps, oldest first.
    public func events(of plan: PlanID) -> [PlanEvent] {
        guard let data = try? Data(contentsOf: statusFile(plan)) else { return [] }
        return (try? Self.decoder.decode([PlanEvent].self, from: data)) ?? []
    }

    /// Where the plan stands: its last step, or a draft.
    public func state(of plan: PlanID) -> PlanState {
        switch events(of: plan).last?.kind {
        case nil: .draft
        case .submitted: .submitted
        case .returned: .returned
        case .published: .published
        }
    }

    /// A submitted or published plan is frozen: its objections cannot change (the approver
    /// publishes exactly what was submitted).
    public func isFrozen(_ plan: PlanID) -> Bool {
        [.submitted, .published].contains(state(of: plan))
    }

    /// Runs `body` holding the plan's lock (`.locks/<name>.lock`, an advisory `flock`), so that a
    /// step that reads the plan's record and then writes it (submit, approve, return, an
    /// objection) is not interleaved with another: two people pressing 发布 at once publish
    /// once, and two objections saved at once are both kept. A second server on the same root
    /// waits for the same lock.
    public func exclusively<Result>(_ plan: PlanID, _ body: () throws -> Result) throws -> Result {
        // Beside the county's folders, not among its plans: a listing of plans/ stays the plans.
        let locks = folder(plan.county).appendingPathComponent(".locks")
        try FileManager.default.createDirectory(at: locks, withIntermediateDirectories: true)
        let url = locks.appendingPathComponent("\(plan.name).lock")
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        // Closing the descriptor releases the lock, also when `body` throws.
        return try body()
    }

    /// Records a review step; the status file is replaced whole. Callers that decide on the
    /// plan's state first hold `exclusively(plan)` around both.
    public func record(_ event: PlanEvent, for plan: PlanID) throws {
        try OutputFolder.writeFile(try Self.encoder.encode(events(of: plan) + [event]), to: statusFile(plan))
    }

    // MARK: Repository scenarios

    /// Scenario folders and workbooks under the root that are not in this layout (a
    /// repository's `scenarios/`): listed read-only, by their path relative to the root.
    public func repositoryScenarios() -> [String] {
        var names: [String] = []
        for prefix in ["", "scenarios/"] {
            let folder = prefix.isEmpty ? root : root.appendingPathComponent(String(prefix.dropLast()))
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries.sorted() where !entry.hasPrefix(".") && Self.isScenario(folder.appendingPathComponent(entry)) {
                names.append(prefix + entry)
            }
        }
        return names
    }

    /// A repository scenario's location, if `name` is one of `repositoryScenarios()` (only
    /// names from that list are ever opened, so no request can reach another file).
    public func repositoryScenario(_ name: String) -> URL? {
        repositoryScenarios().contains(name) ? root.appendingPathComponent(name) : nil
    }

    static func isScenario(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return false }
        if !isFolder.boolValue { return url.pathExtension.lowercased() == "xlsx" }
        return ["scenario.yaml", "scenario.xlsx"].contains { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    /// The files of a scenario that a data version keeps: scenario.yaml and the tables, or the
    /// workbook as scenario.xlsx. A ledger, plans or anything else beside them is not copied.
    public static func scenarioFiles(of url: URL) throws -> [(name: String, data: Data)] {
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        if !isFolder.boolValue { return [("scenario.xlsx", try Data(contentsOf: url))] }
        let names = ["scenario.yaml", "scenario.xlsx"] + ScenarioLoader.tableFiles
        return try names.compactMap { name in
            let file = url.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: file.path) ? (name, try Data(contentsOf: file)) : nil
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

extension ScenarioSource {
    /// The county's slug as the settings give it (scenario.yaml's `slug:` or the 设置 sheet's
    /// `slug` row), read before the scenario is validated: where an upload's data version goes.
    public var declaredSlug: String? {
        switch settings {
        case .yaml(let text):
            for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("slug:") {
                var value = line.dropFirst("slug:".count)
                if let comment = value.firstIndex(of: "#") { value = value[..<comment] }
                let trimmed = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                return trimmed.isEmpty ? nil : trimmed
            }
            return nil
        case .sheet(_, let rows):
            return rows.first { $0.key.trimmingCharacters(in: .whitespaces) == "slug" }?.value.trimmingCharacters(in: .whitespaces)
        case nil:
            return nil
        }
    }
}
