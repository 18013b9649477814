import Foundation

/// Chinese names for what plans show to people, from `Vocabulary`.
public enum Display {
    /// `音乐` for `music`; an unknown subject key is shown as written (plans made before the
    /// subjects were renamed say `politics` for 道德与法治).
    public static func subject(_ key: String) -> String {
        key == "politics" ? "道德与法治" : Vocabulary.subjects.name(key)
    }

    /// Kilometres to one decimal, as people read them.
    public static func km(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// A school year span: `2025年9月—2026年7月`.
    public static func term(from startYear: Int, to endYear: Int) -> String {
        "\(startYear)年9月—\(endYear + 1)年7月"
    }

    /// How a secondment is published (交流方式): a lead's teacher is sent to serve, a member's
    /// or site's teacher comes to the lead for training. With the county exchange (`exchange`)
    /// the two kinds of move are told apart as PLAN.md names them: 共同体派驻 or 区域交流,
    /// each with its direction (`共同体派驻（牵头校→成员校）`, `区域交流（城镇→乡村）`).
    public static func way(direction: String, exchange: Bool) -> String {
        switch direction {
        case "urban_to_rural", "rural_to_urban": "\(Vocabulary.moveKinds.name("exchange"))（\(Vocabulary.directions.name(direction))）"
        default:
            exchange
                ? "\(Vocabulary.moveKinds.name("secondment"))（\(Vocabulary.directions.name(direction))）"
                : direction.hasPrefix("lead_to_") ? "牵头校派出交流" : "到牵头校跟岗培训"
        }
    }

    /// How a part was solved, as plan.json's `method` records it (`glpk+heuristic`), in words:
    /// `GLPK 整数规划＋启发式`.
    public static func method(_ recorded: String) -> String {
        recorded.split(separator: "+").map { method -> String in
            switch method {
            case "glpk": "GLPK 整数规划"
            case "heuristic": "启发式"
            case "glpk-neighbourhoods": "GLPK 分片改进"
            default: String(method)
            }
        }.joined(separator: "＋")
    }

    /// A school's kind in Chinese.
    public static func kind(_ kind: SchoolKind) -> String {
        Vocabulary.schoolKinds.name(kind.rawValue)
    }
}

extension Display {
    /// A share as people read it: 0.3 → `30%`, 0.125 → `12.5%` (never `30.000000000000004%`).
    public static func percent(_ share: Double) -> String {
        number(share * 100) + "%"
    }

    /// A number with at most `places` decimals and no trailing zeros: 1.2000000000000002 → `1.2`.
    public static func number(_ value: Double, places: Int = 2) -> String {
        let scale = pow(10, Double(places))
        let rounded = (value * scale).rounded() / scale
        return formatNumber(rounded == 0 ? 0 : rounded)
    }

    /// Where a pin was written, as people read it: `pins.csv 第 5 行`.
    public static func place(_ pin: Pin) -> String {
        // An objection is the office's list, not a file it edits: counted without the header.
        guard pin.file != ScenarioLoader.objectionsTable else { return "公示异议第 \(pin.row - 1) 条" }
        return "\(pin.file) 第 \(pin.row) 行"
    }
}

extension Scenario {
    /// A school as the office names it, name first: `莲塘一小（NCX-L01）`.
    public func named(school: Int) -> String {
        "\(schools[school].name)（\(schools[school].id)）"
    }

    /// A teacher as the office names them, name first: `王伟（NCX-T0001）`.
    public func named(teacher: Int) -> String {
        "\(teachers[teacher].name)（\(teachers[teacher].id)）"
    }

    /// A member unit, which R4 and R5 count as one: `成员校 向塘中心小学（NCX-M03）及其 4 个教学点`.
    public func named(unit member: Int) -> String {
        let count = sites(of: member).count
        return "成员校 \(named(school: member))" + (count == 0 ? "" : "及其 \(count) 个教学点")
    }

    /// A pin's decision in words: `留任`, `交流`, `交流到 万埠中心小学（NCX-M01）`.
    public func describe(_ action: PinAction) -> String {
        switch action {
        case .stay: Vocabulary.pinActions.name("stay")
        case .rotate: Vocabulary.pinActions.name("rotate")
        case .to(let school): "交流到 \(named(school: school))"
        }
    }
}
