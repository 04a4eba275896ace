"""Benchmark of the corpus engine (issue 14), in one run on this machine, on a corpus shaped like real coverage
(bench/corpus.py: quotes, numbers, named people with titles, dates and paragraphs per 1,000 words, and article length,
from the real-coverage evaluation set; the rates it generated are printed next to the targets).

Prints, and writes to bench/results/engine.md:
- local --jobs 2 over --jobs 1 throughput (goal: at least 1.8);
- whole pipeline (parse -> entities -> claims -> Parquet + DuckDB, local --jobs 2) time over bare spaCy `nlp.pipe`
  with n_process=2 on the same texts (goal: at most 1.10); the same at one process, for reference;
- Dask 2 workers over 1 worker throughput (goal: at least 1.9);
- local (--jobs 2) peak memory of its largest process at --big articles over the same at --mem-small articles (goal: at most
  1.10), sampled from outside with psutil (per process, and all processes together);
- the cost of each stage on one process (parse, model, entities, claims, writing), the costs that grow with the text.

The timed runs come first, on --n articles (they need a quiet machine); the memory runs last, on --mem-small and
--big articles (peak memory does not depend on the load).

Usage: python bench/engine_bench.py [--n 2000] [--mem-small 2000] [--big 8000] [--stages 60]
"""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import TARGET, generated_rates, write_corpus  # noqa: E402
from parse_bench import machine  # noqa: E402

ROOT = HERE.parent


def make(folder: Path, n: int) -> Path:
    "n articles: 70% text dumps, 20% HTML pages, 10% lines of one JSON Lines feed."
    write_corpus(folder / "text", int(n * 0.7), "text", seed=1)
    write_corpus(folder / "html", int(n * 0.2), "html", seed=2)
    write_corpus(folder / "feed", n - int(n * 0.7) - int(n * 0.2), "jsonl", seed=3)
    return folder


LOCAL_CHILD = r"""
import json, sys
from newsresearch.engine import run_corpus
s = run_corpus(sys.argv[1], sys.argv[2], progress=False, jobs=int(sys.argv[3]))
print(json.dumps({"articles": s.articles, "rejects": s.rejects, "words": s.words, "seconds": s.seconds}))
"""


def watch_peaks(proc, every: float = 0.2) -> tuple[dict, float]:
    """Poll a running process and its descendants until it ends: the peak resident memory (MB) of each process, and
    the peak of their sum. (`ru_maxrss` is no use here: it survives fork and exec, so a child inherits its parent's.)"""
    import psutil
    root, peaks, total = psutil.Process(proc.pid), {}, 0.0
    while proc.poll() is None:
        now = 0.0
        try: procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess: procs = []
        for q in procs:
            try: mb = q.memory_info().rss / 2**20
            except psutil.Error: continue
            peaks[q.pid] = max(peaks.get(q.pid, 0.0), mb); now += mb
        total = max(total, now)
        time.sleep(every)
    return peaks, total


def local_run(corpus: Path, out: Path, jobs: int) -> dict:
    "The local engine in a fresh process; the peak memory of its largest process (main or worker), sampled from outside."
    p = subprocess.Popen([sys.executable, "-c", LOCAL_CHILD, str(corpus), str(out), str(jobs)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    import threading
    got = {}
    w = threading.Thread(target=lambda: got.update(zip(("peaks", "total"), watch_peaks(p)))); w.start()
    stdout, stderr = p.communicate(); w.join()
    if p.returncode: raise RuntimeError(stderr[-3000:])
    r = json.loads(stdout.strip().splitlines()[-1])
    r["peak_mb"], r["tree_peak_mb"] = max(got["peaks"].values(), default=0.0), got["total"]
    return r


def vm_hwm_mb() -> float:
    "This process's own peak resident memory (VmHWM), in MB: run in each Dask worker."
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"): return int(line.split()[1]) / 1024
    return float("nan")


def dask_run(corpus: Path, out: Path, workers: int) -> dict:
    from dask.distributed import Client, LocalCluster
    from newsresearch.engine import run_corpus
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        s = run_corpus(corpus, out, engine="dask", scheduler=cluster.scheduler_address, progress=False)
        rss = client.run(vm_hwm_mb)
    return {"articles": s.articles, "rejects": s.rejects, "words": s.words, "seconds": s.seconds,
            "worker_max_rss_mb": sorted(rss.values())}


BARE_CHILD = r"""
import json, sys, time
import spacy
from newsresearch.entities import MODEL
texts = json.load(open(sys.argv[1], encoding="utf-8"))
t = time.perf_counter()
nlp = spacy.load(MODEL)
for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[2])): pass
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def bare_spacy(texts_file: Path, n_process: int, articles: int, words: int) -> dict:
    "Bare spaCy (the model alone, loaded in the timed span as the engine's workers load it) on the same texts."
    p = subprocess.run([sys.executable, "-c", BARE_CHILD, str(texts_file), str(n_process)], capture_output=True, text=True)
    if p.returncode: raise RuntimeError(p.stderr[-3000:])
    return {"articles": articles, "words": words, **json.loads(p.stdout.strip().splitlines()[-1])}


def stage_costs(corpus: Path, n: int = 60) -> dict:
    "Seconds per stage over the first `n` inputs, in this process (the model loaded before): where the time goes."
    import pandas as pd
    from newsresearch.article import expand_inputs, read_corpus
    from newsresearch.claims import check_corpus, default_record
    from newsresearch.engine import _flat, signatures
    from newsresearch.entities import extract_rows, get_nlp, load_kb
    files = expand_inputs(corpus)[0][:n]
    nlp, kb, _ = get_nlp(), load_kb(), default_record()
    read_corpus(files[:2]); list(nlp.pipe(["warm up the model"]))
    out, t = {}, time.perf_counter()
    arts, _ = read_corpus(files, near_duplicates=None); out["parse (read_corpus)"] = time.perf_counter() - t
    t = time.perf_counter(); docs = list(nlp.pipe(arts.text.tolist(), batch_size=32)); out["model (nlp.pipe)"] = time.perf_counter() - t
    from newsresearch.entities import EntityTables, TABLE_COLUMNS
    t = time.perf_counter()
    rows = {k: [] for k in TABLE_COLUMNS}
    for d, a, p in zip(docs, arts.article_id, arts.published):
        for k, v in extract_rows(d, a, p if isinstance(p, str) else None, kb).items(): rows[k] += v
    tables = EntityTables.from_rows(rows); out["entities (extract_rows)"] = time.perf_counter() - t
    t = time.perf_counter(); claims = check_corpus(arts, tables); out["claims (check_corpus)"] = time.perf_counter() - t
    t = time.perf_counter(); sig = signatures(arts); out["signatures (MinHash)"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        for name, df in {"articles": arts, "claims": claims, **{k: getattr(tables, k) for k in TABLE_COLUMNS}}.items():
            _flat(df, "b").to_parquet(Path(tmp) / f"{name}.parquet", index=False)
        pd.DataFrame({"minhash": sig}).to_parquet(Path(tmp) / "sig.parquet")
        out["Parquet parts"] = time.perf_counter() - t
    out["_articles"], out["_words"] = len(arts), int(arts.word_count.sum())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--mem-small", type=int, default=2000, help="articles of the smaller memory run (default %(default)s)")
    ap.add_argument("--big", type=int, default=8000, help="articles of the larger memory run (default %(default)s)")
    ap.add_argument("--stages", type=int, default=60, help="inputs for the stage costs (default %(default)s)")
    args = ap.parse_args()
    from newsresearch.article import read_corpus
    tmp = Path(tempfile.mkdtemp(prefix="nr-engine-bench-"))
    rates = generated_rates()
    print("rates per 1,000 words (target = real coverage, generated = this corpus):")
    for k, v in TARGET.items(): print(f"  {k:14} target {v:7.1f}  generated {rates[k]:7.1f}")
    small, big = make(tmp / "small", args.n), make(tmp / "big", args.big)
    mem_small = small if args.mem_small == args.n else make(tmp / "mem-small", args.mem_small)
    arts, _ = read_corpus(small, near_duplicates=None)
    texts_file = tmp / "texts.json"
    texts_file.write_text(json.dumps(arts.text.tolist()), encoding="utf-8")
    n_art, n_words = len(arts), int(arts.word_count.sum())
    res, t0 = {}, time.perf_counter()
    res["stages"] = stage_costs(small, args.stages); print("stages", res["stages"], flush=True)
    for name, f in [("bare1", lambda: bare_spacy(texts_file, 1, n_art, n_words)), ("bare2", lambda: bare_spacy(texts_file, 2, n_art, n_words)),
                    ("local1", lambda: local_run(small, tmp / "out-l1", 1)), ("local2", lambda: local_run(small, tmp / "out-l2", 2)),
                    ("dask1", lambda: dask_run(small, tmp / "out-d1", 1)), ("dask2", lambda: dask_run(small, tmp / "out-d2", 2)),
                    ("memory phase", None),
                    ("local2_small", lambda: res["local2"] if mem_small is small else local_run(mem_small, tmp / "out-l2-small", 2)),
                    ("local2_big", lambda: local_run(big, tmp / "out-l2-big", 2))]:
        if f is None: print(f"timed runs done in {(time.perf_counter() - t0) / 60:.1f} min; memory runs follow", flush=True); continue
        res[name] = f(); print(name, res[name], flush=True)
    total = time.perf_counter() - t0
    rate = lambda r: r["articles"] / r["seconds"]
    jobs_ratio = rate(res["local2"]) / rate(res["local1"])
    over_bare2 = res["local2"]["seconds"] / res["bare2"]["seconds"]
    over_bare1 = res["local1"]["seconds"] / res["bare1"]["seconds"]
    dask_ratio = rate(res["dask2"]) / rate(res["dask1"])
    mem_ratio = res["local2_big"]["peak_mb"] / res["local2_small"]["peak_mb"]
    goal = lambda ok: "met" if ok else "**missed**"
    st = res["stages"]
    lines = ["# Corpus engine benchmark", "",
             f"Command: `python bench/engine_bench.py --n {args.n} --mem-small {args.mem_small} --big {args.big} --stages {args.stages}` (whole run {(time.perf_counter() - t0) / 60:.1f} min; "
             f"measurements {total / 60:.1f} min)", "", f"Machine: {machine()}", "", f"Run: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", "",
             f"Corpus: {n_art} generated articles (70% text dumps with chrome, 20% HTML pages, 10% JSON Lines), {n_words:,} words "
             f"({n_words / n_art:.0f} a article); memory runs on {args.mem_small} and {args.big} articles. Rates per 1,000 words:", "",
             "| | target (real coverage) | generated |", "|---|---|---|"]
    lines += [f"| {k} | {v:.1f} | {rates[k]:.1f} |" for k, v in TARGET.items()]
    lines += ["", "| run | articles | seconds | articles/s | words/s | peak memory (largest process) | peak memory (all processes) |", "|---|---|---|---|---|---|---|"]
    for label, key, mem in [("bare spaCy `nlp.pipe`, n_process=1", "bare1", "-"), ("bare spaCy `nlp.pipe`, n_process=2", "bare2", "-"),
                            ("local --jobs 1", "local1", f"{res['local1']['peak_mb']:.0f} MB"),
                            ("local --jobs 2", "local2", f"{res['local2']['peak_mb']:.0f} MB"),
                            ("dask, 1 worker", "dask1", " / ".join(f"{m:.0f}" for m in res["dask1"]["worker_max_rss_mb"]) + " MB"),
                            ("dask, 2 workers", "dask2", " / ".join(f"{m:.0f}" for m in res["dask2"]["worker_max_rss_mb"]) + " MB"),
                            (f"local --jobs 2, {args.mem_small} articles", "local2_small", f"{res['local2_small']['peak_mb']:.0f} MB"),
                            (f"local --jobs 2, {args.big} articles", "local2_big", f"{res['local2_big']['peak_mb']:.0f} MB")]:
        r = res[key]
        tree = f"{r['tree_peak_mb']:.0f} MB" if "tree_peak_mb" in r else "-"
        lines.append(f"| {label} | {r['articles']} | {r['seconds']:.1f} | {rate(r):.1f} | {r['words'] / r['seconds']:,.0f} | {mem} | {tree} |")
    lines += ["", "Ratios (goals of issue 14):", "",
              f"- local --jobs 2 / --jobs 1 throughput: **{jobs_ratio:.2f}** (goal at least 1.8: {goal(jobs_ratio >= 1.8)})",
              f"- whole pipeline / bare `nlp.pipe`, 2 processes, same texts: **{over_bare2:.2f}** (goal at most 1.10: {goal(over_bare2 <= 1.10)}); "
              f"one process: {over_bare1:.2f}",
              f"- Dask 2 workers / 1 worker throughput: **{dask_ratio:.2f}** (goal at least 1.9: {goal(dask_ratio >= 1.9)})",
              f"- local peak memory of the largest process at {args.big} / at {args.mem_small} articles: **{mem_ratio:.2f}** (goal at most 1.10: "
              f"{goal(mem_ratio <= 1.10)}); all processes together: {res['local2_big']['tree_peak_mb'] / res['local2_small']['tree_peak_mb']:.2f}",
              "", f"Stage costs on one process over {st['_articles']} articles ({st['_words']:,} words), model loaded before:", "",
              "| stage | seconds | share of the model's time |", "|---|---|---|"]
    model = st["model (nlp.pipe)"]
    lines += [f"| {k} | {v:.2f} | {v / model:.0%} |" for k, v in sorted(st.items(), key=lambda kv: -kv[1] if not kv[0].startswith("_") else 0)
              if not k.startswith("_")]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "results" / "engine.md").write_text(text, encoding="utf-8")
    import shutil; shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
