"""Shared fixtures: the repository, the CLI binary the Rust build made, and a
helper that runs it. In CI (TRADESERIES_CI=1) a missing binary, Java or
pyspark fails the tests instead of skipping them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "pipelines" / "corpus"
CI = bool(os.environ.get("TRADESERIES_CI"))


def missing(what: str):
    if CI:
        pytest.fail(f"{what} is missing: CI must run these tests")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def cli() -> Path:
    """The tradeseries binary (TRADESERIES_BIN, else the newest of target/release and target/debug)."""
    given = os.environ.get("TRADESERIES_BIN")
    candidates = [Path(given)] if given else [REPO / "target" / p / "tradeseries" for p in ("release", "debug")]
    found = [c for c in candidates if c.is_file()]
    if not found:
        missing("the tradeseries binary (cargo build)")
    return max(found, key=lambda p: p.stat().st_mtime)


@pytest.fixture(scope="session")
def run_cli(cli):
    def run(*args, cwd=REPO):
        r = subprocess.run([str(cli), *map(str, args)], cwd=cwd, capture_output=True, text=True)
        assert r.returncode in (0, 1), r.stderr
        return r

    return run


@pytest.fixture(scope="session")
def spark_ready():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing("pyspark")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        missing("java")
    return True
