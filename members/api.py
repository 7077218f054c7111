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
    api_link,
    get_by_slug,
    last_modified,
    listed_page,
    paged,
    texts,
    validated,
)
from network.core.apiquery import parameter_names, query_schema
from network.core.i18n import LANGUAGE_CODES
from network.core.links import absolute_url
from network.core.places import Governorate

from .filters import OrganisationFilter, directory_facets
from .models import Organisation
from .projection import public_organisation_record, public_organisations

router = Router()

OrganisationQuery = query_schema(OrganisationFilter)


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
                                organisation_out)
    return {**page, "results": results}


@router.get("/organisations/{slug}", response={200: OrganisationOut, **ERRORS},
         tags=["organisations"], summary="One public organisation",
         operation_id="get_organisation",
         description="A public organisation; drafts, archived and hidden ones are 404."
                     + I18N_NOTE)
def get_organisation(request, slug: str, lang: Lang | None = LangParam):
    organisation = get_by_slug(public_organisations(), slug=slug)
    last_modified(request, organisation.updated_at)
    return organisation_out(request, organisation)


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
