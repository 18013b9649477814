"""The year's work in the workstation, done in a real browser (Debian's chromium through
selenium), step by step as a person would; prints what it saw as JSON for the Swift test to
check. Waits are bounded guards against a hang, never measurements.

usage: workstation_browser.py URL OUT_FOLDER BROKEN.xlsx GOOD.xlsx
  BROKEN.xlsx and GOOD.xlsx are uploaded under the same file name (GOOD fixes BROKEN).
"""
import http.cookiejar
import json
import os
import shutil
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "scripts"))
from importlib import import_module  # noqa: E402

png_pixels = import_module("check-report").png_pixels

GUARD = 900  # seconds: a hung page fails the test instead of hanging CI


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                 "--no-first-run", "--lang=zh-CN"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": downloads})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def shot(driver, out, name, facts):
    """A screenshot of the page and whether it shows something: share of inked pixels, colours."""
    path = os.path.join(out, name + ".png")
    driver.save_screenshot(path)
    width, height, channels, rows = png_pixels(path)
    inked, seen = 0, set()
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = row[x:x + 3]
            seen.add(pixel)
            inked += sum(pixel) < 600
    facts.setdefault("screenshots", {})[name] = {"inked": inked / ((height // 4 + 1) * (width // 4 + 1)), "colours": len(seen)}


def wait_for_job(driver, facts, key):
    """On the scenario page: the job's lines arrive by server-sent events until it is done."""
    WebDriverWait(driver, GUARD).until(lambda d: d.find_element(By.ID, "job-state").text != "running")
    facts[key + "_state"] = driver.find_element(By.ID, "job-state").text
    facts[key + "_progress"] = driver.find_element(By.ID, "progress").text.splitlines()


def click_and_load(driver, element):
    """Clicks what loads a new page and waits until the old one is gone."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, GUARD).until(ready.staleness_of(old))


def fetch(driver, url):
    """A download with the browser's cookies."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    request = urllib.request.Request(url)
    request.add_header("Cookie", "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies()))
    with opener.open(request, timeout=GUARD) as response:
        return response.read()


def main():
    base, out, broken, good = sys.argv[1:5]
    facts = {}
    driver = browser(out)
    driver.set_page_load_timeout(GUARD)
    try:
        # 1. Data: upload the broken workbook, see its problems; upload the fixed one.
        driver.get(base)
        shot(driver, out, "data", facts)
        driver.find_element(By.ID, "upload").send_keys(broken)
        WebDriverWait(driver, GUARD).until(ready.url_contains("/scenario?"))
        facts["problems"] = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#problems tbody tr")]
        facts["can_solve_broken"] = len(driver.find_elements(By.ID, "solve")) > 0
        shot(driver, out, "problems", facts)
        driver.get(base)
        driver.find_element(By.ID, "upload").send_keys(good)
        WebDriverWait(driver, GUARD).until(ready.url_contains("/scenario?"))
        scenario_page = driver.current_url
        facts["problems_after_fix"] = len(driver.find_elements(By.CSS_SELECTOR, "#problems tbody tr"))

        # 2. Plan: GLPK to optimality, as `rotaplan solve --method glpk` would.
        Select(driver.find_element(By.NAME, "method")).select_by_value("glpk")
        click_and_load(driver, driver.find_element(By.ID, "solve"))
        wait_for_job(driver, facts, "solve")
        shot(driver, out, "plan", facts)
        query = scenario_page.split("?", 1)[1]
        with open(os.path.join(out, "solved-plan.json"), "wb") as file:
            file.write(fetch(driver, base.rstrip("/") + "/file?" + query + "&name=plan.json"))

        # 3. Review: summary, verification, the lists; a teacher's explanation.
        click_and_load(driver, driver.find_element(By.ID, "result-link"))
        facts["verify"] = driver.find_element(By.ID, "verify").text
        facts["rotation_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#rotations tbody tr"))
        facts["visit_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#itinerant tbody tr"))
        first = driver.find_element(By.CSS_SELECTOR, "#rotations tbody tr td")
        facts["first_teacher"] = first.text
        driver.find_element(By.CSS_SELECTOR, "#rotations thead th:nth-child(8)").click()  # sort by km
        kms = [float(cell.text) for cell in driver.find_elements(By.CSS_SELECTOR, "#rotations tbody tr td:nth-child(8)")]
        facts["sorted_by_km"] = kms == sorted(kms)
        driver.find_element(By.CSS_SELECTOR, "input[data-filter='rotations']").send_keys(facts["first_teacher"])
        facts["filtered_rows"] = len([row for row in driver.find_elements(By.CSS_SELECTOR, "#rotations tbody tr") if row.is_displayed()])
        shot(driver, out, "review", facts)
        visible = [row for row in driver.find_elements(By.CSS_SELECTOR, "#rotations tbody tr") if row.is_displayed()]
        click_and_load(driver, visible[0].find_element(By.CSS_SELECTOR, "td a"))
        facts["explain"] = driver.find_element(By.ID, "lines").text.splitlines()
        shot(driver, out, "explain", facts)

        # 4. Objections: keep the first teacher at home, re-plan with the fewest changes.
        driver.get(base.rstrip("/") + "/objections?" + query + "&teacher=" + facts["first_teacher"])
        Select(driver.find_element(By.ID, "objection-action")).select_by_value("stay")
        driver.find_element(By.ID, "objection-note").send_keys("家中有重病老人 <b>需照顾</b>")
        click_and_load(driver, driver.find_element(By.ID, "add-objection"))
        facts["objections"] = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#objection-list tbody tr")]
        click_and_load(driver, driver.find_element(By.ID, "replan"))
        wait_for_job(driver, facts, "replan")
        driver.get(base.rstrip("/") + "/objections?" + query)
        facts["changes"] = driver.find_element(By.ID, "changes").text.splitlines()
        shot(driver, out, "objections", facts)

        # 5. What-if: one variant beside the base.
        driver.get(base.rstrip("/") + "/whatif?" + query)
        variants = driver.find_element(By.ID, "variants")
        variants.clear()
        variants.send_keys("ratio12:policy.rotation.min_ratio=0.12")
        click_and_load(driver, driver.find_element(By.ID, "run-whatif"))
        wait_for_job(driver, facts, "whatif")
        driver.get(base.rstrip("/") + "/whatif?" + query)
        facts["comparison_header"] = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#comparison thead th")]
        facts["comparison_rows"] = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#comparison tbody tr")]
        shot(driver, out, "whatif", facts)

        # 6. Publish: record in the ledger, browse a teacher's record, download plan.xlsx.
        driver.get(base.rstrip("/") + "/publish?" + query)
        driver.find_element(By.ID, "publish-note").send_keys("公示无异议后发布")
        click_and_load(driver, driver.find_element(By.ID, "publish"))
        facts["publish"] = driver.find_element(By.ID, "message").text
        replanned = fetch(driver, base.rstrip("/") + "/file?" + query + "&name=plan.json")
        with open(os.path.join(out, "replanned-plan.json"), "wb") as file:
            file.write(replanned)
        facts["ledger_teacher"] = json.loads(replanned)["rotations"][0]["teacher"]
        driver.find_element(By.ID, "ledger-teacher").send_keys(facts["ledger_teacher"])
        click_and_load(driver, driver.find_element(By.ID, "ledger-show"))
        facts["ledger"] = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#ledger-lines tbody tr")]
        shot(driver, out, "publish", facts)
        with open(os.path.join(out, "plan.xlsx"), "wb") as file:
            file.write(fetch(driver, base.rstrip("/") + "/file?" + query + "&name=plan.xlsx"))
        facts["scenario_query"] = query
    finally:
        driver.quit()
    json.dump(facts, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
