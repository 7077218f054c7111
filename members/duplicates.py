"""Possible duplicates of an organisation about to be added: by name, website and country.

Used on a join application (members/applications.py), on the admin's add form and in the
spreadsheet import's preview, per row. Names are compared folded
(:func:`network.core.text.normalize`: hamza, taa marbuta, alef maqsura, diacritics) with
rapidfuzz; a website counts by its host without ``www.``; the country only adds weight to
a match found by name or website, never makes one by itself.

:class:`DuplicateFinder` reads the organisations once and then answers for as many
candidates as an import has rows. Comparing every name with every name costs about 17 ms
per row against 20,000 names (rapidfuzz, this machine), 85 s for a 5,000-row preview, so a
row is compared only with the names that share a word with it (or a word within a typo of
one); words so common that a shared one says little ("organisation", "association") do not
select, and names made of such words alone are always compared.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from network.core.text import normalize

from .models import Organisation

#: Folded names at least this similar (0-100, rapidfuzz's token set ratio) are a match.
NAME_THRESHOLD = 85
#: Two words at least this similar (rapidfuzz's ratio) select each other's names.
WORD_THRESHOLD = 80
#: A word in more than this share of the names (and more than COMMON_MIN of them) is common.
COMMON_SHARE = 0.02
COMMON_MIN = 50


@dataclass
class Duplicate:
    organisation: Organisation | None
    reasons: list = field(default_factory=list)
    score: float = 0
    #: The spreadsheet row it was found in, for a duplicate within the file being imported.
    row: int | None = None

    @property
    def name(self):
        return self.organisation.name if self.organisation is not None else ""

    @property
    def url(self):
        """The organisation's page in the admin (shown only to those who may open it)."""
        if self.organisation is None:
            return ""
        return reverse("admin:members_organisation_change", args=[self.organisation.pk])

    def as_json(self):
        """What an import job keeps of it, in the active language."""
        return {"id": self.organisation.pk if self.organisation else None,
                "name": str(self.name), "row": self.row,
                "reasons": [str(reason) for reason in self.reasons]}


def website_domain(url):
    """The host of ``url`` in lower case, without ``www.``; "" when there is none."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.lower().removeprefix("www.")


def name_similarity(mine, theirs):
    """rapidfuzz's token set ratio of two folded names; 0 when both hold numbers and not
    the same ones ("branch 12" and "branch 13" are two organisations)."""
    numbers = {word for word in mine.split() if word.isdigit()}
    others = {word for word in theirs.split() if word.isdigit()}
    if numbers and others and numbers != others:
        return 0
    return fuzz.token_set_ratio(mine, theirs)


class DuplicateFinder:
    """The organisations of ``queryset`` (all by default) read once, in one query; then
    :meth:`find` for each candidate, and :meth:`add` for a candidate that is to be added, so
    that the rows after it find it too (key: any hashable, e.g. a row number)."""

    def __init__(self, queryset=None):
        self.names = {}  # key -> folded names
        self.domains = defaultdict(set)  # domain -> keys
        self.countries = {}
        self.by_word = defaultdict(set)  # word -> keys
        #: How many names the common words were last counted over (None: not yet).
        self._counted = None
        rows = (Organisation.objects.all() if queryset is None else queryset).values_list(
            "pk", "name_ar", "name_en", "acronym", "website", "country")
        for pk, name_ar, name_en, acronym, website, country in rows:
            self._index(pk, [name_ar, name_en, acronym], website, country)

    def _index(self, key, names, website, country):
        folded = [name for name in dict.fromkeys(normalize(name) for name in names) if name]
        self.names[key] = folded
        for name in folded:
            for word in name.split():
                if not self.by_word[word] and self._counted is not None and (
                        not word.isdigit()):
                    self._vocabulary.append(word)
                self.by_word[word].add(key)
        domain = website_domain(website)
        if domain:
            self.domains[domain].add(key)
        self.countries[key] = str(country or "")
        return folded

    def add(self, key, *, name_ar="", name_en="", acronym="", website="", country=""):
        folded = self._index(key, [name_ar, name_en, acronym], website, country)
        if self._counted is not None and all(
                word in self._common_words for name in folded for word in name.split()):
            self._always.add(key)

    def _prepare(self):
        """Count which words are common, again once the names have grown by a tenth (the
        rows of a file are added as they are checked): a word common in the file stops
        selecting, so a file of similar names is not compared all with all."""
        if self._counted is not None and len(self.names) <= self._counted * 1.1 + COMMON_MIN:
            return
        limit = max(COMMON_MIN, len(self.names) * COMMON_SHARE)
        common = {word for word, keys in self.by_word.items() if len(keys) > limit}
        # Numbers select only as they are: "branch 12" is not "branch 13".
        self._vocabulary = [word for word in self.by_word
                            if word not in common and not word.isdigit()]
        # Names of common words only: any name sharing them may contain them all.
        self._always = {key for key, names in self.names.items()
                        if all(word in common for name in names for word in name.split())}
        self._common_words, self._counted = common, len(self.names)

    def _candidates(self, wanted):
        self._prepare()
        words = {word for name in wanted for word in name.split()}
        selecting = words - self._common_words
        if not selecting:
            return set(self.names)
        keys = set(self._always)
        for word in selecting:
            if word.isdigit():
                keys |= self.by_word.get(word, set())
                continue
            for similar, _score, _index in process.extract(
                    word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_THRESHOLD,
                    limit=None):
                if similar not in self._common_words:
                    keys |= self.by_word[similar]
        return keys

    def find(self, *, name_ar="", name_en="", website="", country="", exclude=()):
        """{key: :class:`Duplicate` without its organisation}, for the keys that may be the
        organisation described; ``exclude``: keys not to report."""
        wanted = [folded for folded in {normalize(name_ar), normalize(name_en)} if folded]
        found = {}
        if wanted:
            for key in self._candidates(wanted):
                if key in exclude:
                    continue
                best = max((name_similarity(mine, theirs)
                            for mine in wanted for theirs in self.names[key]), default=0)
                if best >= NAME_THRESHOLD:
                    found[key] = Duplicate(None, [_("similar name (%(score)d%%)")
                                                  % {"score": best}], best)
        domain = website_domain(website)
        for key in self.domains.get(domain, ()) if domain else ():
            if key in exclude:
                continue
            duplicate = found.setdefault(key, Duplicate(None, [], 0))
            duplicate.reasons.append(_("same website domain (%(domain)s)") % {"domain": domain})
            duplicate.score += 100
        for key, duplicate in found.items():
            if country and self.countries[key] == str(country):
                duplicate.reasons.append(_("same country"))
                duplicate.score += 10
        return found


def ranked(duplicates, limit=10):
    """The duplicates (of :meth:`DuplicateFinder.find`), most likely first."""
    return sorted(duplicates, key=lambda duplicate: (
        -duplicate.score, duplicate.row or 0,
        duplicate.organisation.pk if duplicate.organisation else 0))[:limit]


def possible_duplicates(*, name_ar="", name_en="", website="", country="", exclude=None,
                        limit=10):
    """The organisations that may be the one described, most likely first: a list of
    :class:`Duplicate` with the ``reasons`` (translated text) each was found for.

    Two queries: the names of every organisation, and the organisations matched."""
    others = Organisation.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk if hasattr(exclude, "pk") else exclude)
    found = DuplicateFinder(others).find(name_ar=name_ar, name_en=name_en, website=website,
                                         country=country)
    organisations = Organisation.objects.in_bulk(list(found))
    for pk, duplicate in found.items():
        duplicate.organisation = organisations[pk]
    return ranked(found.values(), limit)
