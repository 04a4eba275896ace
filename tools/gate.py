"""The project's gate (`make test`, called by .ci/run): every check, in order, with a summary line at the end.

1. `nbdev_clean` leaves the notebooks unchanged;  2. `nbdev_export` leaves the library unchanged;
3. `nbdev_test` (in-process, `#| slow` cells skipped);  4. `pytest tests/`;
5. the outputs saved in the notebooks are what a fresh run prints (tools/notebook_outputs.py --check: every cell of
   every library notebook in a real python3 kernel, the `#| slow` ones included, so CI runs the slow cells here);
6. the docs pages, as nbdev hands them to Quarto, show every example's output and draw every chart in headless
   Chromium with no console error (tools/docs_check.py);
7. every report template runs under papermill with its defaults;
8. the data matches data/MANIFEST.sha256;  9. README.md is in sync with nbs/index.ipynb.
All checks run even when one fails, so one run shows everything that is wrong.
"""
import hashlib, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def snapshot(*folders):
    "Content hash of every file under `folders`, to see whether a tool changed anything."
    out = {}
    for folder in folders:
        for p in sorted((ROOT / folder).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts:
                out[p.relative_to(ROOT).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def changed(before, after):
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def run(cmd, **kw):
    print("$", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, **kw).returncode


def no_diff(tool, *folders, extra=()):
    def check():
        before = snapshot(*folders)
        if run([BIN / tool]) != 0: return f"{tool} failed"
        for args in extra:
            if run([BIN / tool, *args]) != 0: return f"{tool} {' '.join(args)} failed"
        diff = changed(before, snapshot(*folders))
        if diff: return f"{tool} changed {', '.join(diff)}: run `make export` and commit the result"
    return check


def nbdev_test():
    if run([BIN / "nbdev_test", "--n_workers", "2"]) != 0: return "nbdev_test failed (see the notebook errors above)"


def pytest():
    rc = run([BIN / "python", "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider"])
    if rc != 0: return f"pytest exited {rc}"


def notebook_outputs():
    if run([BIN / "python", ROOT / "tools" / "notebook_outputs.py", "--check"]) != 0:
        return "a notebook's saved outputs differ from a fresh run, or a cell failed: fix the cell, then `make outputs`"


def docs_pages():
    if run([BIN / "python", ROOT / "tools" / "docs_check.py"]) != 0:
        return "the docs pages have problems (listed above; pages and screenshots in _docs_check/)"


def reports():
    templates = sorted((ROOT / "reports" / "templates").glob("*.ipynb"))
    if not templates:
        print("no report templates yet")
        return
    out = ROOT / "reports" / "out" / "gate"
    if run([BIN / "python", ROOT / "tools" / "run_reports.py", "--out", out]) != 0: return "a report template failed under papermill"
    print(f"{len(templates)} templates ran; outputs in {out}")


def manifest():
    sys.path.insert(0, str(ROOT))
    from newsresearch.core import check_manifest
    try: print(f"{check_manifest()} data files match data/MANIFEST.sha256")
    except Exception as e: return str(e)


def readme():
    if run([BIN / "python", ROOT / "tools" / "sync_readme.py", "--check"]) != 0:
        return "README.md is out of date: run `make readme` and commit it"


CHECKS = [("nbdev_clean leaves no diff", no_diff("nbdev_clean", "nbs", "reports/templates", extra=[("--fname", "reports/templates")])),
          ("nbdev_export leaves no diff", no_diff("nbdev_export", "newsresearch")),
          ("nbdev_test", nbdev_test), ("pytest tests/", pytest),
          ("notebook outputs as saved (all cells, slow ones too)", notebook_outputs),
          ("docs pages: outputs, charts, no console error", docs_pages),
          ("report templates under papermill", reports), ("data manifest", manifest),
          ("README in sync with nbs/index.ipynb", readme)]


def main():
    os.environ.setdefault("PYTHONHASHSEED", "0")
    failures, t0 = [], time.time()
    for i, (name, check) in enumerate(CHECKS, 1):
        print(f"\n=== gate {i}/{len(CHECKS)}: {name}", flush=True)
        t = time.time()
        problem = check()
        status = "FAILED: " + problem if problem else "ok"
        print(f"--- {name}: {status} ({time.time() - t:.1f} s)", flush=True)
        if problem: failures.append(f"{name}: {problem}")
    print(f"\n=== gate finished in {time.time() - t0:.0f} s")
    for f in failures: print("  FAILED", f)
    print(f"gate: {len(CHECKS) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
