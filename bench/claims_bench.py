"""Claim-check time per article once the model is loaded (issue 11's goal: under 0.5 s).

Usage: python bench/claims_bench.py [--repeat 3]
Articles: the project's own claim fixtures (always here) and, when present, the real-coverage texts in
data/external (ignored by git). For each article it times the entity tables (spaCy + rules) and the claim check
on them separately, and prints the median and the worst, writing bench/results/claims.md.
"""
import argparse, statistics, sys, time
from dataclasses import replace
from pathlib import Path

from newsresearch.core import PROJECT_ROOT
from newsresearch.article import read_article
from newsresearch.claims import check_article, default_record
from newsresearch.entities import analyze, get_nlp
from newsresearch.evaluation import load_eval_set


def articles():
    out = [("fixture", read_article(p)) for p in sorted((PROJECT_ROOT / "tests/fixtures/claims").rglob("*.txt"))]
    for ea in load_eval_set():
        if ea.status == "ok":
            out.append(("real", replace(read_article(PROJECT_ROOT / ea.annotation["text_file"]), published=ea.annotation["published"])))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    get_nlp(); rec = default_record()                      # loaded once, as in a corpus run
    arts = articles()
    analyze(arts[0][1]); check_article(arts[0][1], record=rec)  # warm caches
    rows = []
    for kind, a in arts:
        t_ent, t_chk = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter(); tables = analyze(a); t1 = time.perf_counter()
            check_article(a, tables, record=rec); t2 = time.perf_counter()
            t_ent.append(t1 - t0); t_chk.append(t2 - t1)
        rows.append((kind, a.word_count, min(t_ent), min(t_chk)))
    lines = ["# Claim check per article", "", f"Command: `python bench/claims_bench.py --repeat {args.repeat}` (best of {args.repeat} per article; model loaded once).", "",
             "| articles | n | words (median) | entities median / max (s) | claim check median / max (s) | both median / max (s) |", "|---|---|---|---|---|---|"]
    for kind in ("fixture", "real", "all"):
        r = [x for x in rows if kind in ("all", x[0])]
        if not r: continue
        both = [e + c for _, _, e, c in r]
        lines.append(f"| {kind} | {len(r)} | {statistics.median(w for _, w, _, _ in r):.0f} | "
                     f"{statistics.median(e for *_, e, _ in r):.3f} / {max(e for *_, e, _ in r):.3f} | "
                     f"{statistics.median(c for *_, c in r):.3f} / {max(c for *_, c in r):.3f} | "
                     f"{statistics.median(both):.3f} / {max(both):.3f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    out = PROJECT_ROOT / "bench" / "results" / "claims.md"
    out.write_text(text, encoding="utf-8")
    print(f"-> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
