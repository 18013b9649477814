import Foundation
import Testing

/// The code points to docs/ for the why (`docs/model.md "Communities, members and sites"`); every such reference must
/// land on a file and a heading that exist, so that a newcomer following one is never lost.
@Suite struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `docs/NAME.md` and `docs/NAME.md "Heading"` in the sources, the tests, the package
    /// manifest and the scripts, with where it was found.
    static func references() throws -> [(place: String, file: String, heading: String?)] {
        let pattern = try NSRegularExpression(pattern: #"docs/([a-z-]+\.md)(?: "([^"]+)")?"#)
        var found: [(String, String, String?)] = []
        let manager = FileManager.default
        for folder in ["Sources", "Tests", "scripts", "benchmarks/Sources"] {
            guard let files = manager.enumerator(at: repository.appendingPathComponent(folder), includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in files where ["swift", "sh", "py"].contains(url.pathExtension) {
                found += try references(in: url, pattern: pattern)
            }
        }
        found += try references(in: repository.appendingPathComponent("Package.swift"), pattern: pattern)
        return found
    }

    static func references(in url: URL, pattern: NSRegularExpression) throws -> [(String, String, String?)] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let range = NSRange(text.startIndex..., in: text)
        let place = String(url.path.dropFirst(repository.path.count + 1))
        return pattern.matches(in: text, range: range).compactMap { match in
            guard let file = Range(match.range(at: 1), in: text).map({ String(text[$0]) }) else { return nil }
            // A quoted heading may run over a comment's line break.
            let heading = Range(match.range(at: 2), in: text).map { range in
                String(text[range]).replacingOccurrences(of: #"\s*\n\s*(///?)?\s*"#, with: " ", options: .regularExpression)
            }
            return (place, file, heading)
        }
    }

    /// The headings of a Markdown file, without their `#` marks.
    static func headings(_ file: String) -> Set<String>? {
        guard let text = try? String(contentsOf: repository.appendingPathComponent("docs").appendingPathComponent(file), encoding: .utf8)
        else { return nil }
        return Set(
            text.split(separator: "\n").filter { $0.hasPrefix("#") }.map { line in
                String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            })
    }

    @Test func everyReferenceToDocsResolves() throws {
        let references = try Self.references()
        #expect(references.count > 50, "the sources cite docs/ often; found \(references.count)")
        var missing: [String] = []
        for reference in references {
            guard let headings = Self.headings(reference.file) else {
                missing.append("\(reference.place): docs/\(reference.file) does not exist")
                continue
            }
            // A heading is cited whole, or by its part before a colon, a dash or a bracket:
            // "Spreadsheets" for "Spreadsheets: workbooks, Chinese and GB18030".
            if let heading = reference.heading,
                !headings.contains(where: { title in title == heading || [":", " —", " ("].contains { title.hasPrefix(heading + $0) } })
            {
                missing.append("\(reference.place): docs/\(reference.file) has no heading \"\(heading)\"")
            }
        }
        #expect(missing.isEmpty, "\(Set(missing).sorted().joined(separator: "\n"))")
    }

    /// Every public type says what it is in a `///` comment (attributes may stand between).
    @Test func everyPublicTypeIsDocumented() throws {
        let declaration = try NSRegularExpression(pattern: #"^\s*(public|package) (final )?(struct|enum|class|protocol|actor) (\w+)"#)
        var undocumented: [String] = []
        let sources = Self.repository.appendingPathComponent("Sources")
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in files where url.pathExtension == "swift" {
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let range = NSRange(line.startIndex..., in: line)
                guard let match = declaration.firstMatch(in: line, range: range), let name = Range(match.range(at: 4), in: line) else { continue }
                var above = number - 1
                while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
                if above < 0 || !lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    undocumented.append("\(url.lastPathComponent):\(number + 1): \(line[name])")
                }
            }
        }
        #expect(undocumented.isEmpty, "\(undocumented.joined(separator: "\n"))")
    }
}
