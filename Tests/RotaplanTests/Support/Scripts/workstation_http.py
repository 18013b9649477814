"""Plain HTTP requests against a running workstation (`rotaplan serve`), as a careless upload,
an attacker or a second person in the office would send them; prints what came back as JSON for
the Swift tests to check. Waits are bounded guards against a hang, never measurements.

usage:
  workstation_http.py token URL                    requests without and with the token
  workstation_http.py refusals URL ROOT            CSRF, oversize, traversal, wrong kinds, unknown places
  workstation_http.py hostile URL SCENARIO TEACHER adopt, solve, then the teacher's pages
  workstation_http.py cancel URL SCENARIO          a quick plan, then a long solve cancelled
  workstation_http.py sidebyside URL A.xlsx B.xlsx two uploads of one county solved at once
  workstation_http.py bomb URL ROOT BOMB.xlsx      a hostile workbook: three uploads at once, the home
                                                   page beside them, and its repository copy adopted
  workstation_http.py routes URL ROUTES.json ACCOUNTS.json
                                                   every route without sign-in and for every role
  workstation_http.py office URL ROOT ACCOUNTS.json SCENARIO
                                                   viewer, planner and approver at their work
  workstation_http.py visits URL PATH COUNT        a page asked COUNT times
  workstation_http.py session URL NAME PASSWORD    signs in; prints the cookie
  workstation_http.py resume URL COOKIE            a page with a session cookie from before a restart
  workstation_http.py lockout URL NAME PASSWORD    five wrong passwords, then the right one
  workstation_http.py stolen URL ACCOUNTS.json     one account's cookie with another's CSRF token
  workstation_http.py tls URL NAME PASSWORD        HTTPS: the pages and the cookies' flags
  workstation_http.py insecure URL NAME PASSWORD   off loopback without TLS: sign-in refused or warned
  workstation_http.py zipped URL WORKBOOK          a workbook zipped in a folder with what an OS adds; two in one zip;
                                                  both again with names in GBK, as Chinese Windows zips them
  workstation_http.py atonce URL SCENARIO T1,T2,.. ROOT
                                                   people at once on one plan: objections of each
                                                   teacher saved together, then a replacing approval
                                                   pressed twice together; its published report
                                                   downloaded, deleted and downloaded again
"""
import io
import json
import os
import re
import shutil
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

GUARD = 900  # seconds: a hung request fails the test instead of hanging CI


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """A browser-like session: the cookies the server sets and the CSRF token of its pages."""

    def __init__(self, base, token=None):
        self.base = base.split("?")[0].rstrip("/")
        self.cookies = {}
        self.cookie_flags = {}
        self.token = token
        self.csrf = None
        self.context = ssl._create_unverified_context() if self.base.startswith("https") else None

    def request(self, method, path, body=None, headers=None, csrf=True):
        """(status, text); a form is a dict, a file is bytes. Redirects are returned, not followed."""
        status, text, _ = self.exchange(method, path, body, headers, csrf)
        return status, text

    def exchange(self, method, path, body=None, headers=None, csrf=True):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if method == "POST" and csrf and self.csrf and "X-CSRF-Token" not in headers and not isinstance(body, dict):
            headers["X-CSRF-Token"] = self.csrf
        if isinstance(body, dict):
            fields = dict(body)
            if csrf and self.csrf and "csrf" not in fields:
                fields["csrf"] = self.csrf
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif isinstance(body, bytes):
            headers.setdefault("Content-Type", "application/octet-stream")
        if method == "POST" and body is None:
            body = b""
        request = urllib.request.Request(self.base + quote_path(path), data=body, method=method, headers=headers)
        handlers = [NoRedirect()] + ([urllib.request.HTTPSHandler(context=self.context)] if self.context else [])
        opener = urllib.request.build_opener(*handlers)
        try:
            response = opener.open(request, timeout=GUARD)
            status, text, got = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, text, got = error.code, error.read(), error.headers
        for cookie in got.get_all("Set-Cookie") or []:
            parts = [part.strip() for part in cookie.split(";")]
            name, value = parts[0].split("=", 1)
            self.cookies[name] = value
            self.cookie_flags[name] = sorted(part.split("=")[0].lower() for part in parts[1:])
            if value == "":
                del self.cookies[name]
        page = text.decode("utf-8", "replace")
        match = re.search(r'name="csrf" content="([0-9a-f]+)"', page)
        if match:
            self.csrf = match.group(1)
        return status, page, got

    def post_then_page(self, path, form):
        """A form posted as a browser posts it: (the post's status, the page shown after it, the
        page a refresh shows). A 303 is followed with a GET, as a browser does; a refresh of
        that page is a second GET, never the post again."""
        status, page, headers = self.exchange("POST", path, form)
        refreshed = None
        if status == 303:
            location = headers.get("Location")
            page = self.request("GET", location)[1]
            refreshed = self.request("GET", location)[1]
        return status, page, refreshed

    def start(self):
        return self.request("GET", "/")[0]

    def sign_in(self, name, password):
        """Signs in through the sign-in page; the status of the post (303 when signed in)."""
        self.request("GET", "/signin")
        status, _ = self.request("POST", "/signin", {"name": name, "password": password, "next": "/"})
        if status == 303:
            self.request("GET", "/")
        return status

    def wait(self, county, version):
        """Follows the job of a data version to its end (server-sent events); its last line."""
        status, events = self.request("GET", f"/events?c={county}&v={version}")
        lines = [line for line in events.strip().splitlines() if line.startswith("data: ")]
        return lines[-1][6:] if lines else ""


def quote_path(path):
    """Percent-encodes a path's non-ASCII characters (names in queries), keeping its syntax."""
    return urllib.parse.quote(path, safe="/?=&%:+,;@")


def visible_text(page):
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    import html
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def message(page):
    match = re.search(r'id="message">(.*?)</p>', page, flags=re.S)
    import html
    return html.unescape(match.group(1)) if match else ""


def plain_answer(status_text):
    status, text = status_text
    return {"status": status, "text": text.strip()[:400]}


def token(base):
    facts = {}
    anonymous = Session(base)
    facts["without_token"] = anonymous.request("GET", "/")[0]
    facts["asset_without_token"] = anonymous.request("GET", "/assets/app.js")[0]
    facts["wrong_token"] = Session(base, token="0" * 64).request("GET", "/")[0]
    given = urllib.parse.parse_qs(urllib.parse.urlparse(base).query)["token"][0]
    facts["with_token"] = Session(base, token=given).request("GET", "/")[0]
    # The printed address sets a cookie; later requests need nothing else.
    browser = Session(base)
    facts["printed_address"] = browser.request("GET", "/?token=" + given)[0]
    facts["after_cookie"] = browser.request("GET", "/")[0]
    print(json.dumps(facts))


class GBKName(zipfile.ZipInfo):
    """An entry named as Chinese Windows names it: in GBK, without ZIP's UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def archive(entries, gbk=False):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zipped:
        for name, text in entries:
            zipped.writestr(GBKName(name) if gbk else name, text)
    return data.getvalue()


def listing(root):
    """Every file and folder under the root, relative to it; the staging folder `.incoming`
    (where an upload waits for its check) is looked at apart, by `staged`."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not (folder == root and name == ".incoming")]
        for name in folders + files:
            # SQLite's companions of an open database (users.sqlite's), not files of the office's.
            if name.endswith("-wal") or name.endswith("-shm"):
                continue
            found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def staged(root):
    """What is left in the staging folder (nothing, once every upload is answered)."""
    incoming = os.path.join(root, ".incoming")
    return sorted(os.listdir(incoming)) if os.path.isdir(incoming) else []


def refusals(base, root):
    facts = {}
    session = Session(base)
    session.start()
    # A county to aim at: the repository's demo copied in as data version 1.
    facts["adopt"] = session.request("POST", "/adopt?s=scenarios/demo", {})[0]
    before = listing(root)
    form = {"time_limit": "5", "gap": "0", "method": "glpk", "seed": "0"}
    # A post without the session's CSRF token, or with another session's.
    facts["post_without_csrf"] = session.request("POST", "/solve?c=demo&v=1", form, csrf=False)[0]
    other = Session(base)
    other.start()
    stolen = Session(base)
    stolen.cookies = dict(session.cookies)
    stolen.csrf = other.csrf
    facts["post_with_other_csrf"] = stolen.request("POST", "/solve?c=demo&v=1", form)[0]
    facts["upload_without_csrf"] = session.request("POST", "/upload?name=a.xlsx", b"PK", csrf=False)[0]
    # Over 20 MB.
    facts["oversize"] = plain_answer(session.request("POST", "/upload?name=big.xlsx", b"PK" + b"\0" * (21 * 1024 * 1024)))
    # Archives whose paths leave the upload, names with '..', wrong kinds.
    facts["zip_traversal"] = plain_answer(session.request(
        "POST", "/upload?name=evil.zip", archive([("../evil.csv", "x"), ("scenario.yaml", "county: x")])))
    facts["zip_absolute"] = plain_answer(session.request("POST", "/upload?name=evil2.zip", archive([("/tmp/evil.csv", "x")])))
    facts["zip_stranger"] = plain_answer(session.request("POST", "/upload?name=evil3.zip", archive([("run.sh", "rm -rf /")])))
    facts["dotdot_name"] = plain_answer(session.request("POST", "/upload?name=" + urllib.parse.quote("../../escape.xlsx"), b"PK"))
    facts["old_xls"] = plain_answer(session.request("POST", "/upload?name=old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100))
    facts["not_a_workbook"] = plain_answer(session.request("POST", "/upload?name=fake.xlsx", "教师,学校\n".encode()))
    # Places that do not exist, or try to leave the workspace.
    facts["unknown_county"] = session.request("GET", "/data?c=" + urllib.parse.quote("../../etc") + "&v=1")[0]
    facts["unknown_plan"] = session.request("GET", "/plan?c=demo&p=" + urllib.parse.quote("../../etc"))[0]
    facts["unknown_version"] = session.request("GET", "/data?c=demo&v=abc")[0]
    facts["known_version"] = session.request("GET", "/data?c=demo&v=1")[0]
    facts["unknown_repository"] = session.request("POST", "/adopt?s=" + urllib.parse.quote("../../etc"), {})[0]
    facts["file_outside"] = session.request("GET", "/file?c=demo&p=2025-1-1&name=" + urllib.parse.quote("../../../etc/passwd"))[0]
    # A path the workstation does not have (a mistyped address, an old bookmark).
    status, page = session.request("GET", "/no-such-page")
    facts["unknown_path"] = {"status": status, "text": message(page)}
    after = listing(root)
    facts["added"] = sorted(set(after) - set(before))
    facts["removed"] = sorted(set(before) - set(after))
    facts["incoming_left"] = staged(root)
    facts["evil_written"] = any(os.path.exists(os.path.join(path, "evil.csv")) for path in [root, os.path.dirname(root), "/tmp"])
    print(json.dumps(facts, ensure_ascii=False))


def hostile(base, scenario, teacher):
    facts = {}
    session = Session(base)
    session.start()
    status, _, got = session.exchange("POST", "/adopt?s=" + urllib.parse.quote(scenario), {})
    facts["adopt"] = status
    data = got.get("Location", "")
    county = urllib.parse.parse_qs(urllib.parse.urlparse(data).query)["c"][0]
    facts["county"] = county
    facts["solve"] = session.request("POST", f"/solve?c={county}&v=1", {"time_limit": "60", "gap": "0", "method": "glpk", "seed": "0"})[0]
    facts["events"] = session.wait(county, 1)
    plan = f"c={county}&p=2025-1-1"
    hostile_query = urllib.parse.quote("<script>alert(1)</script>")
    for name, path in [("explain", f"/explain?{plan}&teacher={teacher}"), ("review", f"/plan?{plan}"),
                       ("objections", f"/objections?{plan}&teacher={teacher}"),
                       ("objections_query", f"/objections?{plan}&teacher={hostile_query}"),
                       ("ledger_query", f"/ledger?c={county}&q={hostile_query}")]:
        status, page = session.request("GET", path)
        facts[name] = {"status": status, "escaped": "&lt;script&gt;" in page, "raw": "<script>alert" in page}
    # An objection whose note is markup: kept as typed, shown as text.
    status, _ = session.request("POST", f"/objections?{plan}", {"who": teacher, "action": "stay", "note": "<img src=x onerror=alert(1)>"})
    status, page = session.request("GET", f"/objections?{plan}")
    facts["note"] = {"status": status, "escaped": "&lt;img src=x" in page, "raw": "<img src=x" in page}
    print(json.dumps(facts, ensure_ascii=False))


def adopted(base, scenario):
    """A new session that adopts a repository scenario: the session and the county's slug."""
    session = Session(base)
    session.start()
    _, _, got = session.exchange("POST", "/adopt?s=" + urllib.parse.quote(scenario), {})
    return session, urllib.parse.parse_qs(urllib.parse.urlparse(got.get("Location", "")).query)["c"][0]


def cancel(base, scenario):
    session, county = adopted(base, scenario)
    facts = {"county": county}
    # A first plan, quickly.
    facts["first"] = session.request("POST", f"/solve?c={county}&v=1", {"time_limit": "60", "gap": "0.0001%", "method": "heuristic", "seed": "0"})[0]
    facts["first_done"] = session.wait(county, 1)
    status, before = session.request("GET", f"/file?c={county}&p=2025-1-1&name=plan.json")
    facts["first_plan"] = status
    # A long solve (GLPK to a zero gap), a second one refused while it runs, then cancelled.
    long = {"time_limit": "600", "gap": "0", "method": "glpk", "seed": "0"}
    facts["long"] = session.request("POST", f"/solve?c={county}&v=1", long)[0]
    facts["second_while_running"] = session.request("POST", f"/solve?c={county}&v=1", long)[0]
    status, page = session.request("GET", f"/data?c={county}&v=1")
    facts["state_while_running"] = (re.search(r'id="job-state" data-state="(\w+)"', page) or [None, ""])[1]
    facts["cancel"] = session.request("POST", f"/cancel?c={county}&v=1", {})[0]
    facts["long_done"] = session.wait(county, 1)
    status, page = session.request("GET", f"/data?c={county}&v=1")
    facts["state_after"] = (re.search(r'id="job-state" data-state="(\w+)"', page) or [None, ""])[1]
    facts["plans_listed"] = re.findall(r"方案 (\d{4}-\d+-\d+)</a>", page)
    status, after = session.request("GET", f"/file?c={county}&p=2025-1-1&name=plan.json")
    facts["plan_unchanged"] = before == after
    facts["second_plan"] = session.request("GET", f"/plan?c={county}&p=2025-1-2")[0]
    print(json.dumps(facts, ensure_ascii=False))


def upload(session, path, name):
    with open(path, "rb") as file:
        status, answer = session.request("POST", "/upload?name=" + urllib.parse.quote(name), file.read())
    return status, answer.strip()


def zipped(base, workbook):
    """A workbook zipped as offices send it (in a folder, with what macOS or Windows adds), then
    two workbooks in one archive."""
    session = Session(base)
    session.start()
    with open(workbook, "rb") as file:
        data = file.read()
    facts = {}
    one = archive([("安义县/安义县.xlsx", data), ("__MACOSX/安义县/._安义县.xlsx", b"\0\5\26\7"), ("安义县/.DS_Store", b"\0"),
                   ("安义县/Thumbs.db", b"\0")])
    facts["one"] = [part.strip() if isinstance(part, str) else part
                    for part in session.request("POST", "/upload?name=" + urllib.parse.quote("安义县.zip"), one)]
    two = archive([("安义县.xlsx", data), ("安义县（旧）.xlsx", data)])
    facts["two"] = plain_answer(session.request("POST", "/upload?name=" + urllib.parse.quote("两份.zip"), two))
    # The same two, zipped by Chinese Windows: the refusal names them as the office does.
    two_gbk = archive([("安义县/安义县.xlsx", data), ("安义县/安义县（旧）.xlsx", data)], gbk=True)
    facts["two_gbk"] = plain_answer(session.request("POST", "/upload?name=" + urllib.parse.quote("两份.zip"), two_gbk))
    one_gbk = archive([("安义县/安义县.xlsx", data), ("安义县/Thumbs.db", b"\0")], gbk=True)
    facts["one_gbk"] = [part.strip() if isinstance(part, str) else part
                        for part in session.request("POST", "/upload?name=" + urllib.parse.quote("安义县.zip"), one_gbk)]
    # Some Windows tools write a folder with a backslash (安义县\安义县.xlsx), its entry too.
    one_backslash = archive([("安义县\\", b""), ("安义县\\安义县.xlsx", data), ("安义县\\Thumbs.db", b"\0")], gbk=True)
    facts["one_backslash"] = [part.strip() if isinstance(part, str) else part
                              for part in session.request("POST", "/upload?name=" + urllib.parse.quote("安义县【终稿】.zip"), one_backslash)]
    print(json.dumps(facts, ensure_ascii=False))


def sidebyside(base, first, second):
    """Two workbooks of one county uploaded under one name, then solved at the same time."""
    facts = {}
    session = Session(base)
    session.start()
    places = []
    for path in [first, second]:
        status, answer = upload(session, path, "安义县.xlsx")
        facts.setdefault("uploads", []).append([status, answer])
        query = urllib.parse.parse_qs(urllib.parse.urlparse(answer).query)
        places.append((query["c"][0], query["v"][0]))
    form = {"time_limit": "120", "gap": "0.0001%", "method": "glpk", "seed": "0"}
    facts["solves"] = [session.request("POST", f"/solve?c={c}&v={v}", form)[0] for c, v in places]
    finished = {}
    threads = [threading.Thread(target=lambda p=p: finished.__setitem__(p, Session.wait(session, *p))) for p in places]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD)
    facts["done"] = [finished.get(p, "") for p in places]
    facts["places"] = places
    print(json.dumps(facts, ensure_ascii=False))


def bomb(base, root, bomb_path):
    """Three uploads of a hostile workbook at once, and the home page asked beside them."""
    facts = {}
    data = open(bomb_path, "rb").read()
    facts["size"] = len(data)
    before = listing(root)
    answers, homes = {}, []
    sessions = [Session(base) for _ in range(3)]
    for session in sessions:
        session.start()

    def send(index):
        answers[index] = sessions[index].request("POST", "/upload?name=" + urllib.parse.quote("安义县.xlsx"), data)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(3)]
    for thread in threads:
        thread.start()
    # The home page while the uploads are being answered (asked until they are all done).
    visitor = Session(base)
    while any(thread.is_alive() for thread in threads) or not homes:
        homes.append(visitor.request("GET", "/")[0])
    for thread in threads:
        thread.join(GUARD)
    facts["uploads"] = [plain_answer(answers[index]) for index in range(3)]
    facts["home_during"] = homes
    facts["added"] = sorted(set(listing(root)) - set(before))
    # The same workbook in the repository's scenarios: listed without being read, refused when adopted.
    os.makedirs(os.path.join(root, "scenarios"), exist_ok=True)
    with open(os.path.join(root, "scenarios", "hostile.xlsx"), "wb") as file:
        file.write(data)
    before = listing(root)
    status, page = visitor.request("GET", "/")
    facts["listed"] = status == 200 and "scenarios/hostile.xlsx" in page
    adopted = []
    for _ in range(3):
        status, page = visitor.request("POST", "/adopt?s=" + urllib.parse.quote("scenarios/hostile.xlsx"), {})
        adopted.append({"status": status, "message": message(page)})
    facts["adopt"] = adopted
    facts["home_after"] = visitor.request("GET", "/")[0]
    facts["added_by_adopt"] = sorted(set(listing(root)) - set(before))
    facts["incoming_left"] = staged(root)
    print(json.dumps(facts, ensure_ascii=False))


def fill(path, county="demo", version="1", plan="2025-1-1"):
    """A route's path with its parameter filled, and the query that names a place."""
    path = path.replace(":name", "style.css")
    query = {"/data": f"c={county}&v={version}", "/solve": f"c={county}&v={version}", "/cancel": f"c={county}&v={version}",
             "/events": f"c=none&v=1", "/ledger-import": f"c={county}&v={version}", "/ledger": f"c={county}",
             "/adopt": "s=none", "/upload": "name=none.txt", "/file": f"c={county}&p={plan}&name=none"}.get(path)
    if query is None and path in ["/plan", "/explain", "/objections", "/replan", "/whatif", "/publish", "/submit", "/approve", "/return"]:
        query = f"c={county}&p={plan}"
    return path + ("?" + query if query else "")


def body(route):
    """What a route is sent: nothing for a page, a file for an upload (its token in the header),
    an empty form otherwise (its token a field)."""
    if route["method"] != "POST":
        return None
    return b"" if route["path"] == "/upload" else {}


def routes(base, routes_path, accounts_path):
    """Every route of the router, without sign-in and as each role: the status and whether the
    page says the role may not. Posts carry the session's own CSRF token, so that a 403 is the
    role's. Sign-out goes last."""
    table = json.load(open(routes_path))
    accounts = json.load(open(accounts_path))
    facts = {"anonymous": {}, "roles": {}}
    ordered = sorted(table, key=lambda route: route["path"] == "/signout")
    anonymous = Session(base)
    anonymous.request("GET", "/signin")
    for route in ordered:
        key = route["method"] + " " + route["path"]
        status, page, got = anonymous.exchange(route["method"], fill(route["path"]), body(route))
        facts["anonymous"][key] = {"status": status, "location": got.get("Location", "")}
    for account in accounts:
        session = Session(base)
        signed = session.sign_in(account["name"], account["password"])
        answers = {"signed_in": signed}
        for route in ordered:
            key = route["method"] + " " + route["path"]
            status, page, got = session.exchange(route["method"], fill(route["path"]), body(route))
            answers[key] = {"status": status, "refused": "没有权限" in page, "location": got.get("Location", "")}
        facts["roles"][account["role"]] = answers
    print(json.dumps(facts, ensure_ascii=False))


def office(base, root, accounts_path, scenario):
    """Each role at the real steps: a viewer tries to upload, solve and publish; a planner
    solves, submits and tries to publish; an approver publishes it."""
    accounts = {account["role"]: account for account in json.load(open(accounts_path))}
    people = {role: Session(base) for role in accounts}
    for role, session in people.items():
        session.sign_in(accounts[role]["name"], accounts[role]["password"])
    facts = {}
    viewer, planner, approver = people["viewer"], people["planner"], people["approver"]
    workbook = open(scenario, "rb").read()
    facts["viewer_upload"] = viewer.request("POST", "/upload?name=" + urllib.parse.quote("安义县.xlsx"), workbook)[0]
    facts["counties_after_viewer"] = sorted(name for name in os.listdir(root) if os.path.isdir(os.path.join(root, name, "data")))
    status, answer = planner.request("POST", "/upload?name=" + urllib.parse.quote("安义县.xlsx"), workbook)
    facts["planner_upload"] = [status, answer.strip()]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(answer.strip()).query)
    county, version = query["c"][0], query["v"][0]
    form = {"time_limit": "60", "gap": "0.0001%", "method": "glpk", "seed": "0"}
    facts["viewer_import"] = viewer.request("POST", f"/ledger-import?c={county}&v={version}", {})[0]
    status, page, _ = planner.post_then_page(f"/ledger-import?c={county}&v={version}", {})
    facts["planner_import"] = [status, message(page)]
    facts["viewer_solve"] = viewer.request("POST", f"/solve?c={county}&v={version}", form)[0]
    facts["planner_solve"] = planner.request("POST", f"/solve?c={county}&v={version}", form)[0]
    facts["solve_done"] = planner.wait(county, version)
    plan = re.search(r"p=([0-9-]+)", facts["solve_done"]).group(1)
    where = f"c={county}&p={plan}"
    facts["plan"] = plan
    facts["county"] = county
    # The planner's own view shows ID numbers; a viewer's is masked (a 工号 is not an ID-card number here).
    facts["viewer_submit"] = viewer.request("POST", f"/submit?{where}", {"note": "x"})[0]
    status, page, _ = planner.post_then_page(f"/submit?{where}", {"note": "请审批"})
    facts["planner_submit"] = [status, message(page)]
    facts["viewer_publish"] = viewer.request("POST", f"/approve?{where}", {"note": "x"})[0]
    facts["planner_publish"] = planner.request("POST", f"/approve?{where}", {"note": "x"})[0]
    facts["planner_return"] = planner.request("POST", f"/return?{where}", {"note": "x"})[0]
    status, page, refreshed = approver.post_then_page(f"/approve?{where}", {"note": "同意发布"})
    # Said once on the page the post leads to; a refresh of that page neither publishes again nor says it again.
    facts["approver_publish"] = {"status": status, "message": message(page), "refreshed": message(refreshed or "")}
    status, page = approver.request("GET", f"/publish?{where}")
    facts["state"] = (re.search(r'id="plan-state">([^<]*)<', page) or [None, ""])[1]
    # What a viewer can read of a plan whose 工号 are ID-card numbers: each page, link and
    # download counted for whole numbers (18 digits, or 17 and X, standing alone).
    whole = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
    sees = {}
    status, page = viewer.request("GET", f"/plan?{where}")
    sees["plan"] = [status, len(whole.findall(page))]
    link = re.search(r'href="(/explain\?[^"]*&amp;t=[0-9]+)"', page)
    if link:
        import html
        status, explained = viewer.request("GET", html.unescape(link.group(1)))
        sees["explain"] = [status, "说明 · " in explained, len(whole.findall(explained))]
    for name in ["report.html", "plan.json", "rotations.csv", "plan.xlsx"]:
        status, body = viewer.request("GET", f"/file?{where}&name={name}")
        sees[name] = [status, len(whole.findall(body))]
    status, page = planner.request("GET", f"/plan?{where}")
    sees["planner_plan"] = [status, len(whole.findall(page))]
    facts["viewer_sees"] = sees
    status, page = approver.request("GET", "/audit")
    facts["audit"] = visible_text(page)
    print(json.dumps(facts, ensure_ascii=False))


def visits(base, path, count):
    """A page asked `count` times: each answer's status and visible text."""
    session = Session(base)
    answers = [session.request("GET", path) for _ in range(int(count))]
    print(json.dumps({"statuses": [status for status, _ in answers], "texts": [visible_text(page) for _, page in answers]},
                     ensure_ascii=False))


def session_cookie(base, name, password):
    session = Session(base)
    facts = {"signed_in": session.sign_in(name, password)}
    facts["cookie"] = session.cookies.get("rotaplan_session", "")
    facts["home"] = session.request("GET", "/")[0]
    print(json.dumps(facts, ensure_ascii=False))


def resume(base, cookie):
    session = Session(base)
    session.cookies["rotaplan_session"] = cookie
    status, page = session.request("GET", "/")
    print(json.dumps({"home": status, "signed_in_as": (re.search(r'class="person">([^<（]*)', page) or [None, ""])[1].strip()},
                     ensure_ascii=False))


def lockout(base, name, password):
    session = Session(base)
    session.request("GET", "/signin")
    facts = {"wrong": []}
    for attempt in range(5):
        status, page = session.request("POST", "/signin", {"name": name, "password": "wrong-password-%d" % attempt, "next": "/"})
        facts["wrong"].append({"status": status, "message": message(page)})
    status, page = session.request("POST", "/signin", {"name": name, "password": password, "next": "/"})
    facts["right_while_locked"] = {"status": status, "message": message(page), "cookie": "rotaplan_session" in session.cookies}
    print(json.dumps(facts, ensure_ascii=False))


def stolen(base, accounts_path):
    """A's cookie with B's CSRF token, and A's cookie with A's own token."""
    accounts = json.load(open(accounts_path))
    first, second = Session(base), Session(base)
    first.sign_in(accounts[0]["name"], accounts[0]["password"])
    second.sign_in(accounts[1]["name"], accounts[1]["password"])
    thief = Session(base)
    thief.cookies = dict(first.cookies)
    thief.csrf = second.csrf
    form = {"time_limit": "5", "gap": "0", "method": "glpk", "seed": "0"}
    facts = {"different_tokens": first.csrf != second.csrf}
    facts["other_token"] = plain_answer(thief.request("POST", "/solve?c=none&v=1", form))
    facts["no_token"] = thief.request("POST", "/solve?c=none&v=1", form, csrf=False)[0]
    facts["own_token"] = first.request("POST", "/solve?c=none&v=1", form)[0]
    print(json.dumps(facts, ensure_ascii=False))


def tls(base, name, password):
    session = Session(base)
    facts = {"signin_page": session.request("GET", "/signin")[0]}
    facts["signed_in"] = session.sign_in(name, password)
    facts["home"] = session.request("GET", "/")[0]
    facts["cookie_flags"] = session.cookie_flags
    print(json.dumps(facts, ensure_ascii=False))


def insecure(base, name, password):
    session = Session(base)
    status, page = session.request("GET", "/signin")
    facts = {"signin_page": status, "warned": "未加密" in page, "text": visible_text(page)[:300]}
    facts["signed_in"] = session.sign_in(name, password)
    facts["home"] = session.request("GET", "/")[0]
    print(json.dumps(facts, ensure_ascii=False))


def together(calls):
    """Runs each call on its own thread, started together; their results in order."""
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index, call):
        barrier.wait(GUARD)
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD)
    return results


def atonce(base, scenario, teachers, root, exempt):
    session, county = adopted(base, scenario)
    facts = {"county": county}
    quick = {"time_limit": "60", "gap": "0.0001%", "method": "heuristic", "seed": "0"}
    for number in (1, 2):
        session.request("POST", f"/solve?c={county}&v=1", quick)
        facts[f"plan{number}"] = session.wait(county, 1)
    # Each teacher's objection saved by another person, all at the same moment.
    people = [Session(base) for _ in teachers.split(",")]
    for person in people:
        person.request("GET", f"/objections?c={county}&p=2025-1-2")
    calls = [lambda person=person, teacher=teacher: person.request(
        "POST", f"/objections?c={county}&p=2025-1-2", {"who": teacher, "action": "stay", "note": "家中有事"})[0]
        for person, teacher in zip(people, teachers.split(","))]
    facts["objections"] = together(calls)
    facts["objections_file"] = session.request("GET", f"/file?c={county}&p=2025-1-2&name=objections.csv")[1]
    # The same teacher again replaces the first objection, and says so; a removal pressed
    # twice removes once; an exempt teacher cannot be made to go.
    where = f"/objections?c={county}&p=2025-1-2"
    session.request("GET", where)
    listed = teachers.split(",")
    again = session.request("POST", where, {"who": listed[0], "action": "stay", "note": "第二次"})
    facts["objection_again"] = [again[0], message(again[1])]
    facts["removed_twice"] = [session.request("POST", where, {"action": "remove", "teacher": listed[-1]})[0] for _ in range(2)]
    refused = session.request("POST", where, {"who": exempt, "action": "rotate", "note": ""})
    facts["exempt_objection"] = [refused[0], message(refused[1])]
    facts["objections_after"] = session.request("GET", f"/file?c={county}&p=2025-1-2&name=objections.csv")[1]
    # A 留任 objection for a teacher the plan sends, heard after it was made and not planned
    # again: the plan is not submitted. With the objections removed, it is (below).
    rows = session.request("GET", f"/file?c={county}&p=2025-1-2&name=rotations.csv")[1].lstrip("\ufeff").splitlines()
    moving = rows[1].split(",")[rows[0].split(",").index("工号")]
    session.request("GET", where)
    session.request("POST", where, {"who": moving, "action": "stay", "note": "家中有事"})
    unmet = session.request("POST", f"/submit?c={county}&p=2025-1-2", {"note": ""})
    facts["submit_unmet"] = [unmet[0], message(unmet[1])]
    facts["explain_unmet"] = visible_text(session.request("GET", f"/explain?c={county}&p=2025-1-2&teacher={moving}")[1])
    for teacher in listed + [moving]:
        session.request("GET", where)
        session.request("POST", where, {"action": "remove", "teacher": teacher})
    # The first plan published (the data's history brought into the ledger first); the second,
    # submitted, approved twice at once to replace it.
    facts["import"] = session.request("POST", f"/ledger-import?c={county}&v=1", {})[0]
    for plan, form in [("2025-1-1", {"note": ""}), ("2025-1-2", {"note": ""})]:
        session.request("GET", f"/publish?c={county}&p={plan}")
        facts.setdefault("submitted", []).append(session.request("POST", f"/submit?c={county}&p={plan}", form)[0])
        if plan == "2025-1-1":
            # Nothing published yet for the year: replacing is not offered.
            facts["replace_offered_before"] = 'name="replace"' in session.request("GET", f"/publish?c={county}&p={plan}")[1]
            facts["first_approve"] = session.request("POST", f"/approve?c={county}&p={plan}", {"note": ""})[0]
    approvers = [Session(base), Session(base)]
    for approver in approvers:
        page = approver.request("GET", f"/publish?c={county}&p=2025-1-2")[1]
        facts["replace_offered_after"] = 'name="replace"' in page
    calls = [lambda approver=approver: approver.request(
        "POST", f"/approve?c={county}&p=2025-1-2", {"note": "公示期异议", "replace": "1"}) for approver in approvers]
    answers = together(calls)
    facts["approvals"] = sorted(status for status, _ in answers)
    # The one that published was sent back to the plan's page, which says so once.
    facts["approval_messages"] = [message(approver.request("GET", f"/publish?c={county}&p=2025-1-2")[1]) for approver in approvers]
    # The replaced plan says so; a third approval of the published plan is told it is published.
    first = session.request("GET", f"/publish?c={county}&p=2025-1-1")[1]
    state = re.search(r'id="plan-state">(.*?)</b>', first, flags=re.S)
    facts["replaced_state"] = state.group(1) if state else ""
    # The data page names the replaced plan as its own page does; a published plan's rows offer
    # no objection to record.
    facts["data_page"] = visible_text(session.request("GET", f"/data?c={county}&v=1")[1])
    published = session.request("GET", f"/plan?c={county}&p=2025-1-2")[1]
    facts["published_objection_links"] = published.count("/objections?c=" + county + "&amp;p=2025-1-2&amp;teacher=")
    again = session.request("POST", f"/approve?c={county}&p=2025-1-2", {"note": "再按一次", "replace": "1"})
    facts["approve_again"] = [again[0], message(again[1])]
    # The published report is downloaded; lost, it is made again from the ledger.
    facts["published_report"] = session.request("GET", f"/file?c={county}&p=2025-1-2&name=report.html")
    shutil.rmtree(os.path.join(root, county, "plans", "2025-1-2", "published"))
    facts["remade_report"] = session.request("GET", f"/file?c={county}&p=2025-1-2&name=report.html")
    print(json.dumps(facts, ensure_ascii=False))


if __name__ == "__main__":
    commands = {"token": token, "refusals": refusals, "hostile": hostile, "cancel": cancel, "sidebyside": sidebyside,
                "bomb": bomb, "visits": visits, "routes": routes, "office": office, "session": session_cookie, "resume": resume,
                "lockout": lockout, "stolen": stolen, "tls": tls, "insecure": insecure, "atonce": atonce, "zipped": zipped}
    commands[sys.argv[1]](*sys.argv[2:])
