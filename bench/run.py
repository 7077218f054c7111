"""``make bench``: the load benchmark of the directory, from a fresh clone.

1. Builds (or reuses) the PostgreSQL database ``directory_bench_<size>``: the real network
   content, ``BENCH_ORGANISATIONS`` sample organisations (10,000), the real publications
   and 2,000 sample ones.
2. Collects the static files and serves the site with gunicorn (2 workers) under the
   production settings (DEBUG off, random SECRET_KEY, hashed static files), plus a bare
   view (``bench/settings.py``, ``bench/urls.py``) returning a fixed string through the
   same middleware and server.
3. Drives load with ``wrk`` (installed with apt-get when missing) at each page, in two
   passes: with the page cache (Redis) and without it (``PAGE_CACHE_SECONDS=0``);
   counts the SQL queries of each page in-process; fetches each page as a browser does
   (``Accept-Encoding: br, gzip``) with its stylesheets, scripts and fonts to weigh it;
   then a load test of 50 connections over a mix of pages.
4. Times the spreadsheet import (``bench/imports.py``): ``manage.py import_members`` on
   generated CSV files of 1,000 and 10,000 new organisations (a dry run, the import, the
   same file again); the imported organisations are deleted afterwards.
5. Prints the tables and the targets met or not, and writes them to
   ``bench/results/latest.txt``. Exits 1 when any request failed (a speed target missed
   is reported, not an error).

Environment: ``BENCH_ORGANISATIONS`` (default 10,000; each size has its own database,
``directory_bench_<size>``), ``BENCH_SECONDS`` (per page, default 10),
``BENCH_LOAD_SECONDS`` (default 60; a smaller ``BENCH_SECONDS`` caps it too),
``BENCH_REBUILD=1`` (rebuild the database),
``BENCH_CONNECTIONS`` (per page, default 8), ``BENCH_PORT`` (default 8765).
"""

import gzip
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import psycopg

from bench import imports

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "").strip() or 10_000)
DB_NAME = f"directory_bench_{ORGANISATIONS}"
MEDIA = RESULTS / f"media-{ORGANISATIONS}"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_URL = f"{PG_SERVER}/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/5"
PUBLICATIONS = 2_000


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


SECONDS = env_int("BENCH_SECONDS", 10)
LOAD_SECONDS = env_int("BENCH_LOAD_SECONDS", 60)
# A shortened run shortens the load test too, unless its length is given itself.
if os.environ.get("BENCH_SECONDS", "").strip() and not os.environ.get(
        "BENCH_LOAD_SECONDS", "").strip():
    LOAD_SECONDS = min(LOAD_SECONDS, SECONDS)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 8)
LOAD_CONNECTIONS = 50
PORT = env_int("BENCH_PORT", 8765)
#: A request slower than this counts as an error (wrk's "timeout" socket errors).
WRK_TIMEOUT = "10s"
LOAD_TIMEOUT = "30s"
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "br, gzip",
    "User-Agent": "directory-bench",
}

#: Targets: cached ≥ 1/2 of the bare view's requests/s, uncached ≥ 1/20 at 10,000
#: organisations and more, ≥ 1/10 at 1,000 and fewer (the real networks have hundreds).
TARGET_RATIO = {"cached": 1 / 2, "uncached": 1 / 10 if ORGANISATIONS <= 1_000 else 1 / 20}
#: Pages measured as a signed-in member (their names start with this) are never cached:
#: in both passes their target is 1/20 of the bare view.
MEMBER = "member: "
MEMBER_TARGET = 1 / 20
#: Request headers of particular pages (the member's session cookie), by page name.
PAGE_HEADERS = {}
#: At 100,000 organisations (reported): first request after an edit, warm pages in-process.
FIRST_AFTER_EDIT_MS = 1000
WARM_PAGE_MS = 100
WORKER_MB = 250
FACETS_MB = 10
DIRECTORY_FIRST_LOAD_KB = 60
DIRECTORY_REPEAT_KB = 25
#: The import's dry run: rows → seconds (the command as a whole, Django's start included).
IMPORT_ROWS = (1_000, 10_000)
IMPORT_TARGETS = {1_000: 3, 10_000: 30}

#: The environment of every process of the benchmark: production settings on loopback.
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "STATIC_MANIFEST": "1",
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "MEDIA_ROOT": str(MEDIA),
    "LOG_LEVEL": "WARNING",
    "PYTHONUNBUFFERED": "1",
}


class Report:
    """Lines printed as they come and kept for ``bench/results/latest.txt``."""

    def __init__(self):
        self.lines = []

    def __call__(self, text=""):
        print(text, flush=True)
        self.lines.append(text)

    def table(self, header, rows):
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

        def line(row):
            return "  ".join(str(cell).rjust(width) if i else str(cell).ljust(width)
                             for i, (cell, width) in enumerate(zip(row, widths, strict=True)))

        self(line(header))
        self("  ".join("-" * width for width in widths))
        for row in rows:
            self(line(row))

    def save(self):
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.txt").write_text("\n".join(self.lines) + "\n", encoding="utf-8")


report = Report()


def step(text):
    print(f"\n==> {text}", file=sys.stderr, flush=True)


def run(args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **(env or {})}, check=True,
                          **kwargs)


def manage(*args, env=None):
    run([sys.executable, "manage.py", *args], env={**BASE_ENV, **(env or {})})


# Database -----------------------------------------------------------------------------

def database_counts():
    """``(organisations, publications)`` of the samples in the bench database, or None."""
    try:
        with psycopg.connect(DATABASE_URL, connect_timeout=5) as connection:
            organisations = connection.execute(
                "SELECT count(*) FROM members_organisation WHERE is_sample").fetchone()[0]
            publications = connection.execute(
                "SELECT count(*) FROM publications_publication "
                "WHERE slug LIKE 'sample-publication-%%' AND status = 'published'").fetchone()[0]
            networks = connection.execute(
                "SELECT count(*) FROM network_network WHERE slug IN ('wasl', 'icssi')"
            ).fetchone()[0]
    except psycopg.Error:
        return None
    return (organisations, publications) if networks == 2 else None


def check_services():
    """PostgreSQL and Redis must be answering on loopback; say so plainly when not."""
    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=5).close()
    except psycopg.Error as error:
        raise SystemExit(f"PostgreSQL is not answering at {PG_SERVER} as user postgres "
                         f"(trust auth): {error}") from None
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis is not answering at {REDIS_URL}: {error}") from None


def build_database():
    counts = database_counts()
    wanted = (ORGANISATIONS, PUBLICATIONS)
    rebuild = os.environ.get("BENCH_REBUILD", "").strip() in ("1", "true", "yes")
    if counts == wanted and MEDIA.is_dir() and not rebuild:
        step(f"Reusing the database {DB_NAME}: {counts[0]} sample organisations, "
             f"{counts[1]} sample publications (BENCH_REBUILD=1 rebuilds it)")
        manage("migrate", "--noinput", "-v0")
        analyse()
        return False
    step(f"Building the database {DB_NAME} (found {counts}, want {wanted})")
    started = time.monotonic()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
    shutil.rmtree(MEDIA, ignore_errors=True)
    MEDIA.mkdir(parents=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_networks", "-v0")
    manage("load_sample_directory", "--count", str(ORGANISATIONS), "-v0")
    manage("load_publications", "-v0")
    manage("load_sample_publications", "--count", str(PUBLICATIONS), "-v0")
    analyse()
    step(f"Database built in {time.monotonic() - started:.0f} s")
    return True


def analyse():
    """VACUUM ANALYZE, as autovacuum would do in a while on a live server: planner
    statistics for the new rows, and the visibility map that index-only scans need."""
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


# Tools --------------------------------------------------------------------------------

def ensure_wrk():
    if shutil.which("wrk"):
        return
    step("Installing wrk (apt-get)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run([*sudo, "apt-get", "update", "-qq"], env=env)
    run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
        env=env, stdout=subprocess.DEVNULL)


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# The server ---------------------------------------------------------------------------

class Server:
    def __init__(self, name, env):
        self.name = name
        self.env = {**os.environ, **BASE_ENV, **env}
        self.log_path = RESULTS / f"gunicorn-{name}.log"
        self.process = None
        self.base = f"http://127.0.0.1:{PORT}"

    def __enter__(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                raise SystemExit(f"Port {PORT} is taken: set BENCH_PORT to a free port.")
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "network.wsgi:application", "--bind",
             f"127.0.0.1:{PORT}", "--workers", "2", "--log-level", "warning",
             "--timeout", "60"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            try:
                if fetch(self.base + "/bench/bare/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer in 60 s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def logged_errors(self):
        text = self.log_path.read_text(errors="replace")
        return len(re.findall(r"^Traceback|\[ERROR\]|^ERROR", text, re.MULTILINE))


def fetch(url, headers=None):
    """``(status, headers, raw body)`` without decompressing."""
    request = urllib.request.Request(url, headers=headers or {"User-Agent": "directory-bench"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def decode(body, encoding):
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    return body


# wrk ----------------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(url, seconds, connections, script=None, timeout=WRK_TIMEOUT, headers=None):
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
            "--timeout", timeout]
    for header, value in {**BROWSER_HEADERS, **(headers or {})}.items():
        args += ["-H", f"{header}: {value}"]
    if script:
        args += ["-s", str(script)]
    output = subprocess.run(args + [url], capture_output=True, text=True,
                            timeout=seconds + 120).stdout
    result = {"output": output, "rps": 0.0, "requests": 0, "non2xx": 0, "socket": 0,
              "p50": None, "p99": None}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match[1])
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match[1])
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non2xx"] = int(match[1])
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                          r"timeout (\d+)", output):
        result["socket"] = sum(int(group) for group in match.groups())
    for percentile in ("50", "99"):
        if match := re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output,
                              re.MULTILINE):
            result[f"p{percentile}"] = float(match[1]) * UNITS_MS[match[2]]
    if not result["requests"]:
        result["socket"] += 1  # wrk failed outright: count it as an error
    return result


# Pages --------------------------------------------------------------------------------

def choose_pages():
    """The pages measured, with real values from the bench database."""
    from django.db.models import Count

    from members.models import Organisation
    from network.core.text import normalize
    from network.models import Track
    from publications.models import Publication

    public = Organisation.objects.public()
    track = (public.filter(country="IQ", tracks__networks__slug="icssi")
             .values("tracks__slug").annotate(n=Count("id")).order_by("-n", "tracks__slug")
             .first())
    track_slug = track["tracks__slug"] if track else Track.objects.order_by("slug")[0].slug
    words = ["السلام", "النساء", "حقوق", "بغداد"]
    word = next((w for w in words
                 if public.filter(search_text__contains=normalize(w)).exists()), words[0])
    site_word = "المياه"
    profile = (public.filter(is_sample=True, country="IQ", publications__isnull=False)
               .order_by("slug").first() or public.order_by("slug").first())
    publication = (Publication.objects.published().filter(slug__startswith="sample-publication-")
                   .annotate(files_n=Count("files", distinct=True),
                             authors_n=Count("authors", distinct=True))
                   .filter(files_n=2, authors_n__gt=0).order_by("slug").first()
                   or Publication.objects.published().order_by("slug").first())
    sign_in_member(profile)
    return [
        ("bare view", "/bench/bare/"),
        ("home", "/ar/"),
        ("directory", "/ar/members/"),
        ("directory: country + track", f"/ar/members/?country=IQ&track={track_slug}"),
        ("directory: Arabic text", f"/ar/members/?q={quote(word)}"),
        ("organisation profile", f"/ar/members/{profile.slug}/"),
        ("countries", "/ar/countries/"),
        ("library", "/ar/publications/"),
        ("publication", f"/ar/publications/{publication.slug}/"),
        ("site search", f"/ar/search/?q={quote(site_word)}"),
        ("API list", "/api/v1/organisations"),
        (f"{MEMBER}directory", "/ar/members/"),
        (f"{MEMBER}organisation profile", f"/ar/members/{profile.slug}/"),
    ]


def sign_in_member(profile):
    """A member account managing ``profile`` (made once in the bench database), signed
    in: the member pages' Cookie header."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    email = "bench-member@example.org"
    user, _created = get_user_model().objects.get_or_create(username=email,
                                                            defaults={"email": email})
    profile.managers.add(user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    for name in (f"{MEMBER}directory", f"{MEMBER}organisation profile"):
        PAGE_HEADERS[name] = {"Cookie": cookie}


def count_queries(pages):
    """SQL queries (and their time) per request, in-process against the bench database,
    with the page cache off: the second request of each page, after a warm-up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    counts = {}
    for name, path in pages:
        headers = PAGE_HEADERS.get(name, {})
        client.get(path, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=headers)
        timed = [(float(query["time"]) * 1000, query["sql"])
                 for query in captured.captured_queries]
        total_ms = sum(time_ms for time_ms, _sql in timed)
        slowest = max(timed, default=(0.0, ""))
        counts[name] = (len(captured), total_ms, response.status_code, slowest)
    return counts


def deep_size(value, seen=None):
    """Bytes of ``value`` and what it holds (lists, tuples, dicts, sets, ints, strings)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in value.items())
    elif isinstance(value, (list, tuple, set, frozenset)):
        size += sum(deep_size(item, seen) for item in value)
    elif hasattr(value, "__dict__"):
        size += deep_size(vars(value), seen)
    return size


def median_ms(action, times=5):
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        durations.append((time.perf_counter() - started) * 1000)
    return sorted(durations)[len(durations) // 2]


def in_process_figures(pages):
    """In-process milliseconds (Django's test client, production settings, page cache
    off): the directory's first request after an edit (its facet counts rebuilt), warm
    pages; and the size of the facet counts kept in each process."""
    from django.db.models import F
    from django.test import Client

    from members.filters import directory_facets
    from network.models import ContentGeneration
    from publications.filters import library_facets

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    paths = dict(pages)

    def edited():
        ContentGeneration.objects.update(value=F("value") + 1)
        client.get(paths["directory"])

    figures = {"first request after an edit (directory)": median_ms(edited, 3)}
    for name in ("directory", "directory: Arabic text", "site search", "countries",
                 "organisation profile", "API list", f"{MEMBER}directory",
                 f"{MEMBER}organisation profile"):
        headers = PAGE_HEADERS.get(name, {})
        client.get(paths[name], headers=headers)
        figures[f"warm: {name}"] = median_ms(
            lambda name=name, headers=headers: client.get(paths[name], headers=headers))
    sizes = {"directory": deep_size(directory_facets.get()),
             "library": deep_size(library_facets.get())}
    return figures, sizes


def worker_rss_mb(process):
    """Resident memory of each gunicorn worker (the children of ``process``), MB."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != process.pid:
                continue
            status = (entry / "status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        if match := re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE):
            sizes.append(int(match[1]) / 1024)
    return sorted(sizes)


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and attrs.get("href"):
            self.assets.append(("css", attrs["href"]))
        elif tag == "link" and "preload" in rel and attrs.get("as") == "font":
            self.assets.append(("font", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.assets.append(("js", attrs["src"]))


FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
FAR_FUTURE = 30 * 24 * 3600


def page_weight(base, path, extra=None):
    """Bytes as sent (compressed) of the page and of what a first visit also loads."""
    url = base + path
    status, headers, body = fetch(url, {**BROWSER_HEADERS, **(extra or {})})
    encoding = (headers.get("Content-Encoding") or "").strip()
    result = {"status": status, "encoding": encoding or "none", "html": len(body),
              "assets": {}, "uncached_assets": [], "errors": []}
    if status != 200:
        result["errors"].append(f"{path}: {status}")
    if not (headers.get("Content-Type") or "").startswith("text/html"):
        result["first"] = result["repeat"] = len(body)
        return result
    parser = AssetParser()
    parser.feed(decode(body, encoding).decode("utf-8", "replace"))
    queue = [(kind, urljoin(url, href)) for kind, href in parser.assets]
    while queue:
        kind, asset = queue.pop(0)
        if asset in result["assets"] or urlsplit(asset).netloc != urlsplit(base).netloc:
            continue
        status, headers, data = fetch(asset, BROWSER_HEADERS)
        result["assets"][asset] = (kind, len(data), headers.get("Content-Encoding") or "")
        if status != 200:
            result["errors"].append(f"{asset}: {status}")
            continue
        cache_control = headers.get("Cache-Control") or ""
        max_age = re.search(r"max-age=(\d+)", cache_control)
        if not max_age or int(max_age[1]) < FAR_FUTURE:
            result["uncached_assets"].append(asset)
        if kind == "css":
            css = decode(data, headers.get("Content-Encoding") or "").decode("utf-8", "replace")
            for block in FONT_FACE.findall(css):
                queue += [("font", urljoin(asset, font)) for font in CSS_URL.findall(block)
                          if not font.startswith("data:")]
    assets = sum(size for _kind, size, _enc in result["assets"].values())
    result["first"] = result["html"] + assets
    uncached = sum(result["assets"][a][1] for a in result["uncached_assets"])
    result["repeat"] = result["html"] + uncached
    return result


def kb(size):
    return f"{size / 1024:.1f}"


def mix_script(pages):
    """A wrk Lua script cycling over the pages (but the bare view), weighted."""
    weights = {"directory": 4, "home": 3, "organisation profile": 4, "library": 2,
               "publication": 3, "directory: country + track": 2,
               "directory: Arabic text": 2, "site search": 2, "API list": 1}
    paths = [path for name, path in pages for _ in range(weights.get(name, 0))]
    lua = RESULTS / "mix.lua"
    quoted = ",\n  ".join('"' + path.replace('"', '\\"') + '"' for path in paths)
    lua.write_text(
        "-- Generated by bench/run.py: the load test's mix of pages.\n"
        f"local paths = {{\n  {quoted}\n}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format(nil, paths[i])\n"
        "end\n", encoding="utf-8")
    return lua


# Passes -------------------------------------------------------------------------------

def measure_pass(name, env, pages):
    flush_redis()
    step(f"Pass '{name}': gunicorn, 2 workers, {SECONDS} s per page, "
         f"{CONNECTIONS} connections")
    results = {}
    with Server(name, env) as server:
        for page, path in pages:
            warm_errors = 0
            headers = PAGE_HEADERS.get(page, {})
            for _ in range(3):
                status = fetch(server.base + path, {**BROWSER_HEADERS, **headers})[0]
                warm_errors += status >= 400
            print(f"  {page} …", file=sys.stderr, flush=True)
            result = wrk(server.base + path, SECONDS, CONNECTIONS, headers=headers)
            result["errors"] = result["non2xx"] + result["socket"] + warm_errors
            results[page] = result
        cache_header = fetch(server.base + pages[2][1], BROWSER_HEADERS)[1].get("X-Page-Cache")
        results["_cache_header"] = cache_header or "absent"
        results["_worker_mb"] = worker_rss_mb(server.process)
        results["_logged_errors"] = server.logged_errors()
    return results


def load_test(env, pages):
    flush_redis()
    step(f"Load test: {LOAD_CONNECTIONS} connections for {LOAD_SECONDS} s over a mix of pages")
    with Server("load", env) as server:
        for _page, path in pages:
            fetch(server.base + path, BROWSER_HEADERS)
        result = wrk(server.base + "/", LOAD_SECONDS, LOAD_CONNECTIONS, mix_script(pages),
                     timeout=LOAD_TIMEOUT)
        result["logged_errors"] = server.logged_errors()
    return result


def ms(value):
    return "-" if value is None else f"{value:.1f}"


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    load_start = os.getloadavg()[0]
    check_services()
    ensure_wrk()
    rebuilt = build_database()
    step("Collecting static files")
    manage("collectstatic", "--noinput", "-v0")

    # In-process (query counts, page choice): the page cache off, local-memory cache.
    os.environ.update(BASE_ENV)
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    pages = choose_pages()
    step("Counting SQL queries per page (in-process, page cache off)")
    queries = count_queries(pages)
    step("Timing pages in-process")
    figures, facet_sizes = in_process_figures(pages)

    passes = {
        "cached": measure_pass("cached", {"REDIS_URL": REDIS_URL,
                                          "PAGE_CACHE_SECONDS": "600"}, pages),
        "uncached": measure_pass("uncached", {"REDIS_URL": REDIS_URL,
                                              "PAGE_CACHE_SECONDS": "0"}, pages),
    }
    step("Weighing the pages as a browser loads them")
    with Server("weights", {"REDIS_URL": REDIS_URL}) as server:
        weights = {name: page_weight(server.base, path, PAGE_HEADERS.get(name))
                   for name, path in pages}
    load = load_test({"REDIS_URL": REDIS_URL, "PAGE_CACHE_SECONDS": "600"}, pages)
    step("Timing the spreadsheet import (manage.py import_members)")
    import_rows = imports.measure({**os.environ, "IMPORT_MAX_ROWS": str(max(IMPORT_ROWS))},
                                  IMPORT_ROWS)

    # Report ---------------------------------------------------------------------------
    from django.conf import settings

    report(f"make bench — finished {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    report(f"database {DB_NAME} ({'rebuilt' if rebuilt else 'reused'}): "
           f"{ORGANISATIONS} sample organisations, {PUBLICATIONS} sample publications, "
           "the real network content and publications")
    report(f"server: gunicorn, 2 sync workers, DEBUG={int(settings.DEBUG)}, "
           f"STATIC_MANIFEST=1, {os.cpu_count()} CPUs; wrk -t1 -c{CONNECTIONS} "
           f"-d{SECONDS}s --timeout {WRK_TIMEOUT}, Accept-Encoding: br, gzip")
    report("machine load average (1 min) at the start and the end: "
           f"{load_start:.1f}, {os.getloadavg()[0]:.1f} (other work on the machine slows "
           "every figure)")
    report("pages:")
    for name, path in pages:
        report(f"  {name:<28} {path}")
    errors = 0
    met = {}
    for pass_name, results in passes.items():
        bare = results["bare view"]["rps"] or 1.0
        ratio_target = TARGET_RATIO[pass_name]
        report()
        mode = "on, Redis db 5" if pass_name == "cached" else "off: PAGE_CACHE_SECONDS=0"
        report(f"Pass: {pass_name} (page cache {mode}; "
               f"X-Page-Cache header on the directory: {results['_cache_header']}; "
               f"errors in the server log: {results['_logged_errors']})")
        rows = []
        for name, _path in pages:
            result = results[name]
            ratio = result["rps"] / bare
            errors += result["errors"]
            target = MEMBER_TARGET if name.startswith(MEMBER) else ratio_target
            if name == "bare view":
                verdict = "-"
            else:
                ok = ratio >= target
                met[(pass_name, name)] = ok
                verdict = "met" if ok else "NOT MET"
            rows.append([name, f"{result['rps']:.0f}", ms(result["p50"]), ms(result["p99"]),
                         result["errors"], f"{ratio:.2f}",
                         f"{verdict} (≥ {target:.2f})" if name != "bare view" else "-"])
        errors += results["_logged_errors"]
        report.table(["page", "req/s", "p50 ms", "p99 ms", "errors", "× bare",
                      "target"], rows)

    report()
    report("Per page: SQL queries per request (in-process, page cache off, 2nd request) and "
           "weight as sent (compressed), KB")
    rows = []
    for name, _path in pages:
        count, sql_ms, status, _slowest = queries[name]
        weight = weights[name]
        if status >= 400:
            errors += 1
        errors += len(weight["errors"])
        compressed = weight["encoding"] in ("br", "gzip")
        rows.append([name, count, f"{sql_ms:.1f}", status, weight["encoding"],
                     "yes" if compressed else "NO", kb(weight["html"]), kb(weight["first"]),
                     kb(weight["repeat"]), len(weight["assets"])])
    report.table(["page", "queries", "SQL ms", "status", "encoding", "compressed",
                  "HTML", "first load", "repeat", "assets"], rows)
    directory = weights["directory"]
    report("  first load = HTML + stylesheets + scripts + fonts (@font-face url()s), each as "
           "the server sends it; repeat = HTML plus any asset without a far-future "
           "Cache-Control")
    for asset, (kind, size, encoding) in directory["assets"].items():
        report(f"  directory asset: {kind:<4} {kb(size):>6} KB {encoding or 'identity':<8} "
               f"{urlsplit(asset).path}")
    if directory["uncached_assets"]:
        report(f"  assets without far-future caching: {directory['uncached_assets']}")
    report("  slowest query of each page whose SQL takes over 50 ms:")
    for name, _path in pages:
        count, sql_ms, _status, (slow_ms, sql) = queries[name]
        if sql_ms > 50:
            report(f"    {name}: {slow_ms:.0f} ms of {sql_ms:.0f} ms: "
                   f"{' '.join(sql.split())[:150]}…")
    for name, weight in weights.items():
        for error in weight["errors"]:
            report(f"  ERROR fetching for {name}: {error}")

    report()
    report("In-process (Django's test client, production settings, page cache off), "
           "median ms")
    report.table(["measure", "ms"], [[name, f"{value:.1f}"] for name, value in figures.items()])
    report("Memory: facet counts kept per process (ids, bitmaps, orders), MB: "
           + ", ".join(f"{name} {size / 2**20:.1f}" for name, size in facet_sizes.items()))
    report("Memory: gunicorn workers' resident size after each pass's pages, MB: "
           + "; ".join(f"{name} " + ", ".join(f"{mb:.0f}" for mb in results["_worker_mb"])
                       for name, results in passes.items()))

    report()
    load_errors = load["non2xx"] + load["socket"] + load["logged_errors"]
    errors += load_errors
    report(f"Load test: {LOAD_CONNECTIONS} connections, {LOAD_SECONDS} s, page cache on, "
           f"a mix of {len(pages) - 1} pages (wrk -t1 --timeout {LOAD_TIMEOUT}, script "
           "bench/results/mix.lua)")
    report(f"  requests: {load['requests']}, req/s: {load['rps']:.0f}, "
           f"p50: {ms(load['p50'])} ms, p99: {ms(load['p99'])} ms, "
           f"non-2xx/3xx: {load['non2xx']}, socket errors: {load['socket']}, "
           f"errors in the server log: {load['logged_errors']}")

    report()
    report("Import: manage.py import_members on a generated CSV of new organisations "
           "(every column), on this database")
    report.table(["rows", "step", "seconds", "rows/s", "outcome"], import_rows)
    errors += sum(row[-1] != "ok" for row in import_rows)

    report()
    report("Targets")

    def verdict(ok):
        return "met" if ok else "NOT MET"

    for pass_name in passes:
        pages_met = [name for (p, name), ok in met.items() if p == pass_name and ok]
        missed = [name for (p, name), ok in met.items() if p == pass_name and not ok]
        fraction = f"{TARGET_RATIO[pass_name]:.2f}"
        report(f"  {pass_name} ≥ {fraction} of the bare view's req/s (member pages "
               f"≥ {MEMBER_TARGET:.2f}): "
               f"{verdict(not missed)} ({len(pages_met)}/{len(pages_met) + len(missed)} pages"
               + (f"; not met: {', '.join(missed)}" if missed else "") + ")")
    report("  constant SQL queries per page: "
           + ", ".join(f"{name} {queries[name][0]}" for name, _path in pages[1:]))
    dry_runs = {row[0]: float(row[2]) for row in import_rows if row[1] == "dry run"}
    for rows, limit in IMPORT_TARGETS.items():
        if f"{rows:,}" in dry_runs:
            report(f"  import dry run of {rows:,} rows < {limit} s: "
                   f"{verdict(dry_runs[f'{rows:,}'] < limit)} ({dry_runs[f'{rows:,}']:.1f} s)")
    facets_mb = sum(facet_sizes.values()) / 2**20
    report(f"  facet counts < {FACETS_MB} MB per process: {verdict(facets_mb < FACETS_MB)} "
           f"({facets_mb:.1f} MB)")
    worker_mb = max((mb for results in passes.values() for mb in results["_worker_mb"]),
                    default=0)
    report(f"  worker memory < {WORKER_MB} MB: {verdict(worker_mb < WORKER_MB)} "
           f"({worker_mb:.0f} MB at most)")
    first = figures["first request after an edit (directory)"]
    report(f"  first request after an edit < {FIRST_AFTER_EDIT_MS} ms: "
           f"{verdict(first < FIRST_AFTER_EDIT_MS)} ({first:.0f} ms)")
    slow = {name: value for name, value in figures.items()
            if name.startswith("warm:") and value >= WARM_PAGE_MS}
    report(f"  warm pages in-process < {WARM_PAGE_MS} ms: {verdict(not slow)}"
           + (f" (not met: {', '.join(f'{n} {v:.0f} ms' for n, v in slow.items())})"
              if slow else ""))
    report(f"  zero errors: {verdict(errors == 0)} ({errors} errors, load test {load_errors})")
    uncompressed = [name for name, w in weights.items() if name not in ("bare view", "API list")
                    and w["encoding"] not in ("br", "gzip")]
    report(f"  HTML compressed: {verdict(not uncompressed)}"
           + (f" (not compressed: {', '.join(uncompressed)})" if uncompressed else ""))
    report(f"  directory first load < {DIRECTORY_FIRST_LOAD_KB} KB incl. fonts: "
           f"{verdict(directory['first'] < DIRECTORY_FIRST_LOAD_KB * 1024)} "
           f"({kb(directory['first'])} KB)")
    report(f"  directory repeat visit < {DIRECTORY_REPEAT_KB} KB: "
           f"{verdict(directory['repeat'] < DIRECTORY_REPEAT_KB * 1024)} "
           f"({kb(directory['repeat'])} KB)")
    report.save()
    print(f"\nWritten to {RESULTS / 'latest.txt'}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
