"""The read-only open-data API under ``/api/v1/`` (django-ninja).

Conventions, stated again in the OpenAPI descriptions:

* Language: ``?lang=ar|en``, else ``Accept-Language``; Arabic by default. A translated
  field ``name`` is the text in that language, falling back to the other language when
  it is missing; ``name_i18n`` is ``{"ar": …, "en": …}`` with ``null`` where a language
  has no text.
* Field names follow Open Referral HSDS and Popolo where they fit: ``name``,
  ``alternate_name``, ``description``, ``url`` (website), ``email``, ``year_incorporated``;
  memberships as ``organization`` / ``role`` / ``start_date`` / ``end_date``.
* People and organisations come only through ``members.projection``.
* Lists: ``limit`` 1–100 (20), ``offset`` 0–100000, stable order, ``count`` with
  ``next`` / ``previous`` links. Every answer has an ``ETag`` (and ``Last-Modified`` where
  known) and answers ``304`` to a matching ``If-None-Match`` / ``If-Modified-Since``.
* GET, HEAD and OPTIONS only, open to every origin (CORS).

Each app owns its router (``network/api.py``, ``members/api.py``, ``publications/api.py``);
what they share is in ``network/core/api.py``. This module assembles them.
"""

import hashlib
from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import path
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from members.api import router as members_router
from network.api import router as network_router
from network.core.api import I18N_NOTE
from network.core.i18n import LANGUAGE_CODES
from network.core.links import absolute_url
from publications.api import router as publications_router

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def open_data(view):
    """GET/HEAD/OPTIONS only, CORS for every origin, language from ``?lang=``, and
    conditional GET (ETag from the body, Last-Modified where the view noted it)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since")
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(ALLOWED_METHODS.split(", "))
        else:
            head = request.method == "HEAD"
            request.method = "GET"
            lang = request.GET.get("lang")
            with override(lang if lang in LANGUAGE_CODES else get_language()):
                response = view(request, *args, **kwargs)
                response["Content-Language"] = get_language()
            if response.status_code == 200:
                if not response.has_header("ETag"):
                    digest = hashlib.sha256(response.content).hexdigest()[:32]
                    response["ETag"] = f'"{digest}"'
                stamp = getattr(request, "api_last_modified", None)
                if stamp is not None:
                    response["Last-Modified"] = http_date(stamp.timestamp())
                response = get_conditional_response(
                    request, etag=response["ETag"],
                    last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                    response=response)
            patch_vary_headers(response, ("Accept-Language",))
            if head:
                request.method = "HEAD"
                response.content = b""
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


class OpenDataAPI(NinjaAPI):
    """The API whose every URL is read-only and open (see :func:`open_data`), with the
    reference page at ``docs`` instead of ninja's CDN-loaded Swagger page."""

    def _get_urls(self):
        urls = super()._get_urls()
        urls.insert(0, path("docs", docs, name="docs"))
        for pattern in urls:
            pattern.callback = open_data(pattern.callback)
        return urls


api = OpenDataAPI(
    title="WASL & ICSSI open data",
    version="1.0.0",
    description=(
        "Read-only open data of the WASL and ICSSI network directory: networks, thematic "
        "tracks, public organisations, countries and publications. GET only, no "
        "authentication, CORS open to every origin." + I18N_NOTE
        + " Lists take limit (1-100, default 20) and offset (0-100000) and answer count, "
        "limit, offset, next, previous and results, in a stable order. Responses carry "
        "ETag and Last-Modified; If-None-Match and If-Modified-Since give 304. Field "
        "names follow Open Referral HSDS and Popolo where they fit."),
    urls_namespace="api",
    docs_url=None,
)

# The order of the routers is the order of the paths in the schema and the reference.
api.add_router("", network_router)
api.add_router("", members_router)
api.add_router("", publications_router)


# The reference page ------------------------------------------------------------------


#: A parameter with more allowed values (country codes) refers to the schema for them.
MAX_LISTED_VALUES = 30


def _parameter_rows(parameters):
    rows = []
    for parameter in parameters:
        schema = parameter.get("schema", {})
        options = schema.get("anyOf") or [schema]
        types = [option.get("type") or ("enum" if "enum" in option else "")
                 for option in options if option.get("type") != "null"]
        enum = [value for option in options for value in option.get("enum", [])]
        bounds = []
        for option in options:
            for key, label in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "len ≤")):
                if key in option:
                    bounds.append(f"{label} {option[key]}")
        if len(enum) > MAX_LISTED_VALUES:
            bounds.append(_("one of %(count)s values, listed in the OpenAPI schema")
                          % {"count": len(enum)})
            enum = []
        rows.append({
            "name": parameter["name"], "where": parameter["in"],
            "required": parameter.get("required", False),
            "type": " | ".join(filter(None, types)) or "string",
            "enum": enum, "bounds": bounds, "default": schema.get("default"),
            "description": parameter.get("description") or schema.get("description", ""),
        })
    return rows


EXAMPLES = {
    "/api/v1/networks/{slug}": "/api/v1/networks/icssi?lang=en",
    "/api/v1/organisations": "/api/v1/organisations?country=IQ&women_led=yes&limit=5",
    "/api/v1/organisations/{slug}": "/api/v1/organisations/{slug}?lang=ar",
    "/api/v1/publications": "/api/v1/publications?network=wasl&language=en",
    "/api/v1/publications/{slug}": "/api/v1/publications/{slug}?lang=en",
}


def docs(request):
    """The API reference, rendered from the OpenAPI schema: no script, no external asset."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = []
    for url, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append({
                "method": method.upper(), "path": url,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": _parameter_rows(operation.get("parameters", [])),
                "responses": sorted(operation.get("responses", {})),
                "example": absolute_url(request, EXAMPLES.get(url, url)),
            })
    return render(request, "api/docs.html", {
        "title": schema["info"]["title"], "description": schema["info"]["description"],
        "version": schema["info"]["version"], "operations": operations,
        "openapi_url": absolute_url(request, "/api/v1/openapi.json"),
        "page_title": _("Open data API"),
    })
