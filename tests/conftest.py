import os, sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Fuzzing profiles: `quick` (the gate, about 100 examples per property), `slow` (10,000 per property, `make fuzz-slow`,
# a new random draw each run) and `ci` (the same 10,000, derandomized: CI explores the same examples on every run, so a
# red CI is reproducible with `make fuzz-slow HYPOTHESIS_PROFILE=ci`). Choose with HYPOTHESIS_PROFILE.
# Deadlines are off: the properties read files and a slow machine is not a bug.
_FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
settings.register_profile("quick", max_examples=100, **_FUZZ)
settings.register_profile("slow", max_examples=10_000, **_FUZZ)
settings.register_profile("ci", max_examples=10_000, derandomize=True, database=None, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

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
