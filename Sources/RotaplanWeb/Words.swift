import Foundation
import RotaplanAccounts
import RotaplanDomain
import RotaplanResults

/// How the workstation writes numbers, times and outcomes for the office (docs/workstation.md
/// "The office's language"): Chinese first, codes never as values, times in Asia/Shanghai.
/// Names of coded values come from the one vocabulary (`Vocabulary`).
enum Words {
    /// The bureau's time zone: times are shown as the office reads its clock.
    static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// `2026-12-06 14:05`.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// A number as people read it: `0.12`, `1.2`, `45`, never `1.2000000000000002`.
    static func number(_ value: Double, digits: Int = 2) -> String {
        let rounded = (value * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
        return formatNumber(rounded == 0 ? 0 : rounded)
    }

    /// A small share as a percentage with every digit it has: `0.0001%` for 1e-6.
    static func exactPercent(_ value: Double) -> String {
        formatNumber((value * 100 * 1e9).rounded() / 1e9) + "%"
    }

    /// A duration as people read it: `不到 0.1 秒`, `1.2 秒`, `2 分 5 秒`.
    static func seconds(_ value: Double) -> String {
        if value < 0.1 { return "不到 0.1 秒" }
        if value < 60 { return "\(number(value, digits: 1)) 秒" }
        return "\(Int(value) / 60) 分 \(Int(value) % 60) 秒"
    }

    /// A share as a percentage: `12%`.
    static func percent(_ value: Double) -> String { number(value * 100, digits: 1) + "%" }

    /// Reads what a person types for a number: `12%` is 0.12, full-width digits and a comma
    /// decimal are read as digits and a point; nil when it is not a number.
    static func parseNumber(_ text: String) -> Double? {
        var written = text.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? text
        written = written.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "，", with: ".")
        if written.hasSuffix("%") { return Double(written.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 } }
        return Double(written)
    }

    /// A part's outcome in a sentence: `交流轮岗：最优方案，用时 1.2 秒（GLPK）`.
    static func part(_ name: String, _ report: PartReport) -> String {
        let part = name == "rotation" ? "交流轮岗" : "走教"
        let method = Display.method(report.method)
        // 最优方案, 可行方案; 无可行方案 and 未找到方案 say 方案 already.
        let found = report.status == .optimal || report.status == .feasible ? "方案" : ""
        var line = "\(part)：\(Vocabulary.statuses.name(report.status.rawValue))\(found)，用时 \(seconds(report.seconds))（\(method)）"
        if report.status == .feasible, let gap = report.gap {
            line += "；离已证明的最优至多差 \(percent(gap))"
        }
        return line
    }

    /// A plan's status for a person.
    static func state(_ state: String) -> String {
        switch state {
        case "draft": "草稿"
        case "submitted": "已提交审批"
        case "returned": "已退回"
        case "published": "已发布"
        default: state
        }
    }

    /// A solve's kind for the progress box.
    static func job(_ kind: String) -> String {
        switch kind {
        case "solve": "编制"
        case "replan": "按异议重新编制"
        case "whatif": "方案比较"
        default: kind
        }
    }

    /// A job's state for the progress box.
    static func jobState(_ state: String) -> String {
        switch state {
        case "running": "进行中"
        case "finished": "已完成"
        case "failed": "未成功"
        case "cancelled": "已取消"
        default: state
        }
    }
}

extension Words {
    /// Problems as one message: joined by `；`, each without its own full stop, which the
    /// message ends with (`…；实际为“十二”。`, not `。；`).
    static func sentences(_ lines: [String]) -> String {
        let parts = lines.map { $0.hasSuffix("。") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? "" : parts.joined(separator: "；") + "。"
    }

    /// A solve's event as the progress box shows it; nil for what a person need not read.
    static func progress(_ event: PlanProgress) -> String? {
        func value(_ number: Double?) -> String { number.map { Words.number($0, digits: 1) } ?? "—" }
        switch event {
        case .community(let id, let lead, let status, _, let seconds):
            return "共同体 \(id)（\(lead)）：\(Vocabulary.statuses.name(status.rawValue))，\(Words.seconds(seconds))"
        case .searching(let part, let place, let incumbent, let bound, let seconds):
            // A community's or county's program by its id or name; an itinerant component by one of its schools.
            let name =
                part.hasPrefix("rotation")
                ? "交流轮岗 \(place)" : "走教 \(Vocabulary.subjects.name(String(part.split(separator: " ").last ?? "")))（\(place)一带）"
            return "\(name)：当前最好 \(value(incumbent))，下界 \(value(bound))，已用 \(number(seconds, digits: 0)) 秒"
        case .components(let count, let status):
            return "走教：\(count) 个相互独立的部分，\(Vocabulary.statuses.name(status.rawValue))"
        case .neighbourhoods(let subject, let pass, let improved, let solved):
            return "走教 \(Vocabulary.subjects.name(subject))：第 \(pass) 轮局部改进，\(solved) 处中 \(improved) 处有改进"
        case .relaxation(let subject, let bound, _, _):
            return "走教 \(Vocabulary.subjects.name(subject))：下界 \(value(bound))"
        case .homeBound(let subject, let round, let bound):
            return "走教 \(Vocabulary.subjects.name(subject))：逐校下界 \(value(bound))（第 \(round) 轮）"
        case .variant(let name, let rotation, let itinerant):
            return
                "变体 \(name)：交流轮岗 \(rotation.map { Vocabulary.statuses.name($0.rawValue) } ?? "—")，走教 \(itinerant.map { Vocabulary.statuses.name($0.rawValue) } ?? "—")"
        case .part(let name, let report):
            return part(name, report)
        }
    }
}

extension Words {
    /// An account's role as the office names it.
    static func role(_ role: RotaplanAccounts.Role) -> String {
        switch role {
        case .viewer: "查看人"
        case .planner: "编制人"
        case .approver: "审批人"
        }
    }
}

extension Problem {
    /// What a page says of a problem: its Chinese words where it has them (the office's
    /// language), its English otherwise; without its place, which the page gives beside it.
    var officeText: String {
        guard let chinese else { return english }
        return chinese + (chineseHint ?? "")
    }

    /// The problem with its place, as a message line: `教师!C5：…`.
    var officeLine: String { "\(place)：\(officeText)" }
}
