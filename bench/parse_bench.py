"""Benchmark of the parsing stage (issue 3): articles/s for scraped text and for HTML pages on a generated corpus.

Prints the figures and writes them, with the machine described, to bench/results/parse.md.
Usage: python bench/parse_bench.py [--n 3000]
"""
import argparse, os, platform, shutil, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

from newsresearch.article import read_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {mem / 1024:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def run(fmt: str, n: int, tmp: Path) -> dict:
    folder = tmp / fmt
    paths = write_corpus(folder, n, fmt, seed=42)
    t = time.perf_counter()
    articles, rejects = read_corpus(folder, near_duplicates=None)
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    from newsresearch.article import mark_duplicates
    mark_duplicates(articles)
    dup_s = time.perf_counter() - t
    assert len(articles) + len(rejects) == n, (len(articles), len(rejects))
    words = int(articles.word_count.sum())
    return {"format": fmt, "inputs": n, "articles": len(articles), "rejects": len(rejects), "seconds": parse_s,
            "articles_per_s": len(articles) / parse_s, "words_per_s": words / parse_s, "dedupe_s": dup_s}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=3000, help="articles per format")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nr-bench-"))
    try: rows = [run(fmt, args.n, tmp) for fmt in ("text", "html", "jsonl")]
    finally: shutil.rmtree(tmp, ignore_errors=True)
    lines = ["# Parsing benchmark", "", f"Command: `python bench/parse_bench.py --n {args.n}` (one process)", "",
             f"Machine: {machine()}", "", f"Run: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", "",
             "| format | inputs | articles | rejects | parse s | articles/s | words/s | near-duplicate pass s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['format']} | {r['inputs']} | {r['articles']} | {r['rejects']} | {r['seconds']:.1f} | "
                     f"{r['articles_per_s']:.0f} | {r['words_per_s']:,.0f} | {r['dedupe_s']:.1f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / "parse.md"
    out.write_text(text, encoding="utf-8")
    print("wrote", out)


if __name__ == "__main__":
    main()
