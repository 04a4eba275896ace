"""Benchmark of the corpus engine (issue 8), in one run on this machine:

- articles/s and words/s of the whole pipeline (parse -> entities -> claims -> Parquet) for the local engine, Dask
  with 1 worker and Dask with 2 workers, and the 2-worker / 1-worker throughput ratio (goal: at least 1.7);
- peak memory (max RSS) of each Dask worker, and of the local engine at 2,000 and at 8,000 articles (it must not grow
  with the corpus);
- the cost of the whole pipeline against bare spaCy `nlp.pipe` on the same texts.

The corpus is generated (bench/corpus.py): text dumps with aggregator chrome, HTML pages and a JSON Lines feed, with
varying people, years, amounts, outlets and chrome. Prints the figures and writes bench/results/engine.md.
Usage: python bench/engine_bench.py [--n 2000] [--big 8000]
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402
from parse_bench import machine  # noqa: E402

ROOT = HERE.parent


def make(folder: Path, n: int) -> Path:
    "n articles: 70% text dumps, 20% HTML pages, 10% lines of one JSON Lines feed."
    write_corpus(folder / "text", int(n * 0.7), "text", seed=1)
    write_corpus(folder / "html", int(n * 0.2), "html", seed=2)
    write_corpus(folder / "feed", n - int(n * 0.7) - int(n * 0.2), "jsonl", seed=3)
    return folder


LOCAL_CHILD = r"""
import json, resource, sys
from newsresearch.engine import run_corpus
s = run_corpus(sys.argv[1], sys.argv[2], progress=False)
print(json.dumps({"articles": s.articles, "rejects": s.rejects, "words": s.words, "seconds": s.seconds,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def local_run(corpus: Path, out: Path) -> dict:
    "The local engine in a fresh process, so its peak memory is its own."
    p = subprocess.run([sys.executable, "-c", LOCAL_CHILD, str(corpus), str(out)], capture_output=True, text=True, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def dask_run(corpus: Path, out: Path, workers: int) -> dict:
    from dask.distributed import Client, LocalCluster
    from newsresearch.engine import run_corpus
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        s = run_corpus(corpus, out, engine="dask", scheduler=cluster.scheduler_address, progress=False)
        rss = client.run(lambda: __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss / 1024)
    return {"articles": s.articles, "rejects": s.rejects, "words": s.words, "seconds": s.seconds,
            "worker_max_rss_mb": sorted(rss.values())}


def bare_spacy(corpus: Path) -> dict:
    import spacy
    from newsresearch.article import read_corpus
    from newsresearch.entities import MODEL
    articles, _ = read_corpus(corpus, near_duplicates=None)
    nlp = spacy.load(MODEL)
    t = time.perf_counter()
    for _ in nlp.pipe(articles.text.tolist(), batch_size=32): pass
    s = time.perf_counter() - t
    return {"articles": len(articles), "words": int(articles.word_count.sum()), "seconds": s}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--big", type=int, default=8000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nr-engine-bench-"))
    small, big = make(tmp / "small", args.n), make(tmp / "big", args.big)
    res = {}
    t = time.perf_counter()
    res["bare"] = bare_spacy(small); print("bare", res["bare"], flush=True)
    res["local"] = local_run(small, tmp / "out-local"); print("local", res["local"], flush=True)
    res["dask1"] = dask_run(small, tmp / "out-dask1", 1); print("dask1", res["dask1"], flush=True)
    res["dask2"] = dask_run(small, tmp / "out-dask2", 2); print("dask2", res["dask2"], flush=True)
    res["local_big"] = local_run(big, tmp / "out-local-big"); print("local_big", res["local_big"], flush=True)
    total = time.perf_counter() - t
    rate = lambda r: (r["articles"] / r["seconds"], r["words"] / r["seconds"])
    ratio = rate(res["dask2"])[0] / rate(res["dask1"])[0]
    rows = [("bare spaCy `nlp.pipe` (model only, one process)", res["bare"], "-"),
            ("local engine (one process)", res["local"], f"{res['local']['max_rss_mb']:.0f} MB (process)"),
            ("dask, 1 worker", res["dask1"], " / ".join(f"{m:.0f}" for m in res["dask1"]["worker_max_rss_mb"]) + " MB (worker)"),
            ("dask, 2 workers", res["dask2"], " / ".join(f"{m:.0f}" for m in res["dask2"]["worker_max_rss_mb"]) + " MB (per worker)")]
    lines = ["# Corpus engine benchmark", "", f"Command: `python bench/engine_bench.py --n {args.n} --big {args.big}` "
             f"(whole run {total / 60:.1f} min)", "", f"Machine: {machine()}", "", f"Run: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", "",
             f"Corpus: {args.n} generated articles (70% text dumps with chrome, 20% HTML pages, 10% JSON Lines), "
             f"{res['local']['words']:,} words; pipeline = parse -> entities -> claims -> Parquet + DuckDB", "",
             "| run | articles | seconds | articles/s | words/s | peak memory |", "|---|---|---|---|---|---|"]
    for name, r, mem in rows:
        a, w = rate(r)
        lines.append(f"| {name} | {r['articles']} | {r['seconds']:.1f} | {a:.1f} | {w:,.0f} | {mem} |")
    lines += ["", f"- 2-worker / 1-worker throughput: **{ratio:.2f}x** (goal: at least 1.7)",
              f"- local engine peak memory: {res['local']['max_rss_mb']:.0f} MB at {args.n} articles, "
              f"{res['local_big']['max_rss_mb']:.0f} MB at {args.big} articles "
              f"({res['local_big']['articles'] / res['local_big']['seconds']:.1f} articles/s)",
              f"- whole pipeline vs bare spaCy on the same texts: {rate(res['local'])[1]:,.0f} vs {rate(res['bare'])[1]:,.0f} words/s "
              f"({(rate(res['bare'])[1] / rate(res['local'])[1] - 1) * 100:+.0f}% time over the model alone)"]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "results" / "engine.md").write_text(text, encoding="utf-8")
    import shutil; shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
