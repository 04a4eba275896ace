"`newsresearch entities` end to end, and the promise that importing the package stays light."
import json, subprocess, sys

import pandas as pd


def test_entities_writes_every_table(cli, root, tmp_path):
    out = tmp_path / "tables"
    p = subprocess.run([str(cli), "entities", str(root / "data" / "raw"), str(root / "tests" / "fixtures" / "articles"),
                        "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    for name in ["articles", "rejects", "mentions", "people", "organizations", "places", "quantities", "dates", "quotes"]:
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists(), name
        assert f"  {name}" in p.stdout
    people = pd.read_parquet(out / "people.parquet")
    lee = people[people.name == "Lee Tae-woo"]
    assert len(lee) == lee.article_id.nunique() >= 2  # the seed and the wire story (its three encodings: one article id)
    assert set(lee.nationality) == {"KOR"}
    seed_id = pd.read_parquet(out / "articles.parquet").set_index("source_path").filter(like="socialpost", axis=0).article_id.item()
    seed_people = people[people.article_id == seed_id].set_index("name")
    assert list(seed_people.loc["Lee Tae-woo", "past_roles"]) == ["consul-general in Sydney", "deputy nuclear envoy to North Korea"]
    quotes = pd.read_csv(out / "quotes.csv")
    assert json.loads(quotes[quotes.text == "diminishing"].speakers.item()) == ["Donald Trump"]
    assert "rejects by reason" in p.stdout


def test_import_does_not_load_the_model():
    code = ("import sys, time; t = time.time(); import newsresearch.article, newsresearch.entities, newsresearch.history, "
            "newsresearch.cli; print(time.time() - t); assert 'spacy' not in sys.modules and 'altair' not in sys.modules, "
            "sorted(m for m in sys.modules if m in ('spacy', 'altair', 'trafilatura'))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
