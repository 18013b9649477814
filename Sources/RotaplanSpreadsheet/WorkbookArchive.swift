import Foundation
import RotaplanDomain
import ZIPFoundation

/// A workbook's ZIP archive inflated within limits (docs/scenario.md "Archives"): a few
/// megabytes of an archive can inflate to gigabytes, so sizes are checked before anything is
/// inflated and counted while it is.
extension WorkbookReader {
    /// Inflates the workbook's parts within the limits: the declared sizes of every XML part are
    /// checked before anything is inflated, and the bytes inflated are counted as they stream,
    /// so that a part that declares less than it holds is stopped as soon as it says more.
    struct Inflater {
        let archive: Archive
        let file: String
        private var budget: Int64

        init(archive: Archive, file: String) throws(ScenarioError) {
            self.archive = archive
            self.file = file
            var packed: Int64 = 0
            var inflated: Int64 = 0
            for entry in archive where entry.type == .file && (entry.path.hasSuffix(".xml") || entry.path.hasSuffix(".rels")) {
                packed += Int64(entry.compressedSize)
                inflated += Int64(entry.uncompressedSize)
            }
            let megabytes = { (bytes: Int64) in (bytes + 1024 * 1024 - 1) / (1024 * 1024) }
            if inflated > maximumInflatedBytes || (inflated > 1024 * 1024 && inflated > maximumInflationRatio * max(1, packed)) {
                let ratio = inflated / max(1, packed)
                throw failure(
                    file,
                    "is refused: its parts would inflate to \(megabytes(inflated)) MB, \(ratio) times their packed size (at most \(megabytes(maximumInflatedBytes)) MB and \(maximumInflationRatio) times); a county's scenario is far smaller.",
                    hint: "If it is a scenario workbook, open it in Excel or WPS and save it again.",
                    chinese:
                        "被拒绝：其内容解压后将达 \(megabytes(inflated)) MB，是压缩大小的 \(ratio) 倍（上限 \(megabytes(maximumInflatedBytes)) MB、\(maximumInflationRatio) 倍）；一个县的方案远小于此。",
                    chineseHint: "如确是方案工作簿，请用 Excel 或 WPS 打开后重新保存。")
            }
            budget = maximumInflatedBytes
        }

        /// The part's bytes, nil when the archive has no such part; for a sheet, its rows are
        /// counted as they stream and a sheet longer than `maximumRows` is refused.
        mutating func part(_ path: String, sheet: String? = nil) throws(ScenarioError) -> [UInt8]? {
            guard let entry = archive[path] else { return nil }
            let declared = Int64(entry.uncompressedSize)
            let limit = min(declared, budget)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(limit))
            var rows = RowCounter()
            enum Stop: Error { case tooLarge, tooLong }
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard Int64(bytes.count + chunk.count) <= limit else { throw Stop.tooLarge }
                    bytes.append(contentsOf: chunk)
                    if sheet != nil, rows.count(bytes) > WorkbookReader.maximumRows { throw Stop.tooLong }
                }
            } catch Stop.tooLarge {
                throw failure(
                    file, "is damaged: \(path) inflates to more than the \(declared) bytes it declares (or past \(maximumInflatedBytes / 1024 / 1024) MB).",
                    hint: "Open it in Excel or WPS and save it again.",
                    chinese: "文件已损坏：\(path) 解压后超过其声明的 \(declared) 字节（或超过 \(maximumInflatedBytes / 1024 / 1024) MB）。",
                    chineseHint: "请用 Excel 或 WPS 打开后重新保存。")
            } catch Stop.tooLong {
                throw ScenarioError([
                    Problem(
                        file: sheet ?? path,
                        "has more than \(maximumRows) rows; rotaplan reads at most that many (a whole city has about 25,000 teachers).",
                        hint: "Check that the sheet holds one scenario's rows only.",
                        chinese: "超过 \(maximumRows) 行；rotaplan 最多读取这么多行（全市约 25,000 名教师）。",
                        chineseHint: "请检查该工作表是否只有一个方案的数据。"
                    ).shown(inChinese: true)
                ])
            } catch {
                throw failure(
                    file, "is damaged: \(path) cannot be read (\(error)).", hint: "Open it in Excel or WPS and save it again.",
                    chinese: "文件已损坏：无法读取 \(path)（\(error)）。", chineseHint: "请用 Excel 或 WPS 打开后重新保存。")
            }
            budget -= Int64(bytes.count)
            return bytes
        }
    }

    /// Counts `<row ` and `<row>` tags in bytes as they arrive.
    struct RowCounter {
        private var rows = 0
        private var scanned = 0

        /// The rows counted so far, the bytes not yet scanned scanned now (the last four wait for
        /// the next chunk, so that a tag cut by a chunk's end is seen whole).
        mutating func count(_ bytes: [UInt8]) -> Int {
            var index = scanned
            let end = bytes.count - 4
            while index < end {
                if bytes[index] == UInt8(ascii: "<") && bytes[index + 1] == UInt8(ascii: "r") && bytes[index + 2] == UInt8(ascii: "o")
                    && bytes[index + 3] == UInt8(ascii: "w") && (bytes[index + 4] == 0x20 || bytes[index + 4] == UInt8(ascii: ">"))
                {
                    rows += 1
                }
                index += 1
            }
            scanned = max(scanned, end)
            return rows
        }
    }
}
