import Foundation

/// Writes a plan folder so that a failed or interrupted run never leaves a half-written one:
/// files go to a temporary folder beside `OUT`, which is renamed into place at the end.
public enum OutputFolder {
    /// Whether `folder` holds a plan: a `plan.json`, or one in a subfolder (years, variants).
    public static func holdsPlan(_ folder: URL) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent("plan.json").path) { return true }
        let children = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        return children.contains { manager.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("plan.json").path) }
    }

    /// Replaces `folder` with exactly `files`.
    public static func write(_ files: [(name: String, data: Data)], to folder: URL) throws {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let token = UUID().uuidString.prefix(8)
        let temporary = parent.appendingPathComponent(".\(folder.lastPathComponent).tmp-\(token)")
        try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
        do {
            for (name, data) in files {
                let url = temporary.appendingPathComponent(name)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            if manager.fileExists(atPath: folder.path) {
                let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(token)")
                try manager.moveItem(at: folder, to: old)
                try manager.moveItem(at: temporary, to: folder)
                try? manager.removeItem(at: old)
            } else {
                try manager.moveItem(at: temporary, to: folder)
            }
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
    }
}
