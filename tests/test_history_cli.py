"`newsresearch history` end to end, on the published data and on a corrupted copy."
import json, shutil, subprocess, os

import pandas as pd
from pathlib import Path


def run(cli, *args, env=None):
    return subprocess.run([str(cli), *args], capture_output=True, text=True, timeout=300, env=env)


def test_history_json_has_every_year_with_sources(cli):
    p = run(cli, "history", "--json")
    assert p.returncode == 0, p.stderr
    rows = [r for r in map(json.loads, p.stdout.splitlines()) if r["kind"] == "annual"]
    assert [r["year"] for r in rows] == list(range(1991, 2031))
    by_year = {r["year"]: r for r in rows}
    assert (by_year[2019]["amount"], by_year[2019]["pct_change_stated"]) == (1038.9, 8.2)
    assert by_year[2023]["status"] == "unconfirmed" and by_year[2023]["basis"] == "computed"
    assert by_year[2027]["amount"] is None and by_year[2027]["status"] == "pending"
    assert all(r["sources"] and all(s["title"] for s in r["sources"]) for r in rows)
    assert by_year[1991]["display_unit"] == "KRW billion" and by_year[1991]["display_amount"] == 107.3


def test_history_json_counts_figures_by_status_per_table(cli, root):
    lines = [json.loads(l) for l in run(cli, "history", "--json").stdout.splitlines()]
    assert [l["kind"] for l in lines] == ["annual"] * 40 + ["status"] * 5  # the years first, then one line per table
    status = {l["table"]: l for l in lines if l["kind"] == "status"}
    for s in status.values():
        assert s["rows"] == s["confirmed"] + s["reported"] + s["unconfirmed"] + s["projected"], s
    # every yearly won-per-dollar rate is read from a source (the Federal Reserve's G.5A series), none recalled
    assert (status["rates"]["file"], status["rates"]["rows"], status["rates"]["confirmed"]) == ("exchange_rates.csv", 35, 35)
    # 2023-2024 are computed from the 11th SMA's formula (no published total found); 2027-2030 are set later by rule
    assert (status["annual"]["unconfirmed"], status["annual"]["projected"]) == (2, 4)
    events = pd.read_csv(root / "data" / "history" / "events.csv")  # reported events: demands and figures only press gives
    assert status["events"]["reported"] == (events.status == "reported").sum() > 0
    text = run(cli, "history").stdout
    assert "figures by status:" in text and "exchange_rates.csv" in text


def test_history_currency_usd(cli):
    rows = [r for r in map(json.loads, run(cli, "history", "--json", "--currency", "USD").stdout.splitlines()) if r["kind"] == "annual"]
    r = {r["year"]: r for r in rows}
    assert r[1995]["display_amount"] == 300 and r[1995]["display_unit"] == "USD million"
    assert 1000 < r[2021]["display_amount"] < 1100  # 1,183.3bn won at the 2021 average rate
    assert run(cli, "history", "--currency", "EUR").returncode == 2


def test_history_refuses_corrupted_data_and_names_the_row(cli, root, tmp_path):
    copy = tmp_path / "repo"
    (copy / "data").mkdir(parents=True)
    shutil.copytree(root / "data" / "history", copy / "data" / "history")
    annual = copy / "data" / "history" / "annual.csv"
    annual.write_text(annual.read_text(encoding="utf-8").replace("1038.9,8.2,+8.2%", "1038.9,9.2,+9.2%"), encoding="utf-8")
    p = run(cli, "history", "--json", env={**os.environ, "NEWSRESEARCH_ROOT": str(copy)})
    assert p.returncode == 1 and p.stdout == ""
    assert "annual.csv line 30 (year=2019)" in p.stderr and "stated change" in p.stderr
