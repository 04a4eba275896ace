"""Benchmark (issue 16): parsing time is linear in the input size, for the two inputs that used to be quadratic.

1. `short_lines`: a .txt of many short distinct lines (the header scan counted every block against every other).
2. `reporting_by`: a .json record whose text repeats "(Reporting by " (the trailing sign-off pattern rescanned the tail).
For each size from 100 KB to 5 MB it times `iter_file` (read, decode, clean, build the article) and prints the time per MB;
the figure of merit is (time per MB at 5 MB) / (time per MB at 100 KB): 1.0 is linear, the goal is at most 1.3.
A second table times every block rule of the cleaner on adversarial blocks of its longest allowed length (worst case).
Writes bench/results/parse_scaling.md. Usage: python bench/parse_scaling.py [--repeat 2]
"""
import argparse, json, os, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse_bench import machine  # noqa: E402

from newsresearch.article import BLOCK_RULES, _BLOCK_RULES, iter_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = [100_000, 250_000, 500_000, 1_000_000, 2_000_000, 4_900_000]  # the last just under the 5,000,000-byte cap
LEAD = ("The two allies met in the capital on Tuesday to weigh how much the host country should pay each year for the "
        "foreign troops stationed there, a question that has divided the negotiators for months.")


def short_lines(n: int) -> tuple[str, bytes]:
    out, i, size = [], 0, 0
    while size < n:
        line = f"item {i} of the list\n"; out.append(line); size += len(line); i += 1
    return ".txt", "".join(out).encode()[:n]


def reporting_by(n: int) -> tuple[str, bytes]:
    k = (n - len(LEAD) - 20) // len("(Reporting by ")
    return ".json", json.dumps({"text": LEAD + " " + "(Reporting by " * k}).encode()


def time_file(ext: str, data: bytes, tmp: Path, repeat: int) -> float:
    p = tmp / f"input{ext}"
    p.write_bytes(data)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        results = list(iter_file(p, max_bytes=5_000_000))
        best = min(best, time.perf_counter() - t)
        assert len(results) == 1 and not getattr(results[0], "reason", "") == "internal_error", results[0]
    return best


ADVERSARIAL = ["and", "andand", "de ", "a, ", "ab & ", "x", "email ", "(Reporting by ", "by ", "Published ", "March 5, ",
               "2024-03-05 ", "-", " ", ".", "Seoul, ", "A", "share ", "© "]


def rule_worst_case() -> list[tuple[str, int, float, str]]:
    "Longest time each block rule takes on blocks of its longest length built from repeated tricky pieces."
    rows = []
    for (name, _, limit), (_, rx, _) in zip(BLOCK_RULES, _BLOCK_RULES):
        worst, worst_block = 0.0, ""
        for prefix in ["", "by ", "reporting by ", "published ", "see also ", "share ", "(reporting by "]:
            for piece in ADVERSARIAL:
                for tail in ["!", "", " 5"]:
                    block = (prefix + piece * limit)[:limit - len(tail)] + tail
                    dt = float("inf")
                    for _ in range(3):  # the fastest of three: a busy machine's pauses are not the pattern's cost
                        t = time.perf_counter(); rx.fullmatch(block); dt = min(dt, time.perf_counter() - t)
                    if dt > worst: worst, worst_block = dt, block
        rows.append((name, limit, worst, worst_block[:40]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=2, help="runs per size; the fastest counts (default 2)")
    args = ap.parse_args()
    lines = [f"Parse scaling (issue 16), {time.strftime('%Y-%m-%d %H:%M')}, {machine()}, load average "
             f"{os.getloadavg()[0]:.1f} at the start", "",
             "`iter_file` on one file of each size (fastest of %d runs); time per MB should not grow with the size." % args.repeat, "",
             "| input | size | seconds | seconds per MB |", "|---|---:|---:|---:|"]
    ratios = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        time_file(*reporting_by(100_000), tmp, 1)  # warm up: the language model loads on first use
        for name, make in [("short_lines", short_lines), ("reporting_by", reporting_by)]:
            per_mb = {}
            for n in SIZES:
                ext, data = make(n)
                s = time_file(ext, data, tmp, args.repeat)
                per_mb[n] = s / (len(data) / 1e6)
                row = f"| {name} | {len(data) / 1e6:.2f} MB | {s:.2f} | {per_mb[n]:.2f} |"
                print(row, flush=True); lines.append(row)
            ratios[name] = per_mb[SIZES[-1]] / per_mb[SIZES[0]]
    lines += ["", "| input | (s/MB at 4.9 MB) / (s/MB at 100 KB) | goal |", "|---|---:|---|"]
    for name, r in ratios.items():
        lines.append(f"| {name} | {r:.2f} | at most 1.3 |"); print(f"{name}: time-per-MB ratio 4.9 MB / 100 KB = {r:.2f}")
    lines += ["", "Worst case of each block rule on adversarial blocks of its longest length (a block longer than the "
              "limit is never matched):", "", "| rule | limit (chars) | worst seconds | block |", "|---|---:|---:|---|"]
    for name, limit, worst, block in rule_worst_case():
        lines.append(f"| {name} | {limit} | {worst:.5f} | `{block}` |"); print(f"rule {name}: worst {worst * 1000:.2f} ms")
    out = ROOT / "bench" / "results" / "parse_scaling.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
