"""Template context shared by every page."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from ..core.links import absolute_url


def _unprefixed(path, lang):
    prefix = f"/{lang}/"
    return "/" + path[len(prefix):] if path.startswith(prefix) else path


def _twin_url(request, full_path, code):
    """This page in language ``code``: the other prefix, or, for a page outside the
    language prefixes (the API reference), the same path with ``?lang=``."""
    prefix = f"/{get_language()}/"
    if getattr(request, "resolver_match", None) is not None and full_path.startswith(prefix):
        # The URL patterns are the same in every language, so a page that resolved
        # differs from its twin by the prefix only (translate_url would resolve and
        # reverse the path again: most of a millisecond per language on every page).
        return f"/{code}/{full_path[len(prefix):]}"
    url = translate_url(full_path, code)
    if url == full_path and not any(request.path.startswith(f"/{other}/")
                                    for other, _name in settings.LANGUAGES):
        query = request.GET.copy()
        query["lang"] = code
        url = f"{request.path}?{query.urlencode()}"
    return url


def languages(request):
    """The other-language twin of this page and the hreflang alternates.

    Twins keep the path and the query string; ``x-default`` is the unprefixed
    path, which redirects by cookie and ``Accept-Language``.
    """
    current = get_language()
    full_path = request.get_full_path()
    twins = []
    for code, _name in settings.LANGUAGES:
        url = _twin_url(request, full_path, code)
        info = get_language_info(code)
        twins.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "absolute_url": absolute_url(request, url),
                "is_current": code == current,
            }
        )
    return {
        "language_twins": twins,
        "x_default_url": absolute_url(request, _unprefixed(full_path, current)),
        "canonical_url": absolute_url(request, full_path),
    }
