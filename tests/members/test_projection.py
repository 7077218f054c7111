"""The public projection (members/projection.py): what anonymous visitors may see."""

import datetime

import pytest

from members.models import Consent, Organisation, Person
from members.projection import (
    ORGANISATION_RECORD_FIELDS,
    PERSON_RECORD_FIELDS,
    PublicContacts,
    organisation_contacts,
    project,
    project_all,
    public_organisation_record,
    public_organisations,
    public_people,
    public_person,
    public_person_record,
    tel_href,
)
from tests.factories import ConsentFactory, OrganisationFactory
from tests.factories import PublicPersonFactory as PersonFactory

TODAY = datetime.date(2025, 6, 1)


def consented(*fields, **person_fields):
    """A person with a consent in force covering ``fields``."""
    person = PersonFactory(**person_fields)
    ConsentFactory(person=person, **{f"show_{name}": True for name in fields})
    return person


def projected(person, today=None):
    return public_person(person.slug, today)


# Who is public ----------------------------------------------------------------------------

def test_person_with_consent_shows_name_country_networks_only(networks):
    person = consented(networks=[networks["wasl"]], organisation=OrganisationFactory())

    public = projected(person)

    assert (public.slug, public.name_ar, public.name_en) == (person.slug, person.name_ar,
                                                             person.name_en)
    assert public.country.code == "IQ"
    assert public.networks == [networks["wasl"]]
    assert public.url.endswith(f"/people/{person.slug}/")
    for hidden in ("title_ar", "title_en", "bio_ar", "bio_en", "city_ar", "city_en", "email",
                   "phone"):
        assert getattr(public, hidden) == "", hidden
    assert public.organisation is None
    assert public.social == []


@pytest.mark.django_db
def test_person_without_consent_is_not_public():
    person = PersonFactory()

    assert projected(person) is None
    assert list(Person.objects.public()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["members", "staff"])
def test_person_with_a_non_public_profile_is_not_public(visibility):
    person = consented(*Consent.FIELDS, visibility=visibility)

    assert projected(person) is None


@pytest.mark.django_db
def test_withdrawn_consent_hides_at_once():
    person = consented("title")
    assert projected(person) is not None

    Consent.objects.get(person=person).withdraw(by=None)

    assert projected(person) is None


@pytest.mark.django_db
@pytest.mark.parametrize("given_on,review_on,public", [
    (datetime.date(2024, 1, 1), datetime.date(2025, 5, 31), False),   # lapsed yesterday
    (datetime.date(2024, 1, 1), TODAY, True),                         # last day in force
    (TODAY, datetime.date(2026, 1, 1), True),                         # given today
    (datetime.date(2025, 6, 2), datetime.date(2026, 1, 1), False),    # not yet given
])
def test_consent_counts_between_given_and_review_dates(given_on, review_on, public):
    person = PersonFactory()
    ConsentFactory(person=person, given_on=given_on, review_on=review_on, show_title=True)

    assert (projected(person, today=TODAY) is not None) is public


@pytest.mark.django_db
def test_the_newest_consent_in_force_decides():
    person = PersonFactory()
    ConsentFactory(person=person, given_on=datetime.date(2024, 1, 1), show_title=True,
                   show_bio=True)
    ConsentFactory(person=person, given_on=datetime.date(2025, 1, 1), show_title=True)

    public = projected(person)

    assert public.title_en == "Trainer"
    assert public.bio_en == ""


# Which fields ------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "bio"])
def test_text_field_shows_only_when_covered(field):
    shown = projected(consented(field))
    hidden = projected(consented(*[name for name in Consent.FIELDS if name != field]))

    assert (getattr(shown, f"{field}_ar"), getattr(shown, f"{field}_en")) != ("", "")
    assert (getattr(hidden, f"{field}_ar"), getattr(hidden, f"{field}_en")) == ("", "")


@pytest.mark.django_db
@pytest.mark.parametrize("covered,location,shown", [
    (True, "city", True),
    (True, "country", False),
    (False, "city", False),
    (False, "country", False),
])
def test_city_needs_the_consent_and_a_city_level_location(covered, location, shown):
    person = consented(*(["city"] if covered else []), location_shown=location)

    public = projected(person)

    assert (public.city_ar, public.city_en) == (("البصرة", "Basra") if shown else ("", ""))
    assert public.has_city is shown


@pytest.mark.django_db
@pytest.mark.parametrize("covered,organisation,shown", [
    (True, {}, True),
    (False, {}, False),
    (True, {"status": "draft"}, False),
    (True, {"status": "archived"}, False),
    (True, {"visibility": "members"}, False),
    (True, {"visibility": "staff"}, False),
])
def test_organisation_needs_the_consent_and_a_public_organisation(covered, organisation,
                                                                  shown):
    organisation = OrganisationFactory(**organisation)
    person = consented(*(["organisation"] if covered else []), organisation=organisation)

    public = projected(person)

    if shown:
        assert public.organisation.slug == organisation.slug
        assert public.organisation.name_en == organisation.name_en
        assert public.organisation.url.endswith(f"/members/{organisation.slug}/")
    else:
        assert public.organisation is None


@pytest.mark.django_db
@pytest.mark.parametrize("field,attribute,value", [
    ("email", "email", "activist@example.org"),
    ("phone", "phone", "+964 770 000 1234"),
    ("social", "social", ["https://example.org/@activist", "@activist"]),
])
@pytest.mark.parametrize("visibility", ["public", "members", "staff"])
@pytest.mark.parametrize("covered", [True, False])
def test_contact_needs_the_consent_and_a_public_visibility(field, attribute, value,
                                                          visibility, covered):
    person = consented(*([field] if covered else []), email="activist@example.org",
                       **{f"{field}_visibility": visibility})

    public = projected(person)

    empty = [] if field == "social" else ""
    expected = value if covered and visibility == "public" else empty
    assert getattr(public, attribute) == expected


@pytest.mark.django_db
def test_social_handles_link_only_web_addresses():
    person = consented("social", social_visibility="public",
                       social_handles="https://example.org/@a\n@a\njavascript:alert(1)\n")

    assert projected(person).social_links == [
        ("https://example.org/@a", "https://example.org/@a"), ("@a", ""),
        ("javascript:alert(1)", "")]


def test_tel_href_keeps_digits_and_plus():
    assert tel_href("+964 (770) 000-1234") == "tel:+9647700001234"
    assert tel_href("n/a") == ""


@pytest.mark.django_db
def test_project_needs_the_prefetches_of_public_people():
    person = consented("title")

    with pytest.raises(ValueError):
        project(Person.objects.get(pk=person.pk))


@pytest.mark.django_db
def test_project_all_drops_rows_that_may_not_be_shown():
    shown = consented("title")
    hidden = consented("title")
    rows = list(public_people())
    hidden_row = next(row for row in rows if row.pk == hidden.pk)
    # A row whose profile became hidden after it was read is dropped, not shown.
    hidden_row.visibility = "staff"

    assert [person.slug for person in project_all(rows)] == [shown.slug]


# Records for exports and the API ---------------------------------------------------------

@pytest.mark.django_db
def test_person_record_has_exactly_the_public_fields(networks):
    organisation = OrganisationFactory(slug="basra-league")
    person = consented("title", "organisation", "email", slug="noor", name_ar="نور",
                       name_en="Noor", organisation=organisation, email_visibility="public",
                       phone_visibility="public", social_visibility="public",
                       networks=[networks["icssi"], networks["wasl"]], is_sample=True)

    record = public_person_record(projected(person))

    assert tuple(record) == PERSON_RECORD_FIELDS
    assert record == {
        "slug": "noor", "url_ar": "/ar/people/noor/", "url_en": "/en/people/noor/",
        "name_ar": "نور", "name_en": "Noor", "country": "IQ", "city_ar": "", "city_en": "",
        "title_ar": "مدرّبة", "title_en": "Trainer", "bio_ar": "", "bio_en": "",
        "organisation": "basra-league", "email": person.email, "phone": "", "social": [],
        "networks": ["wasl", "icssi"],
        "is_sample": True,
    }


@pytest.mark.django_db
def test_person_record_from_a_row_of_public_people():
    person = consented("bio")

    record = public_person_record(public_people().get(pk=person.pk))

    assert record["bio_en"] == "A short biography."
    assert record["title_en"] == ""


@pytest.mark.django_db
def test_person_record_refuses_a_row_fetched_around_the_projection():
    person = consented("bio")

    with pytest.raises(ValueError):
        public_person_record(Person.objects.get(pk=person.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["public", "members", "staff"])
def test_organisation_contacts_follow_each_visibility(visibility):
    organisation = OrganisationFactory(
        email="office@example.org", phone="+964 770 000 5555", address="1 Example Street",
        social_links="https://example.org/office", email_visibility=visibility,
        phone_visibility=visibility, address_visibility=visibility,
        social_visibility=visibility)

    contacts = organisation_contacts(organisation)

    if visibility == "public":
        assert contacts == PublicContacts(
            email="office@example.org", phone="+964 770 000 5555",
            address="1 Example Street", social=["https://example.org/office"])
        assert contacts.phone_href == "tel:+9647700005555"
    else:
        assert contacts == PublicContacts()
        assert not contacts


@pytest.mark.django_db
def test_organisation_contacts_mix_levels_field_by_field():
    organisation = OrganisationFactory(
        email="office@example.org", phone="+964 770 000 5555", address="1 Example Street",
        email_visibility="public", phone_visibility="members", address_visibility="public",
        social_visibility="staff", social_links="https://example.org/office")

    assert organisation_contacts(organisation) == PublicContacts(
        email="office@example.org", address="1 Example Street")


@pytest.mark.django_db
def test_organisation_record_has_exactly_the_public_fields(networks):
    OrganisationFactory(
        slug="league", name_ar="رابطة", name_en="League", acronym="BWL", governorate="IQ-BA",
        city_ar="البصرة", city_en="Basra", founded_year=2004, languages="ar,en",
        website="https://example.org/league", email="office@example.org",
        email_visibility="public", phone="+964 770 000 5555", phone_visibility="staff",
        address="1 Example Street", address_visibility="members",
        social_links="https://example.org/league-social", social_visibility="public",
        networks=[networks["icssi"]])

    record = public_organisation_record(public_organisations().get(slug="league"))

    assert tuple(record) == ORGANISATION_RECORD_FIELDS
    assert record == {
        "slug": "league", "url_ar": "/ar/members/league/", "url_en": "/en/members/league/",
        "name_ar": "رابطة", "name_en": "League", "acronym": "BWL", "kind": "ngo",
        "women_led": False, "country": "IQ", "governorate": "IQ-BA", "city_ar": "البصرة",
        "city_en": "Basra", "founded_year": 2004, "website": "https://example.org/league",
        "description_ar": "وصف المنظمة.", "description_en": "What the organisation does.",
        "languages": ["ar", "en"],
        "networks": [{"network": "icssi", "role": "member", "since": None, "until": None}],
        "tracks": [], "email": "office@example.org", "phone": "", "address": "",
        "social": ["https://example.org/league-social"], "assured_date": None,
        "is_sample": False,
    }


@pytest.mark.django_db
def test_organisation_record_refuses_a_row_fetched_around_the_projection():
    organisation = OrganisationFactory(status="draft")

    with pytest.raises(ValueError):
        public_organisation_record(Organisation.objects.get(pk=organisation.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [{"status": "draft"}, {"status": "archived"},
                                     {"visibility": "members"}, {"visibility": "staff"}])
def test_public_organisations_excludes_hidden_ones(changes):
    OrganisationFactory(**changes)

    assert list(public_organisations()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_public_people_queries_are_constant(django_assert_num_queries, networks, count):
    organisation = OrganisationFactory()
    for _ in range(count):
        consented(*Consent.FIELDS, organisation=organisation,
                  networks=list(networks.values()))

    # 1. people, 2. their consents in force, 3. networks, 4. public organisations
    with django_assert_num_queries(4):
        assert len(project_all(public_people())) == count
