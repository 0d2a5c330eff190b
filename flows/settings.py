"""Settings from the environment, applied before prefect is imported: a project-local PREFECT_HOME, no telemetry."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def prefect_home() -> Path:
    """.prefect inside the project (git-ignored); for an installed copy, a folder in the user's cache."""
    if (PROJECT / "pyproject.toml").exists():
        return PROJECT / ".prefect"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "readouts" / "prefect"


def prefect_env() -> None:
    """Default Prefect to quiet local mode unless the user configured otherwise.

    Without a server Prefect starts a temporary one that migrates a fresh SQLite database
    under PREFECT_HOME (10–22 s here); a project-local home makes that a one-time cost.
    Analytics off: offline it logs telemetry errors.
    """
    os.environ.setdefault("PREFECT_HOME", str(prefect_home()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
