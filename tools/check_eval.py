"""Validate the real-coverage evaluation set (data/eval/<lang>/*.json): schema, spans, hashes, evidence ids.

Usage: python tools/check_eval.py [FILE.json ...] [--show]   (--show prints each claim's and quote's span text)
Exits 1 when a file has an error; a missing text file is reported, not an error (texts are not in git).
"""
from __future__ import annotations

import hashlib, json, sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"contribution_amount", "percent_change", "cap", "demand", "troop_level", "comparison", "presidency", "expiry",
         "entry_into_force", "signing", "start_of_payments", "appointment", "difference", "multiple", "term_length",
         "event_date", "round_count", "workforce", "cost_share", "conversion"}
VERDICTS = {"supported", "contradicted", "misleading", "unverifiable"}
OUTLET_KINDS = {"wire", "korean_press", "us_outlet", "european_outlet", "government", "aggregator", "other"}
KEYS = {"id", "url", "outlet", "outlet_kind", "published", "language", "query", "text_file", "sha256", "chars", "split",
        "annotator", "claims", "people", "quotes", "needs_facts"}


def evidence_ids() -> set[str]:
    h, kb = ROOT / "data/history", ROOT / "data/kb"
    ids = {f"annual:{y}" for y in pd.read_csv(h / "annual.csv").year}
    ids |= {f"round:{n}" for n in pd.read_csv(h / "rounds.csv").sma_round}
    ids |= {f"rate:{y}" for y in pd.read_csv(h / "exchange_rates.csv").year}
    ids |= {f"alt:{a}" for a in pd.read_csv(h / "alternates.csv").alt_id}
    ids |= set(pd.read_csv(h / "events.csv").event_id)
    ids |= {f"kb:{a}" for a in pd.read_csv(kb / "actors.csv").kb_id}
    ids |= {f"role:{a}" for a in pd.read_csv(kb / "roles.csv").role_id}
    return ids


def check(path: Path, known: set[str], show: bool = False) -> list[str]:
    errs = []
    try: a = json.loads(path.read_text(encoding="utf-8"))
    except Exception as e: return [f"not valid JSON: {e}"]
    if set(a) != KEYS: errs.append(f"keys differ: missing {sorted(KEYS - set(a))}, extra {sorted(set(a) - KEYS)}")
    if a.get("id") != path.stem: errs.append(f"id {a.get('id')!r} is not the file name {path.stem!r}")
    if a.get("outlet_kind") not in OUTLET_KINDS: errs.append(f"outlet_kind {a.get('outlet_kind')!r}")
    if a.get("split") not in ("dev", "test", None): errs.append(f"split {a.get('split')!r}")
    tf = ROOT / a.get("text_file", "")
    text = None
    if not tf.is_file(): print(f"  {path.name}: text missing ({a.get('text_file')}); fetch it by its query")
    else:
        raw = tf.read_bytes()
        if hashlib.sha256(raw).hexdigest() != a.get("sha256"): errs.append("sha256 of the text differs")
        text = raw.decode("utf-8")
        if len(text) != a.get("chars"): errs.append(f"chars {a.get('chars')} but the text has {len(text)}")
    def span(s, e, what):
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e): errs.append(f"{what}: bad span {s}-{e}"); return ""
        if text is not None and e > len(text): errs.append(f"{what}: span {s}-{e} past the end"); return ""
        return text[s:e] if text else ""
    for i, c in enumerate(a.get("claims", [])):
        w = f"claim {i}"
        if c.get("kind") not in KINDS: errs.append(f"{w}: kind {c.get('kind')!r}")
        if c.get("verdict") not in VERDICTS: errs.append(f"{w}: verdict {c.get('verdict')!r}")
        bad = [e for e in c.get("evidence", []) if e not in known]
        if bad: errs.append(f"{w}: unknown evidence ids {bad}")
        for k in ("summary", "reason", "values"):
            if k not in c: errs.append(f"{w}: no {k}")
        t = span(c.get("start"), c.get("end"), w)
        if show: print(f"  C{i} {c.get('kind'):20} {c.get('verdict'):13} [{t}]")
    for i, p in enumerate(a.get("people", [])):
        if not p.get("name"): errs.append(f"person {i}: no name")
        for s, e in p.get("mentions", []): span(s, e, f"person {p.get('name')}")
    for i, q in enumerate(a.get("quotes", [])):
        if q.get("speaker_kind") not in ("person", "organization", "unnamed"): errs.append(f"quote {i}: speaker_kind")
        t = span(q.get("start"), q.get("end"), f"quote {i}")
        if show: print(f"  Q{i} {q.get('speaker')!s:28} [{t[:60]}]")
    return errs


def main(argv: list[str]) -> int:
    show = "--show" in argv
    files = [Path(p) for p in argv if p != "--show"] or sorted((ROOT / "data/eval").glob("*/*.json"))
    known, bad = evidence_ids(), 0
    for f in files:
        errs = check(f, known, show)
        print(f"{f.name}: {'ok' if not errs else 'ERRORS'}")
        for e in errs: print("   -", e)
        bad += bool(errs)
    print(f"{len(files)} files, {bad} with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
