import Foundation

/// The forms offices write one value in, made one before it is compared (docs/scenario.md
/// "Read exactly, or refused"): full-width digits and letters as half-width, spaces inside a
/// header removed.
public enum WrittenText {
    /// NFKC: `１２` is `12`, `NCX－L01` is `NCX-L01`, the ideographic space a space. Text that
    /// NFKC leaves as it is (ASCII, the common Chinese characters and punctuation) is returned
    /// without the (slower) Unicode mapping.
    /// Invisible format characters (a zero-width space pasted from a web page or a chat,
    /// U+200B; U+FEFF; U+2060) are removed: `AYX-L01` followed by one is `AYX-L01`.
    public static func normalized(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) || text.unicodeScalars.allSatisfy(isStable) { return text }
        let mapped = text.precomposedStringWithCompatibilityMapping
        guard mapped.unicodeScalars.contains(where: { $0.properties.generalCategory == .format }) else { return mapped }
        return String(String.UnicodeScalarView(mapped.unicodeScalars.filter { $0.properties.generalCategory != .format }))
    }

    /// A scalar NFKC maps to itself whatever stands around it: ASCII, the CJK ideographs (not
    /// the compatibility ones) and the CJK punctuation after the ideographic space (not its
    /// tone marks, nor 〶 and the Hangzhou numerals, which NFKC maps).
    private static func isStable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x80, 0x3001...0x3029, 0x3030...0x3035, 0x303B...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF: true
        default: false
        }
    }

    /// A header as it is matched: NFKC with every space removed (`工 号`, `姓　名`).
    public static func headerKey(_ text: String) -> String {
        String(String.UnicodeScalarView(normalized(text).unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// Whether the text holds a Chinese character (a Han ideograph).
    public static func isChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }

    /// The text in quotes for an English message: `'音乐（兼）'`.
    static func quoted(_ text: String) -> String { "'\(text)'" }

    /// The text in quotes for a Chinese message: `“音乐（兼）”`.
    static func chineseQuoted(_ text: String) -> String { "“\(text)”" }

    /// A table named in a Chinese sentence: a sheet as `“学校”表`, a file as ` schools.csv `.
    static func chineseTable(_ name: String) -> String {
        isChinese(name) ? "“\(name)”表" : " \(name) "
    }

    /// Items joined as Chinese lists them: `甲、乙、丙`.
    public static func chineseList(_ items: [String]) -> String {
        items.joined(separator: "、")
    }

    /// At most `limit` items and a count of the rest: `T1, T2, T3 and 5 more`.
    static func shortList(_ items: [String], limit: Int = 8) -> (english: String, chinese: String) {
        guard items.count > limit else { return (items.joined(separator: ", "), chineseList(items)) }
        let shown = Array(items.prefix(limit))
        let rest = items.count - limit
        return (shown.joined(separator: ", ") + " and \(rest) more", chineseList(shown) + " 等 \(items.count) 个")
    }
}
