"""The main job (`make reports`): run the pipeline on the bundled data and write its outputs.

Runs every stage that exists on data/raw/ (and the curated history) into --out, and every report template in
reports/templates/ under papermill, each into `<template>__<slug>.ipynb` beside its tables. Prints each step's wall time.
"""
import argparse, json, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def step(name):
    def wrap(f):
        def run(*a, **kw):
            t = time.time()
            out = f(*a, **kw)
            print(f"{name}: {out} ({time.time() - t:.2f} s)", flush=True)
        return run
    return wrap


@step("parse data/raw")
def parse(out: Path):
    from newsresearch.article import read_corpus
    from newsresearch.cli import json_lines
    from newsresearch.core import RAW_DIR
    articles, rejects = read_corpus(RAW_DIR)
    d = out / "parse"; d.mkdir(parents=True, exist_ok=True)
    articles.drop(columns=["paragraphs", "removed"]).to_csv(d / "articles.csv", index=False)
    rejects.to_csv(d / "rejects.csv", index=False)
    import pandas as pd
    removed = pd.DataFrame([{"article_id": a, "rule": r["rule"], "text": r["text"]}
                            for a, rs in zip(articles.article_id, articles.removed) for r in rs],
                           columns=["article_id", "rule", "text"])
    removed.to_csv(d / "removed.csv", index=False)
    (d / "articles.jsonl").write_text("\n".join(json_lines(articles, "article")) + "\n", encoding="utf-8")
    return f"{len(articles)} articles, {len(rejects)} rejects -> {d.relative_to(ROOT) if d.is_relative_to(ROOT) else d}"


@step("entities and claims on data/raw")
def entities_and_claims(out: Path):
    from newsresearch.article import read_corpus
    from newsresearch.claims import check_corpus
    from newsresearch.cli import write_tables
    from newsresearch.core import RAW_DIR
    from newsresearch.entities import entity_tables
    articles, rejects = read_corpus(RAW_DIR)
    t = entity_tables(articles)
    claims = check_corpus(articles, t)
    write_tables({**{k: getattr(t, k) for k in t.summary()}, "claims": claims}, out / "entities")
    return f"{len(t.people)} people, {len(t.quantities)} quantities, {len(claims)} claims -> {out / 'entities'}"


@step("history")
def history(out: Path):
    from newsresearch.history import (annual_contributions, change_chart, contribution_chart, increase_ranking,
                                      load_history, save_chart)
    h = load_history()
    d = out / "history"; d.mkdir(parents=True, exist_ok=True)
    annual_contributions(h).to_csv(d / "annual.csv", index=False)
    increase_ranking(h).to_csv(d / "increase_ranking.csv", index=False)
    save_chart(contribution_chart(h), d / "contribution.svg")
    save_chart(change_chart(h), d / "change.svg")
    return f"{len(h.annual)} years, {len(h.sources)} sources -> {d}"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "reports" / "out")
    args = p.parse_args(argv)
    out = args.out if args.out.is_absolute() else (Path.cwd() / args.out)
    out.mkdir(parents=True, exist_ok=True)
    t = time.time()
    parse(out)
    entities_and_claims(out)
    history(out)
    print(f"make reports: done in {time.time() - t:.1f} s; outputs in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
