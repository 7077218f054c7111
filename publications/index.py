"""The library's facet index (see :mod:`network.facetindex`), with what a library row
shows of every published publication, so that a library page needs no query of its own
beyond the text search."""

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils.translation import get_language, override

from members.filters import localized_name_order
from network.core.choices import choice_label
from network.core.i18n import translated_value
from network.core.links import slug_url
from network.core.places import countries_in, region_of
from network.facetindex import CachedIndex, FacetIndex, grouped
from network.models import Network, Track

from .filters import NetworkLink, TrackLink
from .models import Publication, PublicationDate, PublicationFile, Series, split_codes

#: The library's default order: newest publication date first, undated ones after.
NEWEST = (F("published_on").desc(nulls_last=True), "-created_at", "-id")

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
ROW_FIELDS = ("id", "slug", "kind", "series_id", "series_number", "published_on",
              "published_precision", "countries", "regions", "search_titles",
              *(f"{field}_{code}" for field in ("title", "subtitle", "summary")
                for code in LANGUAGES))


def coverage(country_codes, region_codes):
    """``(countries, regions)`` a publication covers: a region covers every country in
    it, and a country its region (as the country and region filters match)."""
    countries = set(split_codes(country_codes))
    regions = set(split_codes(region_codes))
    covered_countries = set(countries)
    for region in regions:
        covered_countries.update(countries_in(region))
    covered_regions = regions | {region_of(code) for code in countries} - {None}
    return covered_countries, covered_regions


class File:
    """A publication's file as a library row and the publication's page show it: its
    language, size, pages and cover (not the PDF's text)."""

    def __init__(self, slug, language, cover, cover_height, sha256, size, page_count):
        self.slug, self.language, self.cover = slug, language, cover
        self.cover_height, self.sha256 = cover_height, sha256
        self.size, self.page_count = size, page_count

    def get_language_display(self):
        return choice_label(PublicationFile._meta.get_field("language"), self.language)

    def get_absolute_url(self):
        return reverse("publications:file-download",
                       kwargs={"slug": self.slug, "language": self.language})

    def get_cover_url(self):
        if not self.cover:
            return ""
        path = reverse("publications:file-cover",
                       kwargs={"slug": self.slug, "language": self.language})
        return f"{path}?v={self.sha256[:12]}"


def list_cover(files, language):
    """The file whose cover a list shows: the one in ``language``, else the first."""
    with_cover = [record for record in files if record.cover]
    return next((record for record in with_cover if record.language == language),
                with_cover[0] if with_cover else None)


class Row(PublicationDate):
    """What a library row (publications/publication_list.html) shows of a published
    publication, with the same attribute and method names as the model."""

    def __init__(self, values, series, files, networks):
        self.__dict__.update(values)
        self.pk = values["id"]
        self.series = series
        self.list_files = files
        self.list_networks = networks

    @property
    def subtitle(self):
        return translated_value(self, "subtitle")[0]

    @property
    def summary(self):
        return translated_value(self, "summary")[0]

    @property
    def list_cover(self):
        return list_cover(self.list_files, get_language())

    def get_absolute_url(self):
        return slug_url("publications:publication-detail", self.slug)

    def get_kind_display(self):
        return choice_label(Publication._meta.get_field("kind"), self.kind)


def build():
    """Every published publication's filter values, orders, row and authoring
    organisations (eleven queries; one more for the text index, on the first text
    search)."""
    published = Publication.objects.published().rewrite(False)
    records = list(published.order_by("id").values(*ROW_FIELDS))
    orders = {"newest": list(published.order_by(*NEWEST).values_list("id", flat=True))}
    for language in LANGUAGES:
        with override(language):
            orders[f"title:{language}"] = list(
                published.order_by(localized_name_order("title"), *NEWEST)
                .values_list("id", flat=True))
    series = {record.pk: record for record in Series.objects.all()}
    networks = list(Network.objects.all())
    network_links = list(NetworkLink.objects.filter(publication__in=published)
                         .values_list("publication_id", "network_id"))
    networks_of = grouped(network_links, networks)
    slugs = {record["id"]: record["slug"] for record in records}
    files = list(PublicationFile.objects.filter(publication__in=published)
                 .order_by("publication_id", "language")
                 .values_list("publication_id", "language", "cover", "cover_height",
                              "sha256", "size", "page_count"))
    files_of = {}
    for publication_id, *details in files:
        if publication_id in slugs:
            files_of.setdefault(publication_id, []).append(File(slugs[publication_id],
                                                                *details))
    tracks = list(Track.objects.all())
    track_links = list(TrackLink.objects.filter(publication__in=published)
                       .values_list("publication_id", "track_id"))
    tracks_of = grouped(track_links, tracks)
    authored = {}
    authors_of = {}
    for publication_id, organisation_id in (
            Publication.authors.through.objects.filter(publication__in=published)
            .values_list("publication_id", "organisation_id")):
        authored.setdefault(organisation_id, []).append(publication_id)
        authors_of.setdefault(publication_id, []).append(organisation_id)
    rows = {}
    covered = {}
    for record in records:
        pk = record["id"]
        rows[pk] = Row(record, series.get(record["series_id"]), files_of.get(pk, []),
                       sorted(networks_of.get(pk, []), key=lambda n: (n.order, n.slug)))
        rows[pk].author_ids = authors_of.get(pk, [])
        rows[pk].list_tracks = sorted(tracks_of.get(pk, []), key=lambda t: (t.order, t.slug))
        covered[pk] = coverage(record["countries"], record["regions"])
    facets = {
        "network": network_links,
        "track": track_links,
        "region": [(pk, region) for pk, (_c, regions) in covered.items() for region in regions],
        "country": [(pk, code) for pk, (codes, _r) in covered.items() for code in codes],
        "year": [(record["id"], record["published_on"].year) for record in records
                 if record["published_on"]],
        "language": [(pk, language) for pk, language, *_rest in files],
        "kind": [(record["id"], record["kind"]) for record in records],
    }
    extra = {"rows": rows, "names": {pk: row.search_titles for pk, row in rows.items()},
             "networks": networks, "tracks": tracks, "authored": authored}
    return FacetIndex([record["id"] for record in records], facets, orders, extra,
                      texts=published.order_by().values_list("id", "search_text").iterator)


library_index = CachedIndex(build)
