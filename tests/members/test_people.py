"""The public pages of individual activists, and people on organisation, network and
search pages."""

import datetime
import re
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.models import Consent, Person
from members.projection import project_all, public_people
from members.sample_people import PEOPLE
from tests.factories import ConsentFactory, OrganisationFactory
from tests.factories import PublicPersonFactory as PersonFactory
from tests.members.test_projection import consented

URL = "/en/people/"


def names(response):
    """The people listed on a page, in order."""
    html = response.content.decode()
    return [unescape(name) for name in re.findall(
        r'<li class="org person">\s*<h3 class="org__name"><a href="[^"]+">(?:<span[^>]*>)?([^<]+)',
        html)]


@pytest.fixture
def people(networks):
    """Public people in Iraq and Nigeria in both networks, and hidden ones."""
    wasl, icssi = networks["wasl"], networks["icssi"]
    public = {
        "noor": consented("title", "city", name_en="Noor Basri", name_ar="نور البصري",
                          location_shown="city", networks=[icssi]),
        "amina": consented("bio", name_en="Amina Kano", name_ar="أمينة كانو", country="NG",
                           networks=[wasl]),
        "sara": consented(name_en="Sara Both", name_ar="سارة المشتركة", networks=[wasl, icssi]),
    }
    PersonFactory(name_en="Hidden no consent", networks=[wasl])
    consented("title", name_en="Hidden staff", visibility="staff", networks=[wasl])
    consented("title", name_en="Hidden members", visibility="members", networks=[wasl])
    withdrawn = consented(name_en="Hidden withdrawn", networks=[wasl])
    Consent.objects.filter(person=withdrawn).update(withdrawn_at=datetime.datetime(
        2025, 1, 1, tzinfo=datetime.UTC))
    ConsentFactory(person=PersonFactory(name_en="Hidden lapsed", networks=[wasl]),
                   given_on=datetime.date(2020, 1, 1), review_on=datetime.date(2021, 1, 1))
    return public


# The list ---------------------------------------------------------------------------------

def test_list_shows_only_public_people(client, people):
    response = client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Amina Kano", "Noor Basri", "Sara Both"]
    assert "3 individual activists" in response.content.decode()


def test_list_in_arabic_sorts_by_arabic_name(client, people):
    response = client.get("/ar/people/")
    html = response.content.decode()

    assert response.status_code == 200
    assert names(response) == ["أمينة كانو", "سارة المشتركة", "نور البصري"]
    assert 'dir="rtl"' in html


def test_list_shows_covered_fields_only(client, people):
    html = client.get(URL).content.decode()

    assert "Trainer" in html           # Noor's title is covered
    assert "Basra, Iraq" in html       # and her city
    assert "A short biography." not in html  # lists never show the biography
    assert html.count("Trainer") == 1  # Amina's and Sara's titles are not covered


@pytest.mark.parametrize("query,expected", [
    ({"network": "wasl"}, ["Amina Kano", "Sara Both"]),
    ({"network": "icssi"}, ["Noor Basri", "Sara Both"]),
    ({"country": "NG"}, ["Amina Kano"]),
    ({"country": "IQ", "network": "wasl"}, ["Sara Both"]),
    ({"country": "NO"}, []),
])
def test_list_filters_by_network_and_country(client, people, query, expected):
    response = client.get(URL, query)

    assert response.status_code == 200
    assert names(response) == expected


def test_country_filter_offers_countries_of_public_people(client, people):
    PersonFactory(country="NO")  # hidden: no consent

    html = client.get(URL).content.decode()

    assert '<option value="IQ">Iraq (2)</option>' in html
    assert '<option value="NG">Nigeria (1)</option>' in html
    assert 'value="NO"' not in html


@pytest.mark.parametrize("query,field,message", [
    ({"country": "ZZ"}, "Country", "Select a valid choice. ZZ is not one of the available"),
    ({"network": "nope"}, "Network", "Select a valid choice."),
    ({"page": "abc"}, None, "The page must be a whole number."),
    ({"page": "9"}, None, "There is no page 9: the results have 1 pages."),
])
def test_invalid_filters_give_400_and_a_clear_message(client, people, query, field, message):
    response = client.get(URL, query)
    html = response.content.decode()

    assert response.status_code == 400
    assert 'role="alert"' in html
    assert message in html
    if field:
        assert f">{field}</a>:" in html


def test_invalid_filter_keeps_the_valid_ones(client, people):
    response = client.get(URL, {"country": "ZZ", "network": "wasl"})

    assert response.status_code == 400
    assert names(response) == ["Amina Kano", "Sara Both"]


def test_list_paginates_and_keeps_the_filters(client, networks):
    for n in range(26):
        consented(name_en=f"Person {n:02d}", country="NG")

    first = client.get(URL, {"country": "NG"})
    second = client.get(URL, {"country": "NG", "page": "2"})

    assert names(first)[:2] == ["Person 00", "Person 01"]
    assert names(second) == ["Person 24", "Person 25"]
    assert 'href="?country=NG&amp;page=2"' in first.content.decode()


def test_sample_people_are_announced(client, networks):
    consented(is_sample=True)

    html = client.get(URL).content.decode()

    assert 'class="sample-notice"' in html
    assert "none of them is a real person" in html
    assert "badge--sample" in html


def test_real_people_carry_no_sample_notice(client, people):
    assert 'class="sample-notice"' not in client.get(URL).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_are_constant(client, networks, django_assert_num_queries, count):
    organisation = OrganisationFactory()
    for _ in range(count):
        consented(*Consent.FIELDS, organisation=organisation,
                  networks=list(networks.values()))

    # 1. the network named in the filter, 2. count, 3. page of people, 4. their consents
    # in force, 5. networks, 6. public organisations; options: 7. countries, 8. networks
    with django_assert_num_queries(8):
        response = client.get("/ar/people/", {"network": "wasl"})
    assert response.status_code == 200
    assert len(names(response)) == count


# The profile ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,expected", [
    ("en", ["Noor Basri", "نور البصري", "Trainer", "Basra", "Iraq",
            "Iraqi Civil Society Solidarity Initiative"]),
    ("ar", ["نور البصري", "Noor Basri", "مدرّبة", "البصرة", "العراق"]),
])
def test_profile_in_both_languages(client, people, lang, expected):
    response = client.get(f"/{lang}/people/{people['noor'].slug}/")
    html = unescape(response.content.decode())

    assert response.status_code == 200
    for text in expected:
        assert text in html, text
    assert f'lang="{lang}"' in html


def test_profile_shows_public_covered_contacts_as_links(client, networks):
    person = consented("email", "phone", "social", email="noor@example.org",
                       email_visibility="public", phone_visibility="public",
                       social_visibility="public")

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert 'href="mailto:noor@example.org"' in html
    assert 'href="tel:+9647700001234"' in html
    assert '<a href="https://example.org/@activist" rel="noopener nofollow">' in html
    assert "<bdi>@activist</bdi>" in html


def test_profile_never_shows_uncovered_or_hidden_fields(client, networks):
    organisation = OrganisationFactory(name_en="Secret Org")
    person = consented(
        "phone", email="secret@example.org", email_visibility="public",
        phone_visibility="members", social_visibility="public", organisation=organisation,
        location_shown="city", bio_en="Secret biography")

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    for secret in ("secret@example.org", "770 000 1234", "example.org/@activist",
                   "Secret Org", "Basra", "Secret biography", "Trainer"):
        assert secret not in html, secret


@pytest.mark.parametrize("hide", ["no consent", "withdrawn", "lapsed", "members", "staff"])
def test_hidden_profile_is_not_found_like_a_missing_one(client, networks, hide):
    person = PersonFactory(name_en="Hidden Person",
                           visibility=hide if hide in ("members", "staff") else "public")
    if hide != "no consent":
        ConsentFactory(person=person, show_title=True)
    if hide == "withdrawn":
        Consent.objects.filter(person=person).update(withdrawn_at=datetime.datetime(
            2025, 1, 1, tzinfo=datetime.UTC))
    if hide == "lapsed":
        Consent.objects.filter(person=person).update(given_on=datetime.date(2020, 1, 1),
                                                     review_on=datetime.date(2021, 1, 1))

    hidden = client.get(f"/en/people/{person.slug}/")
    missing = client.get("/en/people/nobody-at-all/")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert b"Hidden Person" not in hidden.content


def test_withdrawal_takes_the_profile_down_at_once(client, networks):
    person = consented("title")
    url = f"/en/people/{person.slug}/"
    assert client.get(url).status_code == 200

    Consent.objects.get(person=person).withdraw(by=get_user_model().objects.create(
        username="curator"))

    assert client.get(url).status_code == 404
    assert person.name_en not in client.get(URL).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_profile_queries_are_constant(client, networks, django_assert_num_queries, count):
    organisation = OrganisationFactory()
    person = consented(*Consent.FIELDS, organisation=organisation,
                       networks=list(networks.values())[:count])
    for _ in range(count - 1):
        ConsentFactory(person=person, show_title=True)

    # 1. person, 2. consents in force, 3. networks, 4. organisation if public, 5. her
    # texts that may be outdated in this language
    with django_assert_num_queries(5):
        response = client.get(f"/en/people/{person.slug}/")
    assert response.status_code == 200


# People on other pages ----------------------------------------------------------------------

def test_organisation_page_lists_people_who_consent_to_it(client, networks):
    organisation = OrganisationFactory()
    consented("organisation", name_en="Listed With Org", organisation=organisation)
    consented("title", name_en="Public But Not With Org", organisation=organisation)
    PersonFactory(name_en="Hidden With Org", organisation=organisation)

    response = client.get(f"/en/members/{organisation.slug}/")

    assert names(response) == ["Listed With Org"]


def test_organisation_page_shows_public_contacts_only(client, networks):
    organisation = OrganisationFactory(
        email="office@example.org", email_visibility="public", phone="+964 770 000 5555",
        phone_visibility="public", address="1 Example Street\nBasra",
        address_visibility="public", social_links="https://example.org/hidden-social",
        social_visibility="members")

    html = client.get(f"/en/members/{organisation.slug}/").content.decode()

    assert 'href="mailto:office@example.org"' in html
    assert 'href="tel:+9647700005555"' in html
    assert "1 Example Street<br>Basra" in html
    assert "hidden-social" not in html
    assert "shared with the networks' staff only" not in html


def test_organisation_page_without_public_contacts_says_so(client, networks):
    organisation = OrganisationFactory(email="hidden@example.org",
                                       social_links="https://example.org/hidden-social",
                                       social_visibility="staff")

    html = client.get(f"/en/members/{organisation.slug}/").content.decode()

    assert "hidden@example.org" not in html
    assert "hidden-social" not in html
    assert "shared with the networks' staff only" in html


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_page_queries_are_constant(client, networks, django_assert_num_queries,
                                                count):
    organisation = OrganisationFactory(networks=list(networks.values()))
    for _ in range(count):
        consented("organisation", organisation=organisation, networks=[networks["wasl"]])

    # 1. organisation, 2. its memberships with networks, 3. tracks, 4. public people,
    # 5. their consents in force, 6. networks, 7. their organisation if public,
    # 8. publications authored (none), 9. its texts that may be outdated in this language.
    with django_assert_num_queries(9):
        response = client.get(f"/ar/members/{organisation.slug}/")
    assert len(names(response)) == count


def test_network_page_counts_and_links_its_people(client, people):
    html = unescape(client.get("/en/networks/wasl/").content.decode())

    assert "<dt>individual activists listed</dt><dd>2</dd>" in html
    assert 'href="/en/people/?network=wasl"' in html


def test_network_page_without_people_has_no_link(client, networks):
    html = client.get("/en/networks/icssi/").content.decode()

    assert "<dt>individual activists listed</dt><dd>0</dd>" in html
    assert "/people/?network=icssi" not in html


def test_directory_links_to_the_people(client, networks):
    assert 'href="/ar/people/"' in client.get("/ar/members/").content.decode()


@pytest.mark.parametrize("lang,query,expected", [
    ("en", "noor", ["Noor Basri"]),
    ("en", "البصري", ["Noor Basri"]),
    ("ar", "نور البصرى", ["نور البصري"]),    # ى typed for ي
    ("ar", "امينة", ["أمينة كانو"]),         # ا typed for أ
    ("en", "Trainer", []),                   # only names are searched
    ("en", "hidden", []),                    # hidden people are never found
])
def test_site_search_finds_public_people_by_name(client, people, lang, query, expected):
    response = client.get(f"/{lang}/search/", {"q": query})

    assert response.status_code == 200
    assert names(response) == expected


def test_site_search_shows_projected_fields_only(client, networks):
    consented("title", name_en="Searchable Person", bio_en="Secret biography",
              email="secret@example.org", email_visibility="public")

    html = client.get("/en/search/", {"q": "searchable"}).content.decode()

    assert "Searchable Person" in html and "Trainer" in html
    assert "Secret biography" not in html and "secret@example.org" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_site_search_people_queries_are_constant(client, networks, django_assert_num_queries,
                                                 count):
    for n in range(count):
        consented(*Consent.FIELDS, name_en=f"Peace person {n}", networks=[networks["wasl"]],
                  organisation=OrganisationFactory())

    from tests.network.site.test_search import search_queries

    # As for any search (search_queries(): no person matches there), and the people
    # found: 1. the page, 2. consents, 3. networks, 4. organisations; but no
    # organisation matches, so no rows for them (-2) and every name is read for a typo
    # (+1).
    for _ in range(2):
        with django_assert_num_queries(search_queries() - 2 + 1 + 4):
            response = client.get("/en/search/", {"q": "peace person"})
    assert len(names(response)) == count


# Sample people ------------------------------------------------------------------------------

def _load_samples(**options):
    out = StringIO()
    call_command("load_sample_directory", stdout=out, count=60, **options)
    return out.getvalue()


def test_sample_people_cover_every_consent_state(networks):
    _load_samples()

    people = Person.objects.filter(is_sample=True)
    public = project_all(public_people())
    assert people.count() == len(PEOPLE) == 24
    assert all(person.slug.startswith("sample-person-") for person in people)
    assert len(public) == 16
    assert all(person.is_sample for person in public)
    assert people.filter(consents__isnull=True).count() == 2
    assert people.filter(consents__withdrawn_at__isnull=False).count() == 2
    assert {p.visibility for p in people} == {"public", "members", "staff"}
    assert any(p.email and p.phone for p in public)
    assert any(p.has_city for p in public) and any(not p.has_city for p in public)
    assert any(p.organisation for p in public)
    assert {network.slug for p in public for network in p.networks} == {"wasl", "icssi"}
    assert all(p.email == "" or p.email.endswith("@example.org") for p in people)


def test_sample_people_load_once_and_clear_with_the_organisations(networks):
    first = _load_samples()
    before = sorted(Person.objects.values_list("slug", "name_ar", "name_en", "phone"))

    again = _load_samples()
    assert "Created" in first and "Created" not in again
    assert sorted(Person.objects.values_list("slug", "name_ar", "name_en", "phone")) == before

    real = consented(name_en="A real person")
    _load_samples(clear=True)

    assert sorted(Person.objects.filter(is_sample=True).values_list(
        "slug", "name_ar", "name_en", "phone")) == before
    assert Person.objects.filter(pk=real.pk).exists()
    assert Consent.objects.filter(person=real).exists()
