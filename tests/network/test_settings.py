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


def mail_settings(**env):
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("EMAIL_", "TASKS_", "DEBUG", "DEFAULT_FROM"))}
    clean.update({"SECRET_KEY": "x" * 60, **env})
    return subprocess.run(
        [sys.executable, "-c",
         "import network.settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
         "s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.TASKS['default']['BACKEND'])"],
        cwd=ROOT, env=clean, capture_output=True, text=True,
    )


def test_mail_and_tasks_come_from_the_environment():
    development = mail_settings(DEBUG="1")
    production = mail_settings(DEBUG="0", EMAIL_HOST="smtp.example.org", EMAIL_PORT="587",
                               EMAIL_USE_TLS="1", DEFAULT_FROM_EMAIL="directory@example.org")
    immediate = mail_settings(DEBUG="1", TASKS_BACKEND="immediate")

    assert development.stdout.split() == [
        "django.core.mail.backends.console.EmailBackend", "localhost", "25", "False",
        "directory@localhost", "django_tasks_db.DatabaseBackend"]
    assert production.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.org", "587", "True",
        "directory@example.org", "django_tasks_db.DatabaseBackend"]
    assert immediate.stdout.split()[-1] == "django_tasks.backends.immediate.ImmediateBackend"


def test_an_unknown_tasks_backend_is_refused():
    result = mail_settings(DEBUG="1", TASKS_BACKEND="celery")

    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate, not 'celery'" in result.stderr
