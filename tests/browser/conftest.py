"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# made by the test itself are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-domain-reliability",
]


def _require(path, what):
    if path.exists():
        return
    message = f"{what} not found at {path}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: CI must install it (see .ci/run)")
    pytest.skip(f"{message}: install it to run the browser tests (see README)")


@pytest.fixture(scope="session")
def chromium():
    _require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(chromium, *, javascript=True, locale="ar-IQ", viewport=None, mobile=False):
    """A browser context (its own cookies and cache), at a desktop's size unless told."""
    return chromium.new_context(java_script_enabled=javascript, locale=locale,
                                viewport=viewport or {"width": 1280, "height": 900},
                                is_mobile=mobile, has_touch=mobile)


def open_recording_page(chromium, base_url, *, context=None, **options):
    """A page — in ``context``, or in a fresh one made with ``options`` — that records
    every request (``page.requests``) and console error or uncaught exception
    (``page.console_errors``), and aborts any request leaving this host. Close its context
    with ``page.context.close()`` when it made one."""
    page = (context or new_context(chromium, **options)).new_page()
    page.requests = []
    page.console_errors = []
    # (text, URL of the script or resource it is about) of each console error
    page.console_error_sources = []

    def on_request(req):
        page.requests.append(req.url)

    def on_route(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    def on_console(message):
        if message.type == "error":
            page.console_errors.append(message.text)
            page.console_error_sources.append((message.text, message.location.get("url")))

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    page.route("**/*", on_route)
    page.base_url = base_url
    return page


@pytest.fixture
def page(chromium, live_server, request):
    """A fresh page that records every request and fails the test on one leaving this host."""
    javascript = not request.node.get_closest_marker("no_javascript")
    page = open_recording_page(chromium, live_server.url, javascript=javascript)
    yield page
    page.context.close()


@pytest.fixture
def recording_page(chromium, live_server):
    """``recording_page(viewport={...}, mobile=True)``: more recording pages, as
    :func:`open_recording_page` makes them, all closed after the test."""
    pages = []

    def make(**options):
        pages.append(open_recording_page(chromium, live_server.url, **options))
        return pages[-1]

    yield make
    for opened in pages:
        opened.context.close()


@pytest.fixture(scope="session")
def axe_source():
    _require(AXE, "axe-core (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    def run(page):
        """Serious and critical axe-core violations on ``page``.

        axe is evaluated through the DevTools protocol, not added as a <script>: the
        site's Content-Security-Policy refuses inline scripts, and rightly so.
        """
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [
            (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run


def external_requests(page):
    return [url for url in page.requests
            if not url.startswith(("data:", "blob:"))
            and (urlsplit(url).hostname or "") not in LOCAL_HOSTS]


def save_screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
