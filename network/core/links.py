"""Links: absolute URLs, and fast links to records by slug for lists that link every row."""

import logging
import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARK = "0slug0"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


@lru_cache(maxsize=256)
def _pattern(view_name, language, prefix, urlconf):
    return reverse(view_name, kwargs={"slug": _MARK})


def slug_url(view_name, slug):
    """``reverse(view_name, kwargs={"slug": slug})``, resolving the view once per language
    (a reverse costs about 50 µs, and a list page has a link on every row)."""
    if not _SLUG.match(slug):  # the path converter would refuse it: let reverse say so
        return reverse(view_name, kwargs={"slug": slug})
    pattern = _pattern(view_name, get_language(), get_script_prefix(), get_urlconf())
    return pattern.replace(_MARK, slug, 1)


def absolute_url(request, path):
    """Absolute URL for ``path``, from SITE_URL when set, else from the request's host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def site_url(path):
    """An absolute URL for ``path`` in a message written without a request (a periodic
    job), from ``SITE_URL``, which production sets; the bare path, with a warning, when it
    is not set."""
    if not settings.SITE_URL:
        logging.getLogger("directory.mail").warning(
            "SITE_URL is not set: a periodic mail carries a link without the host")
        return path
    return settings.SITE_URL + path
