"""Middleware of the network app."""

from django.conf import settings
from django.utils.translation import get_language_from_path


def remember_language(get_response):
    """Remember the language of the last page read, so that ``/`` opens in it next time.

    The cookie is only set when it changes, so ordinary page views set no cookie.
    """

    def middleware(request):
        response = get_response(request)
        lang = get_language_from_path(request.path_info)
        if (
            lang
            and request.method in ("GET", "HEAD")
            and response.status_code < 400
            # Only pages read: a download is not a language choice.
            and not response.get("Content-Disposition", "").startswith("attachment")
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != lang
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                lang,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        return response

    return middleware


def security_headers(get_response):
    """Cross-Origin-Resource-Policy and Permissions-Policy on every response (Django sets
    the other security headers itself). The API is open to every origin, so its answers
    are ``cross-origin`` resources."""

    def middleware(request):
        response = get_response(request)
        policy = "cross-origin" if request.path.startswith("/api/") else (
            settings.CROSS_ORIGIN_RESOURCE_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", policy)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
