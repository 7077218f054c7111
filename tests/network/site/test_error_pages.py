"""The error pages (400, 403, 404, 500) and the 503 answered while the database is
unreachable: status, language and direction, the site's design, nothing leaked."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path
from django.utils.translation import gettext, override

from network import urls as site_urls
from network.site.errors import request_language

# This module is also the URLconf of the tests marked ``urls(URLCONF)``: the site's own
# URLs and handlers, plus views that fail on purpose.
URLCONF = __name__
SECRET_MARKER = "secret-detail-from-the-exception-0123"


def fails_with(exception_class):
    def view(request):
        raise exception_class(SECRET_MARKER)

    return view


def _error_patterns():
    from django.conf.urls.i18n import i18n_patterns

    return i18n_patterns(
        path("test-errors/400/", fails_with(SuspiciousOperation)),
        path("test-errors/403/", fails_with(PermissionDenied)),
        path("test-errors/500/", fails_with(RuntimeError)),
        path("test-errors/operational/", fails_with(OperationalError)),
        path("test-errors/interface/", fails_with(InterfaceError)),
        prefix_default_language=True,
    )


urlpatterns = [*_error_patterns(), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500

DATABASE_UNAVAILABLE = "network.site.errors.database_unavailable"

HEADINGS = {400: "Bad request", 403: "Access refused", 404: "Page not found",
            500: "Something went wrong", 503: "Temporarily unavailable"}


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.CSRF_FAILURE_VIEW = "network.site.errors.csrf_failure"


@pytest.fixture
def with_middleware(settings):
    """The settings with the 503 middleware, where the integration puts it."""
    if DATABASE_UNAVAILABLE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index("django.middleware.locale.LocaleMiddleware") + 1,
                          DATABASE_UNAVAILABLE)
        settings.MIDDLEWARE = middleware
    return settings


@pytest.fixture
def quiet_client():
    """A client that gets the 500 page instead of the view's exception."""
    return Client(raise_request_exception=False)


def assert_error_page(response, status, language):
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Language"] == language
    body = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in body
    # The site's design: its stylesheet, header, navigation and footer.
    assert "/static/css/site.css" in body
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    with override(language):
        assert gettext(HEADINGS[status]) in body
        assert f'href="/{language}/"' in body
        # The header's strings are in the catalogue already: the page is in Arabic.
        assert gettext("Publications") in body
    if language == "ar":
        assert "الإصدارات" in body
    other = "en" if language == "ar" else "ar"
    assert f'href="/{other}/" hreflang="{other}"' in body
    # Nothing leaked, nothing the Content-Security-Policy would refuse.
    for leak in ("Traceback", SECRET_MARKER, django_settings.SECRET_KEY, "DATABASES",
                 "settings.py", 'File "'):
        assert leak not in body
    assert "<script" not in body and "style=" not in body
    return body


# 404 --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "language"), [
    ("/ar/members/nope/", "ar"), ("/en/members/nope/", "en"),
    ("/ar/publications/nope/", "ar"), ("/en/publications/nope/", "en"),
    ("/ar/no-such-page/", "ar"), ("/en/no-such-page/", "en"),
    ("/ar/countries/zz/", "ar"), ("/en/people/nobody/", "en"),
])
def test_not_found_in_the_language_of_the_address(client, url, language):
    body = assert_error_page(client.get(url), 404, language)
    with override(language):
        assert gettext("Search the directory") in body
        assert f'action="/{language}/search/"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "cookie", "language"), [
    ("", None, "ar"), ("en-GB,en;q=0.8", None, "en"), ("ar,en;q=0.5", None, "ar"),
    ("en", "ar", "ar"), ("fr", None, "ar"),
])
def test_not_found_without_a_prefix_follows_cookie_then_browser(client, accept, cookie,
                                                                 language):
    if cookie:
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=accept)
    assert_error_page(response, 404, language)


def test_api_not_found_follows_lang(client):
    response = client.get("/api/v1/no-such-endpoint?lang=en", HTTP_ACCEPT_LANGUAGE="ar")
    assert_error_page(response, 404, "en")


# 400, 403, 500 ------------------------------------------------------------------------


@pytest.mark.urls(URLCONF)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_bad_request(client, language):
    assert_error_page(client.get(f"/{language}/test-errors/400/"), 400, language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_bad_request_for_an_unknown_host(client, language):
    response = client.get(f"/{language}/", HTTP_HOST="not-this-site.example")
    assert_error_page(response, 400, language)


@pytest.mark.urls(URLCONF)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_permission_denied(client, language):
    body = assert_error_page(client.get(f"/{language}/test-errors/403/"), 403, language)
    with override(language):
        assert gettext("You do not have permission to see this page.") in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_csrf_failure_is_the_403_page(language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/account/login/", {"auth-username": "someone"})
    body = assert_error_page(response, 403, language)
    with override(language):
        assert gettext("Go back, reload the page and send the form again. Signing in needs "
                       "cookies to be allowed for this site.") in body
    assert "CSRF" not in body and "Referer" not in body


@pytest.mark.urls(URLCONF)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_server_error(quiet_client, language):
    # No django_db mark: a database query would fail, and the page would not be this one.
    response = quiet_client.get(f"/{language}/test-errors/500/")
    assert_error_page(response, 500, language)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.urls(URLCONF)
def test_server_error_without_a_prefix_follows_the_browser(quiet_client):
    # The unprefixed address redirects first: ask for it where i18n_patterns cannot.
    response = quiet_client.get("/en/test-errors/500/", HTTP_ACCEPT_LANGUAGE="ar")
    assert_error_page(response, 500, "en")


# 503: the database is unreachable ---------------------------------------------------


@pytest.mark.urls(URLCONF)
@pytest.mark.parametrize("error", ["operational", "interface"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_database_errors_answer_503_through_the_middleware(with_middleware, client,
                                                           language, error):
    # The plain client: the middleware answers, so no exception reaches it.
    response = client.get(f"/{language}/test-errors/{error}/")
    body = assert_error_page(response, 503, language)
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    with override(language):
        assert gettext("Try again") in body
    assert f'href="/{language}/test-errors/{error}/"' in body


@pytest.mark.urls(URLCONF)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_database_errors_answer_503_even_without_the_middleware(quiet_client, settings,
                                                                language):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != DATABASE_UNAVAILABLE]
    response = quiet_client.get(f"/{language}/test-errors/operational/")
    assert_error_page(response, 503, language)
    assert response["Retry-After"] == "30"


@pytest.mark.urls(URLCONF)
def test_other_errors_are_not_the_middlewares_business(with_middleware, quiet_client):
    assert quiet_client.get("/en/test-errors/500/").status_code == 500


def test_request_language_never_fails(rf):
    assert request_language(rf.get("/en/anything/")) == "en"
    assert request_language(rf.get("/api/v1/tracks", {"lang": "en"})) == "en"
    assert request_language(rf.get("/api/v1/tracks", {"lang": "xx"})) == "ar"
    assert request_language(rf.get("/", HTTP_ACCEPT_LANGUAGE="\x00;q=nonsense")) == "ar"
    assert request_language(rf.get("/x/", QUERY_STRING="a=1&" * 2000)) == "ar"
