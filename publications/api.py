"""The publications' API router: the library's published publications and their files."""

from typing import Literal

from django.db.models import Prefetch
from ninja import Query, Router, Schema
from pydantic import Field

from members.models import Organisation
from network.core.api import (
    ERRORS,
    I18N_NOTE,
    I18n,
    InvalidRequest,
    Lang,
    LangParam,
    LimitParam,
    OffsetParam,
    Page,
    api_link,
    get_by_slug,
    last_modified,
    listed_page,
    texts,
    validated,
)
from network.core.apiquery import parameter_names, query_schema
from network.core.links import absolute_url

from .filters import PublicationFilter, library_facets
from .models import Publication, PublicationFile

router = Router()

PublicationQuery = query_schema(PublicationFilter)


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
    text, networks and tracks."""
    return queryset.select_related("series").prefetch_related(
        Prefetch("files", queryset=PublicationFile.objects.defer("text")
                 .order_by("language")),
        "networks", "tracks")


@router.get("/publications", response={200: PublicationPage, 422: InvalidRequest},
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


@router.get("/publications/{slug}", response={200: PublicationDetailOut, **ERRORS},
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
