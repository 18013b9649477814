/// The workstation's page templates. Values are shown only through `{{name}}`, which escapes
/// `& < > " '`; no template uses `{{{…}}}` or `{{&…}}` (a test reads them all), so every value
/// a page shows is escaped by construction. Pages speak the office's language: Chinese, with
/// codes only in form values and links, never shown.
enum Templates {
    static let sources: [String: String] = [
        "header": header, "footer": footer, "table": table, "banner": banner, "home": home, "data": data, "plan": plan,
        "lines": lines, "objections": objections, "whatif": whatif, "publish": publish, "ledger": ledger, "signin": signin,
        "audit": audit, "refused": refused, "progress": progress,
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
        <header><a class="home" href="/">交流轮岗与走教编制</a>
        {{#nav}}<nav>
        <span class="county">{{countyName}}</span>
        {{#v}}<a href="/data?c={{c}}&amp;v={{v}}"{{#data}} class="here"{{/data}}>① 数据与编制</a>{{/v}}
        {{#p}}<a href="/plan?c={{c}}&amp;p={{p}}"{{#review}} class="here"{{/review}}>② 审阅</a>
        <a href="/objections?c={{c}}&amp;p={{p}}"{{#objections}} class="here"{{/objections}}>③ 公示异议</a>
        <a href="/whatif?c={{c}}&amp;p={{p}}"{{#whatif}} class="here"{{/whatif}}>④ 方案比较</a>
        <a href="/publish?c={{c}}&amp;p={{p}}"{{#publish}} class="here"{{/publish}}>⑤ 发布</a>{{/p}}
        <a href="/ledger?c={{c}}"{{#ledger}} class="here"{{/ledger}}>台账</a>
        </nav>{{/nav}}
        <span class="person">{{#person}}{{name}}（{{role}}）{{#signedIn}}<form method="post" action="/signout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="signout">退出</button></form>{{/signedIn}}{{/person}}
        <a href="/audit">操作记录</a></span>
        </header><main>
        <h1>{{title}}</h1>
        {{#message}}<p class="message {{kind}}" id="message">{{text}}</p>{{/message}}
        """

    static let footer = """
        </main><footer>rotaplan · GPL-3.0-or-later · 本工作站在本机运行，不连接外网</footer>
        </body></html>
        """

    /// A table with an optional filter box; cells may link (href) and sort as numbers (numeric).
    static let table = """
        {{#caption}}<p class="caption">{{caption}}</p>{{/caption}}
        {{#filter}}<p class="noprint"><label>筛选 <input type="search" data-filter="{{id}}" placeholder="姓名、学校、学科、身份…"></label> <span class="filter-count" data-count="{{id}}"></span></p>{{/filter}}
        <table id="{{id}}" class="sortable"><thead><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr></thead>
        <tbody>{{#rows}}<tr>{{#cells}}<td{{#numeric}} class="num"{{/numeric}}>{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</td>{{/cells}}</tr>{{/rows}}</tbody></table>
        {{^rows}}<p class="empty">（无）</p>{{/rows}}
        """

    /// What every page of a plan says first: which plan, its state, and whether data moved on.
    static let banner = """
        {{#banner}}<p class="planline">方案 <b>{{name}}</b>，基于<a href="{{dataHref}}">第 {{version}} 版数据</a>；状态：<b id="plan-state">{{state}}</b></p>
        {{#stale}}<p class="message warn" id="stale">{{stale}}</p>{{/stale}}
        {{#provisional}}<p class="message warn">此方案为后续学年的暂定方案，每年按实际情况重新编制，不能发布。</p>{{/provisional}}{{/banner}}
        """

    static let progress = """
        {{#job}}<section id="progress-section"><h2 id="progress">进度</h2>
        <p>{{kind}}：<b id="job-state" data-state="{{state}}">{{stateText}}</b></p>
        <pre id="progress-lines" data-events="{{events}}">{{#lines}}{{.}}
        {{/lines}}</pre>
        <p id="job-next">{{#next}}<a href="{{next}}" id="result-link">查看结果</a>{{/next}}</p>
        {{#canCancel}}<form method="post" action="{{cancel}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="cancel">取消</button></form>{{/canCancel}}
        </section>{{/job}}
        """

    static let home = """
        {{> header}}
        <section><h2>各县（区）的数据</h2>
        <p>每次上传都是一个新的数据版本，旧版本、方案、异议和台账都保持不变。</p>
        {{#table}}{{> table}}{{/table}}
        </section>
        {{#canUpload}}<section class="noprint"><h2>上传</h2>
        <p>上传县（区）的工作簿（.xlsx），或场景文件夹的压缩包（.zip，含 scenario.yaml 与 CSV 文件），不超过 20 MB。</p>
        <div id="dropzone" class="dropzone">把文件拖到这里，或 <label>选择文件 <input type="file" id="upload" accept=".xlsx,.zip"></label></div>
        <p id="upload-result" class="message" hidden></p>
        </section>{{/canUpload}}
        <p><a href="/template.xlsx" download>下载空白数据模板</a></p>
        {{#hasRepository}}<section><h2>示例与已有数据（只读）</h2>
        <p>这些数据不会被改动；要编制时，先复制为该县的一个数据版本。</p>
        <ul>{{#repository}}<li>{{name}}（{{kind}}）{{#canUpload}}<form method="post" action="/adopt?s={{query}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">复制后编制</button></form>{{/canUpload}}</li>{{/repository}}</ul>
        </section>{{/hasRepository}}
        {{> footer}}
        """

    static let data = """
        {{> header}}
        <section><h2>第 {{number}} 版数据</h2>
        <p>来自 {{source}}，{{by}} 于 {{at}} 上传{{^newest}}；<b>已有更新的版本</b>{{/newest}}。</p>
        <details><summary>本县全部数据版本</summary><ul>{{#versions}}<li>{{#here}}<b>{{/here}}<a href="{{href}}">第 {{number}} 版</a>：{{source}}，{{by}}，{{at}}{{#here}}</b>{{/here}}</li>{{/versions}}</ul></details>
        </section>
        <section><h2>数据检查</h2>
        {{#problems}}<p class="message bad">数据有 {{count}} 处问题，改正后重新上传。每处问题都列出了工作表（文件）、单元格（行）和列：</p>
        {{#table}}{{> table}}{{/table}}{{/problems}}
        {{#facts}}<p class="message good">数据检查通过。</p><ul>{{#lines}}<li>{{.}}</li>{{/lines}}</ul>
        {{#communities}}{{> table}}{{/communities}}{{/facts}}
        {{#hasWarnings}}<h3>提示</h3><ul class="warnings">{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul>{{/hasWarnings}}
        {{#ledgerImport}}<form method="post" action="/ledger-import?c={{nav.c}}&amp;v={{number}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <p class="message warn">本县台账还没有记录，而这份数据带有 {{rows}} 条交流记录（历史表）。<button type="submit" id="ledger-import">把这些记录导入台账</button></p></form>{{/ledgerImport}}
        </section>
        {{#form}}<section class="noprint"><h2>编制设置</h2>
        <form method="post" action="/solve?c={{nav.c}}&amp;v={{number}}" class="settings">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <table><thead><tr><th>设置</th><th>值</th><th>含义</th></tr></thead><tbody>
        {{#settings}}<tr{{#weight}} class="weight"{{/weight}}><td>{{name}}</td><td><input name="{{key}}" value="{{value}}"></td><td>{{meaning}}</td></tr>{{/settings}}
        {{#limits}}<tr><td>时间上限（秒）</td><td><input name="time_limit" value="{{timeLimit}}"></td><td>每一部分（交流轮岗、走教）最多计算这么多秒，到时给出已找到的最好方案</td></tr>
        <tr><td>最优间隙</td><td><input name="gap" value="{{gap}}"></td><td>方案与已证明的下界相差不超过此比例即视为最优</td></tr>
        <tr><td>方法</td><td><select name="method">{{#methods}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/methods}}</select></td><td>通常用“自动”</td></tr>
        <tr><td>随机种子</td><td><input name="seed" value="{{seed}}"></td><td>启发式的随机种子；同一种子给出同一方案</td></tr>{{/limits}}
        </tbody></table>
        <p class="note">比例可以写成 12%；身份与学科可以写中文，用顿号分隔。</p>
        <p><button type="submit" id="solve">开始编制</button></p>
        </form></section>{{/form}}
        {{> progress}}
        {{#hasPlans}}<section><h2>这份数据的方案</h2><ul id="plans">{{#plans}}<li><a href="{{href}}">方案 {{name}}</a>（{{state}}）：{{summary}}</li>{{/plans}}</ul></section>{{/hasPlans}}
        {{> footer}}
        """

    static let plan = """
        {{> header}}
        {{> banner}}
        {{#hasDiagnosis}}<section><h2>没有方案</h2><ul id="diagnosis">{{#diagnosis}}<li>{{.}}</li>{{/diagnosis}}</ul></section>{{/hasDiagnosis}}
        {{#hasParts}}<section id="summary"><h2>概况</h2>
        <ul>{{#parts}}<li>{{.}}</li>{{/parts}}</ul>
        <p class="message {{verifyKind}}" id="verify">{{verify}}</p>
        <p><a href="{{reportHref}}" target="_blank">完整报告（含地图，可打印）</a></p>
        <nav class="toc noprint">本页：{{#sections}}<a href="#{{id}}-section">{{heading}}</a> {{/sections}}</nav>
        </section>{{/hasParts}}
        {{#sections}}<section id="{{id}}-section"><h2>{{heading}}</h2>{{#note}}<p class="note">{{note}}</p>{{/note}}{{#table}}{{> table}}{{/table}}<p class="noprint"><a href="#summary">回到顶部</a></p></section>{{/sections}}
        {{> footer}}
        """

    static let lines = """
        {{> header}}
        {{> banner}}
        <ul class="explain" id="lines">{{#lines}}<li>{{.}}</li>{{/lines}}</ul>
        {{#back}}<p><a href="{{back}}">返回审阅</a></p>{{/back}}
        {{> footer}}
        """

    static let objections = """
        {{> header}}
        {{> banner}}
        <section><h2>已登记的异议</h2>
        <p>公示期间听到的意见：某位教师留任、须交流，或到指定学校交流。按异议重新编制时，这些意见作为已定安排，其余尽量不变。</p>
        {{#frozen}}<p class="message warn">方案已提交或已发布，异议不能再改。</p>{{/frozen}}
        {{#hasObjections}}<table id="objection-list"><thead><tr><th>姓名</th><th>工号</th><th>学校</th><th>处理</th><th>说明</th><th></th></tr></thead><tbody>
        {{#objections}}<tr><td>{{name}}</td><td>{{number}}</td><td>{{school}}</td><td>{{action}}</td><td>{{note}}</td><td>{{#canRemove}}<form method="post" action="/objections?c={{nav.c}}&amp;p={{nav.p}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="remove"><input type="hidden" name="teacher" value="{{teacher}}"><button type="submit" class="remove">撤销</button></form>{{/canRemove}}</td></tr>{{/objections}}
        </tbody></table>{{/hasObjections}}
        {{^hasObjections}}<p class="empty">（还没有）</p>{{/hasObjections}}
        {{#canObject}}<form method="post" action="/objections?c={{nav.c}}&amp;p={{nav.p}}" class="objection">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>教师（姓名或工号） <input name="who" id="objection-who" list="people" value="{{who}}" autocomplete="off"></label>
        <datalist id="people">{{#people}}<option value="{{.}}">{{/people}}</datalist>
        <label>处理 <select name="action" id="objection-action">{{#actions}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/actions}}</select></label>
        <label>指定学校（名称） <input name="school" id="objection-school" list="schools" value="{{school}}" autocomplete="off"></label>
        <datalist id="schools">{{#schools}}<option value="{{.}}">{{/schools}}</datalist>
        <label>说明 <input name="note" id="objection-note" value="{{note}}"></label>
        <button type="submit" id="add-objection">登记</button>
        </form>{{/canObject}}
        {{#canReplan}}<form method="post" action="/replan?c={{nav.c}}&amp;p={{nav.p}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit" id="replan">按异议重新编制（改动最少）</button>：得到一个新方案，本方案保持不变。</p>
        </form>{{/canReplan}}
        </section>
        {{#hasChanges}}<section><h2>本方案相对上一方案的改动</h2>
        <ul id="changes">{{#changes}}<li>{{.}}</li>{{/changes}}</ul></section>{{/hasChanges}}
        {{> footer}}
        """

    static let whatif = """
        {{> header}}
        {{> banner}}
        {{#canRun}}<section class="noprint"><h2>方案变体</h2>
        <p>以正在审阅的方案为基础（它的设置与异议），每个变体只改一项设置，并排求解后比较。</p>
        <form method="post" action="/whatif?c={{nav.c}}&amp;p={{nav.p}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <table><thead><tr><th>名称</th><th>改哪一项</th><th>改为</th></tr></thead><tbody>
        {{#slots}}<tr><td><input name="name{{slot}}" value="{{name}}" placeholder="变体{{slot}}"></td>
        <td><select name="setting{{slot}}" id="setting{{slot}}">{{#settings}}<option value="{{key}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/settings}}</select></td>
        <td><input name="value{{slot}}" id="value{{slot}}" value="{{value}}"></td></tr>{{/slots}}
        </tbody></table>
        <p><label><input type="checkbox" name="price" value="1" id="price"{{#price}} checked{{/price}}> 计算每条规则的代价（每条规则放宽一步，看能省多少）</label></p>
        {{#limits}}<p>时间上限（秒）<input name="time_limit" value="{{timeLimit}}" size="6">
        方法 <select name="method">{{#methods}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/methods}}</select>
        <input type="hidden" name="gap" value="{{gap}}"><input type="hidden" name="seed" value="{{seed}}"></p>{{/limits}}
        <p><button type="submit" id="run-whatif">并排求解</button></p>
        </form></section>{{/canRun}}
        {{#comparison}}<section><h2>比较</h2>{{> table}}
        <p><a href="{{comparisonHref}}" target="_blank">比较页（可打印）</a></p></section>{{/comparison}}
        {{#price}}<section><h2>每条规则的代价</h2>{{> table}}{{#priceNote}}<p class="note">{{priceNote}}</p>{{/priceNote}}</section>{{/price}}
        {{> footer}}
        """

    static let publish = """
        {{> header}}
        {{> banner}}
        <section><h2>下载</h2>
        <ul>{{#downloads}}<li><a href="{{href}}"{{#inline}} target="_blank"{{/inline}}{{^inline}} download{{/inline}}>{{name}}</a></li>{{/downloads}}</ul>
        {{^downloads}}<p>还没有方案。</p>{{/downloads}}
        </section>
        <section><h2>审批</h2>
        {{#hasEvents}}<ul id="plan-events">{{#events}}<li>{{at}} {{by}} {{what}}{{#note}}：{{note}}{{/note}}</li>{{/events}}</ul>{{/hasEvents}}
        {{#staleRefusal}}<p class="message warn">{{staleRefusal}}</p>{{/staleRefusal}}
        {{#historyImport}}<div class="message warn" id="history-pending">这份数据带有 {{rows}} 条交流记录（历史表），本县台账还没有记录：发布前先把这些记录导入台账。{{#canImport}}<form method="post" action="{{action}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="publish-ledger-import">把这些记录导入台账</button></form>{{/canImport}}{{^canImport}}请编制人在<a href="{{href}}">数据页</a>导入。{{/canImport}}</div>{{/historyImport}}
        {{#canSubmit}}<form method="post" action="/submit?c={{nav.c}}&amp;p={{nav.p}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>说明 <input name="note" id="submit-note"></label> <button type="submit" id="submit">提交审批</button></form>{{/canSubmit}}
        {{#canDecide}}<form method="post" action="/approve?c={{nav.c}}&amp;p={{nav.p}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>说明 <input name="note" id="publish-note"></label>
        {{#yearPublished}}<label><input type="checkbox" name="replace" value="1"> 替换已公布的同一学年（须写明原因）</label>{{/yearPublished}}
        <button type="submit" id="publish">批准并发布</button></form>
        <form method="post" action="/return?c={{nav.c}}&amp;p={{nav.p}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>退回原因 <input name="note" id="return-note"></label> <button type="submit" id="return">退回</button></form>{{/canDecide}}
        </section>
        <section><h2>台账</h2>{{#ledger}}<p id="ledger-line">{{line}}</p><p><a href="/ledger?c={{c}}">查询教师的交流记录或学校的派出接收</a></p>{{/ledger}}</section>
        {{> footer}}
        """

    static let ledger = """
        {{> header}}
        <section><h2>本县台账</h2>{{#ledger}}<p id="ledger-line">{{line}}</p>{{/ledger}}
        <form method="get" action="/ledger" class="inline">
        <input type="hidden" name="c" value="{{nav.county}}">
        <label>姓名、工号、学校名称或代码 <input name="q" id="ledger-query" value="{{q}}"></label>
        <button type="submit" id="ledger-show">查询</button>
        </form>
        {{#hasLines}}<ul id="ledger-lines">{{#lines}}<li>{{.}}</li>{{/lines}}</ul>{{/hasLines}}
        </section>
        {{> footer}}
        """

    static let signin = """
        {{> header}}
        {{#singleUser}}<p class="message">本工作站还没有账户（单人模式）：<a href="/">直接进入</a>。</p>{{/singleUser}}
        {{#insecure}}<p class="message warn">注意：本工作站在本机以外的地址上以 HTTP（未加密）运行，密码可能被他人截获。</p>{{/insecure}}
        <form method="post" action="/signin" class="signin">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{next}}">
        <p><label>账户名 <input name="name" id="signin-name" autocomplete="username"></label></p>
        <p><label>密码 <input type="password" name="password" id="signin-password" autocomplete="current-password"></label></p>
        <p><button type="submit" id="signin">登录</button></p>
        </form>
        <p class="note">账户由管理员用 rotaplan user add 建立。连续 5 次输错密码，账户锁定 1 分钟。</p>
        {{> footer}}
        """

    static let audit = """
        {{> header}}
        {{#empty}}<p>还没有记录。</p>{{/empty}}
        {{#table}}{{> table}}{{/table}}
        <p>{{pageLine}} {{#previous}}<a href="{{previous}}">上一页</a>{{/previous}} {{#following}}<a href="{{following}}">下一页</a>{{/following}}</p>
        {{> footer}}
        """

    static let refused = """
        {{> header}}
        <p><a href="/">回到首页</a></p>
        {{> footer}}
        """
}
