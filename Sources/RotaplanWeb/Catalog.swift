import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanLedger
import RotaplanReport
import RotaplanSpreadsheet
import ZIPFoundation

/// The scenarios the workstation offers: folders and workbooks under `--root`, one level deep in
/// the root, its `scenarios/` and its `uploads/`. A scenario is named by its path relative to the
/// root, and only names from this list are ever opened, so no request can reach another file.
struct Catalog: Sendable {
    let root: URL

    /// Where uploads are kept, each in a folder of its own.
    var uploads: URL { root.appendingPathComponent("uploads") }

    /// Every scenario, by its name relative to the root.
    func scenarios() -> [String] {
        var names: [String] = []
        for prefix in ["", "scenarios/", "uploads/"] {
            let folder = prefix.isEmpty ? root : root.appendingPathComponent(String(prefix.dropLast()))
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries.sorted() where !entry.hasPrefix(".") && isScenario(folder.appendingPathComponent(entry)) {
                names.append(prefix + entry)
            }
        }
        return names
    }

    /// The scenario named `name`, if it is one of `scenarios()`.
    func url(of name: String?) -> URL? {
        guard let name, scenarios().contains(name) else { return nil }
        return root.appendingPathComponent(name)
    }

    private func isScenario(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return false }
        if !isFolder.boolValue { return url.pathExtension.lowercased() == "xlsx" }
        return ["scenario.yaml", "scenario.xlsx"].contains { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    /// The plan folder of a scenario: `plans/<slug>-<year>` under the root, as `rotaplan solve`
    /// run in the root writes it.
    func planFolder(for scenario: Scenario, suffix: String = "") -> URL {
        root.appendingPathComponent(PlanFolder.defaultLocation(for: scenario, suffix: suffix).relativePath)
    }
}

/// An upload refused: what a person reads. Nothing was written.
struct UploadRefusal: Error {
    var message: String
}

/// Uploads: a workbook (`.xlsx`) or a ZIP archive of a scenario folder, kept as
/// `uploads/<name>/`; replaced whole when uploaded again under the same name.
enum Upload {
    /// Files an archive may hold (anything else is refused, not skipped: a person should know).
    static let archiveFiles = Set(ScenarioLoader.tableFiles + ["scenario.yaml", "scenario.xlsx"])

    /// Checks and stores `data` uploaded as `fileName`; returns the scenario's name in the catalog.
    static func store(_ data: Data, fileName: String, in catalog: Catalog) throws(UploadRefusal) -> String {
        let stem = try checkedStem(fileName)
        let kind = (fileName as NSString).pathExtension.lowercased()
        guard data.count <= Limits.upload else { throw UploadRefusal(message: "文件超过 20 MB (the upload limit)；未保存。") }
        let staging = catalog.uploads.appendingPathComponent(".incoming-\(Tokens.make().prefix(12))")
        defer { try? FileManager.default.removeItem(at: staging) }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw UploadRefusal(message: "无法保存上传 (cannot write under \(catalog.uploads.path)): \(error.localizedDescription)")
        }
        switch kind {
        case "xlsx":
            try checkWorkbook(data, fileName: fileName)
            try write(data, to: staging.appendingPathComponent("scenario.xlsx"))
        case "zip":
            try unpack(data, fileName: fileName, into: staging)
        case "xls":
            throw UploadRefusal(message: "\(fileName)：这是旧版 Excel 97-2003 (.xls) 文件。请在 Excel 或 WPS 中“另存为” .xlsx 后再上传 (save as .xlsx).")
        default:
            throw UploadRefusal(message: "\(fileName)：只接受 .xlsx 工作簿或包含 scenario.yaml 与 CSV 文件的 .zip 压缩包 (an .xlsx workbook or a .zip of a scenario folder).")
        }
        // The new folder replaces the old whole: renamed into place, the old one removed after.
        let target = catalog.uploads.appendingPathComponent(stem)
        let previous = catalog.uploads.appendingPathComponent(".replaced-\(Tokens.make().prefix(12))")
        do {
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.moveItem(at: target, to: previous) }
            try FileManager.default.moveItem(at: staging, to: target)
            try? FileManager.default.removeItem(at: previous)
        } catch {
            if FileManager.default.fileExists(atPath: previous.path), !FileManager.default.fileExists(atPath: target.path) {
                try? FileManager.default.moveItem(at: previous, to: target)
            }
            throw UploadRefusal(message: "无法保存上传: \(error.localizedDescription)")
        }
        return "uploads/\(stem)"
    }

    /// A name of letters, digits, `-`, `_`, `.` and spaces, without `..`: the folder it is kept in.
    static func checkedStem(_ fileName: String) throws(UploadRefusal) -> String {
        let stem = (fileName as NSString).deletingPathExtension
        let allowed = CharacterSet.letters.union(.decimalDigits).union(CharacterSet(charactersIn: "-_. "))
        guard !stem.isEmpty, stem.count <= 100, !fileName.contains(".."), !fileName.contains("/"), !fileName.contains("\\"),
            !stem.hasPrefix("."), stem.unicodeScalars.allSatisfy(allowed.contains)
        else {
            throw UploadRefusal(message: "文件名 “\(fileName)” 不可用：只能含文字、数字、-、_、. 和空格，不能含 “..” 或路径 (no paths or '..' in names).")
        }
        return stem
    }

    /// A workbook is a ZIP archive with a workbook part; anything else is refused here, before
    /// the scenario loader reads it and names the sheet and cell of each problem.
    static func checkWorkbook(_ data: Data, fileName: String) throws(UploadRefusal) {
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw UploadRefusal(message: "\(fileName)：这是旧版 .xls 文件或加密的工作簿。请另存为不加密的 .xlsx (save as an unencrypted .xlsx).")
        }
        guard data.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: data, accessMode: .read),
            archive["xl/workbook.xml"] != nil
        else {
            throw UploadRefusal(message: "\(fileName)：不是 .xlsx 工作簿 (not an .xlsx workbook: no xl/workbook.xml inside).")
        }
    }

    /// Unpacks a scenario folder's archive: every entry a file of `archiveFiles`, optionally in
    /// one top folder; paths with `..`, absolute paths, links and anything else are refused.
    static func unpack(_ data: Data, fileName: String, into folder: URL) throws(UploadRefusal) {
        guard data.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: data, accessMode: .read) else {
            throw UploadRefusal(message: "\(fileName)：不是有效的 .zip 压缩包 (not a ZIP archive).")
        }
        var problems: [String] = []
        var files: [(name: String, entry: Entry)] = []
        for entry in archive {
            let path = entry.path
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if path.hasPrefix("/") || path.hasPrefix("\\") || path.contains("\\") || parts.contains("..") || path.contains(":") {
                problems.append("“\(path)” 指向压缩包之外 (a path outside the upload)")
                continue
            }
            switch entry.type {
            case .directory: continue
            case .symlink:
                problems.append("“\(path)” 是链接 (a link)")
                continue
            case .file: break
            }
            let name = parts.last ?? ""
            guard parts.count <= 2, archiveFiles.contains(name) else {
                problems.append("“\(path)” 不是场景文件 (expected \(archiveFiles.sorted().joined(separator: ", ")))")
                continue
            }
            files.append((name, entry))
        }
        if files.isEmpty && problems.isEmpty { problems.append("压缩包是空的 (the archive is empty)") }
        if Set(files.map(\.name)).count != files.count { problems.append("同名文件出现了两次 (a file appears twice)") }
        guard problems.isEmpty else {
            throw UploadRefusal(message: "\(fileName)：未保存。" + problems.joined(separator: "；"))
        }
        for (name, entry) in files {
            var contents = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    contents.append(chunk)
                    if contents.count > Limits.upload { throw UploadRefusal(message: "\(fileName)：解压后超过 20 MB (over 20 MB unpacked)；未保存。") }
                }
            } catch let refusal as UploadRefusal {
                throw refusal
            } catch {
                throw UploadRefusal(message: "\(fileName)：“\(entry.path)” 无法解压 (damaged archive)。")
            }
            try write(contents, to: folder.appendingPathComponent(name))
        }
    }

    static func write(_ data: Data, to url: URL) throws(UploadRefusal) {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw UploadRefusal(message: "无法保存 \(url.lastPathComponent): \(error.localizedDescription)")
        }
    }
}
