"""The site search: one box over networks (their texts, values, tracks, milestones),
organisations, individual activists and publications."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language

from members.filters import localized_name_order
from members.models import Organisation, Person, with_list_details
from members.projection import project_all, public_people
from members.sorting import sort_key

from .models import ApproachSection, Network
from .search import match, needs_fuzzy
from .text import normalize, terms

RESULTS_PER_SECTION = 20


def _network_documents(network):
    """(anchor, record, field) for every searchable text of a network's page."""
    yield "", network, "name"
    for field in ("short_name", "tagline", "summary", "body", "civil_society_definition",
                  "solidarity", "quote", "closing_quote", "charter_intro", "charter_outro",
                  "funding_policy", "approach_intro", "history", "goal", "tracks_intro",
                  "publications_intro"):
        yield "about", network, field
    for value in network.values.all():
        yield "charter", value, "title"
        yield "charter", value, "text"
    for section in network.approach_sections.all():
        yield "approach", section, "title"
        yield "approach", section, "intro"
        for point in section.points.all():
            yield "approach", point, "text"
    for track in network.tracks.all():
        yield f"track-{track.slug}", track, "name"
        yield f"track-{track.slug}", track, "description"
    for milestone in network.milestones.all():
        yield "history", milestone, "title"
        yield "history", milestone, "text"


def _label(network, record):
    """The record and field naming a hit: a value's title, a track's name, and so on."""
    if isinstance(record, Network):
        return network, "name"
    if hasattr(record, "section"):
        return record.section, "title"
    if hasattr(record, "title"):
        return record, "title"
    return record, "name"


def search_networks(query):
    """Network page sections whose text (in either language) contains every term.

    Network content is a few dozen rows, so it is matched in Python (six queries).
    """
    words = terms(query)
    if not words:
        return []
    networks = Network.objects.prefetch_related(
        "values", "tracks", "milestones",
        Prefetch("approach_sections", queryset=ApproachSection.objects.prefetch_related("points")),
    )
    hits = []
    for network in networks:
        seen = set()
        for anchor, record, field in _network_documents(network):
            text = normalize(" ".join(str(getattr(record, f"{field}_{code}", "") or "")
                                      for code, _name in settings.LANGUAGES))
            if (anchor, record.pk, type(record)) in seen or not all(w in text for w in words):
                continue
            seen.add((anchor, record.pk, type(record)))
            label_record, label_field = _label(network, record)
            hits.append({"network": network, "anchor": anchor,
                         "label_record": label_record, "label_field": label_field})
    return hits


def search_organisations(query):
    """Public organisations matching every term, best first, with their networks."""
    public = Organisation.objects.public()
    fuzzy = needs_fuzzy(public, query)
    return with_list_details(match(public, query, fuzzy=fuzzy, fuzzy_field="search_names")
                             .order_by("-rank", localized_name_order(), "id"))


def search_people(query, limit=RESULTS_PER_SECTION):
    """Public individual activists whose name, in either language, contains every term;
    returns the first ``limit`` as projected people, by name, and the number found.

    Only names are searched: they are the one text every consent covers, so a match can
    never reveal a field the person did not agree to show. ``Person`` stores no search
    column, so the names of public people are folded here with the shared normaliser
    (one query), then the page is fetched through the projection (four more).
    """
    words = terms(query)
    if not words:
        return [], 0
    active = get_language()
    found = []
    names = Person.objects.public().order_by().values_list("pk", "name_ar", "name_en")
    for pk, name_ar, name_en in names:
        if all(word in normalize(f"{name_ar} {name_en}") for word in words):
            shown = (name_ar if active == "ar" else name_en) or name_ar or name_en
            found.append((sort_key(shown or ""), pk))
    page = [pk for _key, pk in sorted(found)[:limit]]
    people = {row.pk: row for row in public_people().filter(pk__in=page)}
    return project_all(people[pk] for pk in page if pk in people), len(found)
