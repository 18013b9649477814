"""Plain HTTP requests against a running workstation, as an attacker or a careless upload
would send them; prints what came back as JSON for the Swift test to check.

usage:
  workstation_http.py token URL                 requests without and with the token
  workstation_http.py refusals URL ROOT         CSRF, oversize, traversal, wrong kinds
  workstation_http.py hostile URL SCENARIO TEACHER   solve, then the teacher's pages
  workstation_http.py pages URL SCENARIO COUNT  COUNT page loads; their times in ms
  workstation_http.py cancel URL SCENARIO       a quick plan, then a long solve cancelled
"""
import io
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

GUARD = 900


class Session:
    """A browser-like session: the cookies the server sets and the CSRF token of its pages."""

    def __init__(self, base, token=None):
        self.base = base.split("?")[0].rstrip("/")
        self.cookies = {}
        self.token = token
        self.csrf = None

    def request(self, method, path, body=None, headers=None, csrf=True):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if method == "POST" and csrf and self.csrf and "X-CSRF-Token" not in headers and not isinstance(body, dict):
            headers["X-CSRF-Token"] = self.csrf
        if isinstance(body, dict):
            fields = dict(body)
            if csrf and self.csrf:
                fields["csrf"] = self.csrf
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        opener = urllib.request.build_opener(NoRedirect())
        try:
            response = opener.open(request, timeout=GUARD)
            status, text, got = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, text, got = error.code, error.read(), error.headers
        for cookie in got.get_all("Set-Cookie") or []:
            name, value = cookie.split(";")[0].split("=", 1)
            self.cookies[name] = value
        return status, text.decode("utf-8", "replace")

    def start(self):
        status, page = self.request("GET", "/")
        match = re.search(r'name="csrf" content="([0-9a-f]+)"', page)
        self.csrf = match.group(1) if match else None
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


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


def archive(entries):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zipped:
        for name, text in entries:
            zipped.writestr(name, text)
    return data.getvalue()


def refusals(base, root):
    facts = {}
    session = Session(base)
    session.start()
    before = sorted(os.listdir(root))
    # A post without the session's CSRF token, or with another session's.
    facts["post_without_csrf"] = session.request("POST", "/solve?s=scenarios/demo", {"time_limit": "5", "gap": "0", "method": "glpk", "seed": "0"}, csrf=False)[0]
    other = Session(base)
    other.start()
    stolen = Session(base)
    stolen.cookies = dict(session.cookies)
    stolen.csrf = other.csrf
    facts["post_with_other_csrf"] = stolen.request("POST", "/solve?s=scenarios/demo", {"time_limit": "5", "gap": "0", "method": "glpk", "seed": "0"})[0]
    facts["upload_without_csrf"] = session.request("POST", "/upload?name=a.xlsx", b"PK", csrf=False)[0]
    # Over 20 MB.
    facts["oversize"] = session.request("POST", "/upload?name=big.xlsx", b"PK" + b"\0" * (21 * 1024 * 1024))
    # Archives whose paths leave the upload, names with '..', wrong kinds.
    facts["zip_traversal"] = session.request("POST", "/upload?name=evil.zip", archive([("../evil.csv", "x"), ("scenario.yaml", "county: x")]))
    facts["zip_absolute"] = session.request("POST", "/upload?name=evil2.zip", archive([("/tmp/evil.csv", "x")]))
    facts["zip_stranger"] = session.request("POST", "/upload?name=evil3.zip", archive([("run.sh", "rm -rf /")]))
    facts["dotdot_name"] = session.request("POST", "/upload?name=" + urllib.parse.quote("../../escape.xlsx"), b"PK")
    facts["old_xls"] = session.request("POST", "/upload?name=old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    facts["not_a_workbook"] = session.request("POST", "/upload?name=fake.xlsx", "教师,学校\n".encode())
    facts["unknown_scenario"] = session.request("GET", "/review?s=" + urllib.parse.quote("../../etc"))[0]
    facts["file_outside"] = session.request("GET", "/file?s=scenarios/demo&name=" + urllib.parse.quote("../../../etc/passwd"))[0]
    after = sorted(os.listdir(root))
    uploads = os.path.join(root, "uploads")
    facts["root_unchanged"] = before == after or sorted(set(after) - set(before)) == ["uploads"]
    facts["uploads_left"] = sorted(os.listdir(uploads)) if os.path.isdir(uploads) else []
    facts["evil_written"] = any(os.path.exists(os.path.join(path, "evil.csv")) for path in [root, os.path.dirname(root), "/tmp"])
    for key, value in facts.items():
        if isinstance(value, tuple):
            facts[key] = {"status": value[0], "text": value[1][:300]}
    print(json.dumps(facts, ensure_ascii=False))


def hostile(base, scenario, teacher):
    facts = {}
    session = Session(base)
    session.start()
    quoted = urllib.parse.quote(scenario)
    facts["solve"] = session.request("POST", "/solve?s=" + quoted, {"time_limit": "60", "gap": "0", "method": "glpk", "seed": "0"})[0]
    status, events = session.request("GET", "/events?s=" + quoted)
    facts["events"] = events.strip().splitlines()[-1] if events.strip() else ""
    for name, path in [("explain", "/explain?s=%s&teacher=%s" % (quoted, teacher)), ("review", "/review?s=" + quoted),
                       ("objections", "/objections?s=%s&teacher=%s" % (quoted, urllib.parse.quote("<script>alert(1)</script>")))]:
        status, page = session.request("GET", path)
        facts[name] = {"status": status, "escaped": "&lt;script&gt;" in page, "raw": "<script>alert" in page}
    print(json.dumps(facts, ensure_ascii=False))


def cancel(base, scenario):
    facts = {}
    session = Session(base)
    session.start()
    quoted = urllib.parse.quote(scenario)
    # A first plan, quickly.
    facts["first"] = session.request("POST", "/solve?s=" + quoted, {"time_limit": "60", "gap": "1e-6", "method": "heuristic", "seed": "0"})[0]
    facts["first_done"] = session.request("GET", "/events?s=" + quoted)[1].strip().splitlines()[-1]
    status, before = session.request("GET", "/file?s=%s&name=plan.json" % quoted)
    # A long solve (GLPK to a zero gap), a second one refused while it runs, then cancelled.
    facts["long"] = session.request("POST", "/solve?s=" + quoted, {"time_limit": "600", "gap": "0", "method": "glpk", "seed": "0"})[0]
    facts["second_while_running"] = session.request("POST", "/solve?s=" + quoted, {"time_limit": "600", "gap": "0", "method": "glpk", "seed": "0"})[0]
    facts["cancel"] = session.request("POST", "/cancel?s=" + quoted, {})[0]
    facts["long_done"] = session.request("GET", "/events?s=" + quoted)[1].strip().splitlines()[-1]
    status, after = session.request("GET", "/file?s=%s&name=plan.json" % quoted)
    facts["plan_unchanged"] = before == after
    print(json.dumps(facts, ensure_ascii=False))


def pages(base, scenario, count):
    session = Session(base)
    session.start()
    times = []
    paths = ["/", "/scenario?s=" + urllib.parse.quote(scenario), "/review?s=" + urllib.parse.quote(scenario), "/assets/style.css"]
    for index in range(int(count)):
        start = time.perf_counter()
        status, _ = session.request("GET", paths[index % len(paths)])
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    print(json.dumps({"times_ms": times}))


if __name__ == "__main__":
    {"token": token, "refusals": refusals, "hostile": hostile, "pages": pages, "cancel": cancel}[sys.argv[1]](*sys.argv[2:])
