import Foundation
import RotaplanDomain

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a folder whole, so that a failed or interrupted run never leaves a half-written one:
/// the files go to a temporary folder beside it, are flushed to disk, and the temporary folder
/// then takes the folder's place in one rename (on Linux an atomic exchange, so there is no
/// moment without the folder).
public enum OutputFolder {
    /// Whether `folder` holds a plan: a `plan.json`, or one in a subfolder (years, variants).
    public static func holdsPlan(_ folder: URL) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent("plan.json").path) { return true }
        let children = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        return children.contains { manager.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("plan.json").path) }
    }

    /// What a folder rotaplan wrote holds at its top: a plan, a diagnosis, a cycle of years, a
    /// what-if comparison or a hiring's choice.
    static let outputMarks = ["plan.json", "infeasible.txt", "report.html", "comparison.json", "hire.csv"]

    /// Why `folder` must not be replaced by an output, which replaces a folder whole; nil when
    /// it may: it does not exist, is empty, or is an output rotaplan wrote. A folder that holds
    /// a ledger, a published plan's lists, a scenario, or files rotaplan did not write (the
    /// folder above the plans, say) is the office's, whatever `--out` says. With `scenario`
    /// (`import --force`) a scenario folder may be replaced, but not its ledger or a plan.
    public static func refusalToReplace(_ folder: URL, scenario: Bool = false) -> String? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        let names = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { ![".DS_Store", "Thumbs.db"].contains($0) }.sorted()
        if let ledger = names.first(where: { $0.hasSuffix(".sqlite") }) ?? names.first(where: { $0 == "ledger-backups" }) {
            return "it holds a ledger (\(ledger))"
        }
        if names.contains(PlanFolder.publishedFolder) {
            return "it holds a published plan (its \(PlanFolder.publishedFolder)/ lists)"
        }
        // A year's or a variant's plan published from inside an output of several.
        if let child = names.first(where: {
            manager.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent(PlanFolder.publishedFolder).path)
        }) {
            return "it holds a published plan (\(child)/\(PlanFolder.publishedFolder)/)"
        }
        if let record = workstationRecord(of: folder) {
            return "it is a plan of the workstation (\(record)); the workstation keeps it as it was made"
        }
        if scenario {
            return names.contains("plan.json") ? "it holds a plan (plan.json)" : nil
        }
        if let scenario = names.first(where: { ["scenario.yaml", "scenario.xlsx"].contains($0) }) {
            return "it holds a scenario (\(scenario))"
        }
        if !names.isEmpty && !names.contains(where: outputMarks.contains) {
            let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
            return "it holds files rotaplan did not write (\(shown))"
        }
        return nil
    }

    /// What marks `folder` as one of the workstation's plans (docs/workstation.md "The
    /// workspace"), whose review record describes it as it was made: its review record beside
    /// it, or its place among a county's plans beside the county's data versions.
    static func workstationRecord(of folder: URL) -> String? {
        let manager = FileManager.default
        let plans = folder.deletingLastPathComponent()
        let status = plans.appendingPathComponent(folder.lastPathComponent + ".status.json")
        if manager.fileExists(atPath: status.path) { return "its review record \(status.lastPathComponent) is beside it" }
        let county = plans.deletingLastPathComponent()
        guard plans.lastPathComponent == "plans" else { return nil }
        var isFolder: ObjCBool = false
        let firstData = county.appendingPathComponent("data").appendingPathComponent("1")
        guard manager.fileExists(atPath: firstData.path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        return "it lies among the plans of a county whose data versions are in \(county.lastPathComponent)/data/"
    }

    /// Why the file at `file` must not be overwritten by an output; nil when it may. A ledger, and
    /// a file of the scenario in whose folder it lies, are inputs; `named` is the one scenario
    /// file the command is there to write (`ledger history -o DIR/history.csv`).
    public static func refusalToOverwrite(_ file: URL, named allowed: String? = nil) -> String? {
        let manager = FileManager.default
        guard manager.fileExists(atPath: file.path) else { return nil }
        let name = file.lastPathComponent
        if name.hasSuffix(".sqlite") { return "it is a ledger" }
        let folder = file.deletingLastPathComponent()
        let inputs = ["scenario.yaml", "scenario.xlsx"] + ScenarioLoader.tableFiles
        let holdsScenario = ["scenario.yaml", "scenario.xlsx"].contains { manager.fileExists(atPath: folder.appendingPathComponent($0).path) }
        if holdsScenario, inputs.contains(name), name != allowed { return "it is the scenario's \(name)" }
        return nil
    }

    /// Why a folder could not be written at `folder`, found before any work is done; nil when
    /// it can. A long solve must not end in a write error: a probe folder is made and removed
    /// in the nearest folder on the way that exists, as `write` would make its temporary one.
    public static func unwritableReason(_ folder: URL) -> String? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            return "it is a file, not a folder"
        }
        var existing = folder.deletingLastPathComponent()
        while !manager.fileExists(atPath: existing.path, isDirectory: &isFolder) {
            let up = existing.deletingLastPathComponent()
            guard up.path != existing.path else { break }
            existing = up
        }
        guard isFolder.boolValue else { return "\(existing.path) is a file, not a folder" }
        let probe = existing.appendingPathComponent(".rotaplan-probe-\(UUID().uuidString.prefix(8))")
        guard mkdir(probe.path, 0o700) == 0 else { return String(cString: strerror(errno)) }
        rmdir(probe.path)
        return nil
    }

    /// Replaces `folder` with exactly `files` (names may hold `/` for subfolders).
    ///
    /// `afterEachFile` is called with the number of files written so far; tests throw from it
    /// to show that a failure at any point leaves `folder` as it was.
    public static func write(
        _ files: [(name: String, data: Data)], to folder: URL, afterEachFile: (Int) throws -> Void = { _ in }
    ) throws {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let token = UUID().uuidString.prefix(8)
        let temporary = parent.appendingPathComponent(".\(folder.lastPathComponent).tmp-\(token)")
        try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
        do {
            for (count, file) in files.enumerated() {
                let url = temporary.appendingPathComponent(file.name)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try writeDurably(file.data, to: url)
                try afterEachFile(count + 1)
            }
            if manager.fileExists(atPath: folder.path) {
                if exchange(temporary, folder) {
                    // The old folder now sits at the temporary name.
                    try? manager.removeItem(at: temporary)
                } else {
                    let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(token)")
                    try manager.moveItem(at: folder, to: old)
                    try manager.moveItem(at: temporary, to: folder)
                    try? manager.removeItem(at: old)
                }
            } else {
                try manager.moveItem(at: temporary, to: folder)
            }
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes one file whole: to a temporary file beside it, flushed, then renamed over the old
    /// one with `rename(2)`, which replaces the name in one step. (Foundation's `replaceItemAt`
    /// is not that on Linux: it moves the old file onto the temporary name and deletes it, and a
    /// second save lost the first.) An interrupted write leaves the old file as it was.
    ///
    /// `beforeRename` runs between the flush and the rename; tests throw from it to show that
    /// a failure there leaves the old file.
    public static func writeFile(_ data: Data, to url: URL, beforeRename: () throws -> Void = {}) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
        do {
            try writeDurably(data, to: temporary)
            try beforeRename()
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(
                    .fileWriteUnknown,
                    userInfo: [
                        NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
                    ])
            }
            syncFolder(folder)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Flushes a folder's entries, so that a rename in it survives a power cut.
    public static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// Writes and flushes one file, so that the rename that follows publishes whole files.
    static func writeDurably(_ data: Data, to url: URL) throws {
        try data.write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.synchronize()
    }

    /// Swaps two paths in one step where the system can (Linux's `renameat2` with
    /// `RENAME_EXCHANGE`, looked up at run time); false when it cannot.
    static func exchange(_ a: URL, _ b: URL) -> Bool {
        #if os(Linux)
            typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
            guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return false }
            let renameAt2 = unsafeBitCast(symbol, to: RenameAt2.self)
            let renameExchange: UInt32 = 2
            return renameAt2(AT_FDCWD, a.path, AT_FDCWD, b.path, renameExchange) == 0
        #else
            return false
        #endif
    }
}
