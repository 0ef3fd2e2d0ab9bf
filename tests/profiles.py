"""A settings profile tried in a child process, as a server starting would read it.

Settings are read once, when Django starts, so a profile (production's, with the variables
it requires) cannot be tried inside the test's own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the production profile requires, with values that reach nothing.
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 30 + "-production-like-secret-0123456789-abcdef",
    "ALLOWED_HOSTS": "ellw.example.nhs.uk",
    "DATABASE_URL": "sqlite:////tmp/ellw-profile-unused.db",
    "EMAIL_URL": "smtp://localhost:25",
}
# The test run's own, which a server would not have.
NOT_INHERITED = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")


def profile_run(
    *args: str,
    profile: str = "ellw.settings.production",
    unset: tuple[str, ...] = (),
    **env: str,
) -> subprocess.CompletedProcess:
    """`python <args>` under `profile` with production's required variables (and `env`;
    `unset` names inherited variables to leave out)."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in NOT_INHERITED and key not in unset
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**inherited, "DJANGO_SETTINGS_MODULE": profile, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
