import Foundation

/// The office programs the spreadsheet tests drive: LibreOffice (headless, and through its
/// Python bridge) and Python with openpyxl and msoffcrypto-tool. `.ci/run` installs them; a
/// test whose program is missing is reported as skipped with the reason, never as passed.
enum OfficeTools {
    static let soffice: String? = executable(named: ["soffice", "libreoffice"])
    /// A Python that can import LibreOffice's `uno` (Debian's own python3 with python3-uno).
    static let unoPython: String? = python(importing: "uno")
    static let openpyxlPython: String? = python(importing: "openpyxl")
    static let msoffcryptoPython: String? = python(importing: "msoffcrypto")

    static var libreOffice: Bool { soffice != nil && unoPython != nil }
    static var all: Bool { libreOffice && openpyxlPython != nil && msoffcryptoPython != nil }
    static let missing = "needs LibreOffice (soffice, python3-uno) and Python with openpyxl and msoffcrypto-tool; .ci/run installs them"

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program to its end; stdout is returned, a non-zero status throws with stderr.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        String(decoding: try runForData(program, arguments), as: UTF8.self)
    }

    static func runForData(_ program: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("office-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(message)")
        }
        return data
    }

    /// A copy of a UTF-8 file in GB18030, as iconv converts it.
    static func gb18030(_ file: URL, to out: URL) throws {
        try runForData("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GB18030", file.path]).write(to: out)
    }

    /// One `.xlsx` saved by LibreOffice Calc from CSV files (`sheets`: sheet name → file).
    /// `charset` is LibreOffice's number for the files' encoding: 76 UTF-8, 85 GB18030.
    static func workbook(from sheets: [(String, URL)], charset: Int = 76, to out: URL) throws {
        guard let soffice, let unoPython else { throw Failure(description: missing) }
        try run(
            unoPython,
            [scripts.appendingPathComponent("csv_to_workbook.py").path, soffice, out.path, String(charset)]
                + sheets.map { "\($0.0)=\($0.1.path)" })
    }

    /// LibreOffice opens a file and saves it as `format` (e.g. `xls`, or `xlsx` to compute and
    /// save formulas' values) into `folder`, or every sheet of a workbook as CSV files named
    /// `<name>-<sheet>.csv`.
    /// `inputFilter` says how to read the file (a CSV file's separator and encoding).
    static func convert(_ file: URL, to format: String, into folder: URL, inputFilter: String? = nil) throws {
        guard let soffice else { throw Failure(description: missing) }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        try run(
            soffice,
            ["-env:UserInstallation=" + profile.absoluteString, "--headless", "--norestore"]
                + (inputFilter.map { ["--infilter=" + $0] } ?? []) + ["--convert-to", format, "--outdir", folder.path, file.path])
    }

    /// The pages of a PDF LibreOffice wrote (its page objects, `/Type/Page`).
    static func pdfPages(_ pdf: String) -> Int {
        pdf.components(separatedBy: "/Type/Page").count - pdf.components(separatedBy: "/Type/Pages").count
    }

    /// `workbook_tool.py` (openpyxl) with its arguments.
    @discardableResult
    static func openpyxl(_ arguments: [String]) throws -> String {
        guard let openpyxlPython else { throw Failure(description: missing) }
        return try run(openpyxlPython, [scripts.appendingPathComponent("workbook_tool.py").path] + arguments)
    }

    /// A copy of `file` protected by `password` (msoffcrypto-tool's encryption).
    static func encrypt(_ file: URL, password: String, to out: URL) throws {
        guard let msoffcryptoPython else { throw Failure(description: missing) }
        try run(msoffcryptoPython, ["-m", "msoffcrypto", "-e", "-p", password, file.path, out.path])
    }

    static func executable(named names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The first Python (on PATH, then Debian's) that imports `module`.
    static func python(importing module: String) -> String? {
        let candidates = [executable(named: ["python3"]), "/usr/bin/python3"].compactMap { $0 }
        return candidates.first { (try? run($0, ["-c", "import \(module)"])) != nil }
    }
}
