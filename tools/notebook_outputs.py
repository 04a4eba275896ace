"""The library notebooks are committed with their outputs, the way fastcore's are, so every example on the docs site
shows its result. This tool writes those outputs and checks that they are still what the code prints.

    python tools/notebook_outputs.py --save     # `make outputs`: execute each notebook, write its outputs into it
    python tools/notebook_outputs.py --check    # the gate: execute each notebook again, fail on any changed output

Each notebook (nbs/[0-9]*.ipynb and nbs/index.ipynb) runs top to bottom in a real Jupyter kernel (`python3`, the
one the notebooks name) with the notebook's folder as working directory, every cell included (also `#| slow` ones:
the docs show their results too). `--save` then runs `nbdev_clean` on it, which keeps outputs (settings.ini:
`clear_all = False`), clears execution counts and removes memory addresses from reprs.

`--check` compares every text output (stdout/stderr, text/plain, text/html, text/markdown, errors) exactly; a chart
(image/svg+xml) must be there, draw marks and keep its number of mark groups, but its bytes are not compared: two
runs here give byte-identical SVG, but text positions depend on the fonts a machine has, and a font or vl-convert
update should not fail the gate for no reader's benefit. Values that change from run to run (timings, temporary
paths, absolute paths of a checkout, today's date) are kept out of the outputs in the notebooks themselves, never
ignored here.
"""
from __future__ import annotations

import argparse, difflib, json, os, re, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"
BIN = Path(sys.executable).parent
TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")


def library_notebooks(names=()) -> list[Path]:
    "The notebooks whose outputs are saved: nbs/[0-9]*.ipynb and nbs/index.ipynb (or those named in `names`)."
    nbs = sorted(NBS.glob("[0-9]*.ipynb")) + [NBS / "index.ipynb"]
    if names: nbs = [p for p in nbs if p.stem in names or p.name in names]
    return nbs


def execute(path: Path, timeout: int = 900) -> dict:
    "Run the notebook at `path` in a fresh `python3` kernel (cwd = its folder); the executed notebook, cleaned as nbdev_clean would."
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("PYTHONHASHSEED", "0")  # set and dict orders the same in every run
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                   record_timing=False, coalesce_streams=True,
                   extra_arguments=["--IPKernelApp.log_level=ERROR"]).execute()  # no TCP-encryption notice
    nb = json.loads(nbformat.writes(nb))
    clean(nb)
    return nb


def clean(nb: dict):
    "What `nbdev_clean` does to a notebook, with this project's settings (outputs kept, ids out of reprs)."
    from nbdev.clean import clean_nb
    from nbdev.config import get_config
    cfg = get_config(path=ROOT)
    clean_nb(nb, clear_all=cfg.get("clear_all", "False") == "True",
             allowed_metadata_keys=cfg.get("allowed_metadata_keys", "").split(),
             allowed_cell_metadata_keys=cfg.get("allowed_cell_metadata_keys", "").split(),
             clean_ids=cfg.get("clean_ids", "True") == "True")


def _text(v) -> str: return "".join(v) if isinstance(v, list) else (v or "")


def output_items(cell: dict) -> list[tuple[str, str]]:
    "A code cell's outputs as (kind, text) pairs: the text that is compared exactly, or a summary of a chart."
    items = []
    for o in cell.get("outputs", []):
        t = o["output_type"]
        if t == "stream":
            if items and items[-1][0] == "stream:" + o["name"]: items[-1] = (items[-1][0], items[-1][1] + _text(o["text"]))
            else: items.append(("stream:" + o["name"], _text(o["text"])))
        elif t == "error": items.append(("error", f"{o['ename']}: {o['evalue']}"))
        else:
            data = o.get("data", {})
            for mime in sorted(data):
                if mime in TEXT_TYPES: items.append((mime, _text(data[mime]) if mime != "application/json" else json.dumps(data[mime], sort_keys=True)))
                elif mime == "image/svg+xml": items.append((mime, svg_summary(_text(data[mime]))))
                else: items.append((mime, "present" if data[mime] else "empty"))
    return items


def svg_summary(svg: str) -> str:
    "How a chart is compared: an SVG that draws marks, and how many mark groups (layers) it has; not its coordinates."
    marks = len(re.findall(r'class="mark-[a-z]+ role-mark', svg))
    ok = svg.lstrip().startswith("<svg") and marks and "<path" in svg
    return f"an SVG chart with {marks} mark groups" if ok else f"a broken chart ({len(svg)} bytes, {marks} mark groups)"


def cell_label(i: int, cell: dict) -> str:
    first = next((l for l in _text(cell["source"]).splitlines() if l.strip() and not l.startswith("#|")), "")
    return f"cell {i} (id {cell.get('id', '?')}: {first[:60]!r})"


def differences(saved: dict, fresh: dict, name: str) -> list[str]:
    "Each code cell whose saved outputs differ from a fresh run's, with a short diff."
    problems = []
    if [c["source"] for c in saved["cells"]] != [c["source"] for c in fresh["cells"]]:
        return [f"{name}: the notebook changed while it ran"]
    if not any(c.get("outputs") for c in saved["cells"] if c["cell_type"] == "code"):
        return [f"{name}: no saved outputs at all: run `make outputs` and commit the notebooks"]
    for i, (s, f) in enumerate(zip(saved["cells"], fresh["cells"])):
        if s["cell_type"] != "code": continue
        a, b = output_items(s), output_items(f)
        if a == b: continue
        fmt = lambda items: [f"[{k}] {line}" for k, v in items for line in (v.splitlines() or [""])]
        diff = list(difflib.unified_diff(fmt(a), fmt(b), "saved", "fresh", n=1, lineterm=""))
        more = f"\n      ... {len(diff) - 24} more diff lines" if len(diff) > 24 else ""
        problems.append(f"{name} {cell_label(i, s)}: saved output differs from a fresh run:\n      "
                        + "\n      ".join(l[:160] for l in diff[:24]) + more)
    return problems


def save(path: Path, out: Path | None = None) -> Path:
    "Execute `path` and write it with its outputs (to `out`, default: in place), then `nbdev_clean` it."
    import nbformat
    nb = execute(path)
    dest = out / path.name if out else path
    nbformat.write(nbformat.from_dict(nb), dest)
    subprocess.run([BIN / "nbdev_clean", "--fname", dest], check=True, cwd=ROOT)
    return dest


def check(path: Path) -> list[str]:
    saved = json.loads(path.read_text(encoding="utf-8"))
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    if not any(c.get("outputs") for c in saved["cells"]):  # nothing to compare: say so without running it
        return differences(saved, saved, name)
    return differences(saved, execute(path), name)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", action="store_true", help="execute each notebook and write its outputs into it")
    mode.add_argument("--check", action="store_true", help="fail when a saved text output differs from a fresh run")
    p.add_argument("--out", type=Path, help="with --save: write the executed notebooks into this folder instead")
    p.add_argument("--jobs", type=int, default=2, help="notebooks run at once (each in its own kernel)")
    p.add_argument("notebooks", nargs="*", help="names such as 02_history (default: every library notebook)")
    args = p.parse_args(argv)
    nbs = library_notebooks(args.notebooks)
    if args.out: args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    def one(path):
        t = time.perf_counter()
        try:
            found = check(path) if args.check else (save(path, args.out) and [])
        except Exception as e:  # a cell that raised: name the notebook and the error, go on with the others
            found = [f"{path.name}: {type(e).__name__}: {str(e)[-3000:]}"]
        status = "FAILED" if found else "saved" if args.save else "outputs as saved"
        print(f"{path.name}: {status} ({time.perf_counter() - t:.1f} s)", flush=True)
        return found

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(one, nbs))
    problems = [pr for found in results for pr in found]
    for pr in problems: print("  " + pr)
    failed = sum(1 for found in results if found)
    print(f"notebook outputs: {len(nbs) - failed} of {len(nbs)} notebooks {'saved' if args.save else 'as saved'}, "
          f"{failed} failed ({time.perf_counter() - t0:.1f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
