"""Shared fixtures: the Prefect test harness once per session, and a built copy of the samples."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """One temporary Prefect server for the whole session (≈20 s to start)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return ROOT / "raw"


@pytest.fixture(scope="session")
def built(prefect_harness, tmp_path_factory, raw_dir) -> Path:
    """raw/ built once through the real flow into a temporary output folder."""
    from flows.build import build

    out = tmp_path_factory.mktemp("out")
    build([str(raw_dir)], str(out))
    return out
