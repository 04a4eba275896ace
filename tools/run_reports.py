"""The main job (`make reports`): every report template on the bundled data, executed by papermill and rendered to
offline HTML in --out, each table beside it as CSV and each chart's spec as JSON. Prints each report's wall time and
where it went: papermill's kernel start and overhead, the cells (and the slowest), the HTML rendering.

Runs: the article report on the seed; the corpus report on data/raw and on our own sample articles (the claim-check
fixtures, several with deliberate errors); the history report.
"""
import argparse, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JOBS = [("article", {}), ("corpus", {}), ("corpus", {"input_glob": "tests/fixtures/claims/*.txt"}), ("history", {})]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "reports" / "out")
    p.add_argument("--jobs", type=int, default=2, help="reports run at once (each starts its own kernel)")
    args = p.parse_args(argv)
    from newsresearch.reports import run_report
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    t0, failed = time.perf_counter(), []

    def one(job):
        template, params = job
        try:
            run = run_report(template, params, out)
            where = ", ".join(f"{k} {v:.1f}" for k, v in (run.phases or {}).items())
            print(f"{template} {params or '(defaults)'}: {run.seconds:.1f} s ({where}) -> {run.html.relative_to(out)} "
                  f"(+{len(run.files)} files)", flush=True)
        except Exception as e:  # report every failure, then fail the job
            failed.append(f"{template} {params}: {type(e).__name__}: {e}")
            print(f"{template} {params}: FAILED: {type(e).__name__}: {str(e)[:2000]}", flush=True)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(one, JOBS))
    print(f"make reports: {len(JOBS) - len(failed)} of {len(JOBS)} reports in {time.perf_counter() - t0:.1f} s; outputs in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
