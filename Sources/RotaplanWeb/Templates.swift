/// The workstation's page templates. Values are shown only through `{{name}}`, which escapes
/// `& < > " '`; no template uses `{{{…}}}` or `{{&…}}` (a test reads them all), so every value
/// a page shows is escaped by construction.
enum Templates {
    static let sources: [String: String] = [
        "header": header, "footer": footer, "table": table, "index": index, "scenario": scenario, "review": review,
        "lines": lines, "objections": objections, "whatif": whatif, "publish": publish,
    ]

    static let header = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf" content="{{csrf}}">
        <title>{{title}} · rotaplan</title>
        <link rel="stylesheet" href="/assets/style.css">
        <script src="/assets/app.js" defer></script>
        </head><body>
        <header><a class="home" href="/">rotaplan 交流轮岗与走教编制</a>
        {{#scenario}}<nav>
        <a href="/scenario?s={{scenarioQuery}}"{{#navPlan}} class="here"{{/navPlan}}>① 数据与编制 Plan</a>
        <a href="/review?s={{scenarioQuery}}"{{#navReview}} class="here"{{/navReview}}>② 审阅 Review</a>
        <a href="/objections?s={{scenarioQuery}}"{{#navObjections}} class="here"{{/navObjections}}>③ 公示异议 Objections</a>
        <a href="/whatif?s={{scenarioQuery}}"{{#navWhatIf}} class="here"{{/navWhatIf}}>④ 方案比较 What-if</a>
        <a href="/publish?s={{scenarioQuery}}"{{#navPublish}} class="here"{{/navPublish}}>⑤ 发布与台账 Publish</a>
        </nav>{{/scenario}}
        </header><main>
        <h1>{{title}}</h1>
        {{#message}}<p class="message {{kind}}" id="message">{{text}}</p>{{/message}}
        """

    static let footer = """
        </main><footer>rotaplan · GPL-3.0-or-later · 本工作站只在本机运行，不连接外网 (no network access needed)</footer>
        </body></html>
        """

    /// A table with an optional filter box; cells may link (href) and sort as numbers (numeric).
    static let table = """
        {{#filter}}<p class="noprint"><label>筛选 Filter <input type="search" data-filter="{{id}}" placeholder="姓名、学校、学科…"></label></p>{{/filter}}
        <table id="{{id}}" class="sortable"><thead><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr></thead>
        <tbody>{{#rows}}<tr>{{#cells}}<td{{#numeric}} class="num"{{/numeric}}>{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</td>{{/cells}}</tr>{{/rows}}</tbody></table>
        {{^rows}}<p class="empty">（无 none）</p>{{/rows}}
        """

    static let index = """
        {{> header}}
        <section><h2>场景 Scenarios</h2>
        <p>根目录 (root): <code>{{root}}</code></p>
        {{#table}}{{> table}}{{/table}}
        </section>
        <section class="noprint"><h2>上传 Upload</h2>
        <p>上传县（区）的工作簿 (.xlsx) 或场景文件夹的压缩包 (.zip，含 scenario.yaml 与 CSV 文件)，不超过 20 MB。同名上传会整体替换。</p>
        <div id="dropzone" class="dropzone">把文件拖到这里，或 <label>选择文件 <input type="file" id="upload" accept=".xlsx,.zip"></label></div>
        <p id="upload-result" class="message" hidden></p>
        <p><a href="/template.xlsx" download>下载空白模板 (rotaplan template)</a></p>
        </section>
        {{> footer}}
        """

    static let scenario = """
        {{> header}}
        <section><h2>数据检查 Check</h2>
        {{#problems}}<p class="message bad">数据有 {{count}} 处问题，改正后重新上传。Every problem, with its file (sheet), row and column:</p>
        {{#table}}{{> table}}{{/table}}{{/problems}}
        {{#summary}}<pre class="summary">{{summary}}</pre>{{/summary}}
        {{#warnings}}<p class="message warn">{{.}}</p>{{/warnings}}
        </section>
        {{#canSolve}}
        <section><h2>编制 Plan</h2>
        <form method="post" action="/solve?s={{scenarioQuery}}" class="settings">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <table><thead><tr><th>设置 Setting</th><th>值 Value</th><th>含义 Meaning</th></tr></thead><tbody>
        {{#settings}}<tr><td><code>{{key}}</code></td><td><input name="{{key}}" value="{{value}}"></td><td>{{meaning}}</td></tr>{{/settings}}
        <tr><td>时间上限 time limit (s)</td><td><input name="time_limit" value="{{timeLimit}}"></td><td>每部分的墙钟秒数上限</td></tr>
        <tr><td>间隙 gap</td><td><input name="gap" value="1e-06"></td><td>视为最优的相对间隙</td></tr>
        <tr><td>方法 method</td><td><select name="method"><option value="auto">auto</option><option value="glpk">glpk</option><option value="heuristic">heuristic</option></select></td><td>auto：GLPK 求解，启发式兜底</td></tr>
        <tr><td>随机种子 seed</td><td><input name="seed" value="0"></td><td>启发式的随机种子</td></tr>
        </tbody></table>
        <p><button type="submit" id="solve">开始编制 Solve</button></p>
        </form>
        </section>
        {{/canSolve}}
        {{#job}}<section><h2>进度 Progress</h2>
        <p>当前任务 job: <b id="job-kind">{{kind}}</b> — <b id="job-state">{{state}}</b></p>
        <pre id="progress" data-events="/events?s={{scenarioQuery}}">{{#lines}}{{.}}
        {{/lines}}</pre>
        <p id="job-next">{{#next}}<a href="{{next}}" id="result-link">查看结果 See the result</a>{{/next}}</p>
        {{#running}}<form method="post" action="/cancel?s={{scenarioQuery}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="cancel">取消 Cancel</button></form>{{/running}}
        </section>{{/job}}
        {{> footer}}
        """

    static let review = """
        {{> header}}
        {{^hasPlan}}<p>还没有方案。先在 <a href="/scenario?s={{scenarioQuery}}">① 数据与编制</a> 开始编制。</p>{{/hasPlan}}
        {{#hasPlan}}
        <section><h2>概况 Summary</h2>
        {{#provisional}}<p class="message warn">此方案为暂定 (provisional)。</p>{{/provisional}}
        <ul>{{#parts}}<li>{{.}}</li>{{/parts}}</ul>
        <p class="message {{verifyKind}}" id="verify">{{verify}}</p>
        <p><a href="/file?s={{scenarioQuery}}&amp;name=report.html" target="_blank">完整报告（含地图）Full report with the map</a></p>
        </section>
        {{#tables}}<section><h2>{{heading}}</h2>{{> table}}</section>{{/tables}}
        {{/hasPlan}}
        {{> footer}}
        """

    static let lines = """
        {{> header}}
        <pre class="explain" id="lines">{{#lines}}{{.}}
        {{/lines}}</pre>
        {{#back}}<p><a href="{{back}}">返回 Back</a></p>{{/back}}
        {{> footer}}
        """

    static let objections = """
        {{> header}}
        <section><h2>已登记的异议 Objections</h2>
        <p>公示期间听到的意见：保留某位教师、派出某位教师或派往指定学校。重新编制时，这些意见作为固定决定 (pins)，其余尽量不变 (fewest changes)。</p>
        {{#table}}{{> table}}{{/table}}
        <form method="post" action="/objections?s={{scenarioQuery}}" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>教师编号 teacher <input name="teacher" id="objection-teacher" value="{{teacher}}"></label>
        <label>处理 action <select name="action" id="objection-action"><option value="stay">stay 留任</option><option value="rotate">rotate 须交流</option><option value="to">to 到指定学校</option></select></label>
        <label>学校 school <input name="school" id="objection-school"></label>
        <label>说明 note <input name="note" id="objection-note"></label>
        <button type="submit" id="add-objection">登记 Add</button>
        </form>
        <form method="post" action="/replan?s={{scenarioQuery}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="time_limit" value="{{timeLimit}}"><input type="hidden" name="gap" value="1e-06">
        <input type="hidden" name="method" value="{{method}}"><input type="hidden" name="seed" value="{{seed}}">
        <p><button type="submit" id="replan">按异议重新编制 Re-plan with the fewest changes</button></p>
        </form>
        </section>
        {{#changes}}<section><h2>上次重新编制的改动 Changed lines and reasons</h2>
        <pre id="changes">{{#lines}}{{.}}
        {{/lines}}</pre></section>{{/changes}}
        {{> footer}}
        """

    static let whatif = """
        {{> header}}
        <section class="noprint"><h2>方案变体 Variants</h2>
        <form method="post" action="/whatif?s={{scenarioQuery}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p>每行一个变体：<code>名称:设置=值[,设置=值]</code>，例如 <code>ratio15:policy.rotation.min_ratio=0.15</code></p>
        <textarea name="variants" id="variants" rows="4" cols="70">{{variants}}</textarea>
        <p><label><input type="checkbox" name="price" value="1" id="price"> 计算每条规则的代价 (price of each rule)</label></p>
        <input type="hidden" name="time_limit" value="{{timeLimit}}"><input type="hidden" name="gap" value="1e-06">
        <input type="hidden" name="method" value="{{method}}"><input type="hidden" name="seed" value="{{seed}}">
        <p><button type="submit" id="run-whatif">并排求解 Solve side by side</button></p>
        </form></section>
        {{#table}}<section><h2>对比 Comparison</h2>{{> table}}
        <p><a href="/whatif-file?s={{scenarioQuery}}&amp;name=comparison.html" target="_blank">对比页 comparison.html</a></p></section>{{/table}}
        {{#price}}<section><h2>规则代价 Price of each rule</h2>{{> table}}</section>{{/price}}
        {{> footer}}
        """

    static let publish = """
        {{> header}}
        <section><h2>下载 Downloads</h2>
        <ul>{{#downloads}}<li><a href="/file?s={{scenarioQuery}}&amp;name={{.}}" download>{{.}}</a></li>{{/downloads}}</ul>
        {{^downloads}}<p>还没有方案。</p>{{/downloads}}
        </section>
        {{#canPublish}}<section class="noprint"><h2>记入台账 Record in the ledger</h2>
        <form method="post" action="/publish?s={{scenarioQuery}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>说明 note <input name="note" id="publish-note"></label>
        <label><input type="checkbox" name="replace" value="1"> 替换已公布的同一学年 (replace)</label>
        <button type="submit" id="publish">发布 Publish</button>
        </form></section>{{/canPublish}}
        <section><h2>台账 Ledger</h2>
        <p>{{ledger}}</p>
        <form method="get" action="/ledger" class="inline">
        <input type="hidden" name="s" value="{{scenario}}">
        <label>教师编号 teacher <input name="teacher" id="ledger-teacher"></label>
        <label>或学校编号 or school <input name="school" id="ledger-school"></label>
        <button type="submit" id="ledger-show">查询 Show</button>
        </form>
        {{#table}}{{> table}}{{/table}}
        </section>
        {{> footer}}
        """
}
