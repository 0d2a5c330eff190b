"""Prefect defaults: a project-local home, no telemetry, a quiet console, unless the user chose otherwise."""
from __future__ import annotations

import os

import pytest

from flows import settings


@pytest.fixture
def env(monkeypatch):
    """Every variable prefect_env may set, unset for the test and restored after it."""
    for name in settings.defaults():
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_when_unset(env):
    settings.prefect_env()
    assert os.environ["PREFECT_HOME"] == str(settings.PROJECT / ".prefect")
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "INFO"  # the run's summary reaches a server's log
    assert os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] == "CRITICAL"


def test_verbose_shows_prefects_log_and_our_tracebacks(env, capfd, monkeypatch):
    import logging

    from flows.steps import pipeline
    from flows.steps.read import RawItem

    log = logging.getLogger("flows")
    monkeypatch.setattr(log, "handlers", [])
    monkeypatch.setattr(log, "propagate", True)
    monkeypatch.setattr(log, "level", logging.NOTSET)
    monkeypatch.setattr(pipeline, "extract", lambda *a, **k: 1 / 0)
    item = RawItem("a.txt", "txt", "区委常委会召开会议。会议要求，要抓好安全生产工作。".encode())
    assert pipeline.process(item).reason == "schema"
    assert "Traceback" not in capfd.readouterr().err  # a bad file is a reject, not a traceback
    settings.prefect_env(verbose=True)
    assert os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] == "INFO"
    assert pipeline.process(item).reason == "schema"
    err = capfd.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err and "a.txt" in err


def test_the_users_choice_wins(env, tmp_path):
    env.setenv("PREFECT_HOME", str(tmp_path))
    env.setenv("PREFECT_LOGGING_LEVEL", "DEBUG")
    settings.prefect_env()
    assert os.environ["PREFECT_HOME"] == str(tmp_path)
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "DEBUG"


def test_an_installed_copy_uses_the_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "PROJECT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert settings.prefect_home() == tmp_path / "cache" / "readouts" / "prefect"
