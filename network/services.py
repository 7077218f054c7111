"""Writes that touch several network models, each inside one transaction."""

import datetime

from django.db import transaction

from network.core.i18n import per_language

from .models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track

NETWORK_TEXT_FIELDS = (
    "name", "short_name", "tagline", "summary", "body", "civil_society_definition",
    "solidarity", "quote", "quote_source", "closing_quote", "charter_heading", "charter_intro",
    "charter_outro", "funding_policy", "charter_approved_by", "charter_approved_place",
    "approach_heading", "approach_intro", "history", "goal", "tracks_heading", "tracks_intro",
    "publications_intro", "stated_figures", "stated_reach", "founded_place",
)
NETWORK_PLAIN_FIELDS = ("stated_partners", "stated_countries", "founded_year")


class _Counter:
    def __init__(self):
        self.counts = {}

    def upsert(self, model, lookup, defaults, update):
        """Create the row if missing; overwrite it only when ``update`` is set."""
        label = str(model._meta.verbose_name_plural)
        created, updated = self.counts.get(label, (0, 0))
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **defaults)
            created += 1
        elif update and any(getattr(obj, key) != value for key, value in defaults.items()):
            for key, value in defaults.items():
                setattr(obj, key, value)
            obj.save()
            updated += 1
        self.counts[label] = (created, updated)
        return obj


@transaction.atomic
def load_networks(data, *, update=False):
    """Create (or with ``update``, overwrite) networks and their content from ``data``.

    Returns ``{model name: (created, updated)}``. Rows a curator added are never deleted.
    """
    counter = _Counter()
    networks = {}
    for order, item in enumerate(data["networks"], start=1):
        defaults = per_language(item, *NETWORK_TEXT_FIELDS)
        defaults.update({field: item.get(field) for field in NETWORK_PLAIN_FIELDS})
        defaults["order"] = order
        defaults["website"] = item.get("website") or ""
        approved_on = item.get("charter_approved_on")
        defaults["charter_approved_on"] = (
            datetime.date.fromisoformat(approved_on) if approved_on else None
        )
        network = counter.upsert(Network, {"slug": item["slug"]}, defaults, update)
        networks[network.slug] = network

        for index, value in enumerate(item.get("values", []), start=1):
            counter.upsert(CharterValue, {"network": network, "order": index},
                           per_language(value, "title", "text"), update)
        for index, section_item in enumerate(item.get("approach", []), start=1):
            section_defaults = per_language(section_item, "title", "intro")
            section_defaults["order"] = index
            section = counter.upsert(ApproachSection,
                                     {"network": network, "slug": section_item["slug"]},
                                     section_defaults, update)
            for point_index, point in enumerate(section_item.get("points", []), start=1):
                counter.upsert(ApproachPoint, {"section": section, "order": point_index},
                               per_language({"text": point}, "text"), update)
        for milestone in item.get("milestones", []):
            milestone_defaults = per_language(milestone, "title", "text")
            milestone_defaults["precision"] = milestone["precision"]
            counter.upsert(Milestone, {"network": network,
                                       "date": datetime.date.fromisoformat(milestone["date"])},
                           milestone_defaults, update)

    for order, item in enumerate(data["tracks"], start=1):
        defaults = per_language(item, "name", "description")
        defaults["order"] = order
        track = counter.upsert(Track, {"slug": item["slug"]}, defaults, update)
        track.networks.add(*(networks[slug] for slug in item.get("networks", [])))
    return counter.counts
