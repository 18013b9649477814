import Foundation
import RotaplanDomain

/// A scenario held as file texts, edited per test and loaded from memory or a temporary folder.
struct ScenarioFiles {
    var files: [String: String]

    init(_ files: [String: String]) {
        self.files = files
    }

    /// A small valid scenario: one community (L1 with members M1, M2) and an independent school.
    /// Teachers are listed one per line so tests can edit a row by its number (header = row 1).
    static var tiny: ScenarioFiles {
        ScenarioFiles([
            "scenario.yaml": """
            county: 测试县
            slug: tiny
            year: 2025
            synthetic: true
            policy:
              rotation:
                min_ratio: 0.10

            """,
            "schools.csv": """
            id,name,kind,community,rural,lat,lon,level
            L1,城关第一小学,lead,C1,,28.50,115.90,primary
            M1,甲乡中心小学,member,C1,,28.55,115.95,primary
            M2,乙乡中心小学,member,C1,,28.45,115.85,primary
            I1,丙村教学点,independent,,yes,28.60,115.80,primary

            """,
            "teachers.csv": """
            id,name,school,subject,role,title,years_at_school,years_to_retirement,exempt,volunteer,max_periods,itinerant,available_days
            T01,王伟,L1,chinese,cadre,高级教师,10,20,,,,,
            T02,李娜,L1,math,cadre,一级教师,8,15,,,,,
            T03,张敏,L1,english,backbone,一级教师,7,25,,yes,,,
            T04,刘洋,L1,music,regular,二级教师,9,30,,,,,mon;wed
            T05,陈静,M1,chinese,reserve_cadre,一级教师,3,28,,,,,
            T06,杨磊,M1,math,regular,二级教师,12,18,,,,,
            T07,黄丽,M2,chinese,regular,一级教师,6,22,,,,,
            T08,赵强,M2,math,backbone,一级教师,4,12,,,,,
            T09,吴芳,I1,chinese,regular,二级教师,2,30,,,,,

            """,
            "demand.csv": """
            school,subject,teachers,periods
            L1,chinese,1,
            L1,math,1,
            M1,english,1,16
            M2,music,0,6

            """,
        ])
    }

    func with(_ name: String, _ text: String) -> ScenarioFiles {
        var copy = self
        copy.files[name] = text
        return copy
    }

    func without(_ name: String) -> ScenarioFiles {
        var copy = self
        copy.files[name] = nil
        return copy
    }

    /// Replaces the text of `row` (header = 1) of a CSV file.
    func replacingRow(_ name: String, _ row: Int, with line: String) -> ScenarioFiles {
        var lines = files[name]!.components(separatedBy: "\n")
        lines[row - 1] = line
        return with(name, lines.joined(separator: "\n"))
    }

    func appending(_ name: String, _ line: String) -> ScenarioFiles {
        let text = files[name] ?? ""
        return with(name, text + line + "\n")
    }

    func replacing(_ name: String, _ old: String, _ new: String) -> ScenarioFiles {
        with(name, files[name]!.replacingOccurrences(of: old, with: new))
    }

    func load(overrides: [SettingOverride] = []) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(files: files.mapValues { Data($0.utf8) }, folderName: "tiny", overrides: overrides)
    }

    /// The problems a load reports (empty when it loads).
    func problems(overrides: [SettingOverride] = []) -> [String] {
        do {
            _ = try load(overrides: overrides)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// Writes the files into a new temporary folder named `name`.
    func write(named name: String = "tiny") throws -> URL {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-test-\(UUID().uuidString)")
        let folder = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(file))
        }
        return folder
    }
}
