"""What every API router shares: the language and paging parameters, the page envelope,
the error schemas, and the helpers that fill a record's translated texts and links."""

from typing import Literal

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from modeltranslation.utils import build_localized_fieldname
from ninja import Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from .i18n import LANGUAGE_CODES, translated_value
from .links import absolute_url
from .listing import in_order

MAX_LIMIT = 100
MAX_OFFSET = 100_000

Lang = Literal["ar", "en"]

LANG_DESCRIPTION = (
    "Language of the plain text fields: ar (Arabic) or en (English). Without it the "
    "Accept-Language header decides; Arabic by default. Every translated field X also "
    "comes as X_i18n = {\"ar\": ..., \"en\": ...}.")
I18N_NOTE = (" A translated field X is the text in the chosen language (falling back to the "
             "other language when missing); X_i18n gives both languages, null where empty.")


class I18n(Schema):
    ar: str | None = Field(description="Arabic text, null when there is none.")
    en: str | None = Field(description="English text, null when there is none.")


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="Where the error is, e.g. [\"query\", \"limit\"].")
    msg: str
    type: str


class InvalidRequest(Schema):
    detail: list[ErrorItem]


class NotFound(Schema):
    detail: str


class Page(Schema):
    count: int = Field(description="Number of results across all pages.")
    limit: int
    offset: int
    next: str | None = Field(description="Absolute URL of the next page, or null.")
    previous: str | None = Field(description="Absolute URL of the previous page, or null.")


LimitParam = Query(20, ge=1, le=MAX_LIMIT, description="Results per page, 1 to 100.")
OffsetParam = Query(0, ge=0, le=MAX_OFFSET,
                    description="Results to skip, 0 to 100000.")
LangParam = Query(None, description=LANG_DESCRIPTION)
ERRORS = {404: NotFound, 422: InvalidRequest}


def get_by_slug(queryset, *, slug):
    """``get_object_or_404`` by slug; a slug with a NUL character, which PostgreSQL refuses
    in a query (a 500 otherwise, found by tests/security/test_fuzz.py), is not found."""
    if "\x00" in slug:
        raise Http404
    return get_object_or_404(queryset, slug=slug)


def i18n(obj, field):
    """``(text in the active language or its fallback, {"ar": …, "en": …})``."""
    values = {code: getattr(obj, build_localized_fieldname(field, code), "") or None
              for code in LANGUAGE_CODES}
    return translated_value(obj, field)[0], values


def texts(obj, *fields, rename=None):
    """``{field: text, field_i18n: {...}}`` for each field (``rename`` maps output names)."""
    rename = rename or {}
    out = {}
    for field in fields:
        name = rename.get(field, field)
        out[name], out[f"{name}_i18n"] = i18n(obj, field)
    return out


def api_link(request, *parts):
    return absolute_url(request, "/api/v1/" + "/".join(parts))


def paged(request, queryset, limit, offset, count=None):
    """One page of ``queryset`` with the envelope: count, limit, offset, next, previous.
    With ``queryset=None`` (a facet index gives the rows), only the envelope, for
    ``count`` rows."""
    if queryset is None:
        rows = None
    else:
        count = queryset.count()
        rows = list(queryset[offset:offset + limit]) if offset < count else []

    def link(new_offset):
        query = request.GET.copy()
        query["offset"] = str(new_offset)
        query["limit"] = str(limit)
        return absolute_url(request, f"{request.path}?{query.urlencode()}")

    return rows, {
        "count": count, "limit": limit, "offset": offset,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
    }


def listed_page(request, ordered, limit, offset, queryset, out):
    """One page of API records for ``ordered`` (primary keys, in the list's order) and its
    envelope, noting the newest ``updated_at`` for ``Last-Modified``."""
    count = len(ordered)
    ids = ordered[offset:offset + limit] if offset < count else []
    rows = in_order(queryset, ids) if ids else []
    last_modified(request, *(row.updated_at for row in rows))
    _rows, page = paged(request, None, limit, offset, count)
    return [out(request, row) for row in rows], page


def last_modified(request, *stamps):
    """Note the newest of ``stamps`` for the ``Last-Modified`` header."""
    stamps = [stamp for stamp in stamps if stamp is not None]
    if stamps:
        request.api_last_modified = max(stamps)


def validated(filterset_class, request, queryset, names):
    """The filterset over ``queryset`` with the query parameters ``names``; an invalid value
    raises 422 naming the parameter, as the HTML pages answer 400."""
    data = QueryDict(mutable=True)
    for name in names:
        if name in request.GET:
            data[name] = request.GET[name]
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError([
            {"loc": ["query", name], "msg": f"{name}: {' '.join(map(str, messages))}",
             "type": "value_error"}
            for name, messages in filterset.form.errors.items()
        ])
    return filterset
