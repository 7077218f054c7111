"""The facet indexes: the same rows, counts and order as the SQL filters, and rebuilt
whenever the content may have changed."""

import datetime
import itertools
import random

import pytest
from django.db.models import F
from django.db.models import Q as models_q
from django.test import RequestFactory
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from members.filters import OrganisationFilter, localized_name_order
from members.index import directory_index
from members.models import Organisation
from members.sorting import country_order
from network import pagecache
from network.facetindex import FacetIndex, Kept, TextIndex
from network.text import normalize, terms
from publications.filters import PublicationFilter
from publications.index import library_index
from publications.models import Publication
from tests.factories import (
    OrganisationFactory,
    PublicationFactory,
    PublicationFileFactory,
    TrackFactory,
)

# The index itself, against brute force ------------------------------------------------

rows_strategy = st.lists(
    st.tuples(st.sampled_from("abc"), st.sets(st.sampled_from("xyz"), max_size=3)),
    max_size=60)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(rows=rows_strategy, seed=st.integers(0, 2**32 - 1), start=st.integers(0, 70),
       size=st.integers(0, 30))
def test_index_counts_and_pages_match_brute_force(rows, seed, start, size):
    ids = [100 + number for number in range(len(rows))]
    order = ids[:]
    random.Random(seed).shuffle(order)
    record = dict(zip(ids, rows, strict=True))
    index = FacetIndex(
        ids,
        {"single": [(pk, value) for pk, (value, _many) in record.items()],
         "multi": [(pk, value) for pk, (_one, many) in record.items() for value in many]},
        {"shuffled": order})
    for single, multi in itertools.product([None, "a", "b"], [None, "x", "z"]):
        within = index.all
        if single:
            within &= index.bits("single", single)
        if multi:
            within &= index.bits("multi", multi)
        expected = [pk for pk in order
                    if (single is None or record[pk][0] == single)
                    and (multi is None or multi in record[pk][1])]
        ordered = index.ordered(within, "shuffled")
        assert len(ordered) == ordered.count() == len(expected)
        assert ordered[start:start + size] == expected[start:start + size]
        assert index.ordered_by(within, lambda p: -p) == sorted(
            expected, key=lambda pk: -index.position[pk])
        counts = index.counts("multi", within)
        for value in "xyz":
            number = sum(value in record[pk][1] for pk in expected)
            assert counts.get(value, 0) == number
            assert value in counts or number == 0


def test_an_empty_index_answers_empty():
    index = FacetIndex([], {"single": []}, {"any": []})
    assert index.all == 0
    assert len(index.ordered(index.all, "any")) == 0
    assert index.ordered(index.all, "any")[0:10] == []
    assert index.counts("single", index.all) == {}
    assert index.bits("single", "missing") == 0
    with pytest.raises(TypeError):
        index.ordered(index.all, "any")[0]


# The text index, against brute force ---------------------------------------------------

words_strategy = st.text(alphabet="ابتسلمaeبb", min_size=1, max_size=6)
texts_strategy = st.lists(st.lists(words_strategy, max_size=8).map(" ".join), max_size=80)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(texts=texts_strategy, term=words_strategy, rows=st.integers(1, 100))
def test_text_index_finds_what_a_substring_search_finds(texts, term, rows):
    # ``rows`` moves the bitmap threshold so that both kinds of word are exercised.
    TextIndex.BITMAP_ROWS = rows
    try:
        index = TextIndex(enumerate(texts), len(texts))
        expected = {position for position, text in enumerate(texts) if term in text}
        found = index.bits(term)
        assert {p for p in range(len(texts)) if found >> p & 1} == expected
        assert index.bits(term) == found  # the stored bitmaps give the same answer
    finally:
        TextIndex.BITMAP_ROWS = 64


@pytest.mark.parametrize("term", ["", " ", "two words", "trailing "])
def test_text_index_refuses_what_is_not_one_folded_term(term):
    index = TextIndex([(0, "two words")], 1)
    with pytest.raises(ValueError):
        index.bits(term)


def test_text_index_of_no_rows_finds_nothing():
    assert TextIndex([], 0).bits("any") == 0
    assert TextIndex([(0, "")], 1).bits("any") == 0


def test_directory_text_search_is_the_sql_search_in_arabic_and_english(networks):
    """Substrings inside words, words across fields, harakat and hamza folded: the text
    index finds exactly the rows ``search_text LIKE '%term%'`` finds."""
    OrganisationFactory(name_ar="جمعية الأمل للنساء", name_en="Hope society",
                        description_ar="نعمل في البصرة على حقوق المرأة")
    OrganisationFactory(name_ar="شبكة السّلام", name_en="Peace network",
                        description_en="Water and peacebuilding in Mosul.")
    OrganisationFactory(name_ar="مركز بغداد", name_en="Baghdad centre", city_en="Baghdad",
                        description_en="Schools")
    OrganisationFactory(name_ar="مخفية", name_en="Hidden peace", visibility="staff")
    queries = ["السلام", "سلام", "الامل", "نساء", "peace", "PEACE", "build",
               "بغداد", "baghdad schools", "hope البصرة", "البصره", "ل", "hope water", "zzz"]
    index = directory_index.get()
    for query in queries:
        words = terms(query)
        expected = set(Organisation.objects.public().filter(
            *[models_q(search_text__contains=word) for word in words])
            .values_list("id", flat=True))
        found = index.matching(words)
        assert set(index.ordered_by(found, lambda p: p)) == expected, query
        # Every query finds something but the last two (words of different rows; none).
        assert bool(expected) == (query not in ("hope water", "zzz")), query
    assert normalize("السّلام") == "السلام"


# What is kept with an index ------------------------------------------------------------

def test_kept_builds_once_and_drops_the_oldest_past_its_limit():
    kept = Kept(limit=2)
    built = []

    def build(value):
        return lambda: built.append(value) or value

    assert kept.get("a", build("A")) == "A"
    assert kept.get("a", build("other")) == "A"
    kept.get("b", build("B"))
    kept.get("c", build("C"))  # over the limit: "a", the oldest, goes
    assert len(kept) == 2
    assert kept.get("a", build("A again")) == "A again"
    assert built == ["A", "B", "C", "A again"]
    assert list(kept.entries) == ["c", "a"]
    nothing = Kept(limit=0)
    assert nothing.get("a", build("x")) == "x" and len(nothing) == 0


def test_kept_limit_is_a_setting(settings):
    settings.FACET_INDEX_KEPT = 7
    assert Kept().limit == 7


def test_list_rows_are_rendered_once_per_language(client, networks):
    OrganisationFactory(name_ar="منظمة النور", name_en="Light group")
    arabic = client.get("/ar/members/").content.decode()
    english = client.get("/en/members/").content.decode()
    assert "منظمة النور" in arabic and 'href="/ar/members/' in arabic
    assert "Light group" in english and 'href="/en/members/' in english
    kept = directory_index.get().kept
    assert {(key[1], key[2]) for key in kept.entries} == {
        ("members/includes/_organisation_card.html", "ar"),
        ("members/includes/_organisation_card.html", "en")}
    # Served again from what is kept: the same page.
    assert client.get("/en/members/").content.decode() == english


# The directory, against its SQL filters ----------------------------------------------

@pytest.fixture
def directory(networks):
    """Forty organisations spread over every filter, some hidden."""
    rng = random.Random(7)
    wasl, icssi = networks["wasl"], networks["icssi"]
    tracks = [*icssi.tracks.all()[:3], TrackFactory(networks=[wasl])]
    countries = ["IQ", "IQ", "IQ", "SY", "JO", "YE", "KE", "FR"]
    governorates = ["IQ-BG", "IQ-NI", "IQ-BA", ""]
    kinds = [kind for kind, _label in Organisation.Kind.choices][:4]
    made = []
    for number in range(40):
        country = rng.choice(countries)
        made.append(OrganisationFactory(
            name_ar=f"منظمة {rng.choice('ابتثجحخ')}{number}",
            name_en=rng.choice(["", f"{rng.choice('ABCDEF')}lpha group {number}"]),
            country=country, kind=rng.choice(kinds), women_led=rng.random() < 0.4,
            governorate=rng.choice(governorates) if country == "IQ" else "",
            networks=rng.sample([wasl, icssi], rng.randint(0, 2)),
            tracks=rng.sample(tracks, rng.randint(0, 2)),
            description_en=rng.choice(["Water and peace.", "Schools.", "Peace talks."]),
            status=rng.choice(["published"] * 5 + ["draft"]),
            visibility=rng.choice(["public"] * 5 + ["staff"]),
        ))
    return {"tracks": tracks, "organisations": made}


def filtered(filterset_class, queryset, data):
    """A bound, validated filterset, as the list views make it."""
    filterset = filterset_class(data, queryset=queryset, request=RequestFactory().get("/"))
    filterset.is_valid()
    return filterset


def directory_filter(data):
    return filtered(OrganisationFilter, Organisation.objects.public(), data)


DIRECTORY_QUERIES = [
    {},
    {"network": "icssi"},
    {"country": "IQ", "women_led": "yes"},
    {"region": "mena", "kind": "ngo"},
    {"governorate": "IQ-NI", "network": "wasl"},
    {"q": "peace"},
    {"q": "peace", "country": "IQ", "sort": "name"},
    {"q": "alpha", "network": "wasl"},
    {"country": "XX", "kind": "ngo"},  # an invalid value is left out, the rest applies
    {"network": "nowhere", "women_led": "yes"},
]


@pytest.mark.parametrize("query", DIRECTORY_QUERIES, ids=str)
def test_directory_counts_are_the_sql_counts(directory, query):
    tracks = directory["tracks"]
    filterset = directory_filter(query)
    index = directory_index.get()
    ordered, counts = filterset.from_index(index)
    assert len(ordered) == filterset.qs.count()
    assert set(ordered[0:1000]) == set(filterset.qs.values_list("id", flat=True))
    values = {
        "network": ["wasl", "icssi"], "region": ["mena", "africa", "europe"],
        "country": ["IQ", "SY", "JO", "YE", "KE", "FR"],
        "governorate": ["IQ-BG", "IQ-NI", "IQ-BA"],
        "track": [track.slug for track in tracks],
        "kind": [kind for kind, _label in Organisation.Kind.choices],
        "women_led": ["yes"],
    }
    keys = {"track": {track.slug: track.id for track in tracks}}
    checked = 0
    for facet, choices in values.items():
        for value in choices:
            expected = directory_filter({**query, facet: value}).qs.count()
            key = keys.get(facet, {}).get(value, value)
            assert counts[facet].get(key, 0) == expected, (facet, value)
            checked += expected
    assert checked  # the data spreads over the filters


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("sort", ["name", "newest", "country"])
def test_directory_orders_are_the_sql_orders(directory, language, sort):
    with override(language):
        filterset = directory_filter({"sort": sort, "women_led": "yes"})
        ordered, _counts = filterset.from_index(directory_index.get())
        queryset = filterset.qs
        if sort == "name":
            expected = queryset.order_by(localized_name_order(), "id")
        elif sort == "newest":
            expected = queryset.order_by("-created_at", "-id")
        else:
            places = {code: place for place, code in enumerate(country_order())}
            by_name = list(queryset.order_by(localized_name_order(), "id"))
            expected = sorted(by_name, key=lambda row: places[row.country.code])
        assert ordered[0:100] == [row.id for row in expected]
        assert len(ordered) > 3


def test_text_search_ranks_names_before_other_texts(networks):
    described = OrganisationFactory(name_en="Basra schools", description_en="Water rights.")
    inside = OrganisationFactory(name_en="Freshwaters network")
    prefix = OrganisationFactory(name_en="Waterways league")
    exact = OrganisationFactory(name_en="Water for all")
    OrganisationFactory(name_en="Elsewhere", description_en="Schools.")

    filterset = directory_filter({"q": "water"})
    with override("en"):
        ordered, _counts = filterset.from_index(directory_index.get())
    assert list(ordered) == [exact.id, prefix.id, inside.id, described.id]


# The library, against its SQL filters ------------------------------------------------

@pytest.fixture
def library(networks):
    rng = random.Random(11)
    wasl, icssi = networks["wasl"], networks["icssi"]
    tracks = list(icssi.tracks.all()[:2])
    kinds = [kind for kind, _label in Publication.Kind.choices][:3]
    for number in range(30):
        publication = PublicationFactory(
            kind=rng.choice(kinds), networks=rng.sample([wasl, icssi], rng.randint(0, 2)),
            tracks=rng.sample(tracks, rng.randint(0, 2)),
            countries=rng.sample(["IQ", "SY", "KE", "FR"], rng.randint(0, 2)),
            regions=",".join(rng.sample(["mena", "africa"], rng.randint(0, 1))),
            published_on=rng.choice([None, datetime.date(2016 + number % 4, 5, 1)]),
            title_en=rng.choice(["Water in Basra", "Peace talks", "Schools"]) + f" {number}",
            status=rng.choice(["published"] * 6 + ["draft"]),
        )
        for language in rng.sample(["ar", "en"], rng.randint(0, 2)):
            PublicationFileFactory(publication=publication, language=language)
    return tracks


def library_filter(data):
    return filtered(PublicationFilter, Publication.objects.published(), data)


@pytest.mark.parametrize("query", [
    {}, {"network": "wasl"}, {"country": "IQ", "language": "en"}, {"region": "africa"},
    {"year": "2017", "kind": "report"}, {"q": "water"}, {"year": "1800"},
], ids=str)
def test_library_counts_and_order_are_the_sql_ones(library, query):
    filterset = library_filter(query)
    ordered, counts = filterset.from_index(library_index.get())
    assert len(ordered) == filterset.qs.count()
    if "q" not in query:
        newest = filterset.qs.order_by(F("published_on").desc(nulls_last=True),
                                       "-created_at", "-id")
        assert ordered[0:100] == [row.id for row in newest]
    values = {
        "network": ["wasl", "icssi"], "track": [track.slug for track in library],
        "region": ["mena", "africa", "europe"], "country": ["IQ", "SY", "KE", "FR", "EG"],
        "year": ["2016", "2017", "2018", "2019"], "language": ["ar", "en"],
        "kind": [kind for kind, _label in Publication.Kind.choices],
    }
    keys = {"network": {"wasl": None, "icssi": None},
            "track": {track.slug: track.id for track in library}}
    from network.models import Network

    keys["network"] = {network.slug: network.id for network in Network.objects.all()}
    for facet, choices in values.items():
        for value in choices:
            expected = library_filter({**query, facet: value}).qs.count()
            key = keys.get(facet, {}).get(value, value)
            if facet == "year":
                key = int(value)
            assert counts[facet].get(key, 0) == expected, (facet, value)


# Rebuilt when the content may have changed -------------------------------------------

def names_on_page(client, path="/en/members/"):
    return client.get(path).content.decode()


def test_a_save_in_this_process_shows_at_once(client, networks):
    OrganisationFactory(name_en="First light")
    assert "First light" in names_on_page(client)
    hidden = OrganisationFactory(name_en="Second light")
    assert "Second light" in names_on_page(client)

    hidden.visibility = "staff"
    hidden.save()
    page = names_on_page(client)
    assert "Second light" not in page
    assert "First light" in page


def test_a_change_committed_by_another_process_shows_once_the_generation_moves(
        client, networks):
    organisation = OrganisationFactory(name_en="Quiet river")
    assert "Quiet river" in names_on_page(client)

    # Another process's change: no signal here, only the shared generation moving.
    Organisation.objects.filter(pk=organisation.pk).update(name_en="Loud river")
    assert "Quiet river" in names_on_page(client)  # this process cannot know yet
    pagecache.invalidate()
    page = names_on_page(client)
    assert "Loud river" in page
    assert "Quiet river" not in page


def test_an_index_older_than_its_limit_is_rebuilt(client, networks, settings):
    organisation = OrganisationFactory(name_en="Old name")
    assert "Old name" in names_on_page(client)
    Organisation.objects.filter(pk=organisation.pk).update(name_en="New name")
    settings.FACET_INDEX_SECONDS = 0
    assert "New name" in names_on_page(client)


def test_library_sees_a_new_publication_and_a_withdrawn_one(client, networks):
    kept = PublicationFactory(title_en="Kept brief")
    assert "Kept brief" in names_on_page(client, "/en/publications/")
    withdrawn = PublicationFactory(title_en="Withdrawn brief")
    assert "Withdrawn brief" in names_on_page(client, "/en/publications/")
    withdrawn.status = "archived"
    withdrawn.save()
    page = names_on_page(client, "/en/publications/")
    assert "Withdrawn brief" not in page
    assert kept.title_en in page
