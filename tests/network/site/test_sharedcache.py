"""Redis, the shared cache, is optional: while it is unreachable the site serves its pages
uncached, saves and loaders work, one warning a minute is logged, and the cache is used
again by itself once Redis answers — without the pages it kept hiding a change saved
meanwhile."""

import contextlib
import importlib
import logging
import os
import selectors
import socket
import socketserver
import threading
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from members.models import Organisation
from tests.adminforms import form_data
from tests.factories import OrganisationFactory, PublicationFactory
from tests.network.site.test_pagecache import REDIS_URL, _redis_available, anonymous, body

PAGES = ["/en/", "/ar/members/", "/en/members/down-org/", "/en/publications/",
         "/en/search/?q=memory", "/api/v1/organisations"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_caches(url):
    """``CACHES`` as network/settings.py makes it with ``REDIS_URL=url``."""
    import network.settings as module

    saved = os.environ.get("REDIS_URL")
    os.environ["REDIS_URL"] = url
    try:
        return importlib.reload(module).CACHES
    finally:
        if saved is None:
            del os.environ["REDIS_URL"]
        else:
            os.environ["REDIS_URL"] = saved
        importlib.reload(module)


class Forwarder:
    """A loopback port that passes connections on to Redis while open, and refuses them
    (dropping those it passed) while closed: Redis going away and coming back."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.server = None
        self.sockets = set()

    def open(self):
        forwarder = self

        class Pipe(socketserver.BaseRequestHandler):
            def handle(self):
                try:
                    upstream = socket.create_connection(forwarder.target)
                except OSError:
                    return
                forwarder.sockets.update({self.request, upstream})
                other = {self.request: upstream, upstream: self.request}
                with selectors.DefaultSelector() as selector:
                    for sock in other:
                        selector.register(sock, selectors.EVENT_READ)
                    try:
                        while True:
                            for key, _events in selector.select():
                                data = key.fileobj.recv(65536)
                                if not data:
                                    return
                                other[key.fileobj].sendall(data)
                    except OSError:
                        return
                    finally:
                        upstream.close()

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port), Pipe)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        if self.server is None:
            return
        self.server.shutdown()
        self.server.server_close()
        self.server = None
        for sock in list(self.sockets):
            with contextlib.suppress(OSError):  # already closed by Redis
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def url(self):
        return f"redis://127.0.0.1:{self.port}{urlsplit(REDIS_URL).path or '/0'}"


def optional_redis(url, settings):
    """The production cache settings for ``url``, retried at every operation (the test
    must not wait the production pause between tries)."""
    caches = production_caches(url)
    options = caches["default"].get("OPTIONS", {})
    if "retry_after" in options:
        options["retry_after"] = 0
    caches["default"]["KEY_PREFIX"] = "sharedcache-tests"
    settings.CACHES = caches
    settings.PAGE_CACHE_SECONDS = 600
    return caches


@pytest.fixture
def redis_down(settings):
    """``REDIS_URL`` pointing at a loopback port where nothing listens."""
    return optional_redis(f"redis://127.0.0.1:{free_port()}/11", settings)


@pytest.fixture
def real_redis():
    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}: CI must start it")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    parts = urlsplit(REDIS_URL)
    forwarder = Forwarder((parts.hostname, parts.port or 6379))
    yield forwarder
    forwarder.close()


@pytest.fixture
def organisation(networks):
    return OrganisationFactory(slug="down-org", name_en="Memory Organisation",
                               networks=[networks["icssi"]])


def cache_warnings(caplog):
    return [record for record in caplog.records
            if record.name == "directory.cache" and record.levelno == logging.WARNING]


def test_settings_make_redis_optional_with_short_timeouts():
    default = production_caches("redis://127.0.0.1:6379/11")["default"]
    assert default["BACKEND"] == "network.site.sharedcache.OptionalRedisCache"
    assert default["OPTIONS"]["socket_connect_timeout"] <= 1
    assert default["OPTIONS"]["socket_timeout"] <= 1


def test_pages_answer_uncached_while_redis_is_unreachable(redis_down, organisation, networks,
                                                          caplog):
    PublicationFactory(networks=[networks["icssi"]])
    caplog.set_level(logging.WARNING, logger="directory.cache")
    for _round in range(2):
        for url in PAGES:
            response = anonymous().get(url)
            assert response.status_code == 200, url
            assert response.get("X-Page-Cache") != "hit", url
    assert "Memory Organisation" in body(anonymous().get("/en/members/"))
    # Every request tried Redis (no pause between tries here); one warning a minute.
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()


def test_admin_saves_and_sessions_work_while_redis_is_unreachable(
        redis_down, organisation, make_staff, admin_login,
        django_capture_on_commit_callbacks):
    staff = admin_login(make_staff("superuser"))  # the session is in the database
    url = reverse("admin:members_organisation_change", args=[organisation.pk])
    data = form_data(staff.get(url).content.decode(), "organisation_form")
    data["name_en"] = ["Renamed while down"]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_en == "Renamed while down"
    assert staff.get(url).status_code == 200  # still signed in
    assert "Renamed while down" in body(anonymous().get("/en/members/"))


def test_loaders_run_while_redis_is_unreachable(redis_down, db,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_networks", verbosity=0)
        call_command("load_sample_directory", count=3, verbosity=0)
        call_command("load_publications", verbosity=0)
    assert Organisation.objects.count() == 3


def test_the_cache_is_used_again_once_redis_answers(real_redis, settings, organisation,
                                                    caplog):
    caplog.set_level(logging.WARNING, logger="directory.cache")
    optional_redis(real_redis.url(), settings)
    assert anonymous().get("/en/members/")["X-Page-Cache"] == "miss"
    assert anonymous().get("/en/members/")["X-Page-Cache"] == "miss"  # nothing kept

    real_redis.open()
    cache.clear()
    assert anonymous().get("/en/members/")["X-Page-Cache"] == "miss"
    hit = anonymous().get("/en/members/")
    assert hit["X-Page-Cache"] == "hit" and "Memory Organisation" in body(hit)
    messages = [record.getMessage() for record in cache_warnings(caplog)]
    assert len(messages) == 2
    assert "unavailable" in messages[0] and "answers again" in messages[1]


def test_a_change_saved_while_redis_is_down_shows_once_it_is_back(
        real_redis, settings, organisation, django_capture_on_commit_callbacks):
    optional_redis(real_redis.url(), settings)
    real_redis.open()
    cache.clear()
    anonymous().get("/en/members/down-org/")
    kept = anonymous().get("/en/members/down-org/")
    assert kept["X-Page-Cache"] == "hit" and "Memory Organisation" in body(kept)

    real_redis.close()
    with django_capture_on_commit_callbacks(execute=True):
        organisation.name_en = "Changed while down"
        organisation.save()
    assert "Changed while down" in body(anonymous().get("/en/members/down-org/"))

    real_redis.open()
    again = anonymous().get("/en/members/down-org/")
    assert "Changed while down" in body(again) and again["X-Page-Cache"] == "miss"
    assert anonymous().get("/en/members/down-org/")["X-Page-Cache"] == "hit"


def test_the_warning_never_shows_the_password(settings, db, caplog):
    caplog.set_level(logging.WARNING, logger="directory.cache")
    port = free_port()
    optional_redis(f"redis://:hunter2-secret@127.0.0.1:{port}/11", settings)
    assert cache.get("anything") is None
    [warning] = cache_warnings(caplog)
    assert f"127.0.0.1:{port}/11" in warning.getMessage()
    assert "hunter2" not in warning.getMessage()
