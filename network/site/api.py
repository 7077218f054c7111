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
"""

import hashlib
from functools import wraps
from typing import Literal

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from members.filters import OrganisationFilter, directory_facets
from members.models import Organisation
from members.projection import public_organisation_record, public_organisations
from network.core.i18n import LANGUAGE_CODES, translated_value
from network.core.links import absolute_url
from network.core.listing import in_order
from network.core.places import Governorate
from network.models import (
    ApproachPoint,
    ApproachSection,
    CharterValue,
    Milestone,
    Network,
    Track,
)
from publications.filters import PublicationFilter, library_facets
from publications.models import Publication, PublicationFile

from .apiquery import parameter_names, query_schema

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
MAX_LIMIT = 100
MAX_OFFSET = 100_000

Lang = Literal["ar", "en"]

LANG_DESCRIPTION = (
    "Language of the plain text fields: ar (Arabic) or en (English). Without it the "
    "Accept-Language header decides; Arabic by default. Every translated field X also "
    "comes as X_i18n = {\"ar\": ..., \"en\": ...}.")
I18N_NOTE = (" A translated field X is the text in the chosen language (falling back to the "
             "other language when missing); X_i18n gives both languages, null where empty.")


OrganisationQuery = query_schema(OrganisationFilter)
PublicationQuery = query_schema(PublicationFilter)


# Output schemas ----------------------------------------------------------------------


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


class TrackOut(Schema):
    slug: str
    name: str
    name_i18n: I18n
    description: str
    description_i18n: I18n
    networks: list[str] = Field(description="Slugs of the networks that have this track.")
    organisations_url: str = Field(description="The organisations working on this track.")


class TrackPage(Page):
    results: list[TrackOut]


class CharterValueOut(Schema):
    order: int
    title: str
    title_i18n: I18n
    text: str
    text_i18n: I18n


class ApproachPointOut(Schema):
    order: int
    text: str
    text_i18n: I18n


class ApproachSectionOut(Schema):
    slug: str
    order: int
    title: str
    title_i18n: I18n
    intro: str
    intro_i18n: I18n
    points: list[ApproachPointOut]


class MilestoneOut(Schema):
    date: str = Field(description="ISO date; for a year or a month, its first day.")
    precision: Literal["year", "month", "day"]
    date_display: str = Field(description="The date written to its precision.")
    title: str
    title_i18n: I18n
    text: str
    text_i18n: I18n


class NetworkOut(Schema):
    slug: str
    name: str
    name_i18n: I18n
    alternate_name: str = Field(description="The short name or acronym, such as WASL.")
    alternate_name_i18n: I18n
    tagline: str
    tagline_i18n: I18n
    description: str = Field(description="The introductory paragraph (summary).")
    description_i18n: I18n
    year_incorporated: int | None
    url: str | None = Field(description="The network's own website.")
    organisation_count: int = Field(description="Public organisations in the directory.")
    html_url: str = Field(description="The network's page in the chosen language.")
    api_url: str


class NetworkDetailOut(NetworkOut):
    founded_place: str
    founded_place_i18n: I18n
    history: str
    history_i18n: I18n
    goal: str
    goal_i18n: I18n
    stated_figures: str = Field(description="The network's own figures, as published.")
    stated_figures_i18n: I18n
    values: list[CharterValueOut] = Field(description="The charter's values, in order.")
    approach_sections: list[ApproachSectionOut]
    tracks: list[TrackOut]
    milestones: list[MilestoneOut]


class NetworkPage(Page):
    results: list[NetworkOut]


class MembershipOut(Schema):
    organization: str = Field(description="Slug of the network (Popolo: the organization "
                                          "the member belongs to).")
    role: str
    role_label: str
    start_date: str | None = Field(description="Year the membership began, e.g. \"2017\".")
    end_date: str | None = Field(description="Year it ended, or null.")


class OrganisationOut(Schema):
    slug: str
    name: str
    name_i18n: I18n
    alternate_name: str | None = Field(
        description="The name in the other language, or null.")
    acronym: str | None
    kind: str
    kind_label: str
    women_led: bool
    description: str
    description_i18n: I18n
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    country_name: str
    governorate: str | None = Field(description="ISO 3166-2 code, for Iraq only.")
    governorate_name: str | None
    city: str
    city_i18n: I18n
    year_incorporated: int | None = Field(description="Year founded.")
    url: str | None = Field(description="Website.")
    email: str | None = Field(description="Only when the organisation made it public.")
    phone: str | None = Field(description="Only when the organisation made it public.")
    address: str | None = Field(description="Only when the organisation made it public.")
    social: list[str] = Field(description="Social links; empty unless made public.")
    languages: list[str] = Field(description="Working languages (codes).")
    memberships: list[MembershipOut]
    tracks: list[str] = Field(description="Slugs of thematic tracks.")
    is_sample: bool = Field(description="Invented sample record, not a real organisation.")
    html_url: str
    html_url_i18n: I18n
    api_url: str


class OrganisationPage(Page):
    results: list[OrganisationOut]


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str
    name_i18n: I18n
    organisation_count: int = Field(description="Public organisations in the country.")


class CountryPage(Page):
    results: list[CountryOut]


class FileOut(Schema):
    language: Lang
    size: int = Field(description="Bytes.")
    page_count: int
    sha256: str
    download_url: str = Field(description="Absolute URL of the PDF.")
    cover_url: str | None = Field(description="Absolute URL of the cover thumbnail.")


class SeriesOut(Schema):
    slug: str
    name: str
    name_i18n: I18n
    number: int | None


class PublicationOut(Schema):
    slug: str
    kind: str
    kind_label: str
    name: str = Field(description="The title.")
    name_i18n: I18n
    alternate_name: str = Field(description="The subtitle.")
    alternate_name_i18n: I18n
    description: str = Field(description="The summary.")
    description_i18n: I18n
    date_published: str | None = Field(description="ISO date; for a year or month, its "
                                                    "first day.")
    date_precision: Literal["year", "month", "day"]
    series: SeriesOut | None
    networks: list[str]
    tracks: list[str]
    countries: list[str] = Field(description="ISO codes of the countries covered.")
    regions: list[str]
    files: list[FileOut] = Field(description="One PDF per language.")
    html_url: str
    api_url: str


class KeyAreaOut(Schema):
    order: int
    text: str
    text_i18n: I18n
    detail: str
    detail_i18n: I18n


class PublicationDetailOut(PublicationOut):
    key_areas: list[KeyAreaOut]
    authors: list[str] = Field(description="Slugs of the public authoring organisations.")


class PublicationPage(Page):
    results: list[PublicationOut]


# Helpers -----------------------------------------------------------------------------


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
    envelope, noting the newest ``updated_at`` for ``Last-Modified`` (one query and the
    queryset's prefetches)."""
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


def network_content_modified(request):
    """``Last-Modified`` of network content: the newest revision of any of its models."""
    models = (Network, CharterValue, ApproachSection, ApproachPoint, Track, Milestone)
    last_modified(request, *(model.revisions.aggregate(last=Max("history_date"))["last"]
                             for model in models))


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


# The API -----------------------------------------------------------------------------


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

LimitParam = Query(20, ge=1, le=MAX_LIMIT, description="Results per page, 1 to 100.")
OffsetParam = Query(0, ge=0, le=MAX_OFFSET,
                    description="Results to skip, 0 to 100000.")
LangParam = Query(None, description=LANG_DESCRIPTION)
ERRORS = {404: NotFound, 422: InvalidRequest}


# Networks and tracks -----------------------------------------------------------------


def network_record(request, network):
    return {
        "slug": network.slug,
        **texts(network, "name", "short_name", "tagline", "summary",
                rename={"short_name": "alternate_name", "summary": "description"}),
        "year_incorporated": network.founded_year,
        "url": network.website or None,
        "organisation_count": network.organisation_count,
        "html_url": absolute_url(request, network.get_absolute_url()),
        "api_url": api_link(request, "networks", network.slug),
    }


def track_record(request, track):
    return {
        "slug": track.slug, **texts(track, "name", "description"),
        "networks": [network.slug for network in track.networks.all()],
        "organisations_url": api_link(request, "organisations") + f"?track={track.slug}",
    }


def networks_with_counts():
    """Networks with the number of public organisations in each (one query)."""
    return Network.objects.annotate(organisation_count=Count(
        "memberships", distinct=True,
        filter=Q(memberships__organisation__in=Organisation.objects.public())))


@api.get("/networks", response={200: NetworkPage, 422: InvalidRequest}, tags=["networks"],
         summary="The networks", operation_id="list_networks",
         description="WASL and ICSSI, ordered by their order then slug." + I18N_NOTE)
def list_networks(request, lang: Lang | None = LangParam, limit: int = LimitParam,
                  offset: int = OffsetParam):
    network_content_modified(request)
    rows, page = paged(request, networks_with_counts().order_by("order", "slug"),
                       limit, offset)
    return {**page, "results": [network_record(request, n) for n in rows]}


@api.get("/networks/{slug}", response={200: NetworkDetailOut, **ERRORS},
         tags=["networks"], summary="One network", operation_id="get_network",
         description="A network with its charter values, approach sections and their "
                     "points, thematic tracks and dated milestones." + I18N_NOTE)
def get_network(request, slug: str, lang: Lang | None = LangParam):
    network = get_by_slug(
        networks_with_counts().prefetch_related(
            "values", Prefetch("approach_sections", queryset=ApproachSection.objects
                               .prefetch_related("points")),
            Prefetch("tracks", queryset=Track.objects.prefetch_related("networks")),
            "milestones"),
        slug=slug)
    network_content_modified(request)
    return {
        **network_record(request, network),
        **texts(network, "founded_place", "history", "goal", "stated_figures"),
        "values": [{"order": value.order, **texts(value, "title", "text")}
                   for value in network.values.all()],
        "approach_sections": [
            {"slug": section.slug, "order": section.order,
             **texts(section, "title", "intro"),
             "points": [{"order": point.order, **texts(point, "text")}
                        for point in section.points.all()]}
            for section in network.approach_sections.all()],
        "tracks": [track_record(request, track) for track in network.tracks.all()],
        "milestones": [
            {"date": milestone.date.isoformat(), "precision": milestone.precision,
             "date_display": milestone.date_display(), **texts(milestone, "title", "text")}
            for milestone in network.milestones.all()],
    }


@api.get("/tracks", response={200: TrackPage, 422: InvalidRequest}, tags=["networks"],
         summary="Thematic tracks", operation_id="list_tracks",
         description="Thematic tracks of every network, ordered by order then slug. Use a "
                     "slug as the track filter of organisations and publications."
                     + I18N_NOTE)
def list_tracks(request, lang: Lang | None = LangParam, limit: int = LimitParam,
                offset: int = OffsetParam):
    network_content_modified(request)
    rows, page = paged(request, Track.objects.prefetch_related("networks")
                       .order_by("order", "slug"), limit, offset)
    return {**page, "results": [track_record(request, track) for track in rows]}


# Organisations and countries ---------------------------------------------------------


def organisation_out(request, organisation):
    """The API form of THE public record (``public_organisation_record``)."""
    record = public_organisation_record(organisation)
    language = get_language()
    other = next(code for code in LANGUAGE_CODES if code != language)
    roles = dict(organisation.memberships.model.Role.choices)
    memberships = [
        {"organization": m["network"], "role": m["role"], "role_label": str(roles[m["role"]]),
         "start_date": str(m["since"]) if m["since"] else None,
         "end_date": str(m["until"]) if m["until"] else None}
        for m in record["networks"]]
    names = {code: record[f"name_{code}"] or None for code in LANGUAGE_CODES}
    governorate = record["governorate"] or None
    return {
        "slug": record["slug"],
        "name": names[language] or names[other] or "", "name_i18n": names,
        "alternate_name": names[other] if names[language] else None,
        "acronym": record["acronym"] or None,
        "kind": record["kind"], "kind_label": str(organisation.get_kind_display()),
        "women_led": record["women_led"],
        **texts(organisation, "description", "city"),
        "country": record["country"], "country_name": str(countries.name(record["country"])),
        "governorate": governorate,
        "governorate_name": str(Governorate(governorate).label) if governorate else None,
        "year_incorporated": record["founded_year"],
        "url": record["website"] or None,
        "email": record["email"] or None, "phone": record["phone"] or None,
        "address": record["address"] or None, "social": record["social"],
        "languages": record["languages"], "memberships": memberships,
        "tracks": record["tracks"], "is_sample": record["is_sample"],
        "html_url": absolute_url(request, record[f"url_{language}"]),
        "html_url_i18n": {code: absolute_url(request, record[f"url_{code}"])
                          for code in LANGUAGE_CODES},
        "api_url": api_link(request, "organisations", record["slug"]),
    }


@api.get("/organisations", response={200: OrganisationPage, 422: InvalidRequest},
         tags=["organisations"], summary="Public organisations",
         operation_id="list_organisations",
         description="The directory's public organisations, ordered by slug, with its "
                     "filters (the same query string as the directory page). An invalid "
                     "filter value answers 422 naming the parameter. Contact details "
                     "appear only where the organisation made them public." + I18N_NOTE)
def list_organisations(
    request, filters: Query[OrganisationQuery], lang: Lang | None = LangParam,
    limit: int = LimitParam, offset: int = OffsetParam,
):
    filterset = validated(OrganisationFilter, request, Organisation.objects.public(),
                          parameter_names(OrganisationFilter))
    ordered, _counts = filterset.from_facets(directory_facets.get(), order="slug")
    results, page = listed_page(request, ordered, limit, offset, public_organisations(),
                                organisation_out)
    return {**page, "results": results}


@api.get("/organisations/{slug}", response={200: OrganisationOut, **ERRORS},
         tags=["organisations"], summary="One public organisation",
         operation_id="get_organisation",
         description="A public organisation; drafts, archived and hidden ones are 404."
                     + I18N_NOTE)
def get_organisation(request, slug: str, lang: Lang | None = LangParam):
    organisation = get_by_slug(public_organisations(), slug=slug)
    last_modified(request, organisation.updated_at)
    return organisation_out(request, organisation)


@api.get("/countries", response={200: CountryPage, 422: InvalidRequest},
         tags=["organisations"], summary="Countries with public organisations",
         operation_id="list_countries",
         description="Countries that have public organisations, ordered by ISO code, with "
                     "their names in both languages and the number of organisations.")
def list_countries(request, lang: Lang | None = LangParam, limit: int = LimitParam,
                   offset: int = OffsetParam):
    rows = list(Organisation.objects.public().order_by("country").values("country")
                .annotate(n=Count("id"), last=Max("updated_at")))
    last_modified(request, *(row["last"] for row in rows))
    names = {}
    for code in LANGUAGE_CODES:
        with override(code):
            names[code] = {row["country"]: str(countries.name(row["country"])) for row in rows}
    language = get_language()
    results = [{"code": row["country"], "name": names[language][row["country"]],
                "name_i18n": {code: names[code][row["country"]] for code in LANGUAGE_CODES},
                "organisation_count": row["n"]} for row in rows]
    page_rows, page = paged(request, _ListCount(results), limit, offset)
    return {**page, "results": page_rows}


class _ListCount(list):
    """A list that :func:`paged` can count like a queryset."""

    def count(self, *args):
        return len(self) if not args else super().count(*args)


# Publications ------------------------------------------------------------------------


def file_out(request, record):
    cover = record.get_cover_url()
    return {
        "language": record.language, "size": record.size, "page_count": record.page_count,
        "sha256": record.sha256,
        "download_url": absolute_url(request, record.get_absolute_url()),
        "cover_url": absolute_url(request, cover) if cover else None,
    }


def publication_out(request, publication):
    series = publication.series
    return {
        "slug": publication.slug, "kind": publication.kind,
        "kind_label": str(publication.get_kind_display()),
        **texts(publication, "title", "subtitle", "summary",
                rename={"title": "name", "subtitle": "alternate_name",
                        "summary": "description"}),
        "date_published": (publication.published_on.isoformat()
                           if publication.published_on else None),
        "date_precision": publication.published_precision,
        "series": ({"slug": series.slug, **texts(series, "name"),
                    "number": publication.series_number} if series else None),
        "networks": [network.slug for network in publication.networks.all()],
        "tracks": [track.slug for track in publication.tracks.all()],
        "countries": [str(country.code) for country in publication.countries],
        "regions": publication.region_codes,
        "files": [file_out(request, record) for record in publication.files.all()],
        "html_url": absolute_url(request, publication.get_absolute_url()),
        "api_url": api_link(request, "publications", publication.slug),
    }


def publications_with_details(queryset):
    """Publications with what a record shows: the series (joined), files without their
    text, networks and tracks (three queries)."""
    return queryset.select_related("series").prefetch_related(
        Prefetch("files", queryset=PublicationFile.objects.defer("text")
                 .order_by("language")),
        "networks", "tracks")


@api.get("/publications", response={200: PublicationPage, 422: InvalidRequest},
         tags=["publications"], summary="Published publications",
         operation_id="list_publications",
         description="The library's published publications, newest first (then by id), with "
                     "its filters (the same query string as the library page). An invalid "
                     "filter value answers 422 naming the parameter." + I18N_NOTE)
def list_publications(
    request, filters: Query[PublicationQuery], lang: Lang | None = LangParam,
    limit: int = LimitParam, offset: int = OffsetParam,
):
    filterset = validated(PublicationFilter, request, Publication.objects.published(),
                          parameter_names(PublicationFilter))
    ordered, _counts = filterset.from_facets(library_facets.get(), order="newest")
    results, page = listed_page(
        request, ordered, limit, offset,
        publications_with_details(Publication.objects.published()), publication_out)
    return {**page, "results": results}


@api.get("/publications/{slug}", response={200: PublicationDetailOut, **ERRORS},
         tags=["publications"], summary="One publication", operation_id="get_publication",
         description="A published publication with its key areas, public authors and one "
                     "file per language with absolute download URLs; drafts are 404."
                     + I18N_NOTE)
def get_publication(request, slug: str, lang: Lang | None = LangParam):
    publication = get_by_slug(
        publications_with_details(Publication.objects.published()).prefetch_related(
            "key_areas", Prefetch("authors", queryset=Organisation.objects.public()
                                  .order_by("slug"), to_attr="public_authors")),
        slug=slug)
    last_modified(request, publication.updated_at)
    return {
        **publication_out(request, publication),
        "key_areas": [{"order": area.order, **texts(area, "text", "detail")}
                      for area in publication.key_areas.all()],
        "authors": [organisation.slug for organisation in publication.public_authors],
    }


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
