"""Facet counts and orders: the same rows, counts and order as the SQL filters, rebuilt
whenever the content may have changed."""

import datetime
import itertools
import random

import pytest
from django.db.models import F
from django.test import RequestFactory
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from members.filters import OrganisationFilter, directory_facets, localized_name_order
from members.models import Organisation
from network.core.facets import Facets
from network.core.sorting import country_order
from network.models import Network
from network.site import pagecache
from publications.filters import PublicationFilter, library_facets
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
    index = Facets(
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
    index = Facets([], {"single": []}, {"any": []})
    assert index.all == 0
    assert len(index.ordered(index.all, "any")) == 0
    assert index.ordered(index.all, "any")[0:10] == []
    assert index.counts("single", index.all) == {}
    assert index.bits("single", "missing") == 0
    with pytest.raises(TypeError):
        index.ordered(index.all, "any")[0]


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
    ordered, counts = filterset.from_facets(directory_facets.get())
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
    checked = 0
    for facet, choices in values.items():
        for value in choices:
            expected = directory_filter({**query, facet: value}).qs.count()
            assert counts[facet].get(value, 0) == expected, (facet, value)
            checked += expected
    assert checked  # the data spreads over the filters


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("sort", ["name", "newest", "country"])
def test_directory_orders_are_the_sql_orders(directory, language, sort):
    with override(language):
        filterset = directory_filter({"sort": sort, "women_led": "yes"})
        ordered, _counts = filterset.from_facets(directory_facets.get())
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
        ordered, _counts = filterset.from_facets(directory_facets.get())
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
    ordered, counts = filterset.from_facets(library_facets.get())
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
    assert {network.slug for network in Network.objects.all()} == {"wasl", "icssi"}
    for facet, choices in values.items():
        for value in choices:
            expected = library_filter({**query, facet: value}).qs.count()
            key = int(value) if facet == "year" else value
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


def test_a_change_committed_by_another_process_counts_once_the_generation_moves(
        client, networks):
    """Rows come from the database at once; the counts, kept per process, follow the
    shared content generation."""
    organisation = OrganisationFactory(name_en="Quiet river", country="IQ")
    assert "Quiet river" in names_on_page(client, "/en/members/?country=IQ")

    # Another process's change: no signal here, only the shared generation moving.
    Organisation.objects.filter(pk=organisation.pk).update(name_en="Loud river",
                                                           country="JO")
    page = names_on_page(client, "/en/members/?country=IQ")
    assert "Loud river" in page  # the row is read afresh; its old country still counts
    assert "Quiet river" not in page
    pagecache.invalidate()
    assert "Loud river" not in names_on_page(client, "/en/members/?country=IQ")
    assert "Loud river" in names_on_page(client, "/en/members/?country=JO")


def test_counts_older_than_their_limit_are_rebuilt(client, networks, settings):
    organisation = OrganisationFactory(name_en="Old name", country="IQ")
    assert "Old name" in names_on_page(client, "/en/members/?country=IQ")
    Organisation.objects.filter(pk=organisation.pk).update(country="JO")
    assert "Old name" in names_on_page(client, "/en/members/?country=IQ")
    settings.FACET_INDEX_SECONDS = 0
    assert "Old name" not in names_on_page(client, "/en/members/?country=IQ")
    assert "Old name" in names_on_page(client, "/en/members/?country=JO")


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
