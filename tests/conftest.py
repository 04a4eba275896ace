import os, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def root(): return ROOT


@pytest.fixture(scope="session")
def cli():
    "Path of the installed `newsresearch` console script (what a shell user runs)."
    exe = BIN / "newsresearch"
    assert exe.exists(), f"{exe} missing: the package is not installed in this environment (run `make env`)"
    return exe
