"""The HTML reports, as a reader sees them: opened in headless Chromium (Debian's package), with no console error,
no request leaving file://, every chart drawn as SVG marks, and hostile article text shown inert. Also: two runs on
the same inputs write identical tables and chart specifications. Screenshots go to reports/out/screenshots/."""
import filecmp, os, shutil
from pathlib import Path

import pytest

from newsresearch.reports import run_report

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "reports" / "out" / "screenshots"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile-2024-03-05.txt"
CHROME_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path():
    for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium", shutil.which("chromium") or "",
              shutil.which("chromium-browser") or "", shutil.which("google-chrome") or ""):
        if p and os.access(p, os.X_OK): return p
    pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package (apt-get install chromium)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    runs = [run_report("article", {}, out), run_report("corpus", {}, out), run_report("history", {}, out),
            run_report("article", {"article_path": str(HOSTILE)}, out)]
    return {r.html.stem: r for r in runs}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROME_FLAGS, headless=True)
        yield b
        b.close()


def open_report(browser, html: Path):
    "Load a report; return the page and what went wrong (console errors, page errors, dialogs, outside requests)."
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = {"console": [], "pageerror": [], "dialog": [], "outside": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["pageerror"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialog"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["outside"].append(r.url) if not r.url.startswith(("file://", "data:", "about:")) else None)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{html.stem}.png"), full_page=True)
    return page, seen


def test_every_report_renders_offline_with_charts(reports, browser):
    for name, run in reports.items():
        page, seen = open_report(browser, run.html)
        assert seen["console"] == [] and seen["pageerror"] == [], (name, seen)
        assert seen["outside"] == [], (name, seen["outside"])
        charts = page.locator("div.nr-chart")
        assert charts.count() >= 1, f"{name}: no chart"
        for i in range(charts.count()):
            marks = charts.nth(i).locator("svg g.role-mark > *").count()
            assert marks > 0, f"{name}: chart {i} drew no marks"
        assert page.locator("table.nr-table").count() >= 2
        page.close()


def test_hostile_article_text_is_inert(reports, browser):
    run = reports["article__hostile-2024-03-05"]
    page, seen = open_report(browser, run.html)
    assert seen["dialog"] == [], seen["dialog"]  # no alert() ran
    assert page.evaluate("window.__pwned") is None
    body = page.inner_text("body")
    for text in ["<script>window.__pwned = 2; alert('body')</script>", "onerror=\"window.__pwned = 3",
                 "javascript:window.__pwned=4", "</table></td></tr>"]:
        assert text in body, f"{text!r} is not shown as text"
    assert page.locator("img[src=x], a[href^='javascript:'], b[onmouseover]").count() == 0
    assert page.locator("table.nr-table").count() == len([f for f in run.files if f.suffix == ".csv"])  # one table per CSV
    # the stray </table> did not end a table early: every table still has its header row
    assert all(page.locator("table.nr-table").nth(i).locator("thead th").count() > 0 for i in range(page.locator("table.nr-table").count()))
    page.close()


def test_two_runs_write_identical_tables_and_specs(tmp_path):
    a = run_report("article", {}, tmp_path / "a")
    b = run_report("article", {}, tmp_path / "b")
    names = sorted(p.name for p in a.files)
    assert names == sorted(p.name for p in b.files) and any(n.endswith(".vl.json") for n in names)
    for n in names:
        assert filecmp.cmp(tmp_path / "a" / n, tmp_path / "b" / n, shallow=False), f"{n} differs between runs"


def test_report_command_line(cli, tmp_path):
    import subprocess
    p = subprocess.run([str(cli), "report", "history", "--start", "2015", "--currency", "usd", "--out", str(tmp_path)],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    html = tmp_path / "history__2015-2030-usd.html"
    assert str(html) in p.stdout and html.exists()
    annual = (tmp_path / "history__2015-2030-usd__annual.csv").read_text()
    assert annual.splitlines()[1].startswith("2015,9,932.0,KRW,billion,") and "USD million" in annual
