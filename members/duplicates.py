"""Possible duplicates of an organisation about to be added: by name, website and country.

Used beside a join application (members/applications.py); meant for any other way a record
comes in (the admin's add form, an import). Names are compared folded
(:func:`network.core.text.normalize`: hamza, taa marbuta, alef maqsura, diacritics) with
rapidfuzz; a website counts by its host without ``www.``; the country only adds weight to
a match found by name or website, never makes one by itself.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from network.core.text import normalize

from .models import Organisation

#: Folded names at least this similar (0-100, rapidfuzz's token set ratio) are a match.
NAME_THRESHOLD = 85


@dataclass
class Duplicate:
    organisation: Organisation
    reasons: list = field(default_factory=list)
    score: float = 0


def website_domain(url):
    """The host of ``url`` in lower case, without ``www.``; "" when there is none."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.lower().removeprefix("www.")


def possible_duplicates(*, name_ar="", name_en="", website="", country="", exclude=None,
                        limit=10):
    """The organisations that may be the one described, most likely first: a list of
    :class:`Duplicate` with the ``reasons`` (translated text) each was found for.

    Reads the names of every organisation once (one query) and the organisations matched
    (a second), so that a folded name matches whatever the database's collation."""
    wanted = [folded for folded in {normalize(name_ar), normalize(name_en)} if folded]
    domain = website_domain(website)
    others = Organisation.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk if hasattr(exclude, "pk") else exclude)
    found = {}
    if wanted:
        for pk, *names in others.values_list("pk", "name_ar", "name_en", "acronym"):
            best = max((fuzz.token_set_ratio(mine, normalize(theirs))
                        for mine in wanted for theirs in names if theirs), default=0)
            if best >= NAME_THRESHOLD:
                found[pk] = Duplicate(None, [_("similar name (%(score)d%%)")
                                             % {"score": best}], best)
    if domain:
        host_match = Q(website__icontains=domain)
        for pk, url in others.filter(host_match).values_list("pk", "website"):
            if website_domain(url) == domain:
                duplicate = found.setdefault(pk, Duplicate(None, [], 0))
                duplicate.reasons.append(_("same website domain (%(domain)s)")
                                         % {"domain": domain})
                duplicate.score += 100
    organisations = Organisation.objects.in_bulk(list(found))
    for pk, duplicate in found.items():
        duplicate.organisation = organisations[pk]
        if country and str(duplicate.organisation.country) == str(country):
            duplicate.reasons.append(_("same country"))
            duplicate.score += 10
    ranked = sorted(found.values(), key=lambda duplicate: (-duplicate.score,
                                                            duplicate.organisation.pk))
    return ranked[:limit]
