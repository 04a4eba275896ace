"""The docs site, checked on a machine without Quarto: every example shows its output, every chart draws, and the
pages raise no error.

Quarto stays the publisher (`make docs`). What Quarto renders is the notebooks as nbdev processes them
(`nbdev_proc_nbs` -> `_proc/`: hidden and export cells removed, `show_doc` tables added, import cells run). This
tool runs that same processing (nbdev's `FilterDefaults`, one notebook per process, as `nbdev_proc_nbs` does),
renders each processed notebook to HTML with nbconvert, opens every page in headless Chromium and fails when:

- nbdev cannot process a notebook, or a cell mixes imports with other code (nbdev runs such cells while it builds
  the docs, out of order: the house style keeps imports in cells of their own);
- an example cell that shows something (it prints, or ends with a value) has no saved output (`make outputs`);
- an output is missing from the page, or a stderr stream (a warning, a log line) would be shown to the reader;
- a chart is not an SVG that draws marks (a Vega-Lite spec without the offline renderer shows nothing offline);
- the page logs a console error or throws.

    python tools/docs_check.py [--nbs DIR] [--out DIR] [NAMES...]

The processed notebooks, HTML pages and a screenshot of each go to --out (default `_docs_check/`, ignored by git).
nbconvert's page template links require.js and MathJax on a CDN; the browser gets an empty stub for those two
(the published site is Quarto's page, not nbconvert's) and every other request that leaves file:// is an error.
"""
from __future__ import annotations

import argparse, ast, json, os, re, shutil, sys, time, warnings
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROME_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
TEMPLATE_CDN = ("https://cdnjs.cloudflare.com/ajax/libs/require.js/", "https://cdnjs.cloudflare.com/ajax/libs/mathjax/")
# the marks each chart of a cell draws: an inline <svg>, or (nbconvert's way for a notebook that is not trusted) an
# <img> of an SVG data URI, parsed here; -1 for an image the browser cannot load
CHART_MARKS = """cell => Array.from(cell.querySelectorAll('.jp-OutputArea-output svg, .jp-OutputArea-output img[src^="data:image/svg+xml"]'))
  .map(el => {
    if (el.tagName.toLowerCase() === 'svg') return el.querySelectorAll('g.role-mark > *').length;
    if (!el.complete || el.naturalWidth === 0) return -1;
    const b64 = el.src.split(',')[1];
    const svg = new DOMParser().parseFromString(atob(b64), 'image/svg+xml');
    return svg.querySelectorAll('g.role-mark > *').length;
  })"""
SHOWING_CALLS = {"print", "display", "show_doc"}  # calls that show something wherever they are in a cell


def source_code(cell: dict) -> str:
    src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    return "\n".join(l for l in src.splitlines() if not l.lstrip().startswith(("#|", "%", "!")))


def returns_nothing(cells: list[dict]) -> set[str]:
    "Names of the functions a notebook defines that never return a value (helpers such as `expect`): calling one shows nothing."
    names = set()
    for cell in cells:
        if cell["cell_type"] != "code": continue
        try: tree = ast.parse(source_code(cell))
        except SyntaxError: continue
        for f in ast.walk(tree):
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and not any(
                    isinstance(r, ast.Return) and r.value is not None for r in ast.walk(f)):
                names.add(f.name)
    return names


def shows_output(cell: dict, silent: set = frozenset()) -> bool:
    """Does this example cell show something: a print/display call, or a last line that is a value (not `;`, not a
    test, not a call of a function in `silent`)?"""
    code = source_code(cell)
    if not code.strip() or code.rstrip().endswith(";"): return False
    try: tree = ast.parse(code)
    except SyntaxError: return True
    if any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in SHOWING_CALLS for n in ast.walk(tree)):
        return True
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or isinstance(last.value, ast.Constant): return False
    if isinstance(last.value, ast.Call):
        f = last.value.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        return not (name.startswith("test_") or name in silent or name in ("unlink", "rmtree", "mkdir", "close"))
    return True


def cell_label(cell: dict) -> str:
    first = next((l for l in source_code(cell).splitlines() if l.strip()), "")
    return f"cell {cell.get('id', '?')} ({first[:60]!r})"


def process(src: Path, dst: Path) -> list[str]:
    "nbdev's docs processing of one notebook into `dst` (what nbdev_proc_nbs does for it); the problems on the way."
    os.chdir(ROOT)  # nbdev reads settings.ini from the working directory
    os.environ["IN_TEST"] = "1"
    from execnb.nbio import read_nb, write_nb
    from nbdev.processors import FilterDefaults
    problems = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            nb = read_nb(src)
            FilterDefaults()(nb)
            write_nb(nb, dst)
        except Exception as e:
            cause = f" ({type(e.__cause__).__name__}: {e.__cause__})" if e.__cause__ else ""
            problems.append(f"{src.name}: nbdev cannot process it for the docs: {str(e).splitlines()[0]}{cause}")
    for w in caught:
        m = re.search(r"imports and other code.*?---\n(.*?)\n", str(w.message), re.S)
        if m: problems.append(f"{src.name}: a cell mixes imports with other code (nbdev runs it while building the docs; "
                              f"put the imports in a cell of their own): {m.group(1)[:70]!r}")
    return problems


def render(proc_nb: Path, exporter=None) -> Path:
    "The processed notebook as an HTML page beside it."
    from nbconvert import HTMLExporter
    html, _ = (exporter or HTMLExporter(template_name="lab")).from_filename(str(proc_nb))
    out = proc_nb.with_suffix(".html")
    out.write_text(html, encoding="utf-8")
    return out


def notebook_problems(source: dict, processed: dict, name: str) -> list[str]:
    "What is wrong in the processed notebook itself: missing outputs, stderr shown, charts that are not SVG."
    problems = []
    by_id = {c.get("id"): c for c in source["cells"]}
    silent = returns_nothing(source["cells"])
    for cell in processed["cells"]:
        if cell["cell_type"] != "code": continue
        outs = cell.get("outputs", [])
        where = f"{name} {cell_label(by_id.get(cell.get('id'), cell))}"
        if not outs and shows_output(cell, silent):
            problems.append(f"{where}: no output saved (the example shows nothing on the docs page): run `make outputs`")
        for o in outs:
            if o["output_type"] == "stream" and o.get("name") == "stderr":
                text = "".join(o["text"]).strip().splitlines() or [""]
                problems.append(f"{where}: stderr would show on the docs page: {text[0][:120]!r}")
            if o["output_type"] == "error": problems.append(f"{where}: the saved output is an error: {o.get('ename')}")
            data = o.get("data", {})
            if any(k.startswith("application/vnd.vegalite") for k in data) and "image/svg+xml" not in data:
                problems.append(f"{where}: a chart saved as a Vega-Lite spec, not as SVG (call use_offline_charts())")
    return problems


def page_problems(browser, html: Path, processed: dict, shots: Path) -> list[str]:
    "Open the page in Chromium: console errors, requests leaving file://, outputs not shown, charts without marks."
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = {"console": [], "pageerror": [], "outside": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["pageerror"].append(str(e)))

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "data:", "about:")): return r.continue_()
        if url.startswith(TEMPLATE_CDN): return r.fulfill(status=200, content_type="text/javascript", body="")
        seen["outside"].append(url)
        r.abort()
    page.route("**/*", route)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    page.screenshot(path=str(shots / f"{html.stem}.png"), full_page=True)
    problems = [f"{html.name}: console error: {t[:200]}" for t in seen["console"]]
    problems += [f"{html.name}: page error: {t[:200]}" for t in seen["pageerror"]]
    problems += [f"{html.name}: request leaves the page: {u}" for u in seen["outside"]]
    for cell in processed["cells"]:
        if cell["cell_type"] != "code" or not cell.get("outputs"): continue
        box = page.locator(f'[id="cell-id={cell["id"]}"]')
        if box.count() != 1:
            problems.append(f"{html.name} {cell_label(cell)}: the cell is not on the page"); continue
        shown = box.locator(".jp-OutputArea-output")
        if shown.count() == 0 or not (shown.first.inner_text().strip() or box.locator(".jp-OutputArea-output :is(svg, img)").count()):
            problems.append(f"{html.name} {cell_label(cell)}: its output is not shown on the page")
        n_svg = sum("image/svg+xml" in o.get("data", {}) for o in cell["outputs"])
        charts = box.evaluate(CHART_MARKS)
        if len(charts) < n_svg: problems.append(f"{html.name} {cell_label(cell)}: {n_svg} charts saved, {len(charts)} on the page")
        for i, marks in enumerate(charts):
            if marks <= 0: problems.append(f"{html.name} {cell_label(cell)}: chart {i + 1} draws no marks"
                                           + (" (the image does not load)" if marks < 0 else ""))
    page.close()
    return problems


def chromium_path() -> str:
    for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium", shutil.which("chromium") or "",
              shutil.which("chromium-browser") or "", shutil.which("google-chrome") or ""):
        if p and os.access(p, os.X_OK): return p
    raise SystemExit("Chromium is not installed: `make chromium` installs Debian's chromium package")


def check_docs(nbs: list[Path], out: Path) -> list[str]:
    "Process, render and open every notebook in `nbs`; every problem found, as a line a developer can act on."
    from playwright.sync_api import sync_playwright
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    shots = out / "screenshots"; shots.mkdir(exist_ok=True)
    def in_own_process(nb):  # as nbdev_proc_nbs does: each notebook's import cells run in a fresh interpreter
        r = subprocess.run([sys.executable, __file__, "--process", nb, out / nb.name], capture_output=True, text=True, cwd=ROOT)
        if r.returncode: return [f"{nb.name}: processing crashed: {r.stderr.strip()[-500:]}"]
        return json.loads(r.stdout.strip().splitlines()[-1])
    with ThreadPoolExecutor(max_workers=2) as pool:
        processed = list(pool.map(in_own_process, nbs))
    problems = [p for found in processed for p in found]
    print(f"processed {len(nbs)} notebooks as nbdev_proc_nbs does ({time.perf_counter() - t0:.1f} s)", flush=True)
    from nbconvert import HTMLExporter
    exporter, pages = HTMLExporter(template_name="lab"), []
    for nb in nbs:
        dst = out / nb.name
        if not dst.exists(): continue
        proc = json.loads(dst.read_text(encoding="utf-8"))
        problems += notebook_problems(json.loads(nb.read_text(encoding="utf-8")), proc, nb.name)
        pages.append((render(dst, exporter), proc))
    print(f"rendered {len(pages)} pages with nbconvert ({time.perf_counter() - t0:.1f} s)", flush=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROME_FLAGS, headless=True)
        for html, proc in pages: problems += page_problems(browser, html, proc, shots)
        browser.close()
    return problems


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--nbs", type=Path, default=ROOT / "nbs", help="folder of the notebooks (a copy, in the tests)")
    p.add_argument("--out", type=Path, default=ROOT / "_docs_check")
    p.add_argument("--process", nargs=2, type=Path, metavar=("SRC", "DST"), help=argparse.SUPPRESS)
    p.add_argument("names", nargs="*", help="notebook names such as 02_history (default: every library notebook)")
    args = p.parse_args(argv)
    if args.process:
        print(json.dumps(process(*args.process)))
        return 0
    nbs = sorted(args.nbs.resolve().glob("[0-9]*.ipynb")) + [args.nbs.resolve() / "index.ipynb"]
    if args.names: nbs = [nb for nb in nbs if nb.stem in args.names or nb.name in args.names]
    t0 = time.perf_counter()
    problems = check_docs(nbs, args.out.resolve())
    for pr in problems: print("  " + pr)
    bad = {pr.split(" ")[0].split(":")[0].removesuffix(".html").removesuffix(".ipynb") for pr in problems}
    print(f"docs check: {len(nbs) - len(bad)} of {len(nbs)} pages fine, {len(problems)} problems "
          f"({time.perf_counter() - t0:.1f} s); pages and screenshots in {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
