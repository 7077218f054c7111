"""The site while its database is down, with a real PostgreSQL that the test stops.

A throwaway PostgreSQL cluster is created in a temporary directory on a free port and
migrated; the real application runs in a subprocess (gunicorn, DEBUG off) on it. With the
cluster stopped, public pages answer the static 503 page in their language, and the API a
JSON problem (RFC 9457), with ``Retry-After`` and no traceback; started again, the same
process serves the pages again within seconds, although it keeps persistent connections
(``CONN_MAX_AGE``).

It needs PostgreSQL's server binaries (initdb, pg_ctl): without them it is skipped on a
developer's machine and fails under ``CI=true``. It does not use the suite's database, so
it runs the same whether the suite runs on SQLite or on PostgreSQL.
"""

import glob
import http.client
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.utils.translation import gettext, override

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}
SETTINGS_MODULE = "network.settings"
API = "/api/v1/organisations?lang=en"


def postgres_bindir():
    """The directory of initdb and pg_ctl: pg_config's, else the newest Debian one."""
    candidates = []
    if shutil.which("pg_config"):
        result = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if result.returncode == 0:
            candidates.append(result.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda d: int(Path(d).parent.name)
                         if Path(d).parent.name.isdigit() else 0, reverse=True)
    candidates += [os.path.dirname(shutil.which("initdb") or "")]
    for directory in candidates:
        if directory and all(os.access(os.path.join(directory, tool), os.X_OK)
                             for tool in ("initdb", "pg_ctl")):
            return directory
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of its own, run as the ``postgres`` user when we are root
    (initdb refuses root)."""

    def __init__(self, bindir, directory):
        self.bindir = bindir
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.port = free_port()
        self.as_user = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("Running as root needs a 'postgres' user to run PostgreSQL.")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, tool, *args, check=True):
        result = subprocess.run([*self.as_user, os.path.join(self.bindir, tool), *args],
                                capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"{tool} failed ({result.returncode}):\n{result.stdout}\n"
                                 f"{result.stderr}\n{self.log_tail()}")
        return result

    def log_tail(self):
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def init(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--no-locale", "--no-sync")

    def start(self):
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c synchronous_commit=off")
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                 "-w", "-t", "30", "start")

    def stop(self, mode="fast", check=True):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop",
                 check=check)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def fetch(port, path, accept_language=None):
    """``(status, headers, body)`` of a GET to the application."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Accept-Language": accept_language} if accept_language else {}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def cluster():
    bindir = postgres_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    directory = tempfile.mkdtemp(prefix="faulthelper-pg-")
    cluster = Cluster(bindir, directory)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.data.exists():
            cluster.stop("immediate", check=False)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def app(cluster):
    """The real application on the throwaway cluster: migrated, served by gunicorn with
    production settings (DEBUG off) and the fault handling of network/site/errors.py."""
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres",
                         dbname="postgres", autocommit=True) as connection:
        connection.execute("CREATE DATABASE directory TEMPLATE template0 ENCODING 'UTF8'")
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "PYTEST_CURRENT_TEST"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DATABASE_URL": cluster.url("directory"),
        "DEBUG": "0",
        "SECRET_KEY": "test-database-down-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        # The anonymous page cache would answer the pages read before the database
        # stopped; what is tested here is the answer when nothing is cached.
        "PAGE_CACHE_SECONDS": "0",
        "PYTHONUNBUFFERED": "1",
    })
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    port = free_port()
    log_path = cluster.directory / "gunicorn.log"
    from gunicorn.config import KNOWN_SETTINGS

    # Recent gunicorn opens a control socket in the home directory: not for a test.
    extra = [flag for setting in KNOWN_SETTINGS for flag in (setting.cli or [])
             if flag == "--no-control-socket"]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "network.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30",
             "--graceful-timeout", "2", *extra],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(port, "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() < deadline, log_path.read_text(errors="replace")
            time.sleep(0.2)
        yield port, log_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def in_language(language, message):
    with override(language):
        return gettext(message)


def assert_unavailable(port, path, language, log_path):
    status, headers, body = fetch(port, path)
    log = log_path.read_text(errors="replace")[-3000:]
    assert status == 503, f"{path}: {status}\n{body[:500]}\n{log}"
    assert headers.get("Retry-After") == "30"
    assert "no-store" in headers.get("Cache-Control", "")
    assert headers.get("Content-Language") == language
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert in_language(language, "Temporarily unavailable") in body
    assert "/static/css/site.css" in body
    if language == "ar":
        assert "الإصدارات" in body  # The header, in Arabic.
    else:
        assert "Publications" in body
    for leak in ("Traceback", "OperationalError", "psycopg", "connection refused",
                 "SECRET_KEY", "test-database-down-0123456789"):
        assert leak not in body, leak


def wait_for(port, path, status, seconds):
    deadline = time.monotonic() + seconds
    while True:
        got = fetch(port, path)[0]
        if got == status or time.monotonic() > deadline:
            return got
        time.sleep(0.25)


def test_pages_answer_503_while_the_database_is_down_and_recover_by_themselves(cluster,
                                                                                app):
    port, log_path = app
    pages = [("/ar/", "ar"), ("/en/members/", "en"), ("/ar/publications/", "ar"),
             ("/en/search/?q=iraq", "en")]
    for path, _language in [*pages, (API, "en")]:
        status, _headers, body = fetch(port, path)
        assert status == 200, f"{path}: {status}\n{body[:500]}"

    cluster.stop("fast")

    # Twice each: first the persistent connection that died, then a refused new one.
    for _round in range(2):
        for path, language in pages:
            assert_unavailable(port, path, language, log_path)
    # The API answers a problem (RFC 9457) in JSON, not the page.
    for _round in range(2):
        status, headers, body = fetch(port, API)
        assert status == 503, f"{API}: {status}\n{body[:500]}"
        assert headers.get("Content-Type") == "application/problem+json"
        assert headers.get("Retry-After") == "30"
        problem = json.loads(body)
        assert problem["status"] == 503 and problem["title"] == in_language(
            "en", "Temporarily unavailable")
        assert set(problem) == {"type", "title", "status", "detail"}
    # A page that needs no database still works.
    assert fetch(port, "/robots.txt")[0] == 200

    cluster.start()

    for path, _language in pages:
        assert wait_for(port, path, 200, seconds=10) == 200, path
    assert fetch(port, "/en/members/")[0] == 200
    assert wait_for(port, API, 200, seconds=10) == 200
