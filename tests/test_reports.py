"""The HTML reports, as a reader sees them: opened in headless Chromium (Debian's package) at 1280 px and at 390 px,
with no horizontal overflow of the page, no console error, no request leaving file://, every chart drawn as SVG
marks, no serious or critical accessibility violation (axe-core), and hostile article text shown inert. Also: two
runs on the same inputs write identical tables and chart specifications; different parameters never share a name;
no output holds an absolute machine path. Screenshots go to reports/out/screenshots/."""
import filecmp, os, shutil
from pathlib import Path

import pytest

from newsresearch.reports import report_name, run_report

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "reports" / "out" / "screenshots"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile-2024-03-05.txt"
CHROME_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
WIDTHS = {"desktop": 1280, "phone": 390}


def chromium_path():
    for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium", shutil.which("chromium") or "",
              shutil.which("chromium-browser") or "", shutil.which("google-chrome") or ""):
        if p and os.access(p, os.X_OK): return p
    pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package (apt-get install chromium)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    runs = [run_report("article", {}, out), run_report("corpus", {"input_glob": "tests/fixtures/claims/*.txt"}, out),
            run_report("history", {}, out), run_report("article", {"article_path": str(HOSTILE)}, out)]
    return {r.template + ("-hostile" if "hostile" in r.html.name else ""): r for r in runs}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROME_FLAGS, headless=True)
        yield b
        b.close()


def open_report(browser, html: Path, name: str, width: int = 1280):
    "Load a report; return the page and what went wrong (console errors, page errors, dialogs, outside requests)."
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {"console": [], "pageerror": [], "dialog": [], "outside": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["pageerror"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialog"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["outside"].append(r.url) if not r.url.startswith(("file://", "data:", "about:")) else None)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    return page, seen


@pytest.mark.parametrize("device", list(WIDTHS))
def test_every_report_renders_offline_readable_and_accessible(reports, browser, device):
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    for name, run in reports.items():
        page, seen = open_report(browser, run.html, name, WIDTHS[device])
        assert seen["console"] == [] and seen["pageerror"] == [], (name, seen)
        assert seen["outside"] == [], (name, seen["outside"])
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {WIDTHS[device]} px: the page scrolls sideways by {overflow} px"
        charts = page.locator("div.nr-chart")
        assert charts.count() >= 1, f"{name}: no chart"
        for i in range(charts.count()):
            assert charts.nth(i).locator("svg g.role-mark > *").count() > 0, f"{name}: chart {i} drew no marks"
        # every table is readable to its last column: its box scrolls or it fits
        for i in range(page.locator("div.nr-scroll").count()):
            box = page.locator("div.nr-scroll").nth(i)
            assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
        results = axe.run(page)
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{name} at {WIDTHS[device]} px: {bad}"
        page.close()


def test_article_report_reads_like_a_fact_check(reports, browser):
    page, _ = open_report(browser, reports["article"].html, "article-check")
    body = page.inner_text("body")
    assert "claims misleading" in body and "$5 billion" in body and "28,500" in body
    assert "5000000000" not in body and "2026.0" not in body and "28500.0" not in body
    cards = page.locator("section.nr-card")
    assert cards.count() == page.locator("mark.nr-claim").count() >= 5  # one mark in the text per claim card
    first = page.locator("a[href^='#claim-']").first
    assert page.locator(first.get_attribute("href")).count() == 1  # the mark links to its card
    assert page.locator("section.nr-card a[href^='http']").count() > 0  # evidence sources link to their pages
    assert page.locator(".nr-badge").count() > cards.count()  # a badge per verdict in the summary and per card
    assert body.count("South Korea") >= 1 and page.locator("[data-csv$='__places.csv'] tbody tr").count() < 8
    page.close()


def test_hostile_article_text_is_inert(reports, browser):
    run = reports["article-hostile"]
    page, seen = open_report(browser, run.html, "article-hostile-check")
    assert seen["dialog"] == [], seen["dialog"]  # no alert() ran
    assert page.evaluate("window.__pwned") is None
    body = page.inner_text("body")
    for text in ["<script>window.__pwned = 2; alert('body')</script>", "onerror=\"window.__pwned = 3",
                 "javascript:window.__pwned=4", "</table></td></tr>"]:
        assert text in body, f"{text!r} is not shown as text"
    assert page.locator("img[src=x], a[href^='javascript:'], b[onmouseover]").count() == 0
    # every data file has its block on the page, and the stray </table> did not end a table early
    assert page.locator("[data-csv]").count() == len([f for f in run.files if f.suffix == ".csv"])
    tables = page.locator("table.nr-table")
    assert all(tables.nth(i).locator("thead th").count() > 0 for i in range(tables.count()))
    page.close()


def test_no_output_holds_a_machine_path(reports):
    for run in reports.values():
        out = run.html.parent
        for f in [run.notebook, run.html, *run.files]:
            text = f.read_text(encoding="utf-8")
            assert str(ROOT) not in text and str(out) not in text, f"{f.name} holds an absolute path"
            assert f.name.startswith(run.html.stem), f"{f.name} does not share the run's name {run.html.stem}"


def test_different_parameters_never_share_a_name():
    "The collisions of issue 16, and a few more."
    runs = [("article", {"article_path": p}) for p in ("x.json", "x.txt", "x.html", "wire.2024-03-05.txt", "wire.2024-03-06.txt",
                                                        "Report One.txt", "report-one.txt")]
    runs += [("corpus", {"input_glob": g, "engine": e}) for g in ("corpA/*.txt", "corpA/**/*.txt", "a/b-c/*", "a/b_c/*", "a/b.c/*")
             for e in ("local", "dask")]
    runs += [("history", p) for p in ({}, {"currency": "USD"}, {"cpi": {2025: 3.0}}, {"start": 2015})]
    names = [report_name(t, p).lower() for t, p in runs]
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]


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
    html = next(tmp_path.glob("history__2015-2030-usd-*.html"))
    assert html.name in p.stdout
    annual = next(tmp_path.glob("history__2015-2030-usd-*__annual.csv")).read_text()
    assert annual.splitlines()[1].startswith("2015,9,932.0,KRW,billion,")
