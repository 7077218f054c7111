import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from members.models import Membership, Organisation
from members.sample_data import REAL_NAME_KEYS, generate
from network.core.places import Governorate
from network.core.text import normalize
from network.models import Network, Track

ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")


def load(**options):
    out = StringIO()
    call_command("load_sample_directory", stdout=out, **options)
    return out.getvalue()


def snapshot():
    return sorted(Organisation.objects.values_list(
        "pk", "slug", "name_ar", "name_en", "description_ar", "description_en", "status",
        "search_text", "updated_at"))


@pytest.fixture
def samples(networks):
    load()
    return list(Organisation.objects.filter(is_sample=True).prefetch_related("tracks"))


@pytest.mark.django_db
def test_default_run_creates_300_sample_organisations(samples):
    assert len(samples) == 300
    assert Organisation.objects.count() == 300
    assert all(org.is_sample for org in samples)
    assert all(org.slug.startswith("sample-") for org in samples)


@pytest.mark.django_db
def test_samples_spread_over_countries_governorates_networks_tracks_and_kinds(samples):
    countries = {str(org.country) for org in samples}
    assert len(countries) >= 29
    assert {"NG", "NO", "MX", "TJ", "IQ"} <= countries

    iraqi = [org for org in samples if org.country == "IQ"]
    assert {org.governorate for org in iraqi} == set(Governorate.values)
    assert all(org.governorate == "" for org in samples if org.country != "IQ")

    memberships = Membership.objects.filter(organisation__is_sample=True)
    assert set(memberships.values_list("network__slug", flat=True)) == {"wasl", "icssi"}
    wasl_countries = set(memberships.filter(network__slug="wasl")
                         .values_list("organisation__country", flat=True))
    assert len(wasl_countries) >= 29
    assert memberships.filter(network__slug="icssi", organisation__country="IQ").exists()
    assert memberships.filter(network__slug="icssi").exclude(organisation__country="IQ").exists()
    in_both = Organisation.objects.filter(memberships__network__slug="wasl").filter(
        memberships__network__slug="icssi")
    assert in_both.exists()
    assert set(memberships.values_list("role", flat=True)) == set(Membership.Role.values)

    used = {track.slug for org in samples for track in org.tracks.all()}
    assert used == set(Track.objects.values_list("slug", flat=True))
    assert {org.kind for org in samples} == set(Organisation.Kind.values)


@pytest.mark.django_db
def test_tracks_belong_to_the_networks_the_organisation_is_in(samples):
    networks = {n.slug: set(n.tracks.values_list("pk", flat=True))
                for n in Network.objects.all()}
    for org in samples:
        allowed = set().union(*(networks[slug] for slug in
                                org.memberships.values_list("network__slug", flat=True)))
        assert {track.pk for track in org.tracks.all()} <= allowed, org.slug


@pytest.mark.django_db
def test_some_translations_are_missing_on_purpose_but_never_both_names(samples):
    missing_name_en = sum(not org.name_en for org in samples)
    missing_description_ar = sum(not org.description_ar for org in samples)
    missing_description_en = sum(not org.description_en for org in samples)

    assert 5 <= missing_name_en <= 30
    assert 5 <= missing_description_ar <= 30
    assert 5 <= missing_description_en <= 30
    assert all(org.name_ar or org.name_en for org in samples)
    assert all(org.city_ar and org.city_en for org in samples)


@pytest.mark.django_db
def test_names_are_arabic_and_english(samples):
    for org in samples:
        assert ARABIC.search(org.name_ar) and not LATIN.search(org.name_ar), org.name_ar
        if org.name_en:
            assert LATIN.search(org.name_en) and not ARABIC.search(org.name_en), org.name_en
    assert len({org.name_ar for org in samples}) == len(samples)
    assert not {normalize(org.name_ar) for org in samples} & REAL_NAME_KEYS
    assert not {normalize(org.name_en) for org in samples if org.name_en} & REAL_NAME_KEYS


@pytest.mark.django_db
def test_statuses_are_mixed_mostly_published(samples):
    statuses = [org.status for org in samples]
    assert statuses.count("published") >= 0.85 * len(samples)
    assert statuses.count("draft") > 0
    assert statuses.count("archived") > 0
    assert Organisation.objects.public().count() == statuses.count("published")


@pytest.mark.django_db
def test_search_text_is_filled_as_save_would(samples):
    for org in Organisation.objects.filter(is_sample=True):
        assert org.search_text
        assert org.search_text == org.build_search_text()


@pytest.mark.django_db
def test_fake_details_use_reserved_values_only(samples):
    with_contact = [org for org in samples if org.email]
    assert 80 <= len(with_contact) <= 120
    for org in samples:
        assert org.website == "" or org.website.startswith("https://example.org/")
        assert org.email == "" or org.email.endswith("@example.org")
        assert org.social_links == ""
        assert org.phone == "" or " 000 " in org.phone
        assert all(code for code in org.languages.split(","))
        assert org.founded_year is None or 1950 <= org.founded_year <= 2022
    first_year = {"icssi": 2009, "wasl": 2016}
    for slug, since in Membership.objects.filter(organisation__is_sample=True).values_list(
            "network__slug", "since"):
        assert first_year[slug] <= since <= 2024


@pytest.mark.django_db
def test_a_second_run_creates_and_changes_nothing(samples):
    before = snapshot()
    memberships = Membership.objects.count()

    output = load()

    assert snapshot() == before
    assert Membership.objects.count() == memberships
    assert "Created" not in output


@pytest.mark.django_db
def test_a_larger_count_adds_only_the_missing_samples(samples):
    before = snapshot()

    output = load(count=350)

    assert Organisation.objects.filter(is_sample=True).count() == 350
    assert [row for row in snapshot() if row[1] in {r[1] for r in before}] == before
    assert "350/350" in output


@pytest.mark.django_db
def test_clear_removes_samples_only(networks):
    real = Organisation.objects.create(name_ar="منظمة حقيقية", name_en="A real organisation",
                                       slug="a-real-organisation", country="IQ",
                                       governorate="IQ-BA", status="published")
    Membership.objects.create(organisation=real, network=networks["icssi"])
    load(count=20)

    load(clear=True, count=0)

    assert list(Organisation.objects.all()) == [real]
    assert list(Membership.objects.values_list("organisation", flat=True)) == [real.pk]


@pytest.mark.django_db
def test_clear_then_reload_gives_the_same_samples(networks):
    load(count=30)
    before = sorted(Organisation.objects.values_list("slug", "name_ar", "name_en"))

    load(clear=True, count=30)

    assert sorted(Organisation.objects.values_list("slug", "name_ar", "name_en")) == before


@pytest.mark.django_db
def test_networks_are_loaded_when_missing(db):
    with translation.override("en"):
        output = load(count=5)

    assert set(Network.objects.values_list("slug", flat=True)) == {"wasl", "icssi"}
    assert Organisation.objects.count() == 5
    assert "loading them first" in output


@pytest.mark.django_db
def test_missing_track_is_a_clear_error(networks):
    Track.objects.filter(slug="democracy").delete()

    with pytest.raises(CommandError, match="democracy"):
        load(count=5)
    assert not Organisation.objects.exists()


def test_generation_is_deterministic_and_prefix_stable():
    first = generate(120)
    assert [s.fields for s in generate(120)] == [s.fields for s in first]
    assert [s.fields for s in generate(40)] == [s.fields for s in first[:40]]
    assert all(s.slug.startswith(f"sample-{s.index:04d}-") for s in first)


def test_large_sets_have_unique_names_and_slugs():
    samples = generate(3000)
    assert len({s.slug for s in samples}) == 3000
    assert len({normalize(s.fields["name_ar"]) for s in samples}) == 3000
    names_en = [normalize(s.fields["name_en"]) for s in samples if s.fields["name_en"]]
    assert len(set(names_en)) == len(names_en)
    assert all(len(s.slug) <= 120 for s in samples)
