import Foundation
import RotaplanDomain
import ZIPFoundation

/// A cell to write: text (always shown as written, never run as a formula) or a number.
public enum SheetCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case empty

    /// Text, or no cell at all when the text is empty.
    public static func value(_ text: String) -> SheetCell {
        text.isEmpty ? .empty : .text(text)
    }
}

/// A sheet to write: a header row (bold, frozen, repeated on every printed page) and rows of
/// cells; column widths are fitted, and the sheet prints landscape, fitted to the page's width.
public struct SheetContent: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[SheetCell]]
    /// Drop-down lists: a column's allowed values (the template's coded values).
    public var choices: [Int: [String]]
    /// Column widths (in characters) that replace the fitted ones, e.g. for a column of long notes.
    public var widths: [Int: Double]
    /// Columns whose drop-down list only warns: other values may be typed (a subject not listed).
    public var openChoices: Set<Int> = []
    /// Columns formatted as text, so that what is typed there stays as typed (ids: leading zeros,
    /// 18-digit numbers).
    public var textColumns: Set<Int> = []
    /// Columns whose long text wraps within the column (notes).
    public var wrappedColumns: Set<Int> = []
    /// A filter button on every header cell.
    public var autoFilter = false

    public init(name: String, header: [String], rows: [[SheetCell]], choices: [Int: [String]] = [:], widths: [Int: Double] = [:]) {
        self.name = name
        self.header = header
        self.rows = rows
        self.choices = choices
        self.widths = widths
    }
}

/// Writes `.xlsx` workbooks that open in Excel, WPS and LibreOffice: text as inline strings
/// (a cell beginning with `=` is text, never a formula, and stays text when edited), numbers as numbers, the header row
/// bold and frozen, columns as wide as their widest cell, every sheet printing landscape and
/// fitted to the width with its header on each page, and the same bytes for the same content
/// (the archive's dates are fixed).
public enum WorkbookWriter {
    /// Drop-down lists and text formats reach this row at least: a county's list of teachers
    /// (南昌县 has about 5,000) fits with room to spare.
    public static let formattedRows = 10_000

    /// The date every entry carries, so that a workbook's bytes depend on its content only.
    static let fixedDate = Date(timeIntervalSince1970: 1_735_689_600)

    public static func data(_ sheets: [SheetContent]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """
            ),
            ("xl/workbook.xml", workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet))) }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: fixedDate,
                compressionMethod: .deflate
            ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func contentTypes(_ count: Int) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for index in 1...max(1, count) {
            text +=
                "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return text + "</Types>"
    }

    static func workbook(_ sheets: [SheetContent]) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """
        for (index, sheet) in sheets.enumerated() {
            text += "<sheet name=\"\(xmlEscaped(sheetName(sheet.name)))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        text += "</sheets><definedNames>"
        // The header row printed on every page; the filter's range, as Excel records it.
        for (index, sheet) in sheets.enumerated() {
            let quoted = "'" + sheetName(sheet.name).replacingOccurrences(of: "'", with: "''") + "'"
            if sheet.autoFilter {
                text +=
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(xmlEscaped(quoted))!\(filterRange(sheet, absolute: true))</definedName>"
            }
            text += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(xmlEscaped(quoted))!$1:$1</definedName>"
        }
        return text + "</definedNames></workbook>"
    }

    /// The filter's cells: the header and every row, `A1:O37` (or `$A$1:$O$37`).
    static func filterRange(_ sheet: SheetContent, absolute: Bool = false) -> String {
        let last = CellReference.letters(max(0, sheet.header.count - 1))
        let rows = sheet.rows.count + 1
        return absolute ? "$A$1:$\(last)$\(rows)" : "A1:\(last)\(rows)"
    }

    /// Sheet names are at most 31 characters without `[]:*?/\`.
    static func sheetName(_ name: String) -> String {
        String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    }

    static func workbookRelationships(_ count: Int) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for index in 1...max(1, count) {
            text +=
                "<Relationship Id=\"rId\(index)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        text +=
            "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return text + "</Relationships>"
    }

    /// Style 0: plain; 1: the header (bold, shaded, wrapped); 2: numbers with up to two decimals;
    /// 3: text with a quote prefix (formula-like text); 4: the text format (ids); 5: wrapped text.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.##"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EEFC"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    static func worksheet(_ sheet: SheetContent) -> String {
        var widths = sheet.header.map { Double(displayWidth($0)) }
        for row in sheet.rows {
            for (column, cell) in row.enumerated() {
                if column >= widths.count { widths.append(0) }
                switch cell {
                case .text(let text): widths[column] = max(widths[column], Double(displayWidth(text)))
                case .number(let number): widths[column] = max(widths[column], Double(format(number).count))
                case .empty: break
                }
            }
        }
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>
            """
        if !widths.isEmpty {
            text += "<cols>"
            for (column, width) in widths.enumerated() {
                let fitted = sheet.widths[column] ?? min(60, max(6, width + 2))
                // A column's style is what a cell typed into it later takes: text for ids.
                let style = sheet.textColumns.contains(column) ? " style=\"4\"" : sheet.wrappedColumns.contains(column) ? " style=\"5\"" : ""
                text += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(format(fitted))\"\(style) customWidth=\"1\"/>"
            }
            text += "</cols>"
        }
        text.reserveCapacity(sheet.rows.count * 200)
        text += "<sheetData>"
        text += "<row r=\"1\">"
        for (column, name) in sheet.header.enumerated() {
            text += "<c r=\"\(CellReference.name(row: 1, column: column))\" s=\"1\" t=\"inlineStr\"><is><t>\(xmlEscaped(name))</t></is></c>"
        }
        text += "</row>"
        for (index, row) in sheet.rows.enumerated() {
            let number = index + 2
            text += "<row r=\"\(number)\">"
            for (column, cell) in row.enumerated() {
                let reference = CellReference.name(row: number, column: column)
                switch cell {
                case .text(let value):
                    // Text a spreadsheet would run as a formula once edited gets the text format
                    // with a quote prefix: shown as written, and still text after editing.
                    let style =
                        SpreadsheetText.isFormulaLike(value)
                        ? " s=\"3\""
                        : sheet.textColumns.contains(column) ? " s=\"4\"" : sheet.wrappedColumns.contains(column) ? " s=\"5\"" : ""
                    text += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xmlEscaped(value))</t></is></c>"
                case .number(let value):
                    text += "<c r=\"\(reference)\" s=\"2\"><v>\(format(value))</v></c>"
                case .empty:
                    break
                }
            }
            text += "</row>"
        }
        text += "</sheetData>"
        if sheet.autoFilter { text += "<autoFilter ref=\"\(filterRange(sheet))\"/>" }
        if !sheet.choices.isEmpty {
            let lastRow = max(formattedRows, sheet.rows.count + 500)
            text += "<dataValidations count=\"\(sheet.choices.count)\">"
            for column in sheet.choices.keys.sorted() {
                let letters = CellReference.letters(column)
                let list = sheet.choices[column]!.joined(separator: ",")
                // An open list only warns, so that a value not listed (a subject) can still be typed.
                let strictness = sheet.openChoices.contains(column) ? " errorStyle=\"warning\"" : ""
                text +=
                    "<dataValidation type=\"list\"\(strictness) allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"\(letters)2:\(letters)\(lastRow)\"><formula1>\"\(xmlEscaped(list))\"</formula1></dataValidation>"
            }
            text += "</dataValidations>"
        }
        text += "<printOptions gridLines=\"1\"/><pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        text += "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        text += "<headerFooter><oddFooter>\(xmlEscaped("&C第 &P 页，共 &N 页"))</oddFooter></headerFooter>"
        return text + "</worksheet>"
    }

    /// A number as a cell holds it: whole numbers without a decimal point.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// Columns a text takes: East Asian wide characters two.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            return width + (wide ? 2 : 1)
        }
    }
}
