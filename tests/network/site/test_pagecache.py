"""The shared cache of anonymous pages: hits, what is never cached, and invalidation by
every kind of content change — on local memory and on a real Redis."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from members.models import Organisation
from network.site import pagecache
from publications import services
from tests.adminforms import form_data
from tests.factories import OrganisationFactory, PublicationFactory
from tests.publications import pdfs


def worker_database(url):
    """``url`` with its Redis database number raised by the pytest-xdist worker's index
    (``gw1``: one more), so that workers running at once never flush each other's keys."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + worker}"))


# Database 14 (15 for the second worker, and so on) unless TEST_REDIS_URL names another.
REDIS_URL = worker_database(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"))
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "LOCATION": "pagecache-tests"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": REDIS_URL, "KEY_PREFIX": "pagecache-tests"}}


def _redis_available():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache turned on, over local memory and over Redis (CI must have Redis)."""
    if request.param == "redis" and not _redis_available():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}: CI must start it")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    settings.CACHES = REDIS if request.param == "redis" else LOCMEM
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def organisation(networks):
    return OrganisationFactory(slug="cached-org", name_ar="منظمة الذاكرة",
                               name_en="Memory Organisation", networks=[networks["icssi"]])


def anonymous(**headers):
    return Client(HTTP_ACCEPT_ENCODING="gzip", **headers)


def body(response):
    import gzip

    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    return response.content.decode()


def test_second_request_is_a_hit_reading_only_the_generation(page_cache, organisation,
                                                              django_assert_num_queries):
    client = anonymous()
    first = client.get("/en/members/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert first["Content-Encoding"] == "gzip"  # the compressed body is what is kept
    # 1. the content generation
    with django_assert_num_queries(1):
        second = client.get("/en/members/")
    assert second["X-Page-Cache"] == "hit"
    assert body(second) == body(first) and "Memory Organisation" in body(second)
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_key_holds_language_query_and_encoding(page_cache, organisation):
    client = anonymous()
    for url in ("/en/members/", "/ar/members/", "/en/members/?country=IQ"):
        assert client.get(url)["X-Page-Cache"] == "miss"
    arabic = client.get("/ar/members/")
    assert arabic["X-Page-Cache"] == "hit" and "منظمة الذاكرة" in body(arabic)
    assert 'lang="ar"' in body(arabic)
    plain = Client().get("/en/members/")  # no gzip: its own entry, not the gzip body
    assert plain["X-Page-Cache"] == "miss" and "Content-Encoding" not in plain
    # The API's language comes from Accept-Language when there is no ?lang=.
    english = anonymous(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/organisations/cached-org")
    arabic_api = anonymous(HTTP_ACCEPT_LANGUAGE="ar").get("/api/v1/organisations/cached-org")
    assert english.status_code == arabic_api.status_code == 200
    assert '"name": "Memory Organisation"' in body(english).replace('":"', '": "')
    assert arabic_api["X-Page-Cache"] == "miss"


def test_hit_still_answers_conditional_requests(page_cache, organisation):
    client = anonymous()
    first = client.get("/api/v1/organisations/cached-org")
    assert client.get("/api/v1/organisations/cached-org")["X-Page-Cache"] == "hit"
    etag = first["ETag"]
    again = client.get("/api/v1/organisations/cached-org", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_language_cookie_is_still_set_on_a_hit(page_cache, organisation, settings):
    anonymous().get("/en/members/")
    response = anonymous().get("/en/members/")
    assert response["X-Page-Cache"] == "hit"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_never_for_a_signed_in_user(page_cache, organisation, admin_client):
    # Signed in first: nothing is kept of what staff saw …
    staff_page = admin_client.get("/en/members/")
    assert staff_page.status_code == 200 and "X-Page-Cache" not in staff_page
    assert anonymous().get("/en/members/")["X-Page-Cache"] == "miss"
    # … and staff never get what visitors were served.
    assert "X-Page-Cache" not in admin_client.get("/en/members/")


def test_never_with_other_cookies_or_for_responses_setting_one(page_cache, organisation,
                                                               settings):
    client = anonymous()
    client.cookies["messages"] = "pending"  # e.g. a message waiting to be shown
    assert "X-Page-Cache" not in client.get("/en/members/")
    # The sign-in page renews the CSRF cookie: never kept.
    login = reverse("two_factor:login")
    for _ in range(2):
        response = anonymous().get(login)
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert settings.CSRF_COOKIE_NAME in response.cookies


@pytest.mark.parametrize("url", ["/en/members/nope/", "/admin/login/"])
def test_never_errors_redirects_or_staff_pages(page_cache, networks, url):
    for _ in range(2):
        assert "X-Page-Cache" not in anonymous().get(url)


def test_post_is_never_answered_from_the_cache(page_cache, organisation):
    client = anonymous()
    client.get("/en/members/")
    assert "X-Page-Cache" not in client.post("/en/members/")


def test_turned_off_by_zero(page_cache, organisation, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = anonymous()
    client.get("/en/members/")
    assert "X-Page-Cache" not in client.get("/en/members/")


def test_key_holds_the_date(page_cache, organisation, monkeypatch):
    """A consent past its review date hides a person without any save: a new day is a new
    key."""
    import datetime

    client = anonymous()
    client.get("/en/people/")
    assert client.get("/en/people/")["X-Page-Cache"] == "hit"
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)
    assert client.get("/en/people/")["X-Page-Cache"] == "miss"


# Invalidation: warm the pages, change the content the way curators do, read again.

WARM = ["/en/members/", "/en/members/cached-org/", "/ar/", "/api/v1/organisations"]


def warm(client):
    for url in WARM:
        client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in WARM)


def assert_all_fresh(client, text):
    """Every warmed page is rendered again, and the directory shows ``text``."""
    responses = {url: client.get(url) for url in WARM}
    assert {url: r["X-Page-Cache"] for url, r in responses.items()} == dict.fromkeys(
        WARM, "miss")
    assert text in body(responses["/en/members/"])


def test_admin_save_invalidates(page_cache, organisation, make_staff, admin_login,
                                django_capture_on_commit_callbacks):
    client = anonymous()
    warm(client)
    staff = admin_login(make_staff("superuser"))
    url = reverse("admin:members_organisation_change", args=[organisation.pk])
    data = form_data(staff.get(url).content.decode(), "organisation_form")
    data["name_en"] = ["Renamed Organisation"]
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(url, data).status_code == 302
    assert_all_fresh(client, "Renamed Organisation")


def test_history_restore_invalidates(page_cache, organisation,
                                     django_capture_on_commit_callbacks):
    organisation.name_en = "Second Name"
    organisation.save()
    client = anonymous()
    warm(client)
    first = organisation.revisions.order_by("history_date").first()
    with django_capture_on_commit_callbacks(execute=True):
        first.instance.save()
    assert_all_fresh(client, "Memory Organisation")


def test_import_invalidates(page_cache, organisation, tmp_path,
                            django_capture_on_commit_callbacks):
    client = anonymous()
    warm(client)
    sheet = tmp_path / "members.csv"
    sheet.write_text(
        "name_ar,name_en,kind,country,networks,slug,status,visibility\n"
        "منظمة مستوردة,Imported Organisation,ngo,IQ,icssi,imported-org,published,public\n",
        encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_members", str(sheet), verbosity=0)
    assert Organisation.objects.filter(slug="imported-org").exists()
    assert_all_fresh(client, "Imported Organisation")


def test_publication_upload_invalidates(page_cache, networks,
                                        django_capture_on_commit_callbacks):
    publication = PublicationFactory(slug="cached-brief", networks=[networks["wasl"]])
    client = anonymous()
    client.get("/en/publications/cached-brief/")
    assert client.get("/en/publications/cached-brief/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.add_publication_file(
            publication=publication, language="en",
            upload=ContentFile(pdfs.english_pdf(marker="cache"), name="brief.pdf"))
    page = client.get("/en/publications/cached-brief/")
    assert page["X-Page-Cache"] == "miss" and "brief" in body(page)
    assert publication.files.filter(language="en").exists()


def test_delete_and_many_to_many_changes_invalidate(page_cache, organisation, networks,
                                                    django_capture_on_commit_callbacks):
    client = anonymous()
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        organisation.tracks.add(networks["icssi"].tracks.first())
    assert client.get("/en/members/")["X-Page-Cache"] == "miss"
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        organisation.delete()
    response = client.get("/en/members/")
    assert response["X-Page-Cache"] == "miss" and "Memory Organisation" not in body(response)


def test_nothing_is_invalidated_before_the_commit(page_cache, organisation,
                                                  django_capture_on_commit_callbacks):
    """A page rendered while a change is not yet committed must not outlive the commit."""
    client = anonymous()
    warm(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        organisation.name_en = "Uncommitted"
        organisation.save()
    assert client.get("/en/members/")["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    assert "Uncommitted" in body(client.get("/en/members/"))


def test_loading_commands_invalidate(page_cache, organisation):
    client = anonymous()
    warm(client)
    call_command("load_sample_directory", count=3, verbosity=0)
    assert client.get("/en/members/")["X-Page-Cache"] == "miss"


def test_key_holds_the_scheme(page_cache, organisation, settings):
    """Behind an https proxy and without SITE_URL, a page's absolute links follow the
    request's scheme: one visitor's scheme must not be served to the others."""
    settings.SITE_URL = ""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = "/en/members/cached-org/"
    # A proxy passes the same Host header whatever the scheme.
    host = {"HTTP_HOST": "testserver"}
    secure = anonymous(HTTP_X_FORWARDED_PROTO="https", **host).get(url)
    assert secure["X-Page-Cache"] == "miss"
    assert '<link rel="canonical" href="https://testserver' in body(secure)
    plain = anonymous(**host).get(url)
    assert plain["X-Page-Cache"] == "miss"
    page = body(plain)
    assert '<link rel="canonical" href="http://testserver' in page
    assert '<meta property="og:url" content="http://testserver' in page
    assert '<link rel="alternate" hreflang="ar" href="http://testserver' in page
    assert "https://testserver" not in page
    again = anonymous(HTTP_X_FORWARDED_PROTO="https", **host).get(url)
    assert again["X-Page-Cache"] == "hit"
    assert '<link rel="canonical" href="https://testserver' in body(again)


def test_a_transaction_moves_the_generation_once(networks,
                                                 django_capture_on_commit_callbacks):
    from django.db import transaction

    pagecache.invalidate()  # the row exists
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        OrganisationFactory.create_batch(3, networks=[networks["wasl"]])
    assert pagecache.generation() == before + 1


def test_a_change_after_a_rolled_back_one_still_moves_the_generation(
        networks, django_capture_on_commit_callbacks):
    from django.db import transaction

    pagecache.invalidate()  # the row exists
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                OrganisationFactory(slug="rolled-back")
                raise RuntimeError("abandoned")
        except RuntimeError:
            pass
    assert pagecache.generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(slug="kept")
    assert pagecache.generation() == before + 1
