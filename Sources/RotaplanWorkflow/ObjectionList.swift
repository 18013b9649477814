import Foundation
import RotaplanDomain
import RotaplanReport
import RotaplanResults

/// The objections heard during the public notice (公示), kept in the plan folder as
/// `objections.csv` in pins.csv's columns and applied as pins on a re-plan (docs/workstation.md).
/// They are read by the same pins parser as pins.csv, so an objection means what a pin means.
public struct ObjectionList: Sendable, Equatable {
    public static let fileName = ScenarioLoader.objectionsTable
    static let header = ["teacher", "action", "school", "note"]

    /// One objection: keep this teacher (`stay`), send this one (`rotate`), or send them to a
    /// school (`to`), with why.
    public struct Objection: Sendable, Equatable {
        public var teacher: String
        public var action: String
        public var school: String
        public var note: String

        public init(teacher: String, action: String, school: String = "", note: String = "") {
            self.teacher = teacher
            self.action = action
            self.school = school
            self.note = note
        }
    }

    /// In the order they were heard; one per teacher.
    public private(set) var objections: [Objection]

    public init(_ objections: [Objection] = []) {
        self.objections = objections
    }

    /// The plan folder's objections (none when it has no objections.csv).
    public static func read(_ folder: URL) -> ObjectionList {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)),
            let table = CSV.table(data, file: fileName)
        else { return ObjectionList() }
        return ObjectionList(
            table.records.map { record in
                Objection(
                    teacher: table.value(record, "teacher"), action: table.value(record, "action"), school: table.value(record, "school"),
                    note: table.value(record, "note"))
            })
    }

    /// With `objection` in place of any earlier one of the same teacher.
    public func adding(_ objection: Objection) -> ObjectionList {
        ObjectionList(objections.filter { $0.teacher != objection.teacher } + [objection])
    }

    public func removing(teacher: String) -> ObjectionList {
        ObjectionList(objections.filter { $0.teacher != teacher })
    }

    public var isEmpty: Bool { objections.isEmpty }

    /// The objections as a pins table for the scenario reader (nil when there are none).
    public var table: CSVTable? {
        guard !objections.isEmpty else { return nil }
        return CSVTable(
            file: Self.fileName, header: Self.header,
            records: rows.enumerated().map { CSVRecord(number: $0.offset + 2, fields: $0.element) })
    }

    var rows: [[String]] { objections.map { [$0.teacher, $0.action, $0.school, $0.note] } }

    /// objections.csv's bytes (UTF-8 with a BOM, for spreadsheet programs). Not escaped for
    /// spreadsheets: rotaplan reads the file back, and a note must come back as it was typed.
    public var data: Data {
        CSV.format(header: Self.header, rows: rows, byteOrderMark: true)
    }

    /// The objections the plan's lines do not follow: a 留任 whose teacher goes, a 须交流 whose
    /// teacher stays, a 到指定学校 whose teacher goes elsewhere. A re-plan follows its
    /// objections; these were heard after the plan was made and not planned again.
    public func unmet(by document: PlanDocument) -> [Objection] {
        let goes = Dictionary(document.rotations.map { ($0.teacher, $0.to) }, uniquingKeysWith: { first, _ in first })
        return objections.filter { objection in
            switch objection.action {
            case "stay": goes[objection.teacher] != nil
            case "rotate": goes[objection.teacher] == nil
            case "to": goes[objection.teacher] != objection.school
            default: false
            }
        }
    }

    /// The objections as the office downloads them (公示异议): names and words, not codes, and
    /// every note that would run as a formula kept as text (the file rotaplan reads back is
    /// `data`, written as typed).
    public func peoplesData(_ scenario: Scenario) -> Data {
        let rows = objections.map { objection -> [String] in
            let teacher = scenario.teacherIndex[objection.teacher].map { scenario.teachers[$0].name } ?? ""
            let school = scenario.schoolIndex[objection.school].map { scenario.schools[$0].name } ?? objection.school
            return [teacher, objection.teacher, Vocabulary.pinActions.name(objection.action), school, objection.note]
        }
        return CSV.format(header: ["姓名", "工号", "异议", "学校", "备注"], rows: rows, byteOrderMark: true, forPeople: true)
    }

    /// Replaces the plan folder's objections.csv whole.
    public func write(to folder: URL) throws {
        try OutputFolder.writeFile(data, to: folder.appendingPathComponent(Self.fileName))
    }
}

extension PlanSession {
    /// What the pins parser says of `list` on this scenario under `overrides`: the problems of
    /// objections.csv's rows (an unknown teacher or school, a school the structure rules out).
    public func problems(of list: ObjectionList, overrides: [SettingOverride] = []) -> [Problem] {
        var session = self
        session.objections = list
        do {
            _ = try session.load(overrides: overrides)
            return []
        } catch {
            return error.problems.filter { $0.file == ObjectionList.fileName }
        }
    }
}
