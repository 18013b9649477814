/// schools.csv (学校): the schools, the sites' parents and the communities they form.
extension Builder {
    static let schoolKinds = Vocabulary.schoolKinds.restricted(to: SchoolKind.allCases.map(\.rawValue))
    static let levels = Vocabulary.levels.restricted(to: SchoolLevel.allCases.map(\.rawValue))

    mutating func readSchools(_ table: CSVTable, problems: inout ProblemList) {
        schoolsFile = table.file
        let reader = TableReader(table: table, as: "schools.csv", required: ["id", "name", "kind", "lat", "lon"], problems: &problems)
        if reader.records.isEmpty && table.header.count > 0 {
            problems.add(reader.file, "has no schools (only a header).", zh: "没有学校（只有表头）。")
        }
        // Sites name their parent by id, which may stand on a later row: resolved after the rows.
        var parentIds: [Int: (id: String, row: Int, community: String?)] = [:]
        // Every row's community, kept even for a row with other problems, so that one bad field of a
        // lead does not also report its community as leaderless.
        var memberships: [(school: Int, kind: SchoolKind, community: String)] = []
        // Communities with a row whose kind could not be read: whether they lack a lead is unknown.
        var unsure: Set<String> = []
        for record in reader.records {
            let id = reader.text(record, "id", required: true, expected: Expected("a school id", "学校编号"), problems: &problems)
            let name = reader.text(record, "name", required: true, expected: Expected("the school's name", "学校名称"), problems: &problems)
            let kind = reader.choice(record, "kind", as: SchoolKind.self, values: Self.schoolKinds, problems: &problems)
            let community = reader.text(record, "community", problems: &problems)
            let parent = reader.text(record, "parent", problems: &problems)
            let latitude = reader.number(record, "lat", -90...90, what: Expected("a latitude in degrees", "纬度（度）"), problems: &problems)
            let longitude = reader.number(record, "lon", -180...180, what: Expected("a longitude in degrees", "经度（度）"), problems: &problems)
            let level = reader.choice(record, "level", as: SchoolLevel.self, values: Self.levels, required: false, problems: &problems)
            if let kind { checkStructure(reader, record, kind: kind, community: community, parent: parent, problems: &problems) }
            if kind == nil, let community { unsure.insert(community) }
            let rural = reader.yesNo(record, "rural", default: kind == .member || kind == .site, problems: &problems)
            // With the county exchange, whether an independent school sends or receives is a fact
            // of it, not a default (docs/model.md "Part 1 with the county exchange").
            if kind == .independent, settings.policy.exchange.enabled, reader.text(record, "rural", problems: &problems) == nil {
                problems.add(
                    reader.problem(
                        record.number, "rural",
                        "is empty; with policy.exchange.enabled an independent school must say whether it is rural (yes) or urban (no): it then receives or sends exchanges.",
                        chinese: "为空；启用区域交流（policy.exchange.enabled）时，独立校须写明是否农村学校（是/否）：农村学校接收交流，城镇学校派出交流。"))
            }
            guard let id else { continue }
            if let first = schoolIndex[id] {
                problems.add(
                    reader.problem(
                        record.number, "id", "'\(id)' is used again (first on row \(schools[first].row)); school ids must be unique.",
                        chinese: "“\(id)”重复（第 \(schools[first].row) 行已有）；学校编号不能重复。"))
                continue
            }
            let index = schools.count
            schoolIndex[id] = index
            if let name { schoolNames[name, default: []].append(id) }
            if let kind, let community, kind == .lead || kind == .member { memberships.append((index, kind, community)) }
            guard let name, let kind, let latitude, let longitude else {
                // The id stays known so that other files' references to it raise no second problem.
                invalidSchools.insert(index)
                schools.append(
                    School(
                        id: id, name: name ?? id, kind: .independent, community: nil, rural: rural, latitude: 0,
                        longitude: 0, level: nil, communityIndex: nil, row: record.number))
                continue
            }
            if kind == .site, let parent { parentIds[index] = (parent, record.number, community) }
            schools.append(
                School(
                    id: id, name: name, kind: kind, community: kind == .independent ? nil : community,
                    rural: rural, latitude: latitude, longitude: longitude, level: level, communityIndex: nil,
                    row: record.number))
        }
        // A name written for an id where the name is also an id is read as the id.
        for id in schoolIndex.keys { schoolNames[id] = nil }
        resolveParents(parentIds, reader: reader, problems: &problems)
        buildCommunities(memberships, unsure: unsure, reader: reader, problems: &problems)
        warnFarSchools(reader, problems: &problems)
    }

    /// Kilometres from the middle of the county's schools beyond which a school is warned of, if
    /// it is also five times as far as half of the schools are: a county of Jiangxi is at most
    /// about 100 km across, and one wrong degree of latitude puts a school 111 km off.
    static let farSchoolKm = 150.0

    /// A school far from all the others most likely has a slip in its coordinates (a wrong
    /// degree, a blank filled with 0; lat and lon swapped is out of range in China): its
    /// distances would then keep every secondment and visit away from it without a word. The
    /// middle is the median latitude and longitude, which a few such slips do not move. A
    /// warning, not a refusal: the office may know better.
    private func warnFarSchools(_ reader: TableReader, problems: inout ProblemList) {
        let placed = schools.indices.filter { !invalidSchools.contains($0) }
        guard placed.count >= 4 else { return }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        }
        let middle = (
            latitude: median(placed.map { schools[$0].latitude }), longitude: median(placed.map { schools[$0].longitude })
        )
        let away = placed.map {
            greatCircleKm(
                latitude1: schools[$0].latitude, longitude1: schools[$0].longitude, latitude2: middle.latitude,
                longitude2: middle.longitude)
        }
        let half = median(away)
        let limit = max(Self.farSchoolKm, 5 * half)
        for (position, school) in placed.enumerated() where away[position] > limit {
            let place = "\(formatNumber(schools[school].latitude)), \(formatNumber(schools[school].longitude))"
            let far = formatNumber(away[position].rounded())
            let near = formatNumber(max(1, half.rounded()))
            problems.warn(
                reader.problem(
                    schools[school].row, "lat",
                    "lat, lon \(place) put \(schools[school].name) \(far) km from the middle of the county's schools, half of which are within \(near) km of it.",
                    hint: "Check its coordinates: a wrong degree, or a blank filled with 0?",
                    chinese: "纬度、经度 \(place) 使\(schools[school].name)距全县学校的中心 \(far) 公里，而半数学校在中心 \(near) 公里以内。",
                    chineseHint: "请核对坐标：是否度数写错，或空白填成了 0？"))
        }
    }

    /// A lead and a member name their community; an independent school names none; a site names its parent.
    private func checkStructure(
        _ reader: TableReader, _ record: CSVRecord, kind: SchoolKind, community: String?, parent: String?, problems: inout ProblemList
    ) {
        let kindName = Vocabulary.schoolKinds.name(kind.rawValue)
        switch (kind, community, parent) {
        case (.lead, nil, _), (.member, nil, _):
            problems.add(
                reader.problem(
                    record.number, "community", "is empty; a \(kind.rawValue) school must name its community.",
                    chinese: "为空；\(kindName)必须填写所属共同体。"))
        case (.independent, let community?, _):
            problems.add(
                reader.problem(
                    record.number, "community", "'\(community)' is given for an independent school, which is in no community.",
                    hint: "Leave it empty, or set kind to member.",
                    chinese: "独立校不属于任何共同体，却填写了“\(community)”。", chineseHint: "请留空，或把类型改为成员校。"))
        case (.site, _, nil):
            problems.add(
                reader.problem(
                    record.number, "parent",
                    "is empty; a site (村小, 教学点) must name the member school (rural central school) that manages it.",
                    chinese: "为空；教学点（村小、教学点）必须填写管理它的成员校（乡村中心学校）。"))
        default: break
        }
        if kind != .site, let parent {
            problems.add(
                reader.problem(
                    record.number, "parent", "'\(parent)' is given for a \(kind.rawValue) school; only a site has a parent.",
                    hint: "Leave it empty, or set kind to site.",
                    chinese: "\(kindName)填写了上级学校“\(parent)”；只有教学点有上级学校。", chineseHint: "请留空，或把类型改为教学点。"))
        }
    }

    /// Each site's parent must be a member; the site takes the parent's community.
    private mutating func resolveParents(
        _ parentIds: [Int: (id: String, row: Int, community: String?)], reader: TableReader, problems: inout ProblemList
    ) {
        for site in parentIds.keys.sorted() {
            let (parentId, row, community) = parentIds[site]!
            guard let parent = schoolIndex[parentId] else {
                if let ids = schoolNames[parentId], ids.count == 1 {
                    problems.add(
                        reader.problem(
                            row, "parent", "'\(parentId)' is the name of \(ids[0]); write the id.",
                            chinese: "“\(parentId)”是 \(ids[0]) 的名称；请填写编号。"))
                } else {
                    problems.add(
                        reader.problem(
                            row, "parent", "'\(parentId)' is not a school in \(schoolsFile).",
                            hint: Suggestion.hint(for: parentId, among: schoolIndex.keys.sorted()),
                            chinese: "“\(parentId)”不是\(WrittenText.chineseTable(schoolsFile))中的学校编号。",
                            chineseHint: Suggestion.chineseHint(for: parentId, among: schoolIndex.keys.sorted())))
                }
                invalidSchools.insert(site)
                continue
            }
            guard !invalidSchools.contains(parent) else {
                invalidSchools.insert(site)
                continue
            }
            switch schools[parent].kind {
            case .member:
                break
            case .site:
                let grandparent = schools[parent].parent.map { schools[$0].id }
                problems.add(
                    reader.problem(
                        row, "parent",
                        "'\(parentId)' is itself a site; a site's parent is the member school (rural central school) that manages it.",
                        hint: grandparent.map { "Maybe '\($0)', the parent of '\(parentId)'?" },
                        chinese: "“\(parentId)”本身是教学点；教学点的上级学校是管理它的成员校（乡村中心学校）。",
                        chineseHint: grandparent.map { "也许是“\(parentId)”的上级学校“\($0)”？" }))
                invalidSchools.insert(site)
                continue
            case .lead, .independent:
                problems.add(
                    reader.problem(
                        row, "parent",
                        "'\(parentId)' is a \(schools[parent].kind.rawValue) school; a site's parent must be a member school (rural central school).",
                        chinese: "“\(parentId)”是\(Vocabulary.schoolKinds.name(schools[parent].kind.rawValue))；教学点的上级学校必须是成员校（乡村中心学校）。"))
                invalidSchools.insert(site)
                continue
            }
            let parentCommunity = schools[parent].community ?? ""
            if let community, community != schools[parent].community {
                problems.add(
                    reader.problem(
                        row, "community",
                        "'\(community)' differs from the community of its parent \(parentId) ('\(parentCommunity)'); a site belongs to its parent's community.",
                        hint: "Leave it empty, or write '\(parentCommunity)'.",
                        chinese: "“\(community)”与上级学校 \(parentId) 的共同体（“\(parentCommunity)”）不同；教学点属于其上级学校的共同体。",
                        chineseHint: "请留空，或填写“\(parentCommunity)”。"))
                invalidSchools.insert(site)
                continue
            }
            schools[site].parent = parent
            schools[site].community = schools[parent].community
        }
    }

    /// One lead and at least one member per community; each member with its sites.
    private mutating func buildCommunities(
        _ memberships: [(school: Int, kind: SchoolKind, community: String)], unsure: Set<String>, reader: TableReader,
        problems: inout ProblemList
    ) {
        var communityRows: [String: (leads: [Int], members: [Int], firstRow: Int)] = [:]
        for (index, kind, community) in memberships {
            var entry = communityRows[community] ?? ([], [], schools[index].row)
            if kind == .lead { entry.leads.append(index) } else { entry.members.append(index) }
            communityRows[community] = entry
        }
        var sitesOf: [Int: [Int]] = [:]
        for (index, school) in schools.enumerated() where school.kind == .site && !invalidSchools.contains(index) {
            if let parent = school.parent { sitesOf[parent, default: []].append(index) }
        }
        for communityId in communityRows.keys.sorted() {
            let entry = communityRows[communityId]!
            if unsure.contains(communityId) && (entry.leads.isEmpty || entry.members.isEmpty) { continue }
            if entry.leads.isEmpty {
                problems.add(
                    reader.problem(
                        entry.firstRow, "community",
                        "community '\(communityId)' has no lead school; exactly one school of kind lead is needed.",
                        chinese: "共同体“\(communityId)”没有牵头校；须有且只有一所牵头校。"))
                continue
            }
            if entry.leads.count > 1 {
                let rows = entry.leads.map { String(schools[$0].row) }
                problems.add(
                    reader.problem(
                        schools[entry.leads[1]].row, "kind",
                        "community '\(communityId)' has \(entry.leads.count) lead schools (rows \(rows.joined(separator: ", "))); exactly one is allowed.",
                        chinese: "共同体“\(communityId)”有 \(entry.leads.count) 所牵头校（第 \(WrittenText.chineseList(rows)) 行）；只能有一所。"))
                continue
            }
            if entry.members.isEmpty {
                problems.add(
                    reader.problem(
                        schools[entry.leads[0]].row, "community",
                        "community '\(communityId)' has no member school; a community is one lead and at least one member.",
                        chinese: "共同体“\(communityId)”没有成员校；一个共同体由一所牵头校和至少一所成员校组成。"))
                continue
            }
            let index = communities.count
            let units = entry.members.map { MemberUnit(member: $0, sites: sitesOf[$0] ?? []) }
            communities.append(Community(id: communityId, lead: entry.leads[0], units: units))
            for school in [entry.leads[0]] + units.flatMap(\.schools) { schools[school].communityIndex = index }
        }
    }
}
