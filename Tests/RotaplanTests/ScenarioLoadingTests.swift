import Foundation
import RotaplanCLI
import RotaplanDomain
import RotaplanSpreadsheet
import Testing

/// One kind of broken scenario and the message that must locate it.
struct BrokenScenario: CustomTestStringConvertible, Sendable {
    var name: String
    var files: @Sendable () -> ScenarioFiles
    /// Substrings of one reported problem: file, row and column, and what was expected.
    var expected: [String]
    var overrides: [SettingOverride] = []

    var testDescription: String { name }
}

@Suite struct ScenarioLoadingTests {
    @Test func tinyScenarioLoadsWithDefaults() throws {
        let scenario = try ScenarioFiles.tiny.load()
        #expect(scenario.schools.count == 4)
        #expect(scenario.teachers.count == 9)
        #expect(scenario.communities.count == 1)
        #expect(scenario.communities[0].members.map { scenario.schools[$0].id } == ["M1", "M2"])
        // Defaults: rural yes for members, no for leads; max_periods 16; all five days.
        #expect(scenario.schools[scenario.schoolIndex["M1"]!].rural)
        #expect(!scenario.schools[scenario.schoolIndex["L1"]!].rural)
        #expect(scenario.schools[scenario.schoolIndex["I1"]!].rural)
        let music = scenario.teachers[scenario.teacherIndex["T04"]!]
        #expect(music.maxPeriods == 16)
        #expect(music.availableDays == [.mon, .wed])
        #expect(scenario.teachers[0].availableDays == Weekday.allCases)
        #expect(scenario.teachers[scenario.teacherIndex["T03"]!].volunteer)
        // demand periods default to teachers × 16.
        #expect(scenario.demandPeriods(scenario.schoolIndex["L1"]!, "chinese") == 16)
        #expect(scenario.demandPeriods(scenario.schoolIndex["M2"]!, "music") == 6)
        #expect(scenario.demandTeachers(scenario.schoolIndex["M2"]!, "art") == 0)
        // Policy defaults from docs/scenario.md.
        let policy = scenario.policy
        #expect(policy.roadFactor == 1.3)
        #expect(policy.rotation.minRatio == 0.10)
        #expect(policy.rotation.leadSends == [.cadre, .backbone, .regular])
        #expect(policy.itinerant.subjects == ["music", "pe", "art"])
        #expect(policy.itinerant.scope == .county)
        #expect(policy.weights.uncoveredPeriod == 500)
        #expect(scenario.warnings.isEmpty)
    }

    @Test func csvQuotingBOMChineseAndExtraColumns() throws {
        // A BOM, CRLF line ends, a quoted name with a comma and a line break, and an extra column.
        let teachers =
            "\u{FEFF}id,name,school,subject,role,years_at_school,years_to_retirement,备注\r\n"
            + "T01,\"王,伟\",L1,chinese,cadre,10,20,班主任\r\n"
            + "T02,\"李\n娜\",L1,math,cadre,8,15,\r\n"
            + "T05,陈静,M1,chinese,reserve_cadre,3,28,\r\n"
            + "T07,黄丽,M2,chinese,regular,6,22,\r\n"
            + "T08,赵强,M2,math,backbone,4,12,\"多行\n说明\"\r\n"
            + "T99,错误,X9,math,regular,4,12,\r\n"
        let files = ScenarioFiles.tiny.with("teachers.csv", teachers)
        let problems = files.problems()
        // The quoted line breaks stay inside their records: the bad row is record 7.
        #expect(problems == ["teachers.csv:7: column school: 'X9' is not a school in schools.csv."])
        let loaded = try files.replacing("teachers.csv", "T99,错误,X9", "T99,错误,M1").load()
        #expect(loaded.teachers[0].name == "王,伟")
        #expect(loaded.teachers[1].name == "李\n娜")
    }

    @Test func distancesOverrideGreatCircleBothWaysUnlessBothGiven() throws {
        let files = ScenarioFiles.tiny
            .with("distances.csv", "from,to,km\nL1,M1,12.5\nL1,M2,30\nM2,L1,31\n")
        let scenario = try files.load()
        let (l1, m1, m2, i1) = (scenario.schoolIndex["L1"]!, scenario.schoolIndex["M1"]!, scenario.schoolIndex["M2"]!, scenario.schoolIndex["I1"]!)
        #expect(scenario.km(l1, m1) == 12.5)
        #expect(scenario.km(m1, l1) == 12.5)
        #expect(scenario.km(l1, m2) == 30)
        #expect(scenario.km(m2, l1) == 31)
        // Not given: haversine (R = 6371.0) × road_factor 1.3. L1 (28.50, 115.90) to I1 (28.60, 115.80):
        // 0.1° of latitude is 11.12 km, 0.1° of longitude at 28.55° is 9.77 km → 14.80 km × 1.3 = 19.24.
        let expected = greatCircleKm(latitude1: 28.5, longitude1: 115.9, latitude2: 28.6, longitude2: 115.8) * 1.3
        #expect(abs(scenario.km(l1, i1) - expected) < 1e-9)
        #expect(abs(expected - 19.24) < 0.01)
    }

    @Test func historyGivesRunningTermsAndCooldown() throws {
        let files = ScenarioFiles.tiny.with(
            "history.csv",
            """
            teacher,from,to,start_year,end_year,kind
            T01,L1,M1,2024,2025,rotation
            T02,L1,M2,2023,2023,
            T03,L1,M1,2020,2021,rotation
            T04,L1,M2,2024,2024,itinerant

            """)
        let scenario = try files.load()
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let index = { scenario.teacherIndex[$0]! }
        // T01 is away at M1 this year and counted there.
        #expect(staffing.presentAt[index("T01")] == scenario.schoolIndex["M1"])
        #expect(staffing.current(scenario.schoolIndex["M1"]!, "chinese") == 2)
        #expect(eligibility.reasons[index("T01")].contains(.away(to: scenario.schoolIndex["M1"]!, until: 2025)))
        // T02 ended in 2023: blocked 2024–2026 by the 3-year cooldown.
        #expect(eligibility.reasons[index("T02")] == [.cooldown(endedYear: 2023, blockedUntil: 2026)])
        // T03 ended in 2021: 2025 is past the cooldown. T04's row is itinerant: record only.
        #expect(eligibility.isEligible(index("T03")))
        #expect(eligibility.isEligible(index("T04")))
    }

    @Test func unknownYAMLKeysAndFolderNameAreWarnings() throws {
        let files = ScenarioFiles.tiny.with(
            "scenario.yaml",
            """
            county: 测试县
            slug: other-name
            year: 2025
            policy:
              rotation:
                min_ratoi: 0.2

            """)
        let scenario = try files.load()
        let warnings = scenario.warnings.map(\.description)
        #expect(
            warnings.contains("scenario.yaml:6: column policy.rotation.min_ratoi: is not a known setting and is ignored. Maybe 'policy.rotation.min_ratio'?"))
        #expect(warnings.contains { $0.contains("'other-name' differs from the folder name 'tiny'") })
    }

    /// A school far from the others has a slip in its coordinates: warned of, with its row, its
    /// distance and what to check; the scenario still loads. The tiny scenario's schools, about
    /// 15 km apart, raise nothing.
    @Test func aSchoolFarFromTheOthersIsWarnedOf() throws {
        #expect(try ScenarioFiles.tiny.load().warnings.allSatisfy { !$0.description.contains("km from the middle") })
        let files = ScenarioFiles.tiny.with(
            "schools.csv",
            """
            id,name,kind,community,rural,lat,lon,level
            L1,城关第一小学,lead,C1,,28.50,115.90,primary
            M1,甲乡中心小学,member,C1,,26.55,115.95,primary
            M2,乙乡中心小学,member,C1,,0,0,primary
            I1,丙村教学点,independent,,yes,28.60,115.80,primary
            I2,丁村教学点,independent,,yes,28.52,115.88,primary

            """)
        // The middle is the median latitude and longitude, 28.50, 115.88. From it: L1 2.0 km,
        // I2 2.2, I1 13.6 (the median, so "within 14 km"), M1 1.95° of latitude south, 217 km, and
        // M2 about 12,000 km. The limit is max(150, 5 × 13.6) = 150 km.
        let warnings = try files.load().warnings.map(\.description).filter { $0.contains("km from the middle") }
        #expect(warnings.count == 2, "\(warnings)")
        #expect(
            warnings.first
                == "schools.csv:3: column lat: lat, lon 26.55, 115.95 put 甲乡中心小学 217 km from the middle of the county's schools, half of which are within 14 km of it. Check its coordinates: a wrong degree, or a blank filled with 0?"
        )
        #expect(warnings.last?.hasPrefix("schools.csv:4: column lat: lat, lon 0, 0 put 乙乡中心小学 ") == true, "\(warnings)")
    }

    /// A full-width colon after a key, as a Chinese input method types it, is named on its own
    /// line, not as the YAML parser's complaint about the line after.
    @Test func aFullWidthColonInTheSettingsIsNamedOnItsLine() throws {
        let files = ScenarioFiles.tiny.replacing("scenario.yaml", "min_ratio: 0.10", "min_ratio：0.15")
        let error = try #require(throws: ScenarioError.self) { try files.load() }
        #expect(
            error.problems.map(\.description) == [
                "scenario.yaml:7: column min_ratio: '：' after the key is a full-width colon; YAML needs ':' (half-width). Write min_ratio: followed by the value."
            ])
    }

    @Test func setOverridesApplyBeforeValidation() throws {
        let scenario = try ScenarioFiles.tiny.load(overrides: [
            SettingOverride(key: "policy.rotation.min_ratio", value: "0.15"),
            SettingOverride(key: "policy.rotation.lead_sends", value: "[cadre, backbone]"),
            SettingOverride(key: "policy.weights.move", value: "75"),
        ])
        #expect(scenario.policy.rotation.minRatio == 0.15)
        #expect(scenario.policy.rotation.leadSends == [.cadre, .backbone])
        #expect(scenario.policy.weights.move == 75)
    }

    /// An itinerant subject nobody teaches and no school asks for is said, not planned silently
    /// as nothing (`音乐、XX` left a plan with the music visits only and no word).
    /// A share is read from a percentage as offices write it (15%, １５％), by --set, in
    /// scenario.yaml and on the settings sheet alike; out of range it is refused as typed.
    @Test(arguments: ["15%", "１５％", " 15 % ", "0.15"])
    func aShareIsReadFromAPercentage(_ written: String) throws {
        let scenario = try ScenarioFiles.tiny.load(overrides: [SettingOverride(key: "policy.rotation.min_ratio", value: written)])
        #expect(scenario.policy.rotation.minRatio == 0.15)
        let sheet = try ReadExactlyTests.chinese.writeWorkbook(moreSettings: [[.value("policy.rotation.backbone_share"), .value(written)]])
        defer { try? FileManager.default.removeItem(at: sheet.deletingLastPathComponent()) }
        #expect(try ScenarioInput.load(path: sheet).policy.rotation.backboneShare == 0.15)
        #expect(throws: ScenarioError.self) {
            try ScenarioFiles.tiny.load(overrides: [SettingOverride(key: "policy.rotation.min_ratio", value: "150%")])
        }
        // A percentage is no way to write a number that is not a share.
        #expect(throws: ScenarioError.self) {
            try ScenarioFiles.tiny.load(overrides: [SettingOverride(key: "policy.road_factor", value: "130%")])
        }
    }

    /// An id that lost its leading zeros (Excel's way with a column not formatted as text) is
    /// named with the id it was: `1` → `00001`.
    @Test func anIdWithoutItsLeadingZerosIsNamedWithThem() throws {
        let files = ScenarioFiles.tiny
            .editingLines("teachers.csv") { _, line in line.hasPrefix("T01,") ? "00001," + line.dropFirst(4) : line }
            .with("history.csv", "teacher,from,to,start_year,end_year\n1,L1,M1,2020,2022\n")
        #expect(throws: ScenarioError.self) { try files.load() }
        do {
            _ = try files.load()
        } catch {
            #expect(error.problems.contains { $0.hint == "Maybe '00001'?" && $0.file == "history.csv" }, "\(error.problems)")
        }
    }

    @Test func anItinerantSubjectNobodyTeachesIsWarned() throws {
        let scenario = try ScenarioFiles.tiny.load(overrides: [SettingOverride(key: "policy.itinerant.subjects", value: "音乐、XX")])
        #expect(scenario.policy.itinerant.subjects == ["music", "XX"])
        let warnings = scenario.warnings.map(\.description)
        #expect(
            warnings.contains {
                $0.hasPrefix("--set: column policy.itinerant.subjects: 'XX': no teacher teaches it and no school asks for it")
            }, "\(warnings)")
        let plain = try ScenarioFiles.tiny.load(overrides: [SettingOverride(key: "policy.itinerant.subjects", value: "音乐")])
        #expect(!plain.warnings.contains { $0.column == "policy.itinerant.subjects" }, "music is taught: no warning")
        // Written in traditional characters, each is named with the subject it most likely means.
        let traditional = try ScenarioFiles.tiny.load(overrides: [SettingOverride(key: "policy.itinerant.subjects", value: "音樂、體育")])
        let hint = traditional.warnings.first { $0.column == "policy.itinerant.subjects" }?.chineseHint ?? ""
        #expect(hint.hasPrefix("“音樂”也许是“音乐”；“體育”也许是“体育”？"), "\(traditional.warnings)")
    }

    /// A list setting typed as the settings sheet and the workstation's form take it: in Chinese,
    /// separated by 、 (the form says so), not read as one unknown subject or refused.
    @Test(arguments: [
        ("policy.itinerant.subjects", "音乐、体育"), ("policy.itinerant.subjects", "music,pe"), ("policy.itinerant.subjects", "[music, pe]"),
        ("policy.rotation.lead_sends", "中层以上干部、骨干教师"), ("policy.rotation.lead_sends", "cadre，backbone"),
    ])
    func listSettingsAreSplitWhereverTheyAreWritten(key: String, value: String) throws {
        // By --set (and the workstation's form), and in scenario.yaml as plain text.
        let overridden = try ScenarioFiles.tiny.load(overrides: [SettingOverride(key: key, value: value)])
        let leaf = key.split(separator: ".").last.map(String.init) ?? key
        let section = key.hasSuffix("subjects") ? "itinerant" : "rotation"
        let line = "    \(leaf): \(value.hasPrefix("[") ? value : "'\(value)'")\n"
        let original = try #require(ScenarioFiles.tiny.files["scenario.yaml"])
        let yaml =
            section == "rotation"
            ? original.replacingOccurrences(of: "  rotation:\n", with: "  rotation:\n" + line)
            : original.replacingOccurrences(of: "policy:\n", with: "policy:\n  itinerant:\n" + line)
        let written = try ScenarioFiles.tiny.with("scenario.yaml", yaml).load()
        for scenario in [overridden, written] {
            if key.hasSuffix("subjects") {
                #expect(scenario.policy.itinerant.subjects == ["music", "pe"])
            } else {
                #expect(scenario.policy.rotation.leadSends == [.cadre, .backbone])
            }
        }
    }

    /// The tiny scenario with a `parent` column in schools.csv and the given site rows.
    static func withSites(_ rows: [String]) -> ScenarioFiles {
        var text = ScenarioFiles.tiny.files["schools.csv"]!.split(separator: "\n").enumerated().map { index, line in
            index == 0 ? line + ",parent" : line + ","
        }
        text += rows.map { Substring($0) }
        return ScenarioFiles.tiny.with("schools.csv", text.joined(separator: "\n") + "\n")
    }

    static let broken: [BrokenScenario] = [
        BrokenScenario(
            name: "duplicate teacher id",
            files: { ScenarioFiles.tiny.replacingRow("teachers.csv", 5, with: "T01,刘洋,L1,music,regular,二级教师,9,30,,,,,") },
            expected: ["teachers.csv:5: column id: 'T01' is used again (first on row 2)"]),
        BrokenScenario(
            name: "unknown school reference with a hint",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "T06,杨磊,M1", "T06,杨磊,M01") },
            expected: ["teachers.csv:7: column school: 'M01' is not a school in schools.csv. Maybe 'M1'?"]),
        BrokenScenario(
            name: "community without a lead",
            files: { ScenarioFiles.tiny.appending("schools.csv", "M3,丁乡中心小学,member,C2,,28.4,115.8,primary") },
            expected: ["schools.csv:6: column community: community 'C2' has no lead school"]),
        BrokenScenario(
            name: "community with two leads",
            files: { ScenarioFiles.tiny.replacing("schools.csv", "M2,乙乡中心小学,member", "M2,乙乡中心小学,lead") },
            expected: ["schools.csv:4: column kind: community 'C1' has 2 lead schools (rows 2, 4)"]),
        BrokenScenario(
            name: "member without community",
            files: { ScenarioFiles.tiny.replacing("schools.csv", "M2,乙乡中心小学,member,C1", "M2,乙乡中心小学,member,") },
            expected: ["schools.csv:4: column community: is empty; a member school must name its community."]),
        BrokenScenario(
            name: "negative years",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "T07,黄丽,M2,chinese,regular,一级教师,6", "T07,黄丽,M2,chinese,regular,一级教师,-6") },
            expected: ["teachers.csv:8: column years_at_school: '-6' is negative; expected a whole number of years from 0 to 60."]),
        BrokenScenario(
            name: "non-numeric years",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "一级教师,4,12", "一级教师,4,十二") },
            expected: ["teachers.csv:9: column years_to_retirement: '十二' is not a number"]),
        BrokenScenario(
            name: "latitude out of range",
            files: { ScenarioFiles.tiny.replacing("schools.csv", "28.55,115.95", "128.55,115.95") },
            expected: ["schools.csv:3: column lat: '128.55' is out of range; expected a latitude in degrees from -90 to 90."]),
        BrokenScenario(
            name: "unknown role with a hint",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "T05,陈静,M1,chinese,reserve_cadre", "T05,陈静,M1,chinese,reserve-cadre") },
            expected: [
                "teachers.csv:6: column role: 'reserve-cadre' is not valid; expected one of cadre, backbone, reserve_cadre, regular. Maybe 'reserve_cadre'?"
            ]),
        BrokenScenario(
            name: "pin to a school outside the community",
            files: { ScenarioFiles.tiny.with("pins.csv", "teacher,action,school,note\nT03,to,I1,\n") },
            expected: [
                "pins.csv:2: column school: 'I1' is outside T03's community; a lead school's teacher goes to a member or site of its community (M1, M2)."
            ]),
        BrokenScenario(
            name: "member's pin to another member",
            files: { ScenarioFiles.tiny.with("pins.csv", "teacher,action,school,note\nT06,to,M2,\n") },
            expected: ["pins.csv:2: column school: 'M2' is outside T06's community; a member school's teacher goes to its lead school (L1)."]),
        BrokenScenario(
            name: "site without parent",
            files: { withSites(["S1,黄家教学点,site,,,28.56,115.96,primary,"]) },
            expected: ["schools.csv:6: column parent: is empty; a site (村小, 教学点) must name the member school (rural central school) that manages it."]),
        BrokenScenario(
            name: "site whose parent is not a school",
            files: { withSites(["S1,黄家教学点,site,,,28.56,115.96,primary,M9"]) },
            expected: ["schools.csv:6: column parent: 'M9' is not a school in schools.csv. Maybe 'M1'?"]),
        BrokenScenario(
            name: "site whose parent is a lead",
            files: { withSites(["S1,黄家教学点,site,,,28.56,115.96,primary,L1"]) },
            expected: ["schools.csv:6: column parent: 'L1' is a lead school; a site's parent must be a member school (rural central school)."]),
        BrokenScenario(
            name: "site whose parent is itself a site",
            files: { withSites(["S1,黄家教学点,site,,,28.56,115.96,primary,M1", "S2,李家教学点,site,,,28.57,115.97,primary,S1"]) },
            expected: [
                "schools.csv:7: column parent: 'S1' is itself a site; a site's parent is the member school (rural central school) that manages it. Maybe 'M1', the parent of 'S1'?"
            ]),
        BrokenScenario(
            name: "site whose community is not its parent's",
            files: { withSites(["S1,黄家教学点,site,C2,,28.56,115.96,primary,M1"]) },
            expected: ["schools.csv:6: column community: 'C2' differs from the community of its parent M1 ('C1'); a site belongs to its parent's community."]),
        BrokenScenario(
            name: "a parent given for a member",
            files: { withSites([]).replacing("schools.csv", "M2,乙乡中心小学,member,C1,,28.45,115.85,primary,", "M2,乙乡中心小学,member,C1,,28.45,115.85,primary,M1") },
            expected: ["schools.csv:4: column parent: 'M1' is given for a member school; only a site has a parent."]),
        BrokenScenario(
            name: "site teacher's pin to a member",
            files: {
                withSites(["S1,黄家教学点,site,,,28.56,115.96,primary,M1"]).appending("teachers.csv", "T10,周敏,S1,chinese,regular,二级教师,9,20,,,,,")
                    .with("pins.csv", "teacher,action,school,note\nT10,to,M1,\n")
            },
            expected: ["pins.csv:2: column school: 'M1' is outside T10's community; a site school's teacher goes to its lead school (L1)."]),
        BrokenScenario(
            name: "pin to without school",
            files: { ScenarioFiles.tiny.with("pins.csv", "teacher,action,school,note\nT03,to,,\n") },
            expected: ["pins.csv:2: column school: is empty; a 'to' pin names the target school."]),
        BrokenScenario(
            name: "rotate pin at an independent school",
            files: { ScenarioFiles.tiny.with("pins.csv", "teacher,action,school,note\nT09,rotate,,\n") },
            expected: ["pins.csv:2: column action: T09 works at I1, an independent school in no community"]),
        BrokenScenario(
            name: "history row for an unknown teacher",
            files: { ScenarioFiles.tiny.with("history.csv", "teacher,from,to,start_year,end_year\nT1,L1,M1,2020,2021\n") },
            expected: ["history.csv:2: column teacher: 'T1' is not a teacher in teachers.csv. Maybe 'T01'?"]),
        BrokenScenario(
            name: "running row not from the home school",
            files: { ScenarioFiles.tiny.with("history.csv", "teacher,from,to,start_year,end_year\nT03,M2,M1,2024,2025\n") },
            expected: ["history.csv:2: column from: 'M2' is not the home school of T03 ('L1')"]),
        BrokenScenario(
            name: "overlapping rotation rows",
            files: { ScenarioFiles.tiny.with("history.csv", "teacher,from,to,start_year,end_year\nT03,L1,M1,2019,2021\nT03,L1,M2,2021,2022\n") },
            expected: ["history.csv:3: column start_year: T03's secondment 2021–2022 overlaps the one on row 2 (2019–2021)."]),
        BrokenScenario(
            name: "start after end",
            files: { ScenarioFiles.tiny.with("history.csv", "teacher,from,to,start_year,end_year\nT03,L1,M1,2022,2021\n") },
            expected: ["history.csv:2: column start_year: 2022 is after end_year 2021."]),
        BrokenScenario(
            name: "start after the planned year",
            files: { ScenarioFiles.tiny.with("history.csv", "teacher,from,to,start_year,end_year\nT03,L1,M1,2026,2026\n") },
            expected: ["history.csv:2: column start_year: 2026 is after the year being planned (2025)"]),
        BrokenScenario(
            name: "YAML key of the wrong type",
            files: { ScenarioFiles.tiny.replacing("scenario.yaml", "min_ratio: 0.10", "min_ratio: ten percent") },
            expected: ["scenario.yaml:7: column policy.rotation.min_ratio: expected a number from 0 to 1 (or a percentage, e.g. 10%), got 'ten percent'."]),
        BrokenScenario(
            name: "YAML list where a number belongs",
            files: { ScenarioFiles.tiny.replacing("scenario.yaml", "year: 2025", "year: [2025]") },
            expected: ["scenario.yaml:3: column year: expected a whole number from 1990 to 2100, got a list."]),
        BrokenScenario(
            name: "YAML missing slug",
            files: { ScenarioFiles.tiny.replacing("scenario.yaml", "slug: tiny\n", "") },
            expected: ["scenario.yaml: column slug: is missing; the settings must have county, slug and year."]),
        BrokenScenario(
            name: "missing required column",
            files: { ScenarioFiles.tiny.with("demand.csv", "school,subject,teacher\nL1,chinese,1\n") },
            expected: ["demand.csv:1: column teachers: is missing from the header (required). Maybe the column 'teacher' is meant?"]),
        BrokenScenario(
            name: "empty teachers.csv",
            files: { ScenarioFiles.tiny.with("teachers.csv", "") },
            expected: ["teachers.csv: is empty: expected a header row and at least one record."]),
        BrokenScenario(
            name: "teachers.csv with only a header",
            files: { ScenarioFiles.tiny.with("teachers.csv", "id,name,school,subject,role,years_at_school,years_to_retirement\n") },
            expected: ["teachers.csv: has no teachers (only a header)."]),
        BrokenScenario(
            name: "a ragged CSV row",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "T08,赵强,M2,math,backbone,一级教师,4,12,,,,,", "T08,赵强,M2,math,backbone,一级教师,4,12,,,,") },
            expected: ["teachers.csv:9: has 12 fields but the header has 13."]),
        BrokenScenario(
            name: "a quote never closed",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "T09,吴芳", "T09,\"吴芳") },
            expected: ["teachers.csv:10: a quoted field is never closed"]),
        BrokenScenario(
            name: "yes/no column with another word",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "7,25,,yes", "7,25,,maybe") },
            expected: ["teachers.csv:4: column volunteer: 'maybe' is not yes or no; expected yes, no, 是 or 否."]),
        BrokenScenario(
            name: "duplicate demand pair",
            files: { ScenarioFiles.tiny.appending("demand.csv", "L1,chinese,2,") },
            expected: ["demand.csv:6: column subject: 'L1' and 'chinese' are listed again (first on row 2)"]),
        BrokenScenario(
            name: "unknown weekday",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "mon;wed", "mon;wen") },
            expected: ["teachers.csv:5: column available_days: 'wen' is not a school day", "Maybe 'wed'?"]),
        BrokenScenario(
            name: "missing required file",
            files: { ScenarioFiles.tiny.without("demand.csv") },
            expected: ["demand.csv: is missing; a scenario folder needs scenario.yaml, schools.csv, teachers.csv, demand.csv."]),
        BrokenScenario(
            name: "--set of an unknown key",
            files: { ScenarioFiles.tiny },
            expected: ["--set: column policy.rotation.min_ration: is not a setting of scenario.yaml. Maybe 'policy.rotation.min_ratio'?"],
            overrides: [SettingOverride(key: "policy.rotation.min_ration", value: "0.2")]),
        BrokenScenario(
            name: "--set of a value out of range",
            files: { ScenarioFiles.tiny },
            expected: ["--set: column policy.rotation.backbone_share: expected a number from 0 to 1 (or a percentage, e.g. 10%), got '1.5'."],
            overrides: [SettingOverride(key: "policy.rotation.backbone_share", value: "1.5")]),
    ]

    @Test(arguments: broken)
    func brokenScenarioIsReportedWithFileRowAndColumn(_ broken: BrokenScenario) throws {
        let problems = broken.files().problems(overrides: broken.overrides)
        #expect(!problems.isEmpty, "the scenario must be rejected")
        let found = problems.contains { problem in broken.expected.allSatisfy { problem.contains($0) } }
        #expect(found, "expected a problem containing \(broken.expected); got \(problems)")
        // The same from the command line: exit status 1, the message on stderr, nothing written.
        let folder = try broken.files().write()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let run = CLI.run(["check", folder.path] + broken.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] })
        #expect(run.status == 1)
        #expect(broken.expected.allSatisfy { run.errors.contains($0) }, "\(run.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
    }

    @Test func aCSVInGB18030IsReadWithAWarning() throws {
        // "王伟" in GB18030, as Chinese Excel and WPS save "CSV".
        var bytes = Data("id,name,school,subject,role,years_at_school,years_to_retirement\nT01,".utf8)
        bytes.append(contentsOf: [0xCD, 0xF5, 0xCE, 0xB0])
        bytes.append(contentsOf: Data(",L1,chinese,cadre,10,20\n".utf8))
        var files = ScenarioFiles.tiny.files.mapValues { Data($0.utf8) }
        files["teachers.csv"] = bytes
        let scenario = try ScenarioLoader.load(files: files)
        #expect(scenario.teachers[0].name == "王伟")
        #expect(
            scenario.warnings.map(\.description) == [
                "teachers.csv: is not UTF-8; it was read as GB18030, the encoding Chinese Excel and WPS use for CSV. Saving it as 'CSV UTF-8' avoids the guess."
            ])
    }

    @Test func neitherUTF8NorGB18030IsReportedWithAHint() throws {
        // 0xFF begins no character in either encoding.
        var bytes = Data("id,name,school,subject,role,years_at_school,years_to_retirement\nT01,".utf8)
        bytes.append(contentsOf: [0xFF, 0xFF])
        bytes.append(contentsOf: Data(",L1,chinese,cadre,10,20\n".utf8))
        var files = ScenarioFiles.tiny.files.mapValues { Data($0.utf8) }
        files["teachers.csv"] = bytes
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(files: files) }
        do {
            _ = try ScenarioLoader.load(files: files)
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "teachers.csv: is neither UTF-8 nor GB18030 text (first bad byte on line 2, byte 69). Save it as 'CSV UTF-8' (Excel: Save As → CSV UTF-8; WPS: 另存为 → CSV UTF-8)."
                ])
        }
    }

    @Test func everyProblemOfALoadIsReportedAtOnce() {
        let files = ScenarioFiles.tiny
            .replacing("teachers.csv", "T06,杨磊,M1", "T06,杨磊,M9")
            .replacing("teachers.csv", "T07,黄丽,M2,chinese,regular,一级教师,6", "T07,黄丽,M2,chinese,boss,一级教师,6")
            .replacing("schools.csv", "28.55,115.95", "28.55,215.95")
            .with("pins.csv", "teacher,action,school\nT03,to,\n")
        let problems = files.problems()
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("teachers.csv:7: column school:") })
        #expect(problems.contains { $0.hasPrefix("teachers.csv:8: column role:") })
        #expect(problems.contains { $0.hasPrefix("schools.csv:3: column lon:") })
        #expect(problems.contains { $0.hasPrefix("pins.csv:2: column school:") })
    }

    @Test func checkCommandExitsOneAndPrintsEveryProblem() throws {
        let folder = try ScenarioFiles.tiny
            .replacing("teachers.csv", "T06,杨磊,M1", "T06,杨磊,M9")
            .replacing("schools.csv", "28.55,115.95", "128.55,115.95")
            .write()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let run = CLI.run(["check", folder.path])
        #expect(run.status == 1)
        #expect(run.errors.contains("teachers.csv:7: column school: 'M9' is not a school in schools.csv. Maybe 'M1'?"))
        #expect(run.errors.contains("schools.csv:3: column lat: '128.55' is out of range"))
        #expect(run.errors.contains("2 problems: nothing was written."), "a bad row's id still counts as known")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
    }

    @Test func checkCommandSummarisesAValidScenario() throws {
        let folder = try ScenarioFiles.tiny.write()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let run = CLI.run(["check", folder.path])
        #expect(run.status == 0)
        // Eligible at L1: T01, T02 (cadres), T03 (backbone), T04 (regular, 9 ≥ 6 years) → 4;
        // R2 requires ceil(0.1 × 4) = 1.
        let row = run.output.split(separator: "\n").first { $0.hasPrefix("C1 ") }.map { $0.split(separator: " ").map(String.init) }
        #expect(row == ["C1", "L1", "(城关第一小学)", "2", "4", "1", "2"], "\(run.output)")
        #expect(run.output.hasSuffix("检查通过 (check: ok)\n"))
    }

    @Test func usageErrorsExitOne() {
        #expect(CLI.run(["check"]).status == 1)
        #expect(CLI.run(["no-such-command"]).status == 1)
        #expect(CLI.run(["check", "--help"]).status == 0)
    }
}

extension ScenarioLoadingTests {
    @Test func aBadLeadRowRaisesNoSecondProblem() {
        let problems = ScenarioFiles.tiny.replacing("schools.csv", "28.50,115.90", "x,115.90").problems()
        #expect(problems == ["schools.csv:2: column lat: 'x' is not a number; expected a latitude in degrees from -90 to 90."])
    }
}

/// Chinese headers and coded values read as the English ones (docs/scenario.md "Spreadsheets").
@Suite struct ChineseScenarioTests {
    /// The tiny scenario with every header and coded value written in Chinese.
    static var chinese: ScenarioFiles {
        ScenarioFiles.tiny
            .with(
                "schools.csv",
                """
                编号,名称,类型,共同体,农村,纬度,经度,学段
                L1,城关第一小学,牵头校,C1,,28.50,115.90,小学
                M1,甲乡中心小学,乡村中心学校,C1,,28.55,115.95,小学
                M2,乙乡中心小学,成员校,C1,,28.45,115.85,小学
                I1,丙村教学点,独立校,,是,28.60,115.80,小学

                """
            )
            .with(
                "teachers.csv",
                """
                工号,姓名,学校,学科,身份,职称,本校任教年限,距退休年限,免于交流,自愿,周课时上限,可走教,可走教日
                T01,王伟,L1,语文,中层以上干部,高级教师,10,20,否,,,,
                T02,李娜,L1,数学,干部,一级教师,8,15,无,,,,
                T03,张敏,L1,英语,骨干教师,一级教师,7,25,,是,,,
                T04,刘洋,L1,音乐,普通教师,二级教师,9,30,,,,,周一;星期三
                T05,陈静,M1,语文,后备干部,一级教师,3,28,,,,,
                T06,杨磊,M1,数学,教师,二级教师,12,18,,,,,
                T07,黄丽,M2,语文,普通教师,一级教师,6,22,,,,,
                T08,赵强,M2,数学,骨干,一级教师,4,12,,,,,
                T09,吴芳,I1,语文,普通教师,二级教师,2,30,,,,,

                """
            )
            .with(
                "demand.csv",
                """
                学校,学科,需求人数,周课时
                L1,语文,1,
                L1,数学,1,
                M1,英语,1,16
                M2,音乐,0,6

                """)
    }

    @Test func chineseHeadersAndValuesReadAsTheEnglishOnes() throws {
        let english = try ScenarioFiles.tiny.load()
        let chinese = try Self.chinese.load()
        #expect(chinese.schools.map(\.kind) == english.schools.map(\.kind))
        #expect(chinese.schools.map(\.rural) == english.schools.map(\.rural))
        #expect(chinese.teachers.map(\.subject) == english.teachers.map(\.subject))
        #expect(chinese.teachers.map(\.role) == english.teachers.map(\.role))
        #expect(chinese.teachers.map(\.availableDays) == english.teachers.map(\.availableDays))
        #expect(chinese.teachers.map(\.volunteer) == english.teachers.map(\.volunteer))
        #expect(chinese.teachers.map(\.isExempt) == english.teachers.map(\.isExempt), "否 and 无 mean not exempt")
        #expect(Set(chinese.demand.keys) == Set(english.demand.keys))
        #expect(chinese.warnings.isEmpty)
    }

    /// Chinese lists are answered in Chinese first, the values expected listed in Chinese
    /// (docs/scenario.md "Read exactly, or refused"); the English follows in brackets.
    @Test func aChineseValueOutOfTheVocabularyIsReportedWithAHint() {
        let problems = Self.chinese.replacing("teachers.csv", "T06,杨磊,M1,数学,教师", "T06,杨磊,M1,数学,骨干教帅").problems()
        #expect(
            problems == [
                "teachers.csv:7: 身份列：“骨干教帅”不是有效值；应为 中层以上干部、骨干教师、后备干部、普通教师 之一。也许是“骨干教师”？ "
                    + "(column role: '骨干教帅' is not valid; expected one of cadre, backbone, reserve_cadre, regular. Maybe '骨干教师'?)"
            ])
    }

    @Test func aSubjectWrittenTwoWaysIsAWarning() throws {
        let scenario = try ScenarioFiles.tiny.replacing("demand.csv", "M2,music,0,6", "M2,musc,0,6").load()
        #expect(
            scenario.warnings.map(\.description).contains(
                "teachers.csv: column subject: 'music' is taught but asked for in no row of demand.csv, which has 'musc'; if they are one subject, write it one way."
            ))
    }
}
