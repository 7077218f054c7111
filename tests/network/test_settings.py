import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    """Import the settings module in a fresh interpreter with exactly ``env`` set."""
    clean = {key: value for key, value in os.environ.items()
             if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL",
                            "SECURE_SSL_REDIRECT", "STATIC_MANIFEST"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c",
         "import network.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, "
         "s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"],
        cwd=ROOT, env=clean, capture_output=True, text=True,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_in_production_mode_with_a_secret_key():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 60,
                           DATABASE_URL="postgres://u@db:5432/d", REDIS_URL="redis://c:6379/0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "True", "django.db.backends.postgresql",
        "network.site.sharedcache.OptionalRedisCache"]


def test_it_runs_in_development_without_a_secret_key():
    result = load_settings(DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "False", "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache"]


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_rejects_a_boolean_it_cannot_read(value):
    result = load_settings(DEBUG=value)

    assert result.returncode != 0
    assert "DEBUG must be 1/0" in result.stderr
