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

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.translation import get_language

from .core.facets import mark_stale
from .models import ContentGeneration, forget_content_generation
from .models import content_generation as generation

CONTENT_APPS = ("network", "members", "publications")
# Paths never cached whatever the response: staff pages and sign-in.
EXCLUDED_PREFIXES = ("/admin/", "/account/", "/static/", "/media/")
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
# Changes waiting for their transaction's commit (each thread its own).
_thread = Local()


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def invalidate():
    """Move the generation on: every cached page and facet index is stale from now on, in
    every process."""
    forget_content_generation()
    if not ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        # First change (or a flushed table): any new value differs from every old one.
        start = int(timezone.now().timestamp() * 1000)
        try:
            with transaction.atomic():
                ContentGeneration.objects.create(pk=1, value=start)
        except IntegrityError:  # another process created it meanwhile
            ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)


def _request_started(**kwargs):
    forget_content_generation(active=True)


def _request_finished(**kwargs):
    forget_content_generation(active=False)


class _Changes:
    """Changes saved since the generation last moved in this thread: a transaction saving
    a thousand rows moves it once (a write, synced to disk, costs milliseconds)."""

    done = False

    def invalidate(self):
        if not self.done:
            self.done = True
            invalidate()


def invalidate_on_commit(**kwargs):
    """Signal receiver: invalidate once the change is visible to other connections (and
    this process's facet indexes at once)."""
    mark_stale()
    changes = getattr(_thread, "changes", None)
    if changes is None or changes.done:
        changes = _thread.changes = _Changes()
    # Every change registers its callback: of those that run, the first moves the
    # generation. A rolled-back transaction drops its callbacks, leaving the next
    # transaction's to run.
    transaction.on_commit(changes.invalidate)


def connect_signals():
    """Invalidate on every save, delete and many-to-many change in the content apps,
    historical records included (a restore saves the record itself); read the generation
    once a request."""
    request_started.connect(_request_started, dispatch_uid="pagecache-request-started")
    request_finished.connect(_request_finished, dispatch_uid="pagecache-request-finished")
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is ContentGeneration:
                continue
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(invalidate_on_commit, sender=model,
                                dispatch_uid=uid + "-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(invalidate_on_commit, sender=field.remote_field.through,
                                    dispatch_uid=f"{uid}-{field.name}-m2m")


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
