import Foundation
import GRDB
import RotaplanDomain
import RotaplanReport
import RotaplanSpreadsheet

/// The ledger in words and files for people: service records, a school's or a year's list,
/// and the archive export (`ledger show`, `ledger export`).
public enum LedgerReport {
    static func role(_ code: String) -> String { Role(rawValue: code)?.chineseName ?? code }

    static func term(_ line: SecondmentLine) -> String { Display.term(from: line.startYear, to: line.endYear) }

    /// A recorded time (ISO 8601, UTC, as the event keeps it) as the bureau reads its clock:
    /// `2026-12-06 13:05`, Beijing time (with `seconds`, `2026-12-06 13:05:09`, as an archive
    /// keeps it). A time that does not parse is shown as kept.
    public static func localTime(_ recorded: String, seconds: Bool = false) -> String {
        let reader = ISO8601DateFormatter()
        reader.formatOptions = recorded.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        guard let date = reader.date(from: recorded) else { return recorded }
        return localTime(date, seconds: seconds)
    }

    /// `date` as the bureau reads its clock (Beijing time).
    public static func localTime(_ date: Date, seconds: Bool = false) -> String {
        let writer = DateFormatter()
        writer.locale = Locale(identifier: "en_US_POSIX")
        writer.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)
        writer.dateFormat = seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm"
        return writer.string(from: date)
    }

    static func eventLine(_ event: LedgerEvent) -> String {
        var text = "\(localTime(event.at))  \(event.kind.chineseName)"
        let detail = event.details
        switch event.kind {
        case .publish, .replace: text += " \(event.value.map(String.init) ?? "")学年方案"
        case .endedEarly: text += "：最后服务学年 \(event.value.map(String.init) ?? "")"
        case .extended: text += "：延长至 \(event.value.map(String.init) ?? "")学年"
        case .redirected:
            text += "：实际交流单位 \(detail?.toName ?? "")（\(event.school ?? "")），原公布 \(detail?.publishedToName ?? "")（\(detail?.publishedTo ?? "")）"
        case .replaced:
            let person = detail?.replacement
            text +=
                "：由 \(person?.teacherName ?? "")（\(event.replacement ?? "")，\(person?.fromName ?? "")）前往，原公布 \(detail?.publishedTeacherName ?? "")（\(detail?.publishedTeacher ?? "")）"
        case .restore:
            text += "：自 \(detail?.restoredFrom ?? "")（链头 \(detail?.restoredHead ?? "无")）"
            if let replaced = detail?.replacedHead {
                text += "；恢复前的台账（链头 \(replaced)，\(detail?.replacedEvents ?? 0) 个事件）保存为 \(detail?.keptAs ?? "")"
            }
        case .cancelled, .import: break
        }
        text += "  操作人 \(who(event))"
        if let note = event.note, !note.isEmpty { text += "  备注：\(note)" }
        return text + "\n      命令：\(event.command)"
    }

    /// The person and the channel: `alice（命令行，署名 张三）` or `张三（工作站）`.
    static func who(_ event: LedgerEvent) -> String {
        var parts: [String] = []
        switch event.channel {
        case LedgerContext.Channel.commandLine.rawValue?: parts.append("命令行")
        case LedgerContext.Channel.workstation.rawValue?: parts.append("工作站")
        default: break
        }
        if let person = event.person, !person.isEmpty { parts.append("署名 \(person)") }
        return event.actor + (parts.isEmpty ? "" : "（\(parts.joined(separator: "，"))）")
    }

    /// The head as a list shows it, with how to check the ledger against it.
    static func headLine(_ head: LedgerHead?) -> String {
        guard let head else { return "台账校验码：无（台账中还没有事件）" }
        return PublicationStamp.headLine(short: head.short, event: head.event)
    }

    /// A teacher's service record: the proof a promotion file needs.
    public static func teacherText(_ record: TeacherRecord) -> String {
        var lines = ["\(record.name ?? record.teacher)（\(record.teacher)）交流轮岗记录"]
        if record.secondments.isEmpty && record.assignments.isEmpty && record.events.isEmpty {
            return lines[0] + "\n  台账中没有该教师的记录。"
        }
        lines.append("交流：")
        if record.secondments.isEmpty { lines.append("  （无）") }
        for secondment in record.secondments {
            let line = secondment.line
            var text =
                "  \(term(line))  \(line.fromName)（\(line.fromSchool)）→ \(line.toName)（\(line.toSchool)）  \(Display.subject(line.subject))  \(role(line.role))  \(secondment.status.chineseName)"
            if secondment.plannedEndYear != line.endYear { text += "（原定至 \(secondment.plannedEndYear) 学年）" }
            lines.append(text)
        }
        if !record.assignments.isEmpty {
            lines.append("走教：")
            let byYear = Dictionary(grouping: record.assignments, by: \.year)
            for year in byYear.keys.sorted() {
                let visits = byYear[year]!.map { "\(Weekday(rawValue: $0.line.day)?.chineseName ?? $0.line.day) \($0.line.schoolName) \($0.line.periods)课时" }
                lines.append("  \(year)学年  \(Display.subject(byYear[year]![0].line.subject))  每周：" + visits.joined(separator: "，"))
            }
        }
        if !record.handedOver.isEmpty {
            lines.append("改由他人交流（换人）：")
            for item in record.handedOver {
                lines.append(
                    "  \(term(item.planned))  原公布 \(item.planned.fromName) → \(item.planned.toName)，由 \(item.line.teacherName)（\(item.line.teacher)）前往 \(item.line.toName)"
                )
            }
        }
        if !record.replaced.isEmpty {
            lines.append("被重新公布替换的安排：")
            // The same arrangement listed and replaced more than once is one line with its count.
            var shown: [String] = []
            var times: [String: Int] = [:]
            for line in record.replaced {
                let text = "  \(term(line))  \(line.fromName) → \(line.toName)"
                if times[text] == nil { shown.append(text) }
                times[text, default: 0] += 1
            }
            lines += shown.map { times[$0, default: 1] > 1 ? "\($0)（先后 \(times[$0]!) 次公布后被替换）" : $0 }
        }
        lines.append("事件：")
        for event in record.events { lines.append("  " + eventLine(event)) }
        return lines.joined(separator: "\n")
    }

    /// A school's sent and received secondments by year.
    public static func schoolText(_ record: SchoolRecord) -> String {
        var lines = ["\(record.name ?? record.school)（\(record.school)）派出与接收"]
        let years = Set((record.sent + record.received).map(\.line.startYear)).sorted()
        if years.isEmpty { return lines[0] + "\n  台账中没有该校的交流记录。" }
        for year in years {
            let sent = record.sent.filter { $0.line.startYear == year && $0.status != .cancelled }
            let received = record.received.filter { $0.line.startYear == year && $0.status != .cancelled }
            lines.append("\(year)学年：派出 \(sent.count) 人，接收 \(received.count) 人")
            for item in sent {
                lines.append("  派出 \(item.line.teacherName)（\(item.line.teacher)）→ \(item.line.toName)  \(term(item.line))  \(item.status.chineseName)")
            }
            for item in received {
                lines.append("  接收 \(item.line.teacherName)（\(item.line.teacher)）← \(item.line.fromName)  \(term(item.line))  \(item.status.chineseName)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A year's published list.
    public static func yearText(_ record: YearRecord) -> String {
        guard let publication = record.publication else { return "\(record.year)学年：台账中没有公布的方案。" }
        var lines = [
            "\(record.year)学年交流名单（\(publication.kind.chineseName) \(localTime(publication.at))，操作人 \(who(publication))\(record.replacedPublications > 0 ? "，此前公布 \(record.replacedPublications) 次已被替换" : "")）"
        ]
        for item in record.secondments {
            lines.append(
                "  \(item.line.teacherName)（\(item.line.teacher)）  \(item.line.fromName) → \(item.line.toName)  \(Display.subject(item.line.subject))  \(role(item.line.role))  \(term(item.line))  \(item.status.chineseName)"
            )
        }
        lines.append("交流 \(record.secondments.filter { $0.status != .cancelled }.count) 人；走教每周 \(record.assignments.count) 次")
        lines.append(headLine(record.head))
        return lines.joined(separator: "\n")
    }

    static let exportHeader = [
        "工号", "姓名", "原单位代码", "原单位", "交流单位代码", "交流单位", "交流方式", "学科", "身份", "起始学年", "结束学年", "原定结束学年", "状态",
    ]

    static func exportRow(_ record: SecondmentRecord) -> [String] {
        let line = record.line
        return [
            line.teacher, line.teacherName, line.fromSchool, line.fromName, line.toSchool, line.toName, way(line.direction),
            Display.subject(line.subject), role(line.role), String(line.startYear), String(line.endYear), String(record.plannedEndYear),
            record.status.chineseName,
        ]
    }

    /// A row's way as the published list words it: 共同体派驻（牵头校→成员校）, 区域交流（城镇→乡村）,
    /// or an imported history row's.
    static func way(_ direction: String) -> String {
        switch direction {
        case "history": "共同体派驻（\(Vocabulary.directions.name(direction))）"
        case "history_exchange": Vocabulary.directions.name(direction)
        default: Display.way(direction: direction, exchange: true)
        }
    }

    /// Every secondment with its events, one row each (the events joined in the last column).
    /// The head is not in a CSV file (it would not be a table any more); the command prints it.
    public static func exportCSV(_ ledger: Ledger) throws(LedgerError) -> (data: Data, head: LedgerHead?) {
        let archive = try ledger.archive()
        let rows = archive.secondments.map { record in
            exportRow(record) + [
                record.events.map { "\(localTime($0.at)) \($0.kind.chineseName) \(who($0))\($0.note.map { "：\($0)" } ?? "")" }.joined(separator: "；")
            ]
        }
        return (CSV.format(header: exportHeader + ["事件"], rows: rows, byteOrderMark: true, forPeople: true), archive.head)
    }

    /// Three sheets: 交流记录 (every secondment as it stands), 事件 (every event) and 说明 (the
    /// county, what the workbook holds, and the head to check the ledger against).
    public static func exportWorkbook(_ ledger: Ledger) throws -> (data: Data, head: LedgerHead?) {
        let archive = try ledger.archive()
        let numeric: Set<Int> = [8, 9, 10]
        let secondments = archive.secondments.map { record in
            exportRow(record).enumerated().map { index, value in numeric.contains(index) ? SheetCell.number(Double(value) ?? 0) : .value(value) }
        }
        let events = archive.events.map { event -> [SheetCell] in
            [
                .number(Double(event.id ?? 0)), .value(localTime(event.at, seconds: true)), .value(event.kind.chineseName), .value(who(event)),
                .value(event.teacher ?? ""),
                event.startYear.map { .number(Double($0)) } ?? .empty, event.value.map { .number(Double($0)) } ?? .empty,
                .value(event.note ?? ""), .value(event.command),
            ]
        }
        let about: [[SheetCell]] = [
            [.value("县区"), .value(archive.county.map { "\($0.name)（\($0.slug)）" } ?? "")],
            [.value("台账文件"), .value(ledger.url.lastPathComponent)],
            [.value("导出时间（北京时间）"), .value(localTime(Date(), seconds: true))],
            [.value("交流记录"), .number(Double(archive.secondments.count))],
            [.value("事件"), .number(Double(archive.events.count))],
            [.value("台账校验码（链头）"), .value(archive.head?.short ?? "无")],
            [.value("链头所在事件"), archive.head.map { .number(Double($0.event)) } ?? .empty],
            [
                .value("核对方法"),
                .value(archive.head.map { "rotaplan ledger verify --ledger \(ledger.url.lastPathComponent) --head \($0.short)：台账自本表导出以来未被改动时，校验通过" } ?? ""),
            ],
        ]
        let data = try WorkbookWriter.data([
            SheetContent(name: "交流记录", header: exportHeader, rows: secondments),
            SheetContent(
                name: "事件", header: ["序号", "时间（北京时间）", "类型", "操作人", "教师", "交流起始学年", "年份", "备注", "命令"], rows: events,
                widths: [8: 60]),
            SheetContent(name: "说明", header: ["项目", "内容"], rows: about, widths: [1: 80]),
        ])
        return (data, archive.head)
    }
}

/// Everything an export shows, read in one transaction so that its sheets agree.
struct LedgerArchive {
    var county: CountyRow?
    var secondments: [SecondmentRecord]
    var events: [LedgerEvent]
    var head: LedgerHead?
}

extension Ledger {
    func archive() throws(LedgerError) -> LedgerArchive {
        try read { db in
            let state = try LedgerState.load(db)
            let rows = try SecondmentRow.order(Column("start_year"), Column("teacher")).fetchAll(db)
            let events = try LedgerEvent.order(Column("id")).fetchAll(db)
            let records = state.records(rows, events: events).sorted {
                ($0.line.startYear, $0.line.teacher, $0.secondmentId) < ($1.line.startYear, $1.line.teacher, $1.secondmentId)
            }
            return LedgerArchive(county: try CountyRow.fetchOne(db), secondments: records, events: events, head: try LedgerChain.head(db))
        }
    }
}
