"""The members' API router: public organisations and the countries they are in."""

from django.db.models import Count, Max
from django.utils.translation import get_language, override
from django_countries import countries
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
    paged,
    validated,
)
from network.core.apiquery import parameter_names, query_schema
from network.core.i18n import LANGUAGE_CODES

from .filters import OrganisationFilter, directory_facets
from .models import Organisation
from .projection import ORGANISATION_FIELDS, public_organisation_api, public_organisations

router = Router()

OrganisationQuery = query_schema(OrganisationFilter)


#: Derived from the projection's declarations of the public fields.
OrganisationOut = ORGANISATION_FIELDS.schema("OrganisationOut")


class OrganisationPage(Page):
    results: list[OrganisationOut]


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str
    name_i18n: I18n
    organisation_count: int = Field(description="Public organisations in the country.")


class CountryPage(Page):
    results: list[CountryOut]


@router.get("/organisations", response={200: OrganisationPage, 422: InvalidRequest},
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
                                public_organisation_api)
    return {**page, "results": results}


@router.get("/organisations/{slug}", response={200: OrganisationOut, **ERRORS},
         tags=["organisations"], summary="One public organisation",
         operation_id="get_organisation",
         description="A public organisation; drafts, archived and hidden ones are 404."
                     + I18N_NOTE)
def get_organisation(request, slug: str, lang: Lang | None = LangParam):
    organisation = get_by_slug(public_organisations(), slug=slug)
    last_modified(request, organisation.updated_at)
    return public_organisation_api(request, organisation)


@router.get("/countries", response={200: CountryPage, 422: InvalidRequest},
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
