"""Error pages (400, 403, 404, 500) and the 503 answered while the database is unreachable.

Every page here is rendered from ``templates/errors/_base.html`` without the request's
context processors and without a single database query, in the request's language: the
``/ar/`` or ``/en/`` prefix of the path, else (for the API) ``?lang=``, else the language
cookie and ``Accept-Language``, else Arabic. None shows a traceback, an exception message
or a setting. The API (``/api/``) answers its 500 and 503 as JSON instead: an RFC 9457
problem (``application/problem+json`` with ``type``, ``title``, ``status``, ``detail``).

Wiring: ``handler400`` … ``handler500`` at the end of ``network/urls.py``,
``CSRF_FAILURE_VIEW = "network.site.errors.csrf_failure"`` and the middleware
``network.site.errors.database_unavailable`` in the settings.
"""

import json
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import (
    get_language_from_path,
    get_language_from_request,
    get_language_info,
    gettext,
    gettext_lazy,
    override,
)

from network.core.i18n import LANGUAGE_CODES

logger = logging.getLogger("directory.errors")

#: Seconds after which a client may try again while the database is unreachable.
RETRY_AFTER = 30
#: The errors that mean "the database cannot be reached", not "this query is wrong".
DATABASE_DOWN = (OperationalError, InterfaceError)
API_PREFIX = "/api/"


def request_language(request):
    """The language of the page the visitor asked for, decided without the database."""
    try:
        path = request.path_info
        language = get_language_from_path(path)
        if language:
            return language
        if path.startswith(API_PREFIX):
            language = request.GET.get("lang")
            if language in LANGUAGE_CODES:
                return language
        language = get_language_from_request(request)
    except Exception:  # A malformed request must still get its error page.
        language = None
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def _other_languages(current):
    """The home page of each other language, for the language switch."""
    links = []
    for code in LANGUAGE_CODES:
        if code == current:
            continue
        info = get_language_info(code)
        with override(code):
            links.append({"code": code, "name_local": info["name_local"],
                          "bidi": info["bidi"], "url": reverse("network:home")})
    return links


def _fallback_body(status, title):
    """The page when even the template cannot be rendered: plain, still in the language."""
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{status}</title>'
            f"</head><body><h1>{title}</h1><p><a href=\"/\">{gettext('Home')}</a></p>"
            "</body></html>")


def render_error(request, template_name, status, context=None):
    """``template_name`` as the answer with ``status``, in the request's language.

    The template gets no request (so no context processor, no session, no user) and only
    ``context``, ``status`` and the other-language links: it needs no database.
    """
    language = request_language(request)
    with override(language):
        try:
            body = loader.get_template(template_name).render({
                "status": status, "other_languages": _other_languages(language),
                **(context or {}),
            })
        except Exception:
            logger.exception("Error page %s could not be rendered", template_name)
            body = _fallback_body(status, gettext("Something went wrong"))
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    if status >= 500:
        add_never_cache_headers(response)
    return response


def problem_response(request, status, title, detail):
    """An RFC 9457 problem as the API's answer with ``status``, in the request's language,
    never cached, readable from every origin as the API's other answers are."""
    language = request_language(request)
    with override(language):
        problem = {"type": "about:blank", "title": str(title), "status": status,
                   "detail": str(detail)}
    response = HttpResponse(json.dumps(problem, ensure_ascii=False), status=status,
                            content_type="application/problem+json")
    response["Content-Language"] = language
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ("Accept-Language",))
    add_never_cache_headers(response)
    return response


def _is_api(request):
    return request.path_info.startswith(API_PREFIX)


# Handlers (network/urls.py) --------------------------------------------------------


def bad_request(request, exception=None):
    return render_error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return render_error(request, "403.html", 403)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the 403 page, explaining what to do; the reason is logged,
    never shown."""
    logger.warning("CSRF failure: %s (path=%r)", reason, request.path)
    return render_error(request, "403.html", 403, {"csrf_failure": True})


def page_not_found(request, exception=None):
    return render_error(request, "404.html", 404)


def server_error(request):
    """The 500 page; the 503 page when the uncaught error is the database being
    unreachable (an error in a middleware, which :func:`database_unavailable` does not
    see)."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return database_unavailable_response(request)
    if _is_api(request):
        return problem_response(
            request, 500, gettext_lazy("Something went wrong"),
            gettext_lazy("An unexpected error stopped this request; it has been recorded."))
    return render_error(request, "500.html", 500)


# The database is unreachable -----------------------------------------------------------


def close_broken_connections():
    """Close every connection that is not inside a transaction, so that the next request
    opens a fresh one instead of reusing a persistent (``CONN_MAX_AGE``) connection to a
    server that went away. Inside a transaction, ``atomic`` deals with it."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close()
        except Exception:  # Closing a dead connection may fail too; it is gone either way.
            connection.connection = None


def database_unavailable_response(request):
    """503 with ``Retry-After``, never cached, in the request's language: the page, or the
    API's problem."""
    close_broken_connections()
    if _is_api(request):
        response = problem_response(
            request, 503, gettext_lazy("Temporarily unavailable"),
            gettext_lazy("The directory cannot reach its database at the moment. Try "
                         "again in a few seconds."))
    else:
        retry_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        response = render_error(request, "503.html", 503, {"retry_url": retry_url})
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def database_unavailable(get_response):
    """Middleware: a view that fails because the database cannot be reached answers the
    static 503 page instead of a 500, and the broken connection is closed so that the site
    recovers by itself as soon as the database is back."""

    def middleware(request):
        return get_response(request)

    def process_exception(request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.error("Database unavailable: %s %s: %s: %s", request.method, request.path,
                     exception.__class__.__name__, exception)
        return database_unavailable_response(request)

    middleware.process_exception = process_exception
    return middleware
