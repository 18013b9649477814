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
    /// The folder beside a published plan that holds its published lists.
    public static let publishedFolder = "published"

    /// A re-plan's baseline kept in its folder (the workstation's): the plan.json it kept as
    /// far as the rules allowed, which its what-ifs keep the same way.
    public static let baselineFile = "baseline.json"

    /// The lists people keep that a publication is written on.
    public static let stampedLists = ["plan.xlsx", "report.html"]

    /// The published lists of the plan file `plan` (report.html and plan.xlsx with `stamp` on
    /// them), made from the plan on `scenario`, the scenario it was verified against. They go
    /// into `published/` beside the plan: the plan folder's own files are never rewritten.
    public static func publishedLists(plan: URL, scenario: Scenario, stamp: PublicationStamp) throws -> [(name: String, data: Data)] {
        let read = try PlanDocument.read(plan, scenario: scenario)
        let county = CountyPlan(reading: read.document, rotation: read.rotation, itinerant: read.itinerant, scenario: scenario)
        return [
            ("plan.xlsx", try PlanWorkbook.data(county, document: read.document, stamp: stamp)),
            ("report.html", ReportPage.html(county, document: read.document, stamp: stamp)),
        ]
    }
}
