/// A small pull scanner for the machine-written XML inside a workbook (sheets, shared strings,
/// the workbook and its relationships): start tags with attributes, end tags, and text.
/// Namespace prefixes are dropped (`x:row` is `row`); comments, processing instructions and the
/// declaration are skipped; character references and the five named entities are decoded.
///
/// Workbook parts are large (a city's teachers sheet is several MB) and regular, and Foundation's
/// XMLParser calls back into Swift for every event: a scanner over bytes reads them several
/// times faster.
struct XMLScanner {
    enum Event {
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next event, or nil at the end. A malformed document ends early rather than trapping.
    mutating func next() -> Event? {
        while position < bytes.count {
            if bytes[position] != UInt8(ascii: "<") {
                let start = position
                while position < bytes.count && bytes[position] != UInt8(ascii: "<") { position += 1 }
                let text = Self.decode(bytes[start..<position])
                if !text.isEmpty { return .text(text) }
                continue
            }
            // A tag, a comment, a declaration or CDATA.
            guard position + 1 < bytes.count else { return nil }
            let after = bytes[position + 1]
            if after == UInt8(ascii: "?") {
                skip(past: [UInt8(ascii: "?"), UInt8(ascii: ">")])
                continue
            }
            if after == UInt8(ascii: "!") {
                if starts(with: "<![CDATA[") {
                    let start = position + 9
                    skip(past: Array("]]>".utf8))
                    return .text(String(decoding: bytes[start..<max(start, position - 3)], as: UTF8.self))
                }
                if starts(with: "<!--") { skip(past: Array("-->".utf8)) } else { skip(past: [UInt8(ascii: ">")]) }
                continue
            }
            if after == UInt8(ascii: "/") {
                position += 2
                let name = readName()
                skip(past: [UInt8(ascii: ">")])
                return .end(name: name)
            }
            position += 1
            let name = readName()
            var attributes: [String: String] = [:]
            while position < bytes.count {
                skipSpaces()
                guard position < bytes.count else { return nil }
                let byte = bytes[position]
                if byte == UInt8(ascii: "/") {
                    position += 1
                    skip(past: [UInt8(ascii: ">")])
                    return .start(name: name, attributes: attributes, selfClosing: true)
                }
                if byte == UInt8(ascii: ">") {
                    position += 1
                    return .start(name: name, attributes: attributes, selfClosing: false)
                }
                let key = readName()
                skipSpaces()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                    position += 1
                    continue
                }
                position += 1
                skipSpaces()
                guard position < bytes.count else { return nil }
                let quote = bytes[position]
                position += 1
                let start = position
                while position < bytes.count && bytes[position] != quote { position += 1 }
                attributes[key] = Self.decode(bytes[start..<min(position, bytes.count)])
                position += 1
            }
            return nil
        }
        return nil
    }

    private func starts(with prefix: String) -> Bool {
        let utf8 = Array(prefix.utf8)
        return position + utf8.count <= bytes.count && Array(bytes[position..<(position + utf8.count)]) == utf8
    }

    private mutating func skip(past marker: [UInt8]) {
        while position < bytes.count {
            if bytes[position] == marker[0], position + marker.count <= bytes.count,
                bytes[position..<(position + marker.count)].elementsEqual(marker)
            {
                position += marker.count
                return
            }
            position += 1
        }
    }

    private mutating func skipSpaces() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// A tag or attribute name without its namespace prefix.
    private mutating func readName() -> String {
        let start = position
        var colon: Int?
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: ":") { colon = position }
            if [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")].contains(byte) { break }
            position += 1
        }
        let from = (colon.map { $0 + 1 } ?? start)
        // xml:space and xmlns:x keep their prefixes out of the way of element names only.
        return String(decoding: bytes[min(from, position)..<position], as: UTF8.self)
    }

    /// Text with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and `&#…;` decoded.
    static func decode(_ slice: ArraySlice<UInt8>) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(slice.count)
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            guard byte == UInt8(ascii: "&"), let semicolon = slice[index...].firstIndex(of: UInt8(ascii: ";")), semicolon - index <= 10 else {
                result.append(byte)
                index += 1
                continue
            }
            let entity = String(decoding: slice[(index + 1)..<semicolon], as: UTF8.self)
            var replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x"), let value = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                    replacement = String(Character(scalar))
                } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                    replacement = String(Character(scalar))
                }
            }
            if let replacement {
                result.append(contentsOf: Array(replacement.utf8))
                index = semicolon + 1
            } else {
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Text made safe inside XML: `& < > " '` as entities, and characters XML 1.0 forbids dropped.
func xmlEscaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default:
            let value = scalar.value
            let allowed =
                value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
            if allowed { result.unicodeScalars.append(scalar) }
        }
    }
    return result
}
