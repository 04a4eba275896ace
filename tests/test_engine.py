"""`newsresearch run` as users run it: the local engine end to end (resume, --jobs, changed inputs, a poison article,
a second run into the same folder, a full disk, a lost permission, a moved folder, syndication across batches), and a
real Dask cluster of separate processes on loopback (a scheduler and two workers started as a user would) that loses
a worker half-way."""
import json, os, signal, socket, subprocess, sys, time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import write_corpus  # noqa: E402

from newsresearch.engine import read_results

BIN = Path(sys.executable).parent


def make_corpus(folder: Path, n: int) -> Path:
    write_corpus(folder, n, "text", seed=3, mean_words=120)  # short articles: the tests are about plumbing
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20))
    (folder / "feed.jsonl").write_text('{"title": "x", "text": "too short"}\n{broken\n', encoding="utf-8")
    return folder


def run_cli(*args, timeout=600):
    return subprocess.run([str(BIN / "newsresearch"), "run", *map(str, args)], capture_output=True, text=True, timeout=timeout)


def check_exactly_once(out: Path, n_articles: int):
    arts = read_results(out, "articles")
    assert len(arts) == n_articles, len(arts)
    assert not arts.duplicated(["source_path", "line"]).any()
    rejects = read_results(out, "rejects")
    assert sorted(rejects.reason) == ["binary", "empty", "invalid_json", "no_article"], sorted(rejects.reason)
    people = read_results(out, "people")
    assert not people.duplicated(["article_id", "person_id"]).any()
    return arts, rejects


def test_local_run_writes_parquet_duckdb_and_resumes(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 30)
    out = tmp_path / "out"
    p = run_cli(corpus, "--out", out, "--batch-size", "8", "--quiet")
    assert p.returncode == 0, p.stderr
    assert "30 articles, 4 rejects" in p.stdout and "articles/s" in p.stdout and "0 of 33 files already done" in p.stdout
    for t in ["articles", "rejects", "people", "quantities", "dates", "quotes", "claims"]:
        assert list((out / t).glob("part-*.parquet")), t
    check_exactly_once(out, 30)
    from newsresearch.engine import connect_results
    con = connect_results(out)  # the views read their parts relative to the folder
    assert con.execute("select count(distinct article_id) from claims").fetchone()[0] > 0
    con.close()
    again = run_cli(corpus, "--out", out, "--batch-size", "8", "--quiet")
    assert again.returncode == 0 and "0 batches run, 33 of 33 files already done" in again.stdout, again.stdout
    bad = run_cli(corpus, "--out", out, "--workers", "2")
    assert bad.returncode == 2 and "--engine dask" in bad.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if predicate(): return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_dask_cluster_survives_a_killed_worker(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 160)
    out = tmp_path / "out"
    port = free_port()
    addr = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "10s"}
    procs = []
    def start(*cmd, log):
        p = subprocess.Popen([str(BIN / "dask"), *cmd], stdout=open(tmp_path / log, "w"), stderr=subprocess.STDOUT, env=env)
        procs.append(p)
        return p
    try:
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard", log="scheduler.log")
        wait_for(lambda: "Scheduler at" in (tmp_path / "scheduler.log").read_text(), 60, "the scheduler")
        workers = [start("worker", addr, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", f"w{i}",
                         "--host", "127.0.0.1", log=f"worker{i}.log") for i in range(2)]
        wait_for(lambda: all("Registered to" in (tmp_path / f"worker{i}.log").read_text() for i in range(2)), 90, "two workers")
        run = subprocess.Popen([str(BIN / "newsresearch"), "run", str(corpus), "--out", str(out), "--engine", "dask",
                                "--scheduler", addr, "--batch-size", "8", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(run)
        done = lambda: len(list((out / "_done").glob("*.json"))) if (out / "_done").exists() else 0
        wait_for(lambda: done() >= 5, 300, "a quarter of the batches")
        victim = workers[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        killed_at = done()
        stdout, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr[-3000:]
        assert killed_at < 21, f"the worker was killed too late to matter ({killed_at} of 21 batches done)"
        assert "160 articles, 4 rejects" in stdout, stdout
        check_exactly_once(out, 160)
        markers = [json.loads(p.read_text()) for p in (out / "_done").glob("*.json")]
        assert len(markers) == 21 and all(len(m["units"]) == m["files"] for m in markers)
        pids = {m["pid"] for m in markers}
        assert len(pids) == 2, pids                                   # both workers did work
        assert all(m["model_loads"] == 1 for m in markers), markers   # the model loaded once per worker process
        survivor_batches = [m for m in markers if m["pid"] == workers[1].pid]
        assert len(survivor_batches) > 21 - killed_at - 1, "the survivor did not take over the dead worker's batches"
    finally:
        for p in procs:
            if p.poll() is None: p.kill()
        for p in procs:
            try: p.wait(timeout=30)
            except Exception: pass


def test_both_engines_reject_the_same_inputs_with_the_same_reasons(tmp_path):
    from newsresearch.engine import run_pipeline
    corpus = make_corpus(tmp_path / "corpus", 6)
    local = run_pipeline(corpus)
    dask = run_pipeline(corpus, engine="dask", dask_options={"workers": 2, "batch_size": 3})
    key = lambda r: sorted(zip(r.rejects.path.map(lambda p: Path(p).name), r.rejects.reason))
    assert key(local) == key(dask) and len(local.rejects) == 4
    assert sorted(local.articles.article_id) == sorted(dask.articles.article_id)


def tables_of(out: Path) -> dict:
    "Every table of a run, sorted, without the batch column (comparable across runs)."
    from newsresearch.engine import TABLES
    out_tables = {}
    for t in TABLES:
        df = read_results(out, t).drop(columns=["batch"]).astype(str)
        out_tables[t] = df.sort_values(list(df.columns)).reset_index(drop=True)
    return out_tables


def test_jobs_2_and_jobs_1_write_identical_tables(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 20)
    one = run_cli(corpus, "--out", tmp_path / "one", "--jobs", "1", "--batch-size", "4", "--quiet")
    two = run_cli(corpus, "--out", tmp_path / "two", "--jobs", "2", "--batch-size", "4", "--quiet")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    pids = {json.loads(p.read_text())["pid"] for p in (tmp_path / "two" / "_done").glob("*.json")}
    assert len(pids) == 2, pids  # two worker processes did the work
    a, b = tables_of(tmp_path / "one"), tables_of(tmp_path / "two")
    for t in a:
        assert a[t].equals(b[t]), t
    assert len(a["articles"]) == 20 and len(a["claims"]) > 0


def test_changed_inputs_and_batch_size_give_each_article_once(tmp_path):
    "Issue 16.8: touching an input, changing --batch-size and adding a file redo nothing done and duplicate nothing."
    corpus = make_corpus(tmp_path / "corpus", 14)
    out = tmp_path / "out"
    assert run_cli(corpus, "--out", out, "--batch-size", "4", "--jobs", "1", "--quiet").returncode == 0
    check_exactly_once(out, 14)
    os.utime(sorted(corpus.glob("text-*.txt"))[0])
    p = run_cli(corpus, "--out", out, "--batch-size", "5", "--jobs", "1", "--quiet")
    assert p.returncode == 0 and "0 batches run" in p.stdout, p.stdout + p.stderr
    check_exactly_once(out, 14)
    write_corpus(tmp_path / "more", 15, "text", seed=3, mean_words=120)  # the same 14 stories and one new one
    (tmp_path / "more" / "text-000014.txt").rename(corpus / "text-000014.txt")
    edited = sorted(corpus.glob("text-*.txt"))[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe talks resume next week in Seoul, officials said on Friday.\n",
                      encoding="utf-8")
    p = run_cli(corpus, "--out", out, "--batch-size", "3", "--jobs", "1", "--quiet")
    assert p.returncode == 0 and "1 batches run, 16 of 18 files already done" in p.stdout, p.stdout + p.stderr
    arts, _ = check_exactly_once(out, 15)
    assert arts.source_path.is_unique
    assert "next week in Seoul" in arts[arts.source_path == str(edited)].text.iloc[0]  # the edited file's new text, once


def test_a_poison_article_becomes_a_reject_and_the_run_finishes(tmp_path, monkeypatch, capsys):
    "Issue 16.9: a failure inside one article's extraction rejects that article; every other file is processed."
    import newsresearch.entities as entities
    from newsresearch.cli import main
    corpus = make_corpus(tmp_path / "corpus", 12)
    poison = sorted(corpus.glob("text-*.txt"))[5]
    real = entities.extract_rows
    def failing(doc, article_id, *a, **k):
        if "(story 5)" in doc.text: raise ValueError("a stand-in bug in the extractor")
        return real(doc, article_id, *a, **k)
    monkeypatch.setattr(entities, "extract_rows", failing)
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--batch-size", "4", "--jobs", "1", "--quiet"]) == 0
    assert (out / "results.duckdb").exists()
    arts = read_results(out, "articles")
    rejects = read_results(out, "rejects")
    assert len(arts) == 11 and str(poison) not in set(arts.source_path)
    bad = rejects[rejects.reason == "extraction_error"]
    assert bad.path.tolist() == [str(poison)] and "a stand-in bug in the extractor" in bad.detail.iloc[0]
    assert len(arts) + len(rejects) == 12 + 4                      # every input is an article or a reject
    assert set(read_results(out, "people").article_id) <= set(arts.article_id)


def test_a_second_run_into_the_same_folder_is_refused_and_a_stale_lock_taken_over(tmp_path):
    "Issue 16.10: one run per --out; the lock names the first run's process; a killed run's lock is taken over."
    corpus = make_corpus(tmp_path / "corpus", 60)
    out = tmp_path / "out"
    first = subprocess.Popen([str(BIN / "newsresearch"), "run", str(corpus), "--out", str(out), "--batch-size", "2",
                              "--jobs", "1", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: (out / ".lock").exists() and (out / ".lock").read_text().strip(), 60, "the first run's lock")
        t = time.time()
        second = run_cli(corpus, "--out", out, "--jobs", "1", "--quiet")
        assert second.returncode == 1 and time.time() - t < 30, second.stderr
        assert f"pid {first.pid}" in second.stderr and "in use by another run" in second.stderr, second.stderr
        assert "Traceback" not in second.stderr
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None: first.kill()
    third = run_cli(corpus, "--out", out, "--batch-size", "2", "--jobs", "1", "--quiet")
    assert third.returncode == 0, third.stderr
    assert f"took over the lock of an earlier run that no longer runs (pid {first.pid})" in third.stdout
    check_exactly_once(out, 60)


def test_full_disk_and_lost_permission_are_one_line_and_the_next_run_resumes(tmp_path, monkeypatch, capsys):
    "Issue 16.13: ENOSPC and a lost write permission give one line naming the path and exit 1; a later run resumes."
    import errno
    import pandas as pd
    from newsresearch.cli import main
    corpus = make_corpus(tmp_path / "corpus", 10)
    out = tmp_path / "out"
    args = ["run", str(corpus), "--out", str(out), "--batch-size", "4", "--jobs", "1", "--quiet"]
    real = pd.DataFrame.to_parquet
    calls = {"n": 0}
    def full_disk(self, path, *a, **k):
        calls["n"] += 1
        if calls["n"] > 15: raise OSError(errno.ENOSPC, "No space left on device")  # half-way through the second batch
        return real(self, path, *a, **k)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_disk)
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "No space left on device" in err and str(out) in err and "Traceback" not in err, err
    assert len(list((out / "_done").glob("*.json"))) == 1
    # the output folder loses its write permission (as root chmod does not stop a write, so the writer says so too)
    os.chmod(out / "articles", 0o500)
    if os.geteuid() == 0:
        def denied(self, path, *a, **k): raise PermissionError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(pd.DataFrame, "to_parquet", denied)
    else: monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Permission denied" in err and str(out / "articles") in err, err
    os.chmod(out / "articles", 0o755)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    assert main(args) == 0
    assert "4 of 13 files already done" in capsys.readouterr().out
    check_exactly_once(out, 10)


def test_two_copies_of_a_story_in_different_batches_land_in_one_cluster(tmp_path):
    "Syndication across the whole corpus: the copies are 40 files apart, in different batches and different runs."
    corpus = make_corpus(tmp_path / "corpus", 40)
    story = (corpus / "text-000000.txt").read_text(encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(corpus, "--out", out, "--batch-size", "8", "--jobs", "1", "--quiet").returncode == 0
    # a syndicated copy arrives later: another outlet's masthead and chrome around the same story
    (corpus / "zz-syndicated.txt").write_text("Partner Wire Network\n\nShared from our partners\n\n" + story
                                              + "\nRead more: partner coverage of the alliance\n", encoding="utf-8")
    p = run_cli(corpus, "--out", out, "--batch-size", "8", "--jobs", "1", "--quiet")
    assert p.returncode == 0 and "1 batches run" in p.stdout, p.stdout + p.stderr
    arts = read_results(out, "articles")
    orig = arts[arts.source_path.str.endswith("text-000000.txt")].iloc[0]
    copy = arts[arts.source_path.str.endswith("zz-syndicated.txt")].iloc[0]
    assert orig.batch != copy.batch
    assert copy.cluster_id == orig.cluster_id == orig.article_id and copy.duplicate in ("exact", "near")
    assert (arts.cluster_id == orig.cluster_id).sum() == 2  # the other stories stay apart


def test_a_moved_output_folder_still_opens_in_duckdb(tmp_path):
    import duckdb, shutil
    corpus = make_corpus(tmp_path / "corpus", 6)
    out = tmp_path / "out"
    assert run_cli(corpus, "--out", out, "--jobs", "1", "--quiet").returncode == 0
    before = tables_of(out)
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(out, moved)
    shutil.rmtree(out)
    after = tables_of(moved)
    for t in before: assert before[t].equals(after[t]), t
    # a user opening the database from the folder, with no help from us
    p = subprocess.run([sys.executable, "-c", "import duckdb; print(duckdb.connect('results.duckdb', read_only=True)"
                        ".execute('select count(*) from articles').fetchone()[0])"], cwd=moved, capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.strip() == "6", p.stderr
