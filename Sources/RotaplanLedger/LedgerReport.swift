import Foundation
import RotaplanDomain
import RotaplanSpreadsheet

/// The ledger in words and files for people: service records, a school's or a year's list,
/// and the archive export (`ledger show`, `ledger export`).
public enum LedgerReport {
    static func role(_ code: String) -> String { Role(rawValue: code)?.chineseName ?? code }

    static func term(_ line: SecondmentLine) -> String { Display.term(from: line.startYear, to: line.endYear) }

    static func eventLine(_ event: LedgerEvent) -> String {
        var text = "\(event.at)  \(event.kind.chineseName)"
        switch event.kind {
        case .publish, .replace: text += " \(event.value.map(String.init) ?? "")学年方案"
        case .endedEarly: text += "：最后服务学年 \(event.value.map(String.init) ?? "")"
        case .extended: text += "：延长至 \(event.value.map(String.init) ?? "")学年"
        case .cancelled, .import: break
        }
        text += "  操作人 \(event.actor)"
        if let note = event.note, !note.isEmpty { text += "  备注：\(note)" }
        return text + "\n      命令：\(event.command)"
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
            var text = "  \(term(line))  \(line.fromName)（\(line.fromSchool)）→ \(line.toName)（\(line.toSchool)）  \(Display.subject(line.subject))  \(role(line.role))  \(secondment.status.chineseName)"
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
        if !record.replaced.isEmpty {
            lines.append("被重新公布替换的安排：")
            for line in record.replaced { lines.append("  \(term(line))  \(line.fromName) → \(line.toName)") }
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
        var lines = ["\(record.year)学年交流名单（\(publication.kind.chineseName) \(publication.at)，操作人 \(publication.actor)\(record.replacedPublications > 0 ? "，此前公布 \(record.replacedPublications) 次已被替换" : "")）"]
        for item in record.secondments {
            lines.append("  \(item.line.teacherName)（\(item.line.teacher)）  \(item.line.fromName) → \(item.line.toName)  \(Display.subject(item.line.subject))  \(role(item.line.role))  \(term(item.line))  \(item.status.chineseName)")
        }
        lines.append("交流 \(record.secondments.filter { $0.status != .cancelled }.count) 人；走教每周 \(record.assignments.count) 次")
        return lines.joined(separator: "\n")
    }

    static let exportHeader = ["工号", "姓名", "原单位代码", "原单位", "交流单位代码", "交流单位", "学科", "身份", "起始学年", "结束学年", "原定结束学年", "状态"]

    static func exportRow(_ record: SecondmentRecord) -> [String] {
        let line = record.line
        return [line.teacher, line.teacherName, line.fromSchool, line.fromName, line.toSchool, line.toName, Display.subject(line.subject),
                role(line.role), String(line.startYear), String(line.endYear), String(record.plannedEndYear), record.status.chineseName]
    }

    /// Every secondment with its events, one row each (the events joined in the last column).
    public static func exportCSV(_ ledger: Ledger) throws(LedgerError) -> Data {
        let rows = try ledger.secondments().map { record in
            exportRow(record) + [record.events.map { "\($0.at) \($0.kind.chineseName) \($0.actor)\($0.note.map { "：\($0)" } ?? "")" }.joined(separator: "；")]
        }
        return CSV.format(header: exportHeader + ["事件"], rows: rows, byteOrderMark: true, forPeople: true)
    }

    /// Two sheets: 交流记录 (every secondment as it stands) and 事件 (every event).
    public static func exportWorkbook(_ ledger: Ledger) throws -> Data {
        let numeric: Set<Int> = [8, 9, 10]
        let secondments = try ledger.secondments().map { record in
            exportRow(record).enumerated().map { index, value in numeric.contains(index) ? SheetCell.number(Double(value) ?? 0) : .value(value) }
        }
        let events = try ledger.events().map { event -> [SheetCell] in
            [.number(Double(event.id ?? 0)), .value(event.at), .value(event.kind.chineseName), .value(event.actor), .value(event.teacher ?? ""),
             event.startYear.map { .number(Double($0)) } ?? .empty, event.value.map { .number(Double($0)) } ?? .empty,
             .value(event.note ?? ""), .value(event.command)]
        }
        return try WorkbookWriter.data([
            SheetContent(name: "交流记录", header: exportHeader, rows: secondments),
            SheetContent(name: "事件", header: ["序号", "时间", "类型", "操作人", "教师", "交流起始学年", "年份", "备注", "命令"], rows: events,
                         widths: [8: 60]),
        ])
    }
}
