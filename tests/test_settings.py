"""Prefect defaults: a project-local home and no telemetry, unless the user chose otherwise."""
from __future__ import annotations

from flows import settings


def test_defaults_when_unset(monkeypatch):
    for name in ("PREFECT_HOME", "PREFECT_SERVER_ANALYTICS_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    settings.prefect_env()
    import os

    assert os.environ["PREFECT_HOME"] == str(settings.PROJECT / ".prefect")
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


def test_the_users_choice_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    settings.prefect_env()
    import os

    assert os.environ["PREFECT_HOME"] == str(tmp_path)


def test_an_installed_copy_uses_the_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "PROJECT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert settings.prefect_home() == tmp_path / "cache" / "readouts" / "prefect"
