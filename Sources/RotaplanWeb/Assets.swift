import Hummingbird
import NIOCore

/// The workstation's only style sheet and script, served by rotaplan itself (no CDN, no
/// network). The script is small and does four things: sort and filter tables, upload a
/// dropped or chosen file, and show a job's progress as it arrives. It writes text only
/// (`textContent`), never markup.
enum Assets {
    /// `GET /assets/:name`: the style sheet or the script.
    static func response(_ context: WorkstationContext) throws -> Response {
        guard let name = context.parameters.get("name"), let asset = files[name] else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: asset.type, .cacheControl: "max-age=300"], body: .init(byteBuffer: ByteBuffer(string: asset.text)))
    }

    static let files: [String: (type: String, text: String)] = [
        "style.css": ("text/css; charset=utf-8", style),
        "app.js": ("text/javascript; charset=utf-8", script),
    ]

    static let style = """
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #1d2733; background: #fbfcfd; }
        header { background: #24466b; color: #fff; padding: .6rem 1rem; }
        header a { color: #fff; text-decoration: none; margin-right: 1rem; }
        header a.home { font-weight: bold; font-size: 1.1rem; }
        nav { display: inline; }
        nav a.here { border-bottom: 3px solid #f3c969; }
        main { padding: 1rem 1.5rem; max-width: 84rem; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
        table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
        th, td { border: 1px solid #c9d3de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #e8eef5; cursor: pointer; user-select: none; }
        th.sorted-up::after { content: " ▲"; } th.sorted-down::after { content: " ▼"; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        pre { background: #f1f4f8; padding: .6rem; white-space: pre-wrap; max-height: 30rem; overflow: auto; }
        .message { padding: .5rem .7rem; border-radius: 4px; background: #eef3f8; }
        .message.bad { background: #fbe4e4; color: #7a1010; } .message.good { background: #e3f4e6; color: #10501f; }
        .message.warn { background: #fff5d6; }
        .dropzone { border: 2px dashed #8aa1b8; padding: 1.5rem; text-align: center; border-radius: 6px; }
        .dropzone.over { background: #e8eef5; }
        form.inline label { margin-right: .8rem; }
        input, select, textarea, button { font: inherit; }
        button { background: #24466b; color: #fff; border: 0; padding: .35rem .9rem; border-radius: 4px; cursor: pointer; }
        footer { color: #6b7785; font-size: .8rem; padding: 1rem 1.5rem; }
        header .county { font-weight: bold; margin-right: 1rem; color: #f3c969; }
        header .person { float: right; } header .person form { display: inline; } header .person button { padding: .1rem .5rem; }
        .planline { background: #eef3f8; padding: .4rem .7rem; border-radius: 4px; }
        nav.toc a { margin-right: .8rem; } .caption, .note { color: #4a5868; font-size: .9rem; }
        tr.weight td { color: #4a5868; } form.objection label, form.settings label { display: inline-block; margin: .2rem .8rem .2rem 0; }
        ul.explain li, ul#ledger-lines li { margin: .2rem 0; } .filter-count { color: #4a5868; margin-left: .5rem; }
        @media print { header nav, .noprint, form, footer { display: none; } pre { max-height: none; } body { background: #fff; } }
        """

    static let script = """
        "use strict";
        const csrf = () => document.querySelector('meta[name="csrf"]').content;

        // Tables: a click on a header sorts by that column (numbers as numbers).
        for (const table of document.querySelectorAll("table.sortable")) {
          table.querySelectorAll("th").forEach((th, column) => th.addEventListener("click", () => {
            const body = table.tBodies[0];
            const up = !th.classList.contains("sorted-up");
            table.querySelectorAll("th").forEach(h => h.classList.remove("sorted-up", "sorted-down"));
            th.classList.add(up ? "sorted-up" : "sorted-down");
            const key = row => row.cells[column] ? row.cells[column].textContent.trim() : "";
            const rows = Array.from(body.rows);
            rows.sort((a, b) => {
              const x = key(a), y = key(b), number = /^-?\\d+(\\.\\d+)?$/;
              const order = number.test(x) && number.test(y) ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh");
              return up ? order : -order;
            });
            rows.forEach(row => body.appendChild(row));
          }));
        }

        // Filters: rows that do not contain the text (as shown) are hidden; the count says how many are left.
        for (const input of document.querySelectorAll("input[data-filter]")) {
          const table = document.getElementById(input.dataset.filter);
          const count = document.querySelector('span[data-count="' + input.dataset.filter + '"]');
          input.addEventListener("input", () => {
            const text = input.value.trim().toLowerCase();
            let shown = 0;
            for (const row of table.tBodies[0].rows) {
              row.hidden = text !== "" && !row.textContent.toLowerCase().includes(text);
              if (!row.hidden) shown += 1;
            }
            if (count) count.textContent = text === "" ? "" : (shown === 0 ? "没有匹配的行" : "显示 " + shown + " / " + table.tBodies[0].rows.length + " 行");
          });
        }

        // Uploads: the file is the request's body; the answer is where to go, or why not.
        async function upload(file) {
          const result = document.getElementById("upload-result");
          result.hidden = false;
          result.className = "message";
          result.textContent = "上传中 Uploading " + file.name + " …";
          const response = await fetch("/upload?name=" + encodeURIComponent(file.name), {
            method: "POST", body: file, headers: { "X-CSRF-Token": csrf(), "Content-Type": "application/octet-stream" }
          });
          let text = (await response.text()).trim();
          if (response.ok) { window.location.href = text; return; }
          // A refusal made as a page (no permission, signed out) is shown by its words, not its markup.
          if ((response.headers.get("Content-Type") || "").includes("text/html")) {
            const page = new DOMParser().parseFromString(text, "text/html");
            const said = page.getElementById("message") || page.querySelector(".message") || page.querySelector("main") || page.body;
            text = (said ? said.textContent : "").replace(/\\s+/g, " ").trim() || ("上传未成功（" + response.status + "）");
          }
          result.className = "message bad";
          result.textContent = text;
        }
        const chooser = document.getElementById("upload");
        if (chooser) chooser.addEventListener("change", () => { if (chooser.files.length) upload(chooser.files[0]); });
        const zone = document.getElementById("dropzone");
        if (zone) {
          zone.addEventListener("dragover", event => { event.preventDefault(); zone.classList.add("over"); });
          zone.addEventListener("dragleave", () => zone.classList.remove("over"));
          zone.addEventListener("drop", event => {
            event.preventDefault(); zone.classList.remove("over");
            if (event.dataTransfer.files.length) upload(event.dataTransfer.files[0]);
          });
        }

        // Progress: a running job's lines as they arrive (server-sent events).
        const lines = document.getElementById("progress-lines");
        const state = document.getElementById("job-state");
        if (lines && state && state.dataset.state === "running") {
          const events = new EventSource(lines.dataset.events);
          let first = true;
          events.onmessage = event => {
            if (first) { lines.textContent = ""; first = false; }
            lines.textContent += event.data + "\\n"; lines.scrollTop = lines.scrollHeight;
          };
          events.addEventListener("done", event => {
            events.close();
            const [finalState, text, next] = event.data.split(" ");
            state.dataset.state = finalState;
            state.textContent = text;
            const cancel = document.getElementById("cancel");
            if (cancel) cancel.hidden = true;
            if (next) {
              const link = document.createElement("a");
              link.href = next; link.textContent = "查看结果"; link.id = "result-link";
              document.getElementById("job-next").replaceChildren(link);
            }
          });
        }
        """
}
