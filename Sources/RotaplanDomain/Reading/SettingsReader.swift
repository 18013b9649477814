import Foundation
import Yams

/// Reads scenario.yaml (or a workbook's settings sheet) into `Settings`, collecting problems
/// and warnings.
enum SettingsReader {
    static let file = "scenario.yaml"

    /// Where settings come from, for problems: a YAML file (line numbers) or a sheet (cells of
    /// the value column).
    struct Origin {
        var file: String
        var valueColumn: String?

        func problem(row: Int?, column: String?, _ message: String, hint: String? = nil, chinese: String, chineseHint: String? = nil) -> Problem {
            Problem(
                file: file, row: row, column: column, message, hint: hint, cell: valueColumn.flatMap { letter in row.map { "\(letter)\($0)" } },
                chinese: chinese, chineseHint: chineseHint)
        }
    }

    /// A settings sheet: rows of a dotted key and a value, as `--set` takes them; a list is
    /// written as in YAML (`[music, pe, art]`) or separated by `,` `，` or `、`, in codes or in
    /// Chinese (`中层以上干部、骨干教师、普通教师`).
    static func read(
        sheet: String, rows: [ScenarioSource.SettingRow], overrides: [SettingOverride], problems: inout ProblemList
    ) -> Settings {
        let origin = Origin(file: sheet, valueColumn: "B")
        var root = SettingsNode.mapping([], line: nil)
        var seen: [String: Int] = [:]
        for row in rows {
            let key = WrittenText.headerKey(row.key)
            if let first = seen[key] {
                problems.add(
                    origin.problem(
                        row: row.row, column: key, "is given again (first on row \(first)); give each setting once.",
                        chinese: "重复（第 \(first) 行已有）；每项设置只填一次。"))
                continue
            }
            seen[key] = row.row
            root = root.setting(key.split(separator: ".").map(String.init), to: sheetValue(row.value, row: row.row))
        }
        return read(root: root, origin: origin, overrides: overrides, problems: &problems)
    }

    /// A sheet cell's value: a list when bracketed or separated, else the text itself.
    static func sheetValue(_ text: String, row: Int) -> SettingsNode {
        var body = text
        let bracketed = body.hasPrefix("[") && body.hasSuffix("]")
        if bracketed { body = String(body.dropFirst().dropLast()) }
        let separators: Set<Character> = [",", "，", "、"]
        guard bracketed || body.contains(where: { separators.contains($0) }) else { return .scalar(text, line: row, plain: true) }
        let items = body.split(whereSeparator: { separators.contains($0) }).map { CSV.trimmed(String($0)) }.filter { !$0.isEmpty }
        return .sequence(items.map { .scalar($0, line: row, plain: true) }, line: row)
    }

    static func read(text: String, overrides: [SettingOverride], problems: inout ProblemList) -> Settings {
        var root = SettingsNode.mapping([], line: nil)
        // A Chinese input method types "：" after a key. YAML then reads the line as a value, or
        // complains a line later about something else: each such line is named instead.
        let fullWidth = fullWidthColons(text)
        guard fullWidth.isEmpty else {
            for problem in fullWidth { problems.add(problem) }
            return Settings()
        }
        do {
            if let node = try Yams.compose(yaml: text) {
                guard let converted = SettingsNode(node) else {
                    problems.add(file, "uses YAML anchors or aliases; write each value out.", zh: "使用了 YAML 锚点或别名；请逐项写出每个值。")
                    return Settings()
                }
                root = converted
            }
        } catch let error as YamlError {
            problems.add(yamlProblem(error))
            return Settings()
        } catch {
            problems.add(file, "could not be read as YAML: \(error)", zh: "无法按 YAML 读取：\(error)")
            return Settings()
        }
        guard case .mapping = root else {
            problems.add(
                file, row: root.line, "must be a mapping of keys (county:, slug:, year:, policy:).",
                zh: "须是键值映射（county:、slug:、year:、policy:）。")
            return Settings()
        }
        return read(root: root, origin: Origin(file: file), overrides: overrides, problems: &problems)
    }

    private static func read(
        root: SettingsNode, origin: Origin, overrides: [SettingOverride], problems: inout ProblemList
    ) -> Settings {
        var root = root
        for override in overrides {
            guard SettingsSchema.keysByPath[override.key] != nil else {
                let known = SettingsSchema.keys.map(\.path)
                problems.add(
                    "--set", column: override.key, "is not a setting of scenario.yaml.", hint: Suggestion.hint(for: override.key, among: known),
                    zh: "不是 scenario.yaml 的设置项。", zhHint: Suggestion.chineseHint(for: override.key, among: known))
                continue
            }
            root = root.setting(override.key.split(separator: ".").map(String.init), to: parseOverride(override.value))
        }
        var settings = Settings()
        var present: Set<String> = []
        let overridden = Set(overrides.map(\.key))
        walk(root, prefix: "", origin: origin, overridden: overridden, settings: &settings, present: &present, problems: &problems)
        for key in SettingsSchema.required where !present.contains(key) {
            problems.add(
                origin.file, column: key, "is missing; the settings must have county, slug and year.",
                zh: "缺少此项；设置须有 county（县区）、slug（代号）和 year（学年）。")
        }
        return settings
    }

    /// An override value is YAML too, so `[cadre, backbone]` is a list; otherwise plain text
    /// (a list setting's text, `音乐、体育`, is split where every setting is read:
    /// `SettingsSchema.listItems`).
    static func parseOverride(_ value: String) -> SettingsNode {
        if let node = try? Yams.compose(yaml: value), let converted = SettingsNode(node) {
            return converted
        }
        return .scalar(value, line: nil, plain: true)
    }

    private static func walk(
        _ node: SettingsNode, prefix: String, origin: Origin, overridden: Set<String>, settings: inout Settings,
        present: inout Set<String>, problems: inout ProblemList
    ) {
        guard case .mapping(let pairs, _) = node else { return }
        var seen: Set<String> = []
        for (key, value, line) in pairs {
            let path = prefix.isEmpty ? key : prefix + "." + key
            if !seen.insert(key).inserted {
                problems.add(origin.problem(row: line, column: path, "is given twice.", chinese: "重复填写。"))
                continue
            }
            if SettingsSchema.sections.contains(path) {
                if case .mapping = value {
                    walk(
                        value, prefix: path, origin: origin, overridden: overridden, settings: &settings, present: &present,
                        problems: &problems)
                } else if case .scalar("", _, _) = value {
                    continue  // An empty section keeps its defaults.
                } else {
                    problems.add(
                        origin.problem(
                            row: line ?? value.line, column: path, "expected a mapping of settings, got \(value.shown).",
                            chinese: "应为一组设置，实际为\(chineseShown(value))。"))
                }
                continue
            }
            guard let schemaKey = SettingsSchema.keysByPath[path] else {
                let known = SettingsSchema.keys.map(\.path) + Array(SettingsSchema.sections)
                // A setting's Chinese name (the 设置 sheet's 名称) written where its key belongs.
                if let named = SettingWords.key(named: path) {
                    problems.warn(
                        origin.problem(
                            row: line ?? value.line, column: path, "is a setting's name, not its key, and is ignored.",
                            hint: "Write its key, \(named).", chinese: "是设置的名称而不是键，已忽略。",
                            chineseHint: "请在键列填写 \(named)。"))
                    continue
                }
                problems.warn(
                    origin.problem(
                        row: line ?? value.line, column: path, "is not a known setting and is ignored.", hint: Suggestion.hint(for: path, among: known),
                        chinese: "不是已知的设置项，已忽略。", chineseHint: Suggestion.chineseHint(for: path, among: known)))
                continue
            }
            present.insert(path)
            guard let converted = SettingsSchema.convert(value, as: schemaKey.kind) else {
                let kind = schemaKey.kind
                var message = "expected \(kind.expected), got \(value.shown)."
                var chinese = "应为\(kind.chineseExpected)，实际为\(chineseShown(value))。"
                if let item = unreadItem(value, as: kind) {
                    message = "expected \(kind.expected); '\(item)' is not one."
                    chinese = "应为\(kind.chineseExpected)；“\(item)”不是。"
                }
                if overridden.contains(path) {
                    problems.add("--set", column: path, message, zh: chinese)
                } else {
                    problems.add(origin.problem(row: line ?? value.line, column: path, message, chinese: chinese))
                }
                continue
            }
            schemaKey.apply(&settings, converted)
        }
    }

    /// The first item of a list setting that is not a role (or is empty), for the message.
    private static func unreadItem(_ node: SettingsNode, as kind: SettingsSchema.Kind) -> String? {
        guard case .roles = kind, case .sequence(let items, _) = node else { return nil }
        for item in items {
            guard case .scalar(let text, _, _) = item else { return "…" }
            if Vocabulary.roles.code(text).flatMap(Role.init) == nil { return text }
        }
        return nil
    }

    private static func chineseShown(_ node: SettingsNode) -> String {
        switch node {
        case .scalar(let text, _, _): "“\(text)”"
        case .sequence: "列表"
        case .mapping: "一组设置"
        }
    }

    /// Lines whose key is followed by a full-width colon (`min_ratio：0.15`).
    static func fullWidthColons(_ text: String) -> [Problem] {
        var found: [Problem] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let colon = line.firstIndex(of: "："), !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "- "))
            guard !key.isEmpty, !key.contains(":"), key.unicodeScalars.allSatisfy({ $0.isASCII && !CharacterSet.whitespaces.contains($0) }) else {
                continue
            }
            found.append(
                Problem(
                    file: file, row: index + 1, column: key, "'：' after the key is a full-width colon; YAML needs ':' (half-width).",
                    hint: "Write \(key): followed by the value.", chinese: "键后的“：”是全角冒号；YAML 须用半角冒号“:”。",
                    chineseHint: "请写成 \(key): 后接取值。"))
        }
        return found
    }

    private static func yamlProblem(_ error: YamlError) -> Problem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return Problem(
                file: file, row: mark.line, "is not valid YAML: \(problem) (column \(mark.column)).",
                chinese: "不是有效的 YAML：\(problem)（第 \(mark.column) 列）。")
        case .duplicatedKeysInMapping(let duplicates, _):
            return Problem(
                file: file, "has keys given twice: \(duplicates.joined(separator: ", ")).",
                chinese: "有重复的键：\(WrittenText.chineseList(duplicates))。")
        default:
            return Problem(file: file, "is not valid YAML: \(error)", chinese: "不是有效的 YAML：\(error)")
        }
    }
}
