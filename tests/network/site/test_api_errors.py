"""The API answers its own failures as JSON: an RFC 9457 problem, 503 while the database
is unreachable and 500 for any other unhandled error, never the HTML error page."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils.translation import gettext, override

from network import api

SECRET = "connection to server at 127.0.0.1 failed: secret-detail-0123"


def database_down(execute, sql, params, many, context):
    """Every query fails as it does when the server cannot be reached."""
    raise OperationalError(SECRET)


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


@pytest.fixture
def quiet_client():
    """A client that gets the error answer instead of the view's exception."""
    return Client(raise_request_exception=False)


def assert_problem(response, status, language, title, detail):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response["Content-Language"] == language
    assert "no-store" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    with override(language):
        expected = {"type": "about:blank", "title": gettext(title), "status": status,
                    "detail": gettext(detail)}
    assert response.json() == expected
    for leak in ("Traceback", "OperationalError", SECRET, "<html"):
        assert leak not in response.content.decode()
    return expected


@pytest.mark.parametrize(("url", "language"), [
    ("/api/v1/organisations?lang=en", "en"),  # the directory's facet index
    ("/api/v1/networks", "ar"),  # a plain query
    ("/api/v1/publications/a-brief?lang=en", "en"),
])
@pytest.mark.parametrize("page_cache", [0, 600])
def test_database_outage_is_a_503_problem(networks, quiet_client, settings, url, language,
                                          page_cache):
    # With the page cache on, the failing query is the middleware's (the generation).
    settings.PAGE_CACHE_SECONDS = page_cache
    with connection.execute_wrapper(database_down):
        response = quiet_client.get(url)
    problem = assert_problem(
        response, 503, language, "Temporarily unavailable",
        "The directory cannot reach its database at the moment. Try again in a few "
        "seconds.")
    assert response["Retry-After"] == "30"
    if language == "ar":
        assert problem["title"] == "الموقع غير متاح مؤقتًا"


def test_any_other_unhandled_error_is_a_500_problem(networks, quiet_client, monkeypatch):
    def fails():
        raise RuntimeError(SECRET)

    monkeypatch.setattr(api, "networks_with_counts", fails)
    response = quiet_client.get("/api/v1/networks?lang=ar")
    problem = assert_problem(
        response, 500, "ar", "Something went wrong",
        "An unexpected error stopped this request; it has been recorded.")
    assert problem["title"] == "حدث خطأ ما"

