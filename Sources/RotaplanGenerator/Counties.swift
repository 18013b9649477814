/// A Nanchang county or district as the generator knows it: real town names, the seat's
/// position, and how many communities it runs (scenarios/README.md gives the sources).
public struct CountyProfile: Sendable {
    public var slug: String
    public var name: String
    /// School id prefix, e.g. `NCX` for 南昌县.
    public var prefix: String
    /// Where the lead schools are: the county seat or district centre (WGS-84).
    public var seatLatitude: Double
    public var seatLongitude: Double
    /// How far member schools lie from the seat, in km.
    public var spreadKm: ClosedRange<Double>
    /// The seat town or central streets, used in lead school names.
    public var seatNames: [String]
    /// Towns and townships (乡镇) for member schools.
    public var towns: [String]
    /// Communities the scenario has by default.
    public var communities: Int
    /// Urban districts have fewer and smaller rural members.
    public var urban: Bool

    /// Every unit that runs compulsory education in Nanchang.
    public static let nanchang: [CountyProfile] = [
        CountyProfile(
            slug: "nanchang-county", name: "南昌县", prefix: "NCX", seatLatitude: 28.546, seatLongitude: 115.944,
            spreadKm: 6...32, seatNames: ["莲塘", "莲塘", "莲塘", "向塘", "小蓝"],
            towns: [
                "向塘镇", "三江镇", "塘南镇", "幽兰镇", "蒋巷镇", "武阳镇", "冈上镇", "广福镇", "泾口乡",
                "南新乡", "塔城乡", "黄马乡", "富山乡", "东新乡", "八一乡", "莲塘镇",
            ],
            communities: 14, urban: false),
        CountyProfile(
            slug: "jinxian-county", name: "进贤县", prefix: "JXX", seatLatitude: 28.376, seatLongitude: 116.241,
            spreadKm: 6...30, seatNames: ["民和", "民和", "李渡"],
            towns: [
                "李渡镇", "温圳镇", "文港镇", "梅庄镇", "张公镇", "罗溪镇", "架桥镇", "前坊镇", "三里乡",
                "二塘乡", "钟陵乡", "池溪乡", "南台乡", "三阳集乡", "七里乡", "下埠集乡", "衙前乡", "白圩乡",
                "长山晏乡", "泉岭乡",
            ],
            communities: 10, urban: false),
        CountyProfile(
            slug: "xinjian-district", name: "新建区", prefix: "XJQ", seatLatitude: 28.692, seatLongitude: 115.815,
            spreadKm: 6...32, seatNames: ["长堎", "长堎", "望城"],
            towns: [
                "望城镇", "生米镇", "西山镇", "石岗镇", "松湖镇", "樵舍镇", "乐化镇", "溪霞镇", "象山镇",
                "石埠镇", "联圩镇", "流湖镇", "昌邑乡", "南矶乡", "厚田乡", "铁河乡", "金桥乡", "大塘坪乡",
            ],
            communities: 8, urban: false),
        CountyProfile(
            slug: "anyi-county", name: "安义县", prefix: "AYX", seatLatitude: 28.846, seatLongitude: 115.549,
            spreadKm: 5...22, seatNames: ["龙津"],
            towns: ["万埠镇", "长埠镇", "东阳镇", "鼎湖镇", "石鼻镇", "黄洲镇", "乔乐乡", "新民乡", "长均乡"],
            communities: 4, urban: false),
        CountyProfile(
            slug: "wanli", name: "湾里管理局", prefix: "WLJ", seatLatitude: 28.715, seatLongitude: 115.731,
            spreadKm: 4...14, seatNames: ["湾里", "站前"],
            towns: ["招贤镇", "梅岭镇", "太平镇", "罗亭镇", "洗药湖"],
            communities: 2, urban: false),
        CountyProfile(
            slug: "donghu-district", name: "东湖区", prefix: "DHQ", seatLatitude: 28.685, seatLongitude: 115.899,
            spreadKm: 3...9, seatNames: ["豫章", "百花洲", "滕王阁"],
            towns: ["扬子洲镇", "贤士湖", "董家窑", "彭家桥"],
            communities: 2, urban: true),
        CountyProfile(
            slug: "xihu-district", name: "西湖区", prefix: "XHQ", seatLatitude: 28.662, seatLongitude: 115.877,
            spreadKm: 3...8, seatNames: ["系马桩", "丁公路", "绳金塔"],
            towns: ["桃花镇", "朝阳洲", "桃源", "广润门"],
            communities: 1, urban: true),
        CountyProfile(
            slug: "qingyunpu-district", name: "青云谱区", prefix: "QYP", seatLatitude: 28.621, seatLongitude: 115.925,
            spreadKm: 3...8, seatNames: ["洪都", "京山"],
            towns: ["青云谱镇", "岱山", "三家店", "徐家坊"],
            communities: 1, urban: true),
        CountyProfile(
            slug: "qingshanhu-district", name: "青山湖区", prefix: "QSH", seatLatitude: 28.682, seatLongitude: 115.962,
            spreadKm: 4...12, seatNames: ["上海路", "青山路", "京东"],
            towns: ["湖坊镇", "塘山镇", "罗家镇", "京东镇", "扬子洲"],
            communities: 2, urban: true),
        CountyProfile(
            slug: "honggutan-district", name: "红谷滩区", prefix: "HGT", seatLatitude: 28.694, seatLongitude: 115.846,
            spreadKm: 4...14, seatNames: ["红谷滩", "凤凰洲", "红角洲"],
            towns: ["生米街道", "九龙湖", "厚田乡", "卫东"],
            communities: 2, urban: true),
        CountyProfile(
            slug: "gaoxin-zone", name: "高新区", prefix: "GXQ", seatLatitude: 28.702, seatLongitude: 116.012,
            spreadKm: 5...16, seatNames: ["艾溪湖", "瑶湖"],
            towns: ["麻丘镇", "昌东镇", "鲤鱼洲", "五星垦殖场"],
            communities: 2, urban: true),
        CountyProfile(
            slug: "jingkai-zone", name: "经开区", prefix: "JKQ", seatLatitude: 28.752, seatLongitude: 115.862,
            spreadKm: 5...14, seatNames: ["白水湖", "冠山"],
            towns: ["蛟桥镇", "乐化", "樵舍", "昌北"],
            communities: 2, urban: true),
    ]

    /// Finds a county by slug or Chinese name.
    public static func named(_ name: String) -> CountyProfile? {
        nanchang.first { $0.slug == name || $0.name == name }
    }
}
