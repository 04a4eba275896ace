"""`newsresearch run` as users run it: the local engine end to end (resume included), and a real Dask cluster of
separate processes on loopback (a scheduler and two workers started as a user would) that loses a worker half-way."""
import json, os, signal, socket, subprocess, sys, time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import write_corpus  # noqa: E402

from newsresearch.engine import read_results

BIN = Path(sys.executable).parent


def make_corpus(folder: Path, n: int) -> Path:
    write_corpus(folder, n, "text", seed=3)
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
    assert "30 articles, 4 rejects" in p.stdout and "articles/s" in p.stdout and "0 already done" in p.stdout
    for t in ["articles", "rejects", "people", "quantities", "dates", "quotes", "claims"]:
        assert list((out / t).glob("part-*.parquet")), t
    check_exactly_once(out, 30)
    import duckdb
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    assert con.execute("select count(distinct article_id) from claims").fetchone()[0] > 0
    con.close()
    again = run_cli(corpus, "--out", out, "--batch-size", "8", "--quiet")
    assert again.returncode == 0 and "already done" in again.stdout and "5 batches, 5 already done" in again.stdout, again.stdout
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
        assert len(markers) == 21
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
