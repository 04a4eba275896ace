"""A 13th SMA is a data change, not a code change: added to a copy of data/history as CSV rows only (a round
2031-2035, its five annual amounts, one source), it validates, it is charted, and the claim check uses it.

The round and its figures are invented for the test (the source id says so); the real data/history is never touched.
"""
import csv, shutil

import pytest

from newsresearch.core import HISTORY_DIR
from newsresearch.history import annual_contributions, contribution_chart, load_history, save_chart

YEARS = {2031: 1700.0, 2032: 1751.0, 2033: 1803.5, 2034: 1857.6, 2035: 1913.3}  # +3% a year, rounded
SOURCE = "test-13th-sma"


def append_rows(path, rows: list[dict]):
    "Append rows to a curated CSV, in its own column order (missing columns empty)."
    with open(path, encoding="utf-8", newline="") as f: columns = next(csv.reader(f))
    with open(path, "a", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns)
        for r in rows: w.writerow({c: r.get(c, "") for c in columns})


@pytest.fixture(scope="module")
def thirteen(tmp_path_factory):
    "A copy of data/history with a 13th SMA for 2031-2035."
    folder = tmp_path_factory.mktemp("history13") / "history"
    shutil.copytree(HISTORY_DIR, folder)
    append_rows(folder / "sources.csv", [{"source_id": SOURCE, "title": "Invented 13th SMA for the test suite",
                                          "publisher": "newsresearch tests", "date": "2030-11-20", "kind": "official",
                                          "url": "https://example.org/sma-13"}])
    append_rows(folder / "rounds.csv", [{
        "sma_round": "13", "name": "13th SMA", "period_start": "2031", "period_end": "2035", "agreed": "2030-10-02",
        "signed": "2030-11-20", "in_force": "2030-12-15", "rule_type": "fixed",
        "payment_rule": "2031 1,700bn won; +3% a year to 2035", "source_ids": SOURCE}])
    append_rows(folder / "annual.csv", [{
        "year": str(y), "sma_round": "13", "amount": f"{v:.1f}", "currency": "KRW", "unit": "billion",
        "krw_billion_sourced": f"{v:.1f}", "basis": "agreed", "status": "confirmed", "source_ids": SOURCE,
        "krw_source_ids": SOURCE} for y, v in YEARS.items()])
    return folder


def test_a_13th_round_validates(thirteen):
    h = load_history(thirteen)
    assert (h.first_round, h.last_round, h.first_year, h.last_year) == (1, 13, 1991, 2035)
    a = annual_contributions(h).set_index("year")
    assert a.loc[2033, "amount"] == YEARS[2033] and a.loc[2033, "sma_round"] == 13
    assert list(a.index) == list(range(1991, 2036))


def test_a_13th_round_is_charted(thirteen, tmp_path):
    h = load_history(thirteen)
    chart = contribution_chart(h)
    spec = chart.to_dict()
    assert "1991-2035" in spec["title"]["text"], spec["title"]
    svg = save_chart(chart, tmp_path / "contribution.svg").read_text(encoding="utf-8")
    assert ">13th</text>" in svg, "the 13th round's band label is not drawn"
    assert ">2035</text>" in svg or ">2034</text>" in svg, "the x axis does not reach the 13th round's years"
    bars = [d for d in spec["datasets"].values() if d and "display_amount" in d[0] and "kind" in d[0]]
    assert any(r["year"] == 2035 and r["display_amount"] == YEARS[2035] for r in bars[0]), "no bar for 2035"


def test_the_claim_check_uses_a_13th_round(thirteen):
    from newsresearch.claims import Record, check_article
    rec = Record(h=load_history(thirteen))
    text = ("Seoul and Washington sign 13th cost-sharing deal\n\n"
            "SEOUL, Nov. 20, 2030 -- South Korea and the United States signed the 13th Special Measures Agreement "
            "on Wednesday, the foreign ministry said.\n\n"
            "Under the deal, Seoul will pay 1.7 trillion won in 2031, and the payment will rise by 3 percent a year.\n\n"
            "The 13th SMA expires at the end of 2035.")
    claims = check_article(text, record=rec)
    rows = {(r["type"], tuple(r["evidence_ids"])): r for r in claims.to_dict(orient="records")}
    table = claims[["type", "verdict", "explanation", "evidence_ids"]].to_string()
    for key in [("signing", ("round:13",)), ("contribution_amount", ("annual:2031",)), ("expiry", ("round:13",))]:
        assert key in rows, f"no {key[0]} claim citing {key[1][0]}:\n{table}"
        assert rows[key]["verdict"] == "supported", rows[key]
        assert rows[key]["source_ids"] == [SOURCE], rows[key]
    assert "2031-2035" in rows[("expiry", ("round:13",))]["explanation"]
    # a wrong amount or a wrong expiry for the 13th SMA is contradicted
    wrong = check_article(text.replace("1.7 trillion won in 2031", "1.8 trillion won in 2031").replace("end of 2035", "end of 2034"), record=rec)
    verdicts = {r["type"]: r["verdict"] for r in wrong.to_dict(orient="records")}
    assert verdicts["contribution_amount"] == "contradicted" and verdicts["expiry"] == "contradicted", verdicts
