import Foundation
import RotaplanDomain
import RotaplanSpreadsheet
import RotaplanWorkflow
import ZIPFoundation

/// An upload refused: what a person reads. Nothing was kept.
struct UploadRefusal: Error {
    var message: String
}

extension Error {
    /// What a person reads of an upload's failure.
    var message: String { (self as? UploadRefusal)?.message ?? "\(self)" }
}

/// Uploads: a workbook (`.xlsx`) or a ZIP archive of a scenario folder, staged in a folder of
/// its own and checked before it becomes a data version (docs/workstation.md "Promises and
/// how they are kept").
enum Uploads {
    /// Files an archive may hold (anything else is refused, not skipped: a person should know).
    static let archiveFiles = Set(ScenarioLoader.tableFiles + ["scenario.yaml", "scenario.xlsx"])

    /// Stages `data` uploaded as `fileName`; returns the staging folder (the caller makes it a
    /// data version or removes it). Refusals leave nothing behind.
    static func stage(_ data: Data, fileName: String, in workspace: Workspace) throws(UploadRefusal) -> URL {
        try checkName(fileName)
        let kind = (fileName as NSString).pathExtension.lowercased()
        guard data.count <= Limits.upload else { throw UploadRefusal(message: "文件超过 20 MB 的上限；未保存。") }
        switch kind {
        case "xlsx": try checkWorkbook(data, fileName: fileName)
        case "zip": break
        case "xls", "et", "ods", "xlsb":
            throw UploadRefusal(message: "\(fileName)：请在 Excel 或 WPS 中“另存为” .xlsx 工作簿后再上传。Save it as .xlsx first.")
        default:
            throw UploadRefusal(message: "\(fileName)：只接受 .xlsx 工作簿，或含 scenario.yaml 与 CSV 文件的 .zip 压缩包。")
        }
        let staging: URL
        do {
            staging = try workspace.stagingFolder()
        } catch {
            throw UploadRefusal(message: "无法保存上传：\(error.localizedDescription)")
        }
        do {
            if kind == "xlsx" {
                try write(data, to: staging.appendingPathComponent("scenario.xlsx"))
            } else {
                try unpack(data, fileName: fileName, into: staging)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        return staging
    }

    /// The county a staged scenario names (its `slug` setting): where its data version goes.
    /// A scenario that cannot even be read, or names no county, is refused here with every
    /// problem, and nothing is kept.
    /// A workbook's problems name it by the name it was given (`source`), not `scenario.xlsx`.
    static func county(of staging: URL, source name: String) throws(UploadRefusal) -> String {
        let source: ScenarioSource
        do {
            source = try ScenarioInput.source(path: staging)
        } catch {
            let given = (name as NSString).lastPathComponent
            let lines = error.problems.map { problem in
                var problem = problem
                if problem.file == "scenario.xlsx" && given.lowercased().hasSuffix(".xlsx") { problem.file = given }
                return problem.officeLine
            }
            throw UploadRefusal(message: "未保存：" + Words.sentences(lines))
        }
        guard let slug = source.declaredSlug else {
            throw UploadRefusal(message: "未保存：设置里没有县区代号（slug，如 anyi-county）。请在“设置”表中填写 slug 一行后再上传。")
        }
        guard Workspace.isSlug(slug) else {
            throw UploadRefusal(message: "未保存：县区代号 “\(slug)” 只能含小写字母、数字和 -（如 anyi-county）。")
        }
        return slug
    }

    /// A file name as offices name files (`2025年【最终】.xlsx`, `安义县、湾里.xlsx`, `#2`, `+`):
    /// any text but a path (`/`, `\\`, `..`), a hidden name or a control character. The name is
    /// recorded and shown (escaped), never used as a path: the upload is kept under its own.
    static func checkName(_ fileName: String) throws(UploadRefusal) {
        let stem = (fileName as NSString).deletingPathExtension
        let refused = CharacterSet.controlCharacters.union(.illegalCharacters).union(CharacterSet(charactersIn: "/\\"))
        guard !stem.trimmingCharacters(in: .whitespaces).isEmpty, stem.count <= 100, !fileName.contains(".."), !stem.hasPrefix("."),
            !fileName.unicodeScalars.contains(where: refused.contains)
        else {
            throw UploadRefusal(message: "文件名 “\(fileName)” 不可用：不能含 /、\\、“..” 或控制字符，不能以 . 开头，最长 100 个字。请改名后再上传。")
        }
    }

    /// A workbook is a ZIP archive with a workbook part; anything else is refused here, before
    /// the reader names the sheet and cell of each problem.
    static func checkWorkbook(_ data: Data, fileName: String) throws(UploadRefusal) {
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw UploadRefusal(message: "\(fileName)：这是旧版 .xls 文件或加密的工作簿。请另存为不加密的 .xlsx。")
        }
        guard data.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil),
            archive["xl/workbook.xml"] != nil
        else {
            throw UploadRefusal(message: "\(fileName)：不是 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件。请在 Excel 或 WPS 中打开后“另存为” .xlsx 再上传。")
        }
    }

    /// An entry's path as the office named it. ZIP marks a UTF-8 name with a flag; Windows in
    /// Chinese zips a folder with its names in GBK and no flag, which ZIPFoundation reads as code
    /// page 437 (安义县 would come out as "░▓╥σ╧╪"). The name's bytes, read back one to one
    /// through Latin-1, are UTF-8 when they decode as such, else GB18030 (a superset of GBK).
    static func officePath(_ entry: Entry) -> String {
        let bytes = entry.path(using: .isoLatin1).unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return GB18030.decode(bytes) ?? entry.path
    }

    /// Unpacks a scenario folder's archive: every entry a file of `archiveFiles`, optionally in
    /// one top folder; paths with `..`, absolute paths, links and anything else are refused;
    /// declared sizes are checked before inflating, and the bytes counted as they come.
    static func unpack(_ data: Data, fileName: String, into folder: URL) throws(UploadRefusal) {
        guard data.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else {
            throw UploadRefusal(message: "\(fileName)：不是有效的 .zip 压缩包。")
        }
        var problems: [String] = []
        var files: [(name: String, entry: Entry)] = []
        var workbooks: [Entry] = []
        var declared: UInt64 = 0
        for entry in archive {
            // Some Windows tools write `安义县\demand.csv`: a backslash is a folder there too.
            let path = officePath(entry).replacingOccurrences(of: "\\", with: "/")
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            // What an operating system adds when it zips a folder is no data of the office's.
            if parts.first == "__MACOSX" || [".DS_Store", "Thumbs.db", "desktop.ini"].contains(parts.last ?? "") { continue }
            if path.hasPrefix("/") || parts.contains("..") || path.contains(":") {
                problems.append("“\(path)” 指向压缩包之外")
                continue
            }
            switch entry.type {
            case .directory: continue
            case .file where parts.last == "": continue  // a folder written with a backslash
            case .symlink:
                problems.append("“\(path)” 是链接")
                continue
            case .file: break
            }
            let name = parts.last ?? ""
            // A workbook zipped under its own name (安义县.xlsx), as it is sent by e-mail.
            if parts.count <= 2, name != "scenario.xlsx", name.lowercased().hasSuffix(".xlsx") {
                workbooks.append(entry)
                continue
            }
            guard parts.count <= 2, archiveFiles.contains(name) else {
                problems.append("“\(path)” 不是场景文件（应为 \(archiveFiles.sorted().joined(separator: "、"))）")
                continue
            }
            declared += entry.uncompressedSize
            files.append((name, entry))
        }
        if files.isEmpty, workbooks.count == 1 {
            declared += workbooks[0].uncompressedSize
            files.append(("scenario.xlsx", workbooks[0]))
        } else {
            problems += workbooks.map { "“\(officePath($0))” 不是场景文件（压缩包里只有一个工作簿时按工作簿读取；与其他文件同在时，请只保留其一）" }
        }
        if files.isEmpty && problems.isEmpty { problems.append("压缩包是空的") }
        if Set(files.map(\.name)).count != files.count { problems.append("同名文件出现了两次") }
        if declared > UInt64(Limits.upload) { problems.append("解压后超过 20 MB") }
        guard problems.isEmpty else {
            throw UploadRefusal(message: "\(fileName)：未保存。" + Words.sentences(problems))
        }
        for (name, entry) in files {
            var contents = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    contents.append(chunk)
                    if contents.count > Limits.upload { throw UploadRefusal(message: "\(fileName)：解压后超过 20 MB；未保存。") }
                }
            } catch let refusal as UploadRefusal {
                throw refusal
            } catch {
                throw UploadRefusal(message: "\(fileName)：“\(officePath(entry))” 无法解压（压缩包已损坏）。")
            }
            try write(contents, to: folder.appendingPathComponent(name))
        }
    }

    static func write(_ data: Data, to url: URL) throws(UploadRefusal) {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw UploadRefusal(message: "无法保存 \(url.lastPathComponent)：\(error.localizedDescription)")
        }
    }
}
