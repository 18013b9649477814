/// ID-card numbers (居民身份证号码) as a viewer sees them (WORKSTATION.md "Who may do what"):
/// 15 digits (first generation) or 18 (17 digits and a check digit, which may be X), shown
/// with the first four (the region) and the last four kept: `3601**********1234`.
public enum IDNumber {
    /// How many characters are kept at each end.
    static let kept = 4

    /// Whether `value` (white space around it aside) is an ID-card number.
    public static func isIDNumber(_ value: String) -> Bool {
        let characters = Array(value.trimmingWhiteSpace)
        switch characters.count {
        case 15: return characters.allSatisfy(\.isASCIIDigit)
        case 18: return characters.dropLast().allSatisfy(\.isASCIIDigit) && (characters[17].isASCIIDigit || characters[17] == "X" || characters[17] == "x")
        default: return false
        }
    }

    /// `value` masked when it is an ID-card number, else `value` unchanged.
    public static func masked(_ value: String) -> String {
        guard isIDNumber(value) else { return value }
        let characters = Array(value.trimmingWhiteSpace)
        return String(characters.prefix(kept)) + String(repeating: "*", count: characters.count - 2 * kept) + String(characters.suffix(kept))
    }

    /// `value` as `role` may see it: in full for a role that may read ID-card numbers,
    /// masked for the others.
    public static func shown(_ value: String, to role: Role) -> String {
        role.may(.readIDNumbers) ? value : masked(value)
    }

    /// Every ID-card number inside a text (a note, a reason) masked: a run of 15 or 18
    /// characters as above, with no digit or letter directly before or after it.
    public static func maskedWithin(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            let startsRun = characters[index].isASCIIDigit && (index == 0 || !characters[index - 1].isASCIIAlphanumeric)
            if startsRun {
                var end = index
                while end < characters.count, characters[end].isASCIIDigit { end += 1 }
                if end < characters.count, characters[end] == "X" || characters[end] == "x", end - index == 17 { end += 1 }
                let run = String(characters[index..<end])
                let standsAlone = end == characters.count || !characters[end].isASCIIAlphanumeric
                result += standsAlone ? masked(run) : run
                index = end
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }
}

extension Character {
    // By ASCII value: a range of Characters would take `1⃣` (1 and a combining keycap) for a digit.
    fileprivate var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
    fileprivate var isASCIIAlphanumeric: Bool {
        asciiValue.map { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) } ?? false
    }
}

extension String {
    fileprivate var trimmingWhiteSpace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
