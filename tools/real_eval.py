"""`make eval`: score the claim check and the who-said-what tables on the real-coverage evaluation set.

Usage: python tools/real_eval.py [--language en] [--out bench/results/real_eval.md] [--details dev]
Texts live in the ignored data/external/; a missing or changed text is named with the query that finds it again
(search the `pages` corpus with it and save the page text to the file named), and the article is skipped.
--details dev prints every missed, spurious or wrong claim, person and quote of the dev split; the test split is
only ever scored, never listed.
"""
import argparse, sys, time
from pathlib import Path

import pandas as pd

from newsresearch.core import PROJECT_ROOT
from newsresearch.evaluation import eval_markdown, evaluate, implicit_unverifiable, load_eval_set, verdict_confusion


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--language", default="en")
    p.add_argument("--out", default=str(PROJECT_ROOT / "bench" / "results" / "real_eval.md"))
    p.add_argument("--details", choices=["dev"], help="list the dev split's misses (never the test split's)")
    p.add_argument("--note", default="", help="a line to put at the top of the results page")
    p.add_argument("--split", choices=["dev", "test"], help="score one split only (while changing rules: dev)")
    args = p.parse_args(argv)
    t = time.perf_counter()
    arts = [a for a in load_eval_set(args.language) if args.split in (None, a.annotation["split"])]
    if not arts: print(f"no annotated articles in data/eval/{args.language}", file=sys.stderr); return 2
    res = evaluate(arts)
    pd.set_option("display.width", 200); pd.set_option("display.max_columns", 30); pd.set_option("display.max_colwidth", 70)
    for r in res.skipped.itertuples():
        print(f"skipped {r.article}: text {r.status} ({r.text_file}); fetch it again with the pages search: {r.query!r}")
    print(res.claim_scores().to_string(index=False))
    print("claims unverifiable only for an implicit year or round: " +
          ", ".join(f"{k} {v}" for k, v in implicit_unverifiable(res.found_claims).items()))
    for split in sorted(set(res.claims.split)):
        print(f"\nverdicts on matched claims, {split} (rows gold, columns found):\n{verdict_confusion(res.claims, split)}")
    print("\n" + res.who_scores().to_string(index=False))
    if args.details == "dev":
        c = res.claims[res.claims.split == "dev"]
        print("\n== dev: gold claims missed\n" + c[~c.found][["article", "kind", "gold_verdict", "in_text"]].to_string(index=False))
        w = c[c.found & (c.found_verdict != c.gold_verdict)]
        print("\n== dev: wrong verdicts\n" + w[["article", "kind", "found_type", "gold_verdict", "found_verdict", "explanation"]].to_string(index=False))
        f = res.found_claims[(res.found_claims.split == "dev") & ~res.found_claims.matched]
        print("\n== dev: found claims the gold lacks\n" + f[["article", "type", "verdict", "text"]].to_string(index=False))
        pp = res.people[res.people.split == "dev"]
        print("\n== dev: people\n" + pp[["article", "name", "found", "gold_role", "found_role", "role_right", "gold_affiliation", "found_affiliation", "affiliation_right"]].to_string(index=False))
        print("\n== dev: spurious people\n" + res.spurious_people[res.spurious_people.split == "dev"].to_string(index=False))
        q = res.quotes[res.quotes.split == "dev"]
        print("\n== dev: quotes\n" + q[["article", "words", "gold_speaker", "speaker_kind", "found", "found_speakers", "speaker_right"]].to_string(index=False))
    out = Path(args.out); out.parent.mkdir(parents=True, exist_ok=True)
    cmd = "make eval" if not argv else "python tools/real_eval.py " + " ".join(argv)
    out.write_text(eval_markdown(res, cmd, args.note), encoding="utf-8")
    print(f"\n{len(arts) - len(res.skipped)} of {len(arts)} articles scored in {time.perf_counter() - t:.1f} s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
