"""The site search: one box over networks (their texts, values, tracks, milestones),
organisations, individual activists and publications."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language

from members.filters import OrganisationFilter, localized_name_order
from members.models import Organisation, Person, with_list_details
from members.projection import project_all, public_people
from members.viewer import PUBLIC
from network.core.sorting import sort_key

from ..core.facets import plain
from ..core.i18n import translated_value
from ..core.listing import in_order
from ..core.search import SUGGESTIONS, closest, forgiving_ranks
from ..core.text import normalize, terms
from ..models import ApproachSection, Network

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


def _network_texts():
    """Every searchable text of the networks' pages, folded: ``(network, anchor, record,
    folded text)``."""
    networks = Network.objects.prefetch_related(
        "values", "tracks", "milestones",
        Prefetch("approach_sections", queryset=ApproachSection.objects.prefetch_related("points")),
    )
    texts = []
    for network in networks:
        for anchor, record, field in _network_documents(network):
            text = normalize(" ".join(str(getattr(record, f"{field}_{code}", "") or "")
                                      for code, _name in settings.LANGUAGES))
            texts.append((network, anchor, record, text))
    return texts


def search_networks(query):
    """Network page sections whose text (in either language) contains every term.

    Network content is a few dozen rows, so it is read and matched in Python.
    """
    words = terms(query)
    if not words:
        return []
    hits = []
    seen = set()
    for network, anchor, record, text in _network_texts():
        key = (network.pk, anchor, record.pk, type(record))
        if key in seen or not all(w in text for w in words):
            continue
        seen.add(key)
        label_record, label_field = _label(network, record)
        hits.append({"network": network, "anchor": anchor,
                     "label_record": label_record, "label_field": label_field})
    return hits


def search_organisations(query, limit=RESULTS_PER_SECTION, viewer=PUBLIC):
    """The first ``limit`` organisations ``viewer`` may see matching every term, best
    first (then by name), as directory rows; the number found; and whether they match
    exactly (no query: names within a typo when nothing matches exactly)."""
    visible = Organisation.objects.visible(viewer.networks)
    filterset = OrganisationFilter({"q": query}, queryset=visible)
    if not filterset.is_valid():
        return [], 0, True
    ranks, exact = filterset.text_ranks(order=(localized_name_order(), "id"))
    found = sorted(ranks, key=lambda pk: -ranks[pk])  # stable: by name among equals
    return in_order(with_list_details(visible), found[:limit]), len(found), exact


def search_people(query, limit=RESULTS_PER_SECTION, viewer=PUBLIC):
    """Individual activists ``viewer`` may see whose name, in either language, contains every term
    (or, when none does, holds every term within a typo); returns the first ``limit`` as
    projected people, by name (closest first when forgiven), the number found and
    whether they match exactly.

    Only names are searched: they are the one text every consent covers, so a match can
    never reveal a field the person did not agree to show. ``Person`` stores no search
    column: the public people's names are folded here, then the page is
    fetched through the projection, which checks each consent again.
    """
    words = terms(query)
    if not words:
        return [], 0, True
    active = "ar" if get_language() == "ar" else "en"
    names = [(pk, normalize(f"{name_ar} {name_en}"),
              sort_key((name_ar or name_en or "") if active == "ar"
                       else (name_en or name_ar or "")))
             for pk, name_ar, name_en in plain(Person.objects.visible(viewer.networks))
             .order_by()
             .values_list("pk", "name_ar", "name_en")]
    found = [(key, pk) for pk, text, key in names if all(word in text for word in words)]
    exact = bool(found)
    if exact:
        page = [pk for _key, pk in sorted(found)[:limit]]
        total = len(found)
    else:
        ranks = forgiving_ranks(words, {pk: text for pk, text, _key in names})
        page, total = closest(ranks, limit), len(ranks)
    if not page:
        return [], 0, exact
    people = {row.pk: row for row in public_people(viewer=viewer).filter(pk__in=page)}
    return project_all((people[pk] for pk in page if pk in people), viewer), total, exact


def suggestions(query, organisations=(), people=(), publications=()):
    """The names "did you mean" offers when nothing matches ``query`` exactly: the
    closest organisations', people's and publications' found within a typo, in the
    active language, at most ``SUGGESTIONS``."""
    names = [translated_value(row, "name")[0] for row in organisations[:SUGGESTIONS]]
    names += [person.name for person in people[:SUGGESTIONS]]
    names += [translated_value(row, "title")[0] for row in publications[:SUGGESTIONS]]
    return list(dict.fromkeys(name for name in names if name))[:SUGGESTIONS]
