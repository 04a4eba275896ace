"""Benchmark of the entity extraction (issue 4): words/s of the full extraction (entity ruler + rules, all tables)
against bare `nlp.pipe` of the same spaCy model on the same texts, in one run. Goal: at most 15% over the model.

Prints the figures and writes them, with the machine described, to bench/results/entities.md.
Usage: python bench/entities_bench.py [--n 400] [--repeat 3]
"""
import argparse, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402
from parse_bench import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=400, help="articles")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each, interleaved; the best is kept")
    args = ap.parse_args()
    import spacy
    from newsresearch.article import read_corpus
    from newsresearch.entities import MODEL, entity_tables, get_nlp
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), args.n, "text", seed=7)
        articles, _ = read_corpus(tmp, near_duplicates=None)
    seed, _ = read_corpus(ROOT / "data" / "raw", near_duplicates=None)
    import pandas as pd
    articles = pd.concat([articles, seed], ignore_index=True)
    texts, words = articles.text.tolist(), int(articles.word_count.sum())
    bare, full = spacy.load(MODEL), get_nlp()
    list(bare.pipe(texts[:20])); entity_tables(articles.head(20))  # warm up both
    t_bare, t_full = [], []
    for _ in range(args.repeat):
        t = time.perf_counter(); [d for d in bare.pipe(texts, batch_size=32)]; t_bare.append(time.perf_counter() - t)
        t = time.perf_counter(); tables = entity_tables(articles, batch_size=32); t_full.append(time.perf_counter() - t)
    b, f = min(t_bare), min(t_full)
    lines = ["# Entity extraction benchmark", "",
             f"Command: `python bench/entities_bench.py --n {args.n} --repeat {args.repeat}` (one process; best of {args.repeat} interleaved runs)", "",
             f"Machine: {machine()}", "", f"Run: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", "",
             f"Corpus: {len(texts)} articles (generated, plus the seed), {words:,} words", "",
             "| pipeline | seconds | words/s | articles/s |", "|---|---|---|---|",
             f"| bare `nlp.pipe` ({MODEL}) | {b:.2f} | {words / b:,.0f} | {len(texts) / b:.1f} |",
             f"| full extraction (`entity_tables`: KB ruler + all tables) | {f:.2f} | {words / f:,.0f} | {len(texts) / f:.1f} |", "",
             f"Overhead of the full extraction over the bare model: {(f / b - 1) * 100:+.1f}% (goal: at most +15%)", "",
             "Rows: " + ", ".join(f"{k} {v}" for k, v in tables.summary().items())]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "results" / "entities.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
