"""The networks' API router: the networks, with their charter, approach, tracks and
milestones, and the thematic tracks."""

from typing import Literal

from django.db.models import Count, Max, Prefetch, Q
from ninja import Router, Schema
from pydantic import Field

from members.models import Organisation

from .core.api import (
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
    paged,
    texts,
)
from .core.links import absolute_url
from .models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track

router = Router()


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



def network_content_modified(request):
    """``Last-Modified`` of network content: the newest revision of any of its models."""
    models = (Network, CharterValue, ApproachSection, ApproachPoint, Track, Milestone)
    last_modified(request, *(model.revisions.aggregate(last=Max("history_date"))["last"]
                             for model in models))



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
    """Networks with the number of public organisations in each."""
    return Network.objects.annotate(organisation_count=Count(
        "memberships", distinct=True,
        filter=Q(memberships__organisation__in=Organisation.objects.public())))


@router.get("/networks", response={200: NetworkPage, 422: InvalidRequest}, tags=["networks"],
         summary="The networks", operation_id="list_networks",
         description="WASL and ICSSI, ordered by their order then slug." + I18N_NOTE)
def list_networks(request, lang: Lang | None = LangParam, limit: int = LimitParam,
                  offset: int = OffsetParam):
    network_content_modified(request)
    rows, page = paged(request, networks_with_counts().order_by("order", "slug"),
                       limit, offset)
    return {**page, "results": [network_record(request, n) for n in rows]}


@router.get("/networks/{slug}", response={200: NetworkDetailOut, **ERRORS},
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


@router.get("/tracks", response={200: TrackPage, 422: InvalidRequest}, tags=["networks"],
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
