"""Property-based fuzzing of the corpus reader: random bytes, text, HTML and JSON Lines never make it raise,
and every input ends up as exactly one article or reject. The same invariant (inputs = articles + rejects, no exception
escapes) is checked for file names, encodings, JSON shapes, dates, numbers and sizes. The number of examples comes from
the profile in conftest.py: `quick` in the gate, `slow` (10,000 per property) with HYPOTHESIS_PROFILE=slow."""
import json, os, tempfile
from datetime import date
from pathlib import Path

import pandas as pd
from hypothesis import given, settings, strategies as st

from newsresearch.article import MAX_BYTES, REJECT_REASONS, iter_file, parse_date, parse_record, read_corpus, real_path
from newsresearch.cli import json_lines
from newsresearch.entities import PERCENT_RE, MONEY_RE, normalize_date, text_pieces, to_number

PROSE = st.lists(st.sampled_from(
    "South Korea agreed to pay 1.52 trillion won . the United States said on Tuesday that talks would begin "
    "See also Read more Share on Facebook March 5, 2024 – (END) By Kim Min-ji <p> </p> <script>alert(1)</script> "
    "\n \n\n 28,500 troops 13.9% 이태우 é".split(" ")), max_size=120).map(" ".join)
HTML = st.builds(lambda head, body, close: f"<html><head><title>{head}</title></head><body><article><p>{body}</p></article>"
                 + ("</body></html>" if close else ""), PROSE, PROSE, st.booleans())
JSON_LINE = st.one_of(
    st.builds(lambda t, b, d: json.dumps({"title": t, "text": b, "date": d}), PROSE, PROSE, st.text(max_size=20)),
    st.builds(lambda v: json.dumps(v), st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                                                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4), max_leaves=8)),
    st.text(max_size=80).filter(lambda s: "\n" not in s and "\r" not in s and s.strip()))

FILE = st.one_of(
    st.tuples(st.sampled_from([".txt", ".html", ".json", ".bin", ""]), st.binary(max_size=3000)),
    st.tuples(st.sampled_from([".txt", ".md", ""]), PROSE.map(lambda s: s.encode("utf-8"))),
    st.tuples(st.sampled_from([".txt", ".txt"]), st.tuples(PROSE, st.sampled_from(["utf-16", "cp949", "latin-1", "utf-8-sig"]))
              .map(lambda t: t[0].encode(t[1], errors="replace"))),
    st.tuples(st.sampled_from([".html", ".htm", ".txt"]), HTML.map(lambda s: s.encode("utf-8"))),
    st.tuples(st.just(".jsonl"), st.lists(JSON_LINE, max_size=6).map(lambda ls: "\n".join(ls).encode("utf-8"))),
)


def expected_records(ext: str, data: bytes) -> set:
    "The (name, line) keys the reader must produce for one file, computed independently of it."
    if ext == ".jsonl":
        try: text = data.decode("utf-8")
        except UnicodeDecodeError: return {None}
        lines = [n for n, l in enumerate(text.split("\n"), 1) if l.strip()]
        return set(lines) if lines else {None}
    return None  # one record, or (valid JSON arrays) one per item: checked by count below


@settings(max_examples=max(150, settings().max_examples))
@given(st.lists(FILE, min_size=1, max_size=6))
def test_reader_never_raises_and_accounts_for_every_input(files):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (ext, data) in enumerate(files):
            p = Path(tmp) / f"f{i}{ext}"
            p.write_bytes(data)
            paths.append((p, ext, data))
        articles, rejects = read_corpus(tmp, near_duplicates=None)  # duplicates are not what is fuzzed: cheaper examples
        keys = [(Path(p).name, l) for p, l in zip(articles.source_path, articles.line)] + \
               [(Path(p).name, l) for p, l in zip(rejects.path, rejects.line)]
        assert len(keys) == len(set(keys)), f"a record appears twice: {keys}"
        for p, ext, data in paths:
            mine = [l for name, l in keys if name == p.name]
            assert mine, f"{p.name} was lost: neither an article nor a reject"
            want = expected_records(ext, data)
            if want is not None and want != {None}:
                got = set(None if pd.isna(l) else int(l) for l in mine)
                assert got == want or got == {None}, (p.name, got, want)
            elif ext != ".json":
                assert len(mine) == 1, (p.name, mine)
        assert set(rejects.reason) <= {"empty", "binary", "undecodable", "no_article", "invalid_json", "missing_text",
                                      "truncated_html", "too_large"}, set(rejects.reason)


# --- issue 16: names, encodings, JSON shapes, dates, numbers, sizes --------------------------------------------------
B = ("The two allies met in the capital on Tuesday to weigh how much the host country should pay each year for the "
     "foreign troops stationed there, a question that has divided the negotiators for months.")
KNOWN = set(REJECT_REASONS) - {"internal_error"}  # a reject must say what is wrong with the input, not that we failed


def records(path, **kw) -> list:
    out = list(iter_file(path, **kw))
    bad = [r for r in out if getattr(r, "reason", None) == "internal_error"]
    assert not bad, bad
    return out


def text_safe(df: pd.DataFrame, kind: str):
    "Every row prints as strict JSON that encodes to UTF-8 (what `--json`, Parquet and DuckDB need)."
    for line in json_lines(df, kind):
        json.loads(line, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c))); line.encode("utf-8")


NAME = st.one_of(
    st.binary(min_size=1, max_size=40),  # any bytes, not UTF-8 in general
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).map(lambda s: s.encode("utf-8")),
    st.sampled_from([b".hidden", b"..twodots", b" lead space", b"trail space ", b"caf\xe9.txt", b"a.b.c.txt", b".txt"]),
).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..") and len(b) < 200)


@given(st.lists(st.tuples(NAME, st.sampled_from(["article", "empty", "binary"])), min_size=1, max_size=5,
                unique_by=lambda t: t[0]))
def test_any_file_name_is_an_article_or_a_reject(entries):
    with tempfile.TemporaryDirectory() as tmp:
        body = {"article": B.encode(), "empty": b"", "binary": b"\x89PNG\r\n\x1a\n" + bytes(200)}
        for name, kind in entries:
            with open(os.path.join(os.fsencode(tmp), name), "wb") as f: f.write(body[kind])
        articles, rejects = read_corpus(tmp, near_duplicates=None)
        seen = [os.path.basename(os.fsencode(real_path(p))) for p in list(articles.source_path) + list(rejects.path)]
        assert sorted(seen) == sorted(name for name, _ in entries)  # each file once, found again from its recorded path
        for (name, kind) in entries:
            if name.startswith(b"."): assert name in [os.path.basename(os.fsencode(real_path(p))) for p in rejects.path]
        assert set(rejects.reason) <= KNOWN
        text_safe(articles.drop(columns=["paragraphs", "removed"]), "article"); text_safe(rejects, "reject")


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp949", "euc-kr", "latin-1", "cp1252",
             "shift_jis", "gb18030", "big5", "koi8-r", "mac_roman", "cp437"]


@given(st.text(min_size=0, max_size=400), st.sampled_from(ENCODINGS), st.booleans())
def test_any_encoding_gives_one_record(extra, encoding, with_article):
    text = (B + " " + extra) if with_article else extra
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "a.txt"
        p.write_bytes(text.encode(encoding, errors="replace"))
        (r,) = records(p)
        assert getattr(r, "reason", "article") in KNOWN | {"article"}


def nested(depth: int, opener: str) -> str:
    return ('{"a": ' * depth + "1" + "}" * depth) if opener == "{" else "[" * depth + "]" * depth


JSON_LINE_16 = st.one_of(
    st.builds(lambda: json.dumps({"text": B})),
    st.builds(nested, st.integers(1, 3000), st.sampled_from(["[", "{"])),
    st.builds(lambda d: '{"text": "%s", "n": %s}' % (B, "9" * d), st.integers(1, 6000)),
    st.sampled_from(["1e400", "-1e400", "1e-400", "NaN", "Infinity", '{"text": 1e999}', '{"text": "%s", "date": 1e300}' % B,
                     '{"text": "%s", "date": -1e300}' % B, '{"text": "%s", "date": 253402300800000}' % B]),
    st.builds(lambda cp, where: '{"text": "%s", "%s": "\\u%04x"}' % (B, where, cp), st.integers(0xD800, 0xDFFF),
              st.sampled_from(["title", "x", "url"])),
    st.builds(lambda v: json.dumps({"text": v, "title": v, "date": v}),
              st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers(), max_size=3),
                        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))),
    st.builds(lambda d: json.dumps({"text": B, "date": d}), st.text(max_size=60)),
)


@given(st.lists(JSON_LINE_16, min_size=1, max_size=8))
def test_every_json_line_is_one_record_with_its_line_number(lines):
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "feed.jsonl"
        p.write_text("\n".join(lines), encoding="utf-8")
        got = records(p)
        want = [n for n, l in enumerate(lines, 1) if l.strip()]
        assert sorted(r.line for r in got) == want
        assert {r.reason for r in got if hasattr(r, "reason")} <= KNOWN
        for r in got:
            if hasattr(r, "article_id"): json.dumps(r.published); (r.text + (r.title or "")).encode("utf-8")
        (Path(tmp) / "whole.json").write_text(lines[0], encoding="utf-8")
        assert records(Path(tmp) / "whole.json")


MONTH = st.sampled_from(["January", "Feb.", "February", "April", "Sept.", "December", "june"])
DATE_TEXT = st.one_of(
    st.builds(lambda m, d, y: f"{m} {d}, {y:04d}", MONTH, st.integers(0, 40), st.integers(0, 99_999)),
    st.builds(lambda m, d: f"{m} {d}", MONTH, st.integers(0, 40)),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 99_999), st.integers(0, 13), st.integers(0, 32)),
    st.sampled_from(["next week", "next month", "next year", "last week", "yesterday", "today", "Monday", "Sundays",
                     "the 1990s", "late 2090s", "2019-2025", "fiscal 2099", "three years", "a decade"]),
    st.builds(lambda n, u: f"{n} {u}", st.integers(0, 10**30), st.sampled_from(["years", "days", "decades", "centuries"])),
    st.text(max_size=40),
)
PUBLISHED = st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
                      st.sampled_from(["0001-01-01", "9999-12-31"]))


@given(DATE_TEXT, PUBLISHED)
def test_any_date_expression_is_a_date_or_none(text, published):
    got = normalize_date(text, published)
    assert got is None or set(got) == {"kind", "value", "qualifier"}
    iso = parse_date(text)
    assert iso is None or date.fromisoformat(iso)
    # the same text as an article's date metadata, in process (no file: 10,000 examples stay cheap)
    a = parse_record({"text": f"{B} It was agreed on {text}.", "date": text}, "a.jsonl", "jsonl", "utf-8", 1)
    assert a.published is None or date.fromisoformat(a.published)


NUMBER = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**400, 10**400),
                   st.floats(min_value=-1e-300, max_value=1e-300), st.integers(0, 6000).map(lambda n: "9" * n))


@given(NUMBER)
def test_any_number_gives_valid_json_and_no_error(n):
    text_safe(pd.DataFrame({"value": [n if not isinstance(n, str) else float("inf")], "text": [str(n)[:50]]}), "x")
    s = str(n)
    to_number(s); parse_date(n if not isinstance(n, str) else s)
    for rx in (MONEY_RE, PERCENT_RE):
        for m in rx.finditer(f"${s} billion and {s} percent and {s} won"):
            g = m.groupdict()
            to_number(g.get("num1") or g.get("num2") or g.get("num") or "0")


@given(st.integers(0, 60_000), st.integers(1, 5_000), st.sampled_from(["\n\n", " ", "", "\n"]))
def test_any_size_is_cut_into_pieces_that_join_back(n, size, sep):
    unit = "word" + sep
    text = (unit * (n // max(len(unit), 1) + 1))[:n]
    pieces = text_pieces(text, size)
    assert "".join(pieces) == text and all(len(p) <= size for p in pieces)


@given(st.integers(1, 4_000), st.integers(1, 4_000))
def test_size_cap_is_exact(size, cap):
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "a.txt"
        p.write_bytes(((B + " ").encode() * 40)[:size])
        (r,) = records(p, max_bytes=cap)
        assert (getattr(r, "reason", None) == "too_large") == (size > cap)
    assert cap < MAX_BYTES
