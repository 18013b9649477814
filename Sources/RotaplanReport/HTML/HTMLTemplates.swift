/// The Mustache templates of rotaplan's pages, kept in the program so that a copied binary
/// still writes whole pages. Only `{{name}}` (escaped), sections and partials are used:
/// `ReportTests` fails if a template holds an unescaped tag (`{{{…}}}` or `{{&…}}`).
enum HTMLTemplates {
    static let sources: [String: String] = [
        "table": table,
        "barChart": barChart,
        "map": map,
        "report": report,
        "comparison": comparison,
        "cycle": cycle,
    ]

    /// A `TableView`.
    static let table = """
        <table><thead><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr></thead><tbody>
        {{#rows}}<tr>{{#cells}}<td{{#numeric}} class="n"{{/numeric}}>{{#lines}}{{^first()}}<br>{{/first()}}{{.}}{{/lines}}</td>{{/cells}}</tr>
        {{/rows}}{{#isEmpty}}<tr><td colspan="{{columns}}">（无）</td></tr>{{/isEmpty}}
        </tbody></table>
        """

    /// A `BarChartView`: two horizontal bars per label.
    static let barChart = """
        {{#isEmpty}}<p>（无）</p>{{/isEmpty}}{{^isEmpty}}<svg viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img">\
        <rect x="{{legendX}}" y="4" width="12" height="10" fill="#aaa"/><text x="{{legendTextX}}" y="13" font-size="11">{{legendBefore}}</text>\
        <rect x="{{legendAfterX}}" y="4" width="12" height="10" fill="#36c"/><text x="{{legendAfterTextX}}" y="13" font-size="11">{{legendAfter}}</text>\
        {{#rows}}<text x="{{labelX}}" y="{{labelY}}" font-size="11" text-anchor="end">{{label}}</text>\
        {{#bars}}<rect x="{{x}}" y="{{y}}" width="{{width}}" height="10" fill="{{fill}}"/><text x="{{valueX}}" y="{{valueY}}" font-size="10">{{value}}</text>{{/bars}}\
        {{/rows}}</svg>{{/isEmpty}}
        """

    /// A `MapView`: schools by position, moves as solid lines, visits as dashed ones.
    static let map = """
        <svg viewBox="0 0 {{size}} {{size}}" width="{{size}}" height="{{size}}" role="img"><rect width="100%" height="100%" fill="#fafafa" stroke="#ccc"/>\
        {{#moves}}<line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" stroke="#36c" stroke-width="1.5" opacity="0.7"/>{{/moves}}\
        {{#visits}}<line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" stroke="#e80" stroke-width="1.2" stroke-dasharray="4 3"/>{{/visits}}\
        {{#schools}}{{#lead}}<rect x="{{squareX}}" y="{{squareY}}" width="12" height="12" fill="#c33"/>{{/lead}}\
        {{#member}}<circle cx="{{x}}" cy="{{y}}" r="5" fill="#393"/>{{/member}}\
        {{#site}}<circle cx="{{x}}" cy="{{y}}" r="3.5" fill="#7b7"/>{{/site}}\
        {{#other}}<circle cx="{{x}}" cy="{{y}}" r="4" fill="#fff" stroke="#666"/>{{/other}}\
        <text x="{{labelX}}" y="{{labelY}}" font-size="9">{{name}}</text>{{/schools}}\
        <text x="10" y="{{legendY}}" font-size="11">■ 牵头校　● 成员校（乡村中心学校）　• 教学点/村小　○ 其他学校　— 交流　- - 走教</text></svg>
        """

    static let style = """
        @page { size: A4; margin: 15mm; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #222; margin: 24px; font-size: 13px; }
        h1 { font-size: 20px; } h2 { font-size: 16px; border-bottom: 2px solid #36c; padding-bottom: 2px; margin-top: 28px; } h3 { font-size: 14px; }
        table { border-collapse: collapse; margin: 8px 0; width: 100%; }
        th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; unicode-bidi: isolate; }
        th { background: #e8eefc; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr { page-break-inside: avoid; } .note { color: #555; font-size: 12px; } .provisional { color: #a50; font-weight: bold; }
        .published { border: 1px solid #396; background: #eef8f1; padding: 6px 8px; }
        svg { max-width: 100%; height: auto; } svg text { font-family: inherit; }
        @media print { .break { page-break-before: always; } body { margin: 0; } }
        """

    /// report.html: a `ReportView`.
    static let report = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{title}}</title>
        <style>
        \(style)
        </style></head><body>
        <header><h1>{{heading}}</h1>
        {{#provisional}}<p class="provisional">预排方案（provisional）：规划期内的后续年度，每年按实际情况重新编制，不作公布。</p>{{/provisional}}
        {{#publication}}<p class="published" id="publication">{{published}}<br>{{head}}</p>{{/publication}}
        {{^publication}}{{^provisional}}<p class="note" id="publication">方案稿：编制时的方案，未记入台账。公布时另存公布版（published 文件夹中的 report.html 和 plan.xlsx），注明公布时间和台账校验码。</p>{{/provisional}}{{/publication}}
        <p class="note">{{generatedBy}}{{#synthetic}}本情景为合成数据，仅供演示。{{/synthetic}}</p></header>
        <section id="summary"><h2>概要 Summary</h2>
        <p>{{summaryLine}}</p>
        {{#parts}}{{> table}}{{/parts}}
        {{#audit}}<p class="note">输入文件 SHA-256：{{#inputs}}{{^first()}}；{{/first()}}{{file}} <code>{{hash}}</code>{{/inputs}}。随机种子 {{seed}}，时间上限 {{timeLimit}}。</p>{{/audit}}
        </section>
        {{#compliance}}<section id="compliance"><h2>合规检查 Compliance</h2>
        <p class="note">R2 牵头校派出人数 ≥ ceil(比例 × 符合条件人数)；R3 干部与骨干 ≥ 比例 × 派出人数；R4 每个成员校单元（成员校及其教学点）接收干部数；R5 成员校单元派出与接收之差 ≤ 容差（“要求”为容差）；启用区域交流时，X1 城镇学校交流出去的人数（共同体派驻与区域交流合计）≥ ceil(比例 × 符合条件人数)，X2 其中干部与骨干 ≥ 比例 × 交流人数。</p>
        {{> table}}</section>{{/compliance}}
        <section id="effort"><h2>牵头校努力值 Effort of lead schools</h2>
        {{#effort}}{{> table}}{{/effort}}</section>
        <section id="improvement"><h2>成员校提升值 Improvement of member schools</h2>
        {{#improvement}}{{> table}}{{/improvement}}</section>
        <section id="charts"><h2>图表 Charts</h2>
        {{#charts}}<h3>{{title}}</h3>
        {{#chart}}{{> barChart}}{{/chart}}
        {{/charts}}
        <h3>学校分布、交流与走教路线 Map of schools, moves and visits</h3>
        {{#map}}{{> map}}{{/map}}
        </section>
        <section id="rotations" class="break"><h2>交流轮岗名单 Rotation list</h2>
        {{#rotations}}{{> table}}{{/rotations}}</section>
        {{#hiring}}<section id="hiring"><h2>招聘走教教师 Hiring itinerant specialists</h2>
        <p>{{intro}}</p>
        {{#table}}{{> table}}{{/table}}
        {{#counts}}{{> table}}{{/counts}}</section>{{/hiring}}
        {{#itinerant}}<section id="itinerant" class="break"><h2>走教课表（每周）Weekly itinerant timetable</h2>
        {{#timetable}}{{> table}}{{/timetable}}
        {{#hasUncovered}}<p>未覆盖 uncovered：{{#uncovered}}{{^first()}}；{{/first()}}{{.}}{{/uncovered}}</p>{{/hasUncovered}}
        </section>{{/itinerant}}
        </body></html>

        """

    /// comparison.html: a `ComparisonView`.
    static let comparison = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{title}}</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }
        table { border-collapse: collapse; } th, td { border: 1px solid #999; padding: 4px 8px; text-align: right; unicode-bidi: isolate; }
        th:first-child, td:first-child { text-align: left; } th { background: #eef; }
        </style></head><body><h1>{{title}}</h1>
        {{#table}}{{> table}}{{/table}}
        {{#price}}<h2>规则代价 What each rule costs</h2>{{> table}}{{#note}}<p>{{.}}</p>{{/note}}{{/price}}
        </body></html>

        """

    /// The cycle's report (`solve --years`): a `CycleView`.
    static let cycle = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{title}}</title>
        <style>
        \(style)
        </style></head><body>
        <header><h1>{{title}}</h1>
        <p class="note">{{summary}}</p>
        {{#failure}}<p class="provisional">{{.}}</p>{{/failure}}</header>
        <section id="years"><h2>各年度对比 The years side by side</h2>
        {{#years}}{{> table}}{{/years}}
        <p class="note">第一年为拟公布方案；后续年度为预排方案（provisional），每年按实际情况重新编制。各年度完整报告见 <code>&lt;年度&gt;/report.html</code>。</p></section>
        <section id="who"><h2>交流人员安排（按年度）Who goes when</h2>
        {{#who}}{{> table}}{{/who}}</section>
        </body></html>

        """
}
