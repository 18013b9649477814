import Foundation
import RotaplanDomain
import RotaplanResults

/// What a published list says about its publication: when and by whom the county's ledger
/// recorded it, and the ledger's head just after. The head, kept on paper or in the office's
/// files, anchors the ledger's chain outside the ledger file (docs/ledger.md "Tamper-evident").
public struct PublicationStamp: Sendable, Hashable {
    /// Whether the plan replaced a list published before for its year.
    public var replaced: Bool
    /// When the ledger recorded it, as the bureau reads its clock (`2026-12-06 14:05`).
    public var at: String
    /// Who published it and through which channel: `alice（命令行，署名 张三）`.
    public var by: String
    /// The ledger's head after the publication.
    public var head: String
    /// The number of the event that recorded it, which is also the head's event.
    public var event: Int64

    public init(replaced: Bool, at: String, by: String, head: String, event: Int64) {
        self.replaced = replaced
        self.at = at
        self.by = by
        self.head = String(head.prefix(16))
        self.event = event
    }

    /// The head as every list shows it, with how to check the ledger against it. `ledger show`
    /// and `ledger export` use these words too.
    public static func headLine(short: String, event: Int64) -> String {
        "台账校验码（链头）：\(short)（第 \(event) 个事件）。核对台账未被改动：rotaplan ledger verify --head \(short)"
    }

    /// The publication in one sentence.
    public var publishedLine: String {
        "本方案已于 \(at) \(replaced ? "重新公布（替换此前公布的同一学年方案）" : "公布")，记入本县交流轮岗台账（第 \(event) 个事件），操作人 \(by)。"
    }

    /// The head's line of this publication.
    public var headLine: String { Self.headLine(short: head, event: event) }
}

extension PlanFolder {
    /// The lists of a plan folder that carry the publication (report.html and plan.xlsx).
    public static let stampedLists = ["plan.xlsx", "report.html"]

    /// Rewrites the published lists of the plan folder `folder` (report.html and plan.xlsx,
    /// those of them it holds) from its plan.json with `stamp` on them, each file renamed into
    /// place whole. plan.json and the other files are left as they are. `scenario` is the one
    /// the plan was verified against. Returns the names of the files rewritten.
    public static func stamp(_ folder: URL, scenario: Scenario, with stamp: PublicationStamp) throws -> [String] {
        let read = try PlanDocument.read(folder.appendingPathComponent("plan.json"), scenario: scenario)
        let county = CountyPlan(reading: read.document, rotation: read.rotation, itinerant: read.itinerant, scenario: scenario)
        var written: [String] = []
        for name in stampedLists where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            let data =
                name == "report.html"
                ? ReportPage.html(county, document: read.document, stamp: stamp)
                : try PlanWorkbook.data(county, document: read.document, stamp: stamp)
            try OutputFolder.writeFile(data, to: folder.appendingPathComponent(name))
            written.append(name)
        }
        return written
    }
}
