"The `newsresearch` command as a shell user runs it: the installed console script, in a subprocess."
import json, subprocess
from pathlib import Path


def run(cli, *args, cwd=None):
    return subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_parse_json_lines_account_for_every_input(cli, root, tmp_path):
    fixtures = root / "tests" / "fixtures" / "articles"
    (tmp_path / "empty.txt").write_bytes(b"")
    p = run(cli, "parse", root / "data" / "raw", fixtures, tmp_path, tmp_path / "missing.html", "--json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    kinds = [r["kind"] for r in rows]
    assert set(kinds) == {"article", "reject"}
    seed = [r for r in rows if r["kind"] == "article" and r["source_path"].endswith("socialpost-2024-03-05.txt")]
    assert len(seed) == 1 and seed[0]["published"] == "2024-03-05" and seed[0]["outlet"] == "Socialpost"
    assert len(seed[0]["paragraphs"]) == 13
    reasons = {(Path(r["path"]).name, r["reason"]) for r in rows if r["kind"] == "reject"}
    assert {("empty.txt", "empty"), ("missing.html", "not_found"), ("truncated.html", "truncated_html")} <= reasons
    # one JSON Lines record per non-blank line, one record per other file
    jsonl = fixtures / "crawl.jsonl"
    n_jsonl = sum(1 for l in jsonl.read_text().splitlines() if l.strip())
    from_jsonl = [r for r in rows if (r.get("source_path") or r.get("path")) == str(jsonl)]
    assert len(from_jsonl) == n_jsonl
    assert sorted(r["line"] for r in from_jsonl) == [i for i, l in enumerate(jsonl.read_text().splitlines(), 1) if l.strip()]


def test_parse_summary_and_exit_codes(cli, root, tmp_path):
    p = run(cli, "parse", root / "data" / "raw")
    assert p.returncode == 0 and p.stdout.startswith("1 articles, 0 rejects"), p.stdout
    assert run(cli, "parse", tmp_path / "nothing.txt", "--strict").returncode == 1
    bad = run(cli, "parse")
    assert bad.returncode == 2 and "PATH" in bad.stderr


def test_size_cap_is_a_reject_not_a_crash(cli, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("South Korea pays more. " * 100)
    p = run(cli, "parse", big, "--json", "--max-bytes", "100")
    row = json.loads(p.stdout)
    assert row["kind"] == "reject" and row["reason"] == "too_large" and "cap" in row["detail"]


def test_piping_into_head_is_quiet(cli, root, tmp_path):
    seed = (root / "data" / "raw" / "socialpost-2024-03-05.txt").read_text(encoding="utf-8")
    for i in range(60):  # ~200 kB of JSON Lines: more than a pipe holds, so the writer meets the closed pipe
        (tmp_path / f"copy{i}.txt").write_text(seed.replace("Tuesday", f"Tuesday ({i})"), encoding="utf-8")
    p = subprocess.run(f"'{cli}' parse '{tmp_path}' --json | head -c 10", shell=True, capture_output=True, text=True, timeout=300)
    assert p.stderr == "" and len(p.stdout) == 10, p.stderr[-500:]
