"""The publications' API router: the library's published publications and their files."""

from ninja import Query, Router, Schema
from pydantic import Field

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
    get_by_slug,
    last_modified,
    listed_page,
    texts,
    validated,
)
from network.core.apiquery import parameter_names, query_schema

from .filters import PublicationFilter, library_facets
from .models import Publication
from .projection import PUBLICATION_FIELDS, public_publications

router = Router()

PublicationQuery = query_schema(PublicationFilter)

#: Derived from the projection's declarations of the public fields.
PublicationOut = PUBLICATION_FIELDS.schema("PublicationOut")


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


def publication_api(request, publication):
    """The API's form of a publication's public fields (``PublicationOut``)."""
    return PUBLICATION_FIELDS.api(publication, request)

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
        public_publications(authors=False), publication_api)
    return {**page, "results": results}


@router.get("/publications/{slug}", response={200: PublicationDetailOut, **ERRORS},
         tags=["publications"], summary="One publication", operation_id="get_publication",
         description="A published publication with its key areas, public authors and one "
                     "file per language with absolute download URLs; drafts are 404."
                     + I18N_NOTE)
def get_publication(request, slug: str, lang: Lang | None = LangParam):
    publication = get_by_slug(
        public_publications().prefetch_related("key_areas"), slug=slug)
    last_modified(request, publication.updated_at)
    return {
        **publication_api(request, publication),
        "key_areas": [{"order": area.order, **texts(area, "text", "detail")}
                      for area in publication.key_areas.all()],
        "authors": [organisation.slug for organisation in publication.public_authors],
    }
