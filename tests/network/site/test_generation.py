"""Several processes and no shared cache: a change made in one process shows in every
other at its next request, pages and facet indexes alike (the content generation is a row
in the database, network/site/pagecache.py).

Two real servers (gunicorn, one worker each, DEBUG off, the page cache on, no
``REDIS_URL``) run on one database — a file SQLite database, or a throwaway database on
the suite's PostgreSQL when ``DATABASE_URL`` names one; a third process (``manage.py
shell``) withdraws a person's consent through the ORM.
"""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.network.site.test_database_down import ROOT, fetch, free_port

pytestmark = pytest.mark.slow

PERSON = "/en/people/two-process-person/"
PEOPLE = "/en/people/"
NAME = "Two Process Person"

SEED = f"""
from django.core.management import call_command
from network.models import Network
from tests.factories import ConsentFactory, PublicPersonFactory

call_command("load_networks", verbosity=0)
person = PublicPersonFactory(slug="two-process-person", name_en="{NAME}",
                             networks=[Network.objects.get(slug="wasl")])
ConsentFactory(person=person)
"""

WITHDRAW = """
from members.models import Consent

for consent in Consent.objects.filter(person__slug="two-process-person"):
    consent.withdraw(by=None)
"""


@pytest.fixture
def database_url(tmp_path):
    """A database of its own: a file SQLite one, or a new one on the suite's PostgreSQL."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(suite)
    name = f"generation_{uuid.uuid4().hex[:12]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def environment(database_url):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "PYTEST_CURRENT_TEST"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "network.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "test-generation-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "600",
        "FACET_INDEX_SECONDS": "300",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr


@contextmanager
def server(env, log_path):
    """The application in a gunicorn process of its own; yields its port."""
    from gunicorn.config import KNOWN_SETTINGS

    extra = [flag for setting in KNOWN_SETTINGS for flag in (setting.cli or [])
             if flag == "--no-control-socket"]
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "network.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60", *extra],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(port, "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() < deadline, log_path.read_text(errors="replace")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_withdrawal_in_one_process_shows_at_once_in_every_other(environment, tmp_path):
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "shell", "-c", SEED)
    with server(environment, tmp_path / "first.log") as first, \
            server(environment, tmp_path / "second.log") as second:
        for port in (first, second):
            for path in (PERSON, PEOPLE):
                status, _headers, body = fetch(port, path)
                assert status == 200 and NAME in body, f"{port}{path}: {status}"
                # Kept by this process: what it would serve again without the change.
                status, headers, body = fetch(port, path)
                assert headers.get("X-Page-Cache") == "hit" and NAME in body, path

        manage(environment, "shell", "-c", WITHDRAW)

        for port in (second, first):
            assert fetch(port, PERSON)[0] == 404
            status, _headers, body = fetch(port, PEOPLE)
            assert status == 200 and NAME not in body
