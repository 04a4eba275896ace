"""Where the pipeline's time goes beside the model, stage by stage, on a generated corpus shaped like real coverage.

Runs the stages of `bench/engine_bench.py` stage_costs (parse, model, entities, claims, MinHash signatures, Parquet
parts) over the first --n inputs of a corpus from bench/corpus.py, and prints:
- each stage's CPU time (time.process_time, so other processes on a shared machine count less) as a share of the
  model's (`nlp.pipe`), the median of --repeat runs;
- the top functions of the stages beside the model, profiled with cProfile, by their own time (tottime) and by
  their cumulative time, as a share of the model's own profiled time (cProfile inflates Python-level calls, the
  Token objects spaCy makes above all: read these as pointers, the stage shares as the figures);
and writes the same to bench/results/profile_stages.md.

Usage: python bench/profile_stages.py [--n 60] [--repeat 3] [--top 15]
"""
import argparse, cProfile, pstats, statistics, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from engine_bench import make  # noqa: E402
from parse_bench import machine  # noqa: E402

STAGES = ["parse (read_corpus)", "model (nlp.pipe)", "entities (extract_rows)", "claims (check_corpus)",
          "signatures (MinHash)", "Parquet parts"]


def stage_calls(files: list) -> dict:
    "The stages as callables, each taking the previous stages' results (the model loaded before, as in engine_bench)."
    import pandas as pd
    from newsresearch.article import read_corpus
    from newsresearch.claims import check_corpus, default_record
    from newsresearch.engine import _flat, signatures
    from newsresearch.entities import TABLE_COLUMNS, EntityTables, extract_rows, get_nlp, load_kb
    nlp, kb, _ = get_nlp(), load_kb(), default_record()
    read_corpus(files[:2]); list(nlp.pipe(["warm up the model"]))
    st = {}
    def parse(): st["arts"] = read_corpus(files, near_duplicates=None)[0]
    def model(): st["docs"] = list(nlp.pipe(st["arts"].text.tolist(), batch_size=32))
    def entities():
        rows = {k: [] for k in TABLE_COLUMNS}
        for d, a, p in zip(st["docs"], st["arts"].article_id, st["arts"].published):
            for k, v in extract_rows(d, a, p if isinstance(p, str) else None, kb).items(): rows[k] += v
        st["tables"] = EntityTables.from_rows(rows)
    def claims(): st["claims"] = check_corpus(st["arts"], st["tables"])
    def sigs(): st["sig"] = signatures(st["arts"])
    def parquet():
        with tempfile.TemporaryDirectory() as tmp:
            frames = {"articles": st["arts"], "claims": st["claims"], **{k: getattr(st["tables"], k) for k in TABLE_COLUMNS}}
            for name, df in frames.items(): _flat(df, "b").to_parquet(Path(tmp) / f"{name}.parquet", index=False)
            pd.DataFrame({"minhash": st["sig"]}).to_parquet(Path(tmp) / "sig.parquet")
    return dict(zip(STAGES, [parse, model, entities, claims, sigs, parquet])), st


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60, help="inputs (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of every stage; the median is shown")
    ap.add_argument("--top", type=int, default=15, help="functions to list")
    args = ap.parse_args()
    out = []
    def say(line=""): print(line); out.append(line)
    from newsresearch.article import expand_inputs
    with tempfile.TemporaryDirectory(prefix="nr-profile-") as tmp:
        files = expand_inputs(make(Path(tmp), max(args.n, 10)))[0][: args.n]
        calls, st = stage_calls(files)
        cpu = {k: [] for k in STAGES}
        for _ in range(args.repeat):
            for k, f in calls.items():
                t = time.process_time(); f(); cpu[k].append(time.process_time() - t)
        cpu = {k: statistics.median(v) for k, v in cpu.items()}
        model = cpu["model (nlp.pipe)"]
        say(f"{len(st['arts'])} articles, {int(st['arts'].word_count.sum()):,} words; CPU seconds, median of {args.repeat}:")
        for k in STAGES: say(f"  {k:26} {cpu[k]:7.3f}  {cpu[k] / model:6.1%} of the model")
        rest = sum(v for k, v in cpu.items() if k != "model (nlp.pipe)")
        say(f"  {'all stages beside the model':26} {rest:7.3f}  {rest / model:6.1%} of the model")
        prof, model_prof = cProfile.Profile(), cProfile.Profile()
        for k, f in calls.items():
            p = model_prof if k == "model (nlp.pipe)" else prof
            p.enable(); f(); p.disable()
        mtotal = pstats.Stats(model_prof).total_tt
        stats = pstats.Stats(prof)
        for key, label in [("tottime", "own time"), ("cumulative", "cumulative time")]:
            say(); say(f"top {args.top} functions beside the model by {label}, as a share of the model's profiled time ({mtotal:.2f} s):")
            rows = sorted(stats.stats.items(), key=lambda kv: -(kv[1][2] if key == "tottime" else kv[1][3]))
            shown = 0
            for (fn, line, name), (cc, nc, tt, ct, _) in rows:
                if key == "cumulative" and ("profile_stages" in fn or name.startswith("<") and "built-in" not in name): continue
                v = tt if key == "tottime" else ct
                where = f"{Path(fn).parent.name}/{Path(fn).name}:{line}" if line else fn
                say(f"  {v / mtotal:6.1%}  {nc:>8} calls  {name}  ({where})")
                shown += 1
                if shown == args.top: break
    head = ["# Stage costs beside the model", "", f"Command: `python bench/profile_stages.py --n {args.n} --repeat {args.repeat} "
            f"--top {args.top}`", "", f"Machine: {machine()}", "", f"Run: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", "", "```"]
    (HERE / "results" / "profile_stages.md").write_text("\n".join(head + out + ["```"]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
