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

/// A sheet to write: a header row (bold, frozen) and rows of cells; column widths are fitted.
public struct SheetContent: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[SheetCell]]
    /// Drop-down lists: a column's allowed values (the template's coded values).
    public var choices: [Int: [String]]
    /// Column widths (in characters) that replace the fitted ones, e.g. for a column of long notes.
    public var widths: [Int: Double]

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
/// bold and frozen, columns as wide as their widest cell, and the same bytes for the same
/// content (the archive's dates are fixed).
public enum WorkbookWriter {
    /// The date every entry carries, so that a workbook's bytes depend on its content only.
    static let fixedDate = Date(timeIntervalSince1970: 1_735_689_600)

    public static func data(_ sheets: [SheetContent]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
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
            text += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
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
        return text + "</sheets></workbook>"
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
            text += "<Relationship Id=\"rId\(index)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        text += "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return text + "</Relationships>"
    }

    /// Style 0: plain; 1: the header (bold, shaded); 2: numbers with up to two decimals.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.##"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EEFC"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
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
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>
            """
        if !widths.isEmpty {
            text += "<cols>"
            for (column, width) in widths.enumerated() {
                let fitted = sheet.widths[column] ?? min(60, max(6, width + 2))
                text += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(format(fitted))\" customWidth=\"1\"/>"
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
                    let style = SpreadsheetText.isFormulaLike(value) ? " s=\"3\"" : ""
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
        if !sheet.choices.isEmpty {
            let lastRow = max(1000, sheet.rows.count + 500)
            text += "<dataValidations count=\"\(sheet.choices.count)\">"
            for column in sheet.choices.keys.sorted() {
                let letters = CellReference.letters(column)
                let list = sheet.choices[column]!.joined(separator: ",")
                text += "<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"\(letters)2:\(letters)\(lastRow)\"><formula1>\"\(xmlEscaped(list))\"</formula1></dataValidation>"
            }
            text += "</dataValidations>"
        }
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
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            return width + (wide ? 2 : 1)
        }
    }
}
