"""The year's work in the workstation, done in a real browser (Debian's chromium through
selenium) step by step as an HR officer would, in Chinese; prints what it saw as JSON for the
Swift test to check. Waits are bounded guards against a hang, never measurements.

usage:
  workstation_browser.py year URL OUT ROOT BROKEN.xlsx GOOD.xlsx CHANGED.xlsx
      BROKEN, GOOD and CHANGED are uploaded under one file name (安义县.xlsx): GOOD fixes BROKEN
      and has a 历史 sheet; CHANGED is GOOD with one cell changed, uploaded after the publish.
  workstation_browser.py approval URL OUT ROOT GOOD.xlsx ACCOUNTS.json
      a planner solves and submits, an approver returns it with a note, the planner re-plans
      and submits again, the approver publishes (ACCOUNTS: [{name, password, role}]).
"""
import http.cookiejar
import json
import os
import re
import shutil
import sqlite3
import sys
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "scripts"))
from importlib import import_module  # noqa: E402

png_pixels = import_module("check-report").png_pixels

GUARD = 900  # seconds: a hung page fails the test instead of hanging CI

# Codes that must never reach a page as values (docs/workstation.md "The office's language").
CODES = ["cadre", "backbone", "reserve_cadre", "regular", "lead_to_member", "member_to_lead", "lead_to_site", "site_to_lead",
         "mon", "tue", "wed", "thu", "fri", "optimal", "feasible", "infeasible"]
RULE = r"R[1-7]|I[1-5]|X[1-3]"


def codes(text, root):
    """The codes, rule ids and server paths in a page's visible text, each with its
    surroundings. A rule id is allowed only directly inside （…） after Chinese: 牵头校派出比例（R2）."""
    found = []
    for code in CODES:
        for match in re.finditer(r"(?<![A-Za-z_])" + code + r"(?![A-Za-z_])", text):
            found.append(text[max(0, match.start() - 25):match.end() + 25])
    allowed = re.sub(r"(?<=[\u3400-\u9fff])（(?:(?:" + RULE + r")[、，, /–-]*)+）", "（）", text)
    for match in re.finditer(r"(?<![A-Za-z0-9])(" + RULE + r")(?![0-9A-Za-z])", allowed):
        found.append(allowed[max(0, match.start() - 25):match.end() + 25])
    for path in {root, os.path.realpath(root)}:
        if path in text:
            found.append("server path " + path)
    return found


# The page's visible text, with the elements of the given ids hidden while it is read.
VISIBLE_TEXT = """
const hidden = [];
for (const id of arguments[0]) {
  const element = document.getElementById(id);
  if (element) { hidden.push([element, element.style.display]); element.style.display = "none"; }
}
const text = document.body.innerText;
for (const [element, display] of hidden) element.style.display = display;
return text;
"""

TABLE = """
return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr'))
  .filter(row => !arguments[1] || !row.hidden)
  .map(row => Array.from(row.cells).map(cell => cell.textContent.trim()));
"""


class Visit:
    """The browser, what it saw, and the pages' checks."""

    def __init__(self, base, out, root):
        self.base = base.rstrip("/")
        self.out = out
        self.root = root
        self.facts = {"codes": {}, "screenshots": {}}
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                     "--no-first-run", "--lang=zh-CN"]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {"download.default_directory": out})
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(GUARD)

    def get(self, path):
        self.driver.get(self.base + path)

    def find(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def text(self, selector):
        found = self.all(selector)
        return found[0].text if found else ""

    def click_and_load(self, element):
        """Clicks what loads a new page and waits until the old one is gone. Chromium may answer
        a question about the old page's element, while the new page replaces it, with "Node
        with given id does not belong to the document" instead of a stale element: gone too."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()

        def gone(_driver):
            try:
                old.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as error:
                if "does not belong to the document" in str(error):
                    return True
                raise

        WebDriverWait(self.driver, GUARD).until(gone)

    def nav(self, words):
        """Follows the navigation's link that says `words`."""
        self.click_and_load(self.driver.find_element(By.XPATH, f"//header//a[contains(., '{words}')]"))

    def check(self, name, exclude=()):
        """Records the codes of the page's visible text; the excluded elements' own are recorded apart."""
        self.facts["codes"][name] = codes(self.driver.execute_script(VISIBLE_TEXT, list(exclude)), self.root)
        for element in exclude:
            part = self.all("#" + element)
            self.facts["codes"][name + " #" + element] = codes(part[0].text, self.root) if part else []

    def shot(self, name):
        """A screenshot of the page and whether it shows something: share of inked pixels, colours."""
        path = os.path.join(self.out, name + ".png")
        self.driver.save_screenshot(path)
        width, height, channels, rows = png_pixels(path)
        inked, seen = 0, set()
        for row in rows[::4]:
            for x in range(0, width * channels, channels * 4):
                pixel = row[x:x + 3]
                seen.add(pixel)
                inked += sum(pixel) < 600
        self.facts["screenshots"][name] = {"inked": inked / ((height // 4 + 1) * (width // 4 + 1)), "colours": len(seen)}

    def table(self, selector, shown_only=False):
        return self.driver.execute_script(TABLE, selector, shown_only)

    def upload(self, path):
        """Chooses a file on the home page; the workstation answers with its data page."""
        self.get("/")
        old = self.driver.current_url
        self.find("#upload").send_keys(path)
        WebDriverWait(self.driver, GUARD).until(lambda d: d.current_url != old and "/data?" in d.current_url)
        WebDriverWait(self.driver, GUARD).until(lambda d: d.execute_script("return document.readyState") == "complete")
        return self.driver.current_url

    def wait_for_job(self, key):
        """On the data page: the job's lines arrive by server-sent events until it is done."""
        WebDriverWait(self.driver, GUARD).until(lambda d: d.find_element(By.ID, "job-state").get_attribute("data-state") != "running")
        self.facts[key + "_state"] = self.find("#job-state").get_attribute("data-state")
        self.facts[key + "_state_text"] = self.text("#job-state")
        self.facts[key + "_progress"] = self.text("#progress-lines").splitlines()
        # After the post the page shows its progress box, not the top of the page.
        self.facts[key + "_progress_in_view"] = self.driver.execute_script(
            "const box = document.getElementById('progress').getBoundingClientRect(); return box.top >= 0 && box.top < window.innerHeight;")
        WebDriverWait(self.driver, GUARD).until(lambda d: d.find_elements(By.ID, "result-link"))
        return self.find("#result-link").get_attribute("href")

    def fetch(self, path):
        """A download with the browser's cookies: its bytes and its headers."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        request = urllib.request.Request(self.base + urllib.parse.quote(path, safe="/?=&%"))
        request.add_header("Cookie", "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies()))
        with opener.open(request, timeout=GUARD) as response:
            return response.read(), dict(response.headers)

    def save(self, path, name):
        data, headers = self.fetch(path)
        with open(os.path.join(self.out, name), "wb") as file:
            file.write(data)
        return data, headers

    def sign_in(self, name, password):
        self.get("/")
        WebDriverWait(self.driver, GUARD).until(lambda d: "/signin" in d.current_url)
        self.find("#signin-name").send_keys(name)
        self.find("#signin-password").send_keys(password)
        self.click_and_load(self.find("#signin"))
        return self.text("header .person")

    def sign_out(self):
        self.click_and_load(self.find("#signout"))

    def console_errors(self):
        """What the pages' scripts and loads reported as errors (a missing favicon aside)."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]

    def quit(self):
        self.facts.setdefault("console_errors", []).extend(self.console_errors())
        self.driver.quit()


def plan_of(url):
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    return query["c"][0], query.get("p", query.get("v", [""]))[0]


def unique_names(visit):
    """The names only one teacher has, from the objection form's type-ahead list."""
    labels = visit.driver.execute_script("return Array.from(document.querySelectorAll('#people option')).map(o => o.value);")
    names = [label.split("（")[0] for label in labels]
    return {name for name in names if names.count(name) == 1}, labels


def add_objection(visit, who, action, school="", note=""):
    visit.find("#objection-who").send_keys(who)
    Select(visit.find("#objection-action")).select_by_value(action)
    if school:
        visit.find("#objection-school").send_keys(school)
    if note:
        visit.find("#objection-note").send_keys(note)
    visit.click_and_load(visit.find("#add-objection"))
    return visit.table("#objection-list")


def year(base, out, root, broken, good, changed):
    visit = Visit(base, out, root)
    facts = visit.facts
    try:
        # 1. Data: the broken workbook, its problems by sheet and cell; then the fixed one.
        visit.get("/")
        visit.check("home")
        visit.shot("home")
        broken_page = visit.upload(broken)
        facts["broken_page"] = broken_page
        facts["problems"] = visit.table("#problems")
        facts["can_solve_broken"] = len(visit.all("#solve")) > 0
        visit.check("data with problems")
        visit.shot("problems")
        data_page = visit.upload(good)
        facts["data_page"] = data_page
        county, version = plan_of(data_page)
        facts["county"], facts["version"] = county, version
        facts["problems_after_fix"] = len(visit.all("#problems tbody tr"))
        # The workbook's 历史 sheet goes into the county's empty ledger, as the page offers.
        facts["ledger_import_offered"] = len(visit.all("#ledger-import")) > 0
        visit.click_and_load(visit.find("#ledger-import"))
        facts["ledger_import"] = visit.text("#message")
        # The same workbook again: no new version, and the page says so.
        facts["same_again_page"] = visit.upload(good)
        facts["same_again_message"] = visit.text("#message")
        visit.check("data")
        visit.shot("data")

        # 2. Plan: GLPK to optimality, as `rotaplan solve --method glpk` would.
        Select(visit.find("select[name='method']")).select_by_value("glpk")
        limit = visit.find("input[name='time_limit']")
        limit.clear()
        limit.send_keys("120")
        facts["gap_shown"] = visit.find("input[name='gap']").get_attribute("value")
        visit.click_and_load(visit.find("#solve"))
        result = visit.wait_for_job("solve")
        county, plan = plan_of(result)
        facts["plan"] = plan
        facts["time_limit_after"] = visit.find("input[name='time_limit']").get_attribute("value")
        visit.check("data after solve")
        visit.shot("solved")
        visit.save(f"/file?c={county}&p={plan}&name=plan.json", "solved-plan.json")
        # The ledger as the solve read it, for `rotaplan solve --ledger` in the test.
        source = sqlite3.connect(os.path.join(root, county, "ledger.sqlite"))
        copy = sqlite3.connect(os.path.join(out, "ledger-at-solve.sqlite"))
        source.backup(copy)
        copy.close()
        source.close()

        # 3. Review: verdict, lists, sorting, filters by what is shown, explanations.
        visit.click_and_load(visit.find("#result-link"))
        review_page = visit.driver.current_url
        facts["verify"] = visit.text("#verify")
        rows = visit.table("#rotations")
        facts["rotation_rows"] = len(rows)
        facts["visit_rows"] = len(visit.table("#itinerant"))
        visit.check("review")
        visit.find("#rotations thead th:nth-child(9)").click()  # 距离（公里）
        kms = [float(row[8]) for row in visit.table("#rotations")]
        facts["sorted_by_km"] = kms == sorted(kms) and len(set(kms)) > 1
        for word in ["骨干", "数学"]:
            visit.get(review_page.split(visit.base, 1)[1])
            visit.find("input[data-filter='rotations']").send_keys(word)
            shown = visit.table("#rotations", shown_only=True)
            facts["filter " + word] = {"rows": len(shown), "all_contain": all(any(word in cell for cell in row) for row in shown),
                                       "says": visit.text("span[data-count='rotations']")}
            if word == "骨干":
                visit.shot("review")
        visit.get(review_page.split(visit.base, 1)[1])
        first = visit.find("#rotations tbody tr td a")
        facts["explained_teacher"] = first.text
        visit.click_and_load(first)
        facts["explain"] = visit.text("#lines").splitlines()
        visit.check("explain", exclude=["lines"])
        visit.shot("explain")

        # 4. Objections by name: a teacher kept home, one sent to a school named; a third added and removed.
        visit.get(review_page.split(visit.base, 1)[1])
        visit.nav("公示异议")
        unique, labels = unique_names(visit)
        facts["people_labels"] = labels[:3]
        leads = [row for row in rows if "（牵头校→" in row[6] and row[0] in unique]
        to_lead = [row for row in rows if "→牵头校）" in row[6] and row[0] in unique]
        kept, sent = leads[0], to_lead[0]
        third = next(row for row in rows if row[0] in unique and row[0] not in (kept[0], sent[0]))
        facts["kept"], facts["sent"], facts["third"] = kept, sent, third
        facts["after_first"] = add_objection(visit, kept[0], "stay", note="家中有老人 <b>需照顾</b>")
        facts["after_second"] = add_objection(visit, sent[0], "to", school=sent[3], note="本人申请")
        facts["after_third"] = add_objection(visit, third[0], "stay")
        row = next(tr for tr in visit.all("#objection-list tbody tr") if tr.find_element(By.TAG_NAME, "td").text == third[0])
        visit.click_and_load(row.find_element(By.CSS_SELECTOR, "button.remove"))
        facts["after_removal"] = visit.table("#objection-list")
        visit.check("objections")
        visit.shot("objections")
        visit.save(f"/file?c={county}&p={plan}&name=objections.csv", "objections-before-replan.csv")

        # 5. Re-plan: a new plan m+1 from this one; this one and its objections stay as they were.
        visit.click_and_load(visit.find("#replan"))
        replanned = visit.wait_for_job("replan")
        county, new_plan = plan_of(replanned)
        facts["replanned"] = new_plan
        visit.save(f"/file?c={county}&p={plan}&name=plan.json", "solved-plan-after-replan.json")
        visit.save(f"/file?c={county}&p={plan}&name=objections.csv", "objections-after-replan.csv")
        visit.save(f"/file?c={county}&p={new_plan}&name=plan.json", "replanned-plan.json")
        visit.get(f"/objections?c={county}&p={new_plan}")
        facts["changes"] = visit.text("#changes").splitlines()
        facts["replan_objections"] = visit.table("#objection-list")
        visit.check("objections of the re-plan", exclude=["changes"])

        # 6. What-if built with the form, against the plan under review.
        visit.get(f"/plan?c={county}&p={new_plan}")
        facts["replanned_rows"] = len(visit.table("#rotations"))
        visit.nav("方案比较")
        # The settings are listed as the template lists them: R2's share first.
        facts["whatif_settings"] = [option.get_attribute("value") for option in Select(visit.find("#setting1")).options][:3]
        Select(visit.find("#setting1")).select_by_value("policy.rotation.min_ratio")
        value = visit.find("#value1")
        value.clear()
        # A value the solve could not read is told on the form, before any job.
        value.send_keys("十二")
        visit.find("input[name='name1']").send_keys("比例12")
        visit.click_and_load(visit.find("#run-whatif"))
        facts["whatif_bad_value"] = visit.text("#message")
        # The refusal is a 400, which the browser logs: taken here, so that nothing else hides.
        facts["whatif_bad_value_logged"] = [("400" in entry) for entry in visit.console_errors()]
        Select(visit.find("#setting1")).select_by_value("policy.rotation.min_ratio")
        value = visit.find("#value1")
        value.clear()
        value.send_keys("12%")
        name = visit.find("input[name='name1']")
        name.clear()
        name.send_keys("比例12")
        limit = visit.find("input[name='time_limit']")
        limit.clear()
        limit.send_keys("60")
        Select(visit.find("select[name='method']")).select_by_value("glpk")
        visit.click_and_load(visit.find("#run-whatif"))
        visit.wait_for_job("whatif")
        visit.click_and_load(visit.find("#result-link"))
        facts["comparison_header"] = visit.driver.execute_script(
            "return Array.from(document.querySelectorAll('#comparison thead th')).map(th => th.textContent.trim());")
        facts["comparison"] = visit.table("#comparison")
        facts["comparison_caption"] = visit.text("p.caption")
        visit.check("whatif")
        visit.shot("whatif")

        # 7. Publish: submit, approve; the ledger's record of a teacher looked up by name.
        visit.nav("发布")
        facts["history_pending"] = len(visit.all("#history-pending")) > 0
        visit.find("#submit-note").send_keys("公示期满")
        visit.click_and_load(visit.find("#submit"))
        facts["submitted"] = visit.text("#plan-state")
        visit.find("#publish-note").send_keys("公示无异议后发布")
        visit.click_and_load(visit.find("#publish"))
        facts["publish"] = visit.text("#message")
        facts["published"] = visit.text("#plan-state")
        facts["downloads"] = [a.text for a in visit.all("main ul li a")]
        visit.check("publish")
        visit.shot("publish")
        data, headers = visit.save(f"/file?c={county}&p={new_plan}&name=plan.xlsx", "plan.xlsx")
        facts["xlsx_disposition"] = urllib.parse.unquote(headers.get("Content-Disposition", ""))
        visit.nav("台账")
        visit.find("#ledger-query").send_keys(sent[0])
        visit.click_and_load(visit.find("#ledger-show"))
        facts["ledger_teacher"] = sent[0]
        facts["ledger"] = [li.text for li in visit.all("#ledger-lines li")]
        visit.check("ledger")
        visit.shot("ledger")
        visit.get("/audit")
        facts["audit_rows"] = len(visit.table("#audit"))
        visit.check("audit")

        # 8. The same file name uploaded again with a change: a new data version; the ledger,
        # the published plan and its objections stay; the plan's pages say the data changed.
        facts["reupload_page"] = visit.upload(changed)
        visit.get(f"/plan?c={county}&p={new_plan}")
        facts["stale"] = visit.text("#stale")
        facts["state_after_reupload"] = visit.text("#plan-state")
        visit.check("review after re-upload")
        # As the search form sends a name pasted with spaces around it (spaces as +).
        visit.get(f"/ledger?c={county}&q=+{urllib.parse.quote(sent[0])}+")
        facts["ledger_after_reupload"] = [li.text for li in visit.all("#ledger-lines li")]
        visit.get(f"/objections?c={county}&p={new_plan}")
        facts["objections_after_reupload"] = visit.table("#objection-list")
    finally:
        visit.quit()
    json.dump(facts, sys.stdout, ensure_ascii=False)


def approval(base, out, root, good, accounts_path):
    accounts = {account["role"]: account for account in json.load(open(accounts_path))}
    planner, approver = accounts["planner"], accounts["approver"]
    visit = Visit(base, out, root)
    facts = visit.facts
    try:
        # The planner: signs in, uploads, brings the history in, solves, submits.
        facts["planner_greeting"] = visit.sign_in(planner["name"], planner["password"])
        data_page = visit.upload(good)
        visit.click_and_load(visit.find("#ledger-import"))
        Select(visit.find("select[name='method']")).select_by_value("glpk")
        visit.click_and_load(visit.find("#solve"))
        county, plan = plan_of(visit.wait_for_job("solve"))
        facts["first_plan"] = plan
        visit.get(f"/publish?c={county}&p={plan}")
        facts["planner_can_publish"] = len(visit.all("#publish")) > 0
        visit.find("#submit-note").send_keys("请审批")
        visit.click_and_load(visit.find("#submit"))
        facts["after_submit"] = visit.text("#plan-state")
        visit.sign_out()

        # The approver: returns it with a note.
        facts["approver_greeting"] = visit.sign_in(approver["name"], approver["password"])
        visit.get(f"/publish?c={county}&p={plan}")
        visit.find("#return-note").send_keys("万埠片区名单需调整")
        visit.click_and_load(visit.find("#return"))
        facts["after_return"] = visit.text("#plan-state")
        visit.shot("returned")
        visit.sign_out()

        # The planner: sees the note, records an objection, re-plans, submits the new plan.
        visit.sign_in(planner["name"], planner["password"])
        visit.get(f"/publish?c={county}&p={plan}")
        facts["planner_sees"] = [li.text for li in visit.all("#plan-events li")]
        visit.get(f"/plan?c={county}&p={plan}")
        rows = visit.table("#rotations")
        visit.nav("公示异议")
        unique, _ = unique_names(visit)
        kept = next(row for row in rows if row[0] in unique)
        facts["kept"] = kept
        add_objection(visit, kept[0], "stay", note="按退回意见留任")
        visit.click_and_load(visit.find("#replan"))
        county, second = plan_of(visit.wait_for_job("replan"))
        facts["second_plan"] = second
        visit.get(f"/publish?c={county}&p={second}")
        visit.click_and_load(visit.find("#submit"))
        facts["second_after_submit"] = visit.text("#plan-state")
        visit.sign_out()

        # The approver: publishes the new plan.
        visit.sign_in(approver["name"], approver["password"])
        visit.get(f"/publish?c={county}&p={second}")
        visit.find("#publish-note").send_keys("同意发布")
        visit.click_and_load(visit.find("#publish"))
        facts["publish"] = visit.text("#message")
        facts["second_state"] = visit.text("#plan-state")
        visit.shot("published")
        visit.get(f"/publish?c={county}&p={plan}")
        facts["first_state"] = visit.text("#plan-state")
        visit.get("/audit")
        facts["audit"] = visit.table("#audit")
        facts["county"] = county
    finally:
        visit.quit()
    json.dump(facts, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    {"year": year, "approval": approval}[sys.argv[1]](*sys.argv[2:])
