"`newsresearch check` end to end: one JSON object per claim, verdicts with evidence and sources."
import json, subprocess


def test_check_seed_json(cli, root):
    p = subprocess.run([str(cli), "check", str(root / "data" / "raw" / "socialpost-2024-03-05.txt"), "--json"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    rows = [json.loads(l) for l in p.stdout.splitlines()]
    assert all(r["kind"] == "claim" for r in rows)
    by_type = {r["type"]: r for r in rows}
    assert by_type["presidency"]["verdict"] == "misleading" and by_type["percent_change"]["verdict"] == "supported"
    assert by_type["troop_level"]["evidence_ids"] == ["ev-2021-03-troops"]
    assert "gao-21-270" in by_type["troop_level"]["source_ids"]
    text = (root / "data" / "raw" / "socialpost-2024-03-05.txt").read_text(encoding="utf-8")
    for r in rows:
        assert r["verdict"] in {"supported", "contradicted", "misleading", "unverifiable"} and r["explanation"]


def test_check_human_output_and_rejects(cli, root, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    wrong = root / "tests" / "fixtures" / "claims" / "c03-wrong-year.txt"
    p = subprocess.run([str(cli), "check", str(wrong), str(tmp_path / "empty.txt")], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert "1 articles, 1 rejects" in p.stdout and "[contradicted] percent_change" in p.stdout and "13.9% was the change in 2021" in p.stdout
