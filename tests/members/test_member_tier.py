"""The "network members" tier: a signed-in member of a network sees what is shown to that
network's members on its organisations and people — on profiles, the directory, the
people pages and the site search — and nothing of another network's member tier, nor any
staff-only field; pages drawn for her are private; the API and downloads stay public."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Consent, Membership
from tests.factories import ConsentFactory, OrganisationFactory
from tests.factories import PublicPersonFactory as PersonFactory

pytestmark = pytest.mark.django_db

ALL_COVERED = {f"show_{name}": True for name in Consent.FIELDS}


@pytest.fixture
def world(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    world = {"wasl": wasl, "icssi": icssi}
    for key, network in (("wasl", wasl), ("icssi", icssi)):
        label = key.upper()
        world[f"{key}_org"] = OrganisationFactory(
            slug=f"{key}-org", name_en=f"{label} Org", networks=[network],
            email=f"{key}-members@example.org", email_visibility="members",
            phone=f"+964 770 {label}", phone_visibility="staff",
            address=f"{label} Public Street", address_visibility="public",
            social_links=f"https://example.org/{key}-members-social",
            social_visibility="members")
        world[f"{key}_closed"] = OrganisationFactory(
            slug=f"{key}-closed", name_en=f"{label} Closed Circle", networks=[network],
            visibility="members")
        person = PersonFactory(
            slug=f"{key}-person", name_en=f"{label} Activist", networks=[network],
            email=f"{key}-activist@example.org", email_visibility="members",
            phone=f"+964 771 {label}", phone_visibility="staff",
            social_handles=f"https://example.org/@{key}-public", social_visibility="public")
        ConsentFactory(person=person, **ALL_COVERED)
        world[f"{key}_person"] = person
        hidden = PersonFactory(slug=f"{key}-quiet", name_en=f"{label} Quiet",
                               networks=[network], visibility="members")
        ConsentFactory(person=hidden)
        # No consent: never shown, whoever looks.
        PersonFactory(slug=f"{key}-unconsented", name_en=f"{label} Unconsented",
                      networks=[network], visibility="members")
    world["staff_org"] = OrganisationFactory(slug="staff-org", name_en="Staff Only Org",
                                             networks=[wasl, icssi], visibility="staff")
    return world


def manager_of(*organisations, email="manager@example.org"):
    user = get_user_model().objects.create_user(email, email, "a long pass phrase 42")
    for organisation in organisations:
        organisation.managers.add(user)
    return user


@pytest.fixture
def viewers(world):
    """Signed-in viewers: a member of WASL (a manager), of ICSSI (a listed person), and
    of both (a manager of an organisation in each)."""
    wasl_member = manager_of(OrganisationFactory(networks=[world["wasl"]]),
                             email="wasl@example.org")
    icssi_member = get_user_model().objects.create_user("icssi@example.org",
                                                        "icssi@example.org", "x")
    listed = PersonFactory(networks=[world["icssi"]])
    listed.account = icssi_member
    listed.save()
    both = manager_of(OrganisationFactory(networks=[world["wasl"]]),
                      OrganisationFactory(networks=[world["icssi"]]), email="both@example.org")
    return {"wasl": wasl_member, "icssi": icssi_member, "both": both}


def page(client, url, user=None):
    for cache in caches.all():
        cache.clear()
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


SECRETS = {
    "wasl": ["wasl-members@example.org", "wasl-members-social", "WASL Closed Circle",
             "wasl-activist@example.org", "WASL Quiet"],
    "icssi": ["icssi-members@example.org", "icssi-members-social", "ICSSI Closed Circle",
              "icssi-activist@example.org", "ICSSI Quiet"],
}
NEVER = ["+964 770 WASL", "+964 770 ICSSI", "+964 771 WASL", "+964 771 ICSSI",
         "Staff Only Org", "WASL Unconsented", "ICSSI Unconsented"]


def pages():
    return ["/en/members/wasl-org/", "/en/members/icssi-org/", "/en/members/",
            "/en/members/?network=wasl", "/en/members/?q=closed", "/en/people/",
            "/en/people/wasl-person/", "/en/people/icssi-person/", "/en/search/?q=closed",
            "/en/search/?q=quiet", "/ar/members/", "/ar/people/"]


@pytest.mark.parametrize("who, sees", [
    (None, ()), ("wasl", ("wasl",)), ("icssi", ("icssi",)), ("both", ("wasl", "icssi")),
])
def test_each_viewer_sees_her_networks_member_tier_and_nothing_else(client, world, viewers,
                                                                    who, sees):
    user = viewers[who] if who else None
    seen = ""
    for url in pages():
        response, text = page(client, url, user)
        assert response.status_code == 200, url
        for network in ("wasl", "icssi"):
            if network not in sees:
                leaked = [value for value in SECRETS[network] if value in text]
                assert leaked == [], (url, leaked)
        assert [value for value in NEVER if value in text] == [], url
        seen += text
    for network in sees:
        # The positive side: each of her networks' member-tier values shows somewhere.
        assert [value for value in SECRETS[network] if value not in seen] == []


@pytest.mark.parametrize("who", ["wasl", "icssi"])
def test_a_member_tier_profile_is_found_by_its_members_only(client, world, viewers, who):
    other = "icssi" if who == "wasl" else "wasl"

    assert page(client, f"/ar/members/{who}-closed/", viewers[who])[0].status_code == 200
    assert page(client, f"/ar/members/{other}-closed/", viewers[who])[0].status_code == 404
    assert page(client, f"/ar/members/{who}-closed/")[0].status_code == 404
    assert page(client, f"/en/people/{who}-quiet/", viewers[who])[0].status_code == 200
    assert page(client, f"/en/people/{other}-quiet/", viewers[who])[0].status_code == 404
    assert page(client, f"/en/people/{who}-quiet/")[0].status_code == 404
    assert page(client, "/en/members/staff-org/", viewers["both"])[0].status_code == 404
    assert page(client, f"/en/people/{who}-unconsented/", viewers[who])[0].status_code == 404


def test_pages_drawn_for_a_member_are_private_and_say_so(client, world, viewers):
    response, text = page(client, "/ar/members/wasl-org/", viewers["wasl"])

    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "wasl-members@example.org" in text
    assert "تعرض هذه الصفحة تفاصيل لا يراها إلا أعضاء الشبكة" in text
    # Structured data is for search engines: public only, so none on a member's page.
    assert "application/ld+json" not in text

    response, text = page(client, "/ar/members/wasl-org/")
    assert "wasl-members@example.org" not in text
    assert "تعرض هذه الصفحة تفاصيل لا يراها إلا أعضاء الشبكة" not in text
    assert "private" not in response.get("Cache-Control", "")
    assert "application/ld+json" in text


def test_the_notice_is_in_english_on_english_pages(client, world, viewers):
    _response, text = page(client, "/en/people/wasl-person/", viewers["wasl"])
    assert "wasl-activist@example.org" in text
    assert "this page shows details that only the network's members see" in text

    # A page with nothing of the member tier carries no notice.
    _response, text = page(client, "/en/people/icssi-person/", viewers["wasl"])
    assert "only the network's members see" not in text


def test_the_directory_marks_and_counts_member_tier_organisations(client, world, viewers):
    _response, text = page(client, "/en/members/?network=wasl", viewers["wasl"])
    assert "WASL Closed Circle" in text
    assert "network members only" in text
    _response, public = page(client, "/en/members/?network=wasl")
    assert "WASL Closed Circle" not in public
    # The result count follows what each one sees (one more for the member).
    assert text.count('class="org"') == public.count('class="org"') + 1


def test_an_ended_membership_gives_no_member_tier(client, world):
    organisation = OrganisationFactory(networks=[world["wasl"]])
    Membership.objects.filter(organisation=organisation).update(
        since=2010, until=datetime.date.today().year - 1)
    former = manager_of(organisation, email="former@example.org")

    _response, text = page(client, "/en/members/wasl-org/", former)
    assert "wasl-members@example.org" not in text
    assert page(client, "/en/members/wasl-closed/", former)[0].status_code == 404


def test_a_curator_sees_the_member_tier_of_the_networks_she_curates(client, world,
                                                                     make_staff, admin_login):
    curator = make_staff("network curator", networks=[world["wasl"]])
    # Her password alone (no second factor yet) shows nothing beyond the public tier.
    _response, text = page(client, "/en/members/wasl-org/", curator)
    assert "wasl-members@example.org" not in text

    for cache in caches.all():
        cache.clear()
    admin_login(curator)
    text = client.get("/en/members/wasl-org/").content.decode()
    assert "wasl-members@example.org" in text
    assert "+964 770 WASL" not in text  # staff-only fields stay in the admin
    text = client.get("/en/members/icssi-org/").content.decode()
    assert "icssi-members@example.org" not in text


def test_the_api_and_downloads_stay_public_for_a_member(client, world, viewers):
    _response, text = page(client, "/api/v1/organisations/wasl-org", viewers["wasl"])
    assert "wasl-members@example.org" not in text
    assert page(client, "/api/v1/organisations/wasl-closed", viewers["wasl"])[0].status_code == 404
    for url in ("/en/members/download.csv", "/en/members/download.json"):
        _response, text = page(client, url, viewers["both"])
        assert "Closed Circle" not in text and "members@example.org" not in text


def test_a_members_page_is_not_served_to_the_next_anonymous_visitor(client, world, viewers):
    for cache in caches.all():
        cache.clear()
    client.force_login(viewers["wasl"])
    assert "wasl-members@example.org" in client.get("/en/members/wasl-org/").content.decode()
    client.logout()

    text = client.get("/en/members/wasl-org/").content.decode()

    assert "wasl-members@example.org" not in text


@pytest.mark.parametrize("url", ["/en/members/", "/en/members/wasl-org/", "/en/people/",
                                 "/en/search/?q=org"])
def test_a_members_pages_read_as_many_queries_at_any_size(client, world, viewers, url):
    def queries():
        for cache in caches.all():
            cache.clear()
        client.get(url)  # the facet counts are built once per content change
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(viewers["wasl"])
    before = queries()
    for n in range(4):
        OrganisationFactory(name_en=f"More org {n}", networks=[world["wasl"]],
                            visibility="members" if n % 2 else "public")
        person = PersonFactory(name_en=f"More person {n}", networks=[world["wasl"]],
                               visibility="members")
        ConsentFactory(person=person)

    assert queries() == before


def test_an_organisation_that_left_the_network_is_not_in_its_member_tier(client, world,
                                                                       viewers):
    Membership.objects.filter(organisation=world["wasl_closed"]).update(
        since=2010, until=datetime.date.today().year - 1)
    Membership.objects.filter(organisation=world["wasl_org"]).update(
        since=2010, until=datetime.date.today().year - 1)

    assert page(client, "/en/members/wasl-closed/", viewers["wasl"])[0].status_code == 404
    _response, text = page(client, "/en/members/wasl-org/", viewers["wasl"])
    assert "wasl-members@example.org" not in text
