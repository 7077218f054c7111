"""The cache of anonymous pages, and the content generation.

A public GET page is kept in the default cache (Redis when ``REDIS_URL`` is set, this
process's memory otherwise), keyed by scheme, host, path and query string, language,
whether the client takes gzip, and by a *generation*: any change to the content of the
three apps (an admin save, an import, a history restore, an upload, a delete, a
many-to-many change) moves the generation on once its transaction commits, so every page
that could show the change is rendered again. Pages are also keyed by the date, because a
consent past its review date hides a person without any save.

The generation is one row in the database (:class:`network.models.ContentGeneration`),
read once a request, not a key in the cache: every process sees a change at its next
request whether or not a cache is shared, and a change saved while Redis is unreachable
is not hidden by the pages Redis kept from before once it answers again. The facet counts
(network/core/facets.py) are rebuilt on the same generation.

Never cached:

* a request from someone who may be signed in (it carries a session cookie) or with any
  cookie other than the language and CSRF cookies (a pending message, say);
* a response that sets a cookie, touches the session, renews the CSRF cookie (any page
  with a form that posts), says ``private``/``no-store``/``no-cache``, or is not a 200;
* the admin, the sign-in pages and anything but GET.

``PAGE_CACHE_SECONDS`` (default 600; 0 turns the cache off) bounds how long a page lives.
Responses carry ``X-Page-Cache: hit`` or ``miss`` (or nothing when not cacheable).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.translation import get_language

from ..core.generation import generation, invalidate  # noqa: F401  (tests and bench)

# Paths never cached whatever the response: staff pages and sign-in.
EXCLUDED_PREFIXES = ("/admin/", "/account/", "/static/", "/media/")
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _allowed_cookies():
    return {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def _accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def _cacheable_request(request):
    return (
        request.method == "GET"
        and _seconds() > 0
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and not any(request.path.startswith(f"/{code}{prefix}")
                    for code, _name in settings.LANGUAGES for prefix in EXCLUDED_PREFIXES)
        and set(request.COOKIES) <= _allowed_cookies()
    )


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or (session.accessed and session.keys())):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {part.split("=")[0].strip().lower()
                  for part in cc_delim_re.split(response.get("Cache-Control", "")) if part}
    return not directives & UNCACHEABLE_DIRECTIVES


def _key(request, gen):
    # The scheme too: a page's canonical, hreflang and OpenGraph links are absolute, built
    # from the request when SITE_URL is empty (https behind a proxy, say).
    raw = "\n".join([request.scheme, request.get_host(), request.get_full_path()])
    digest = hashlib.sha256(raw.encode()).hexdigest()
    encoding = "gz" if _accepts_gzip(request) else "id"
    return (f"pagecache:{gen}:{timezone.localdate().isoformat()}:{get_language()}:"
            f"{encoding}:{digest}")


def _from_cache(request, entry):
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    etag = response.get("ETag")
    if etag:
        response = get_conditional_response(request, etag=etag, response=response)
    return response


def page_cache(get_response):
    """Middleware: answer anonymous GETs from the cache, and keep what can be kept.

    Sits after the locale middleware (the key needs the language) and before GZip and
    CSRF (it stores the compressed body and sees the CSRF cookie being set).
    """

    def middleware(request):
        if not _cacheable_request(request):
            return get_response(request)
        key = _key(request, generation())
        entry = cache.get(key)
        if entry is not None:
            return _from_cache(request, entry)
        response = get_response(request)
        if _cacheable_response(request, response):
            headers = [(name, value) for name, value in response.items()
                       if name.lower() not in {"x-page-cache", "content-length"}]
            cache.set(key, (response.status_code, headers, response.content), _seconds())
            response["X-Page-Cache"] = "miss"
        return response

    return middleware
