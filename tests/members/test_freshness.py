"""Freshness: a curator confirms records as checked; a manager checks in ("still right")
from her account or the yearly mail's signed link, and a curator approves it; the public
profile says when it was last checked; curators find what was not checked for a year."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from members.freshness import send_checkin_requests
from members.models import Organisation, Proposal
from tests.factories import ConsentFactory, OrganisationFactory, PublicPersonFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
LINK = re.compile(r"https://directory\.example\.org(/(?:ar|en)/account/organisations/amal/"
                  r"confirm/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://directory.example.org"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def amal(networks):
    return OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal Organisation",
                               networks=[networks["wasl"]])


@pytest.fixture
def theirs(networks):
    return OrganisationFactory(slug="furat", networks=[networks["icssi"]])


@pytest.fixture
def manager(amal):
    user = User.objects.create_user("huda@example.org", "huda@example.org", "x")
    amal.managers.add(user)
    return user


@pytest.fixture
def curator(wasl_curator):
    return wasl_curator


def reload(organisation):
    return Organisation.objects.get(pk=organisation.pk)


def test_a_curator_confirms_her_records_as_checked_today(amal, theirs, curator, admin_login):
    client = admin_login(curator)

    response = client.post("/admin/members/organisation/", {
        "action": "confirm_checked", "_selected_action": [amal.pk, theirs.pk]})

    assert response.status_code == 302
    amal = reload(amal)
    assert amal.assured_date == timezone.localdate() and amal.assured_by == curator
    revision = amal.revisions.first()
    assert revision.history_user == curator
    assert revision.history_change_reason == "راجعها أحد القيّمين"  # the admin's Arabic
    # Another network's record is out of her queryset: untouched.
    assert reload(theirs).assured_date is None
    public = Client().get("/en/members/amal/").content.decode()
    assert "Last checked" in public
    api = Client().get("/api/v1/organisations/amal").json()
    assert api["assured_date"] == timezone.localdate().isoformat()


def test_curators_find_records_not_checked_for_a_year(amal, theirs, curator, admin_login):
    OrganisationFactory(slug="fresh", name_en="Fresh", name_ar="طازجة",
                        networks=[curator.curated_networks.get()])
    Organisation.objects.filter(slug="fresh").update(assured_date=timezone.localdate())
    Organisation.objects.filter(pk=amal.pk).update(
        assured_date=timezone.localdate() - datetime.timedelta(days=400))
    client = admin_login(curator)

    stale = client.get("/admin/members/organisation/?checked=stale").content.decode()
    recent = client.get("/admin/members/organisation/?checked=recent").content.decode()

    assert "منظمة الأمل" in stale and "طازجة" not in stale
    assert "طازجة" in recent and "منظمة الأمل" not in recent


def test_a_manager_checks_in_and_a_curator_approves(amal, manager, curator, admin_login):
    own = Client()
    own.force_login(manager)
    assert "Confirm it is still right" in own.get("/en/account/").content.decode()
    page = own.get("/en/account/organisations/amal/confirm/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]

    own.post("/en/account/organisations/amal/confirm/")
    own.post("/en/account/organisations/amal/confirm/")  # twice: one check-in

    proposal = Proposal.objects.get()
    assert proposal.is_checkin and proposal.is_pending and proposal.proposed_by == manager
    (told,) = mail.outbox
    assert told.to == ["curator@wasl.example.org"]
    assert "منظمة الأمل" in told.body and "لا يزال صحيحًا" in told.body
    assert reload(amal).assured_date is None  # not before a curator approves

    mail.outbox.clear()
    client = admin_login(curator)
    review = client.get(f"/admin/members/proposal/{proposal.pk}/change/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', review).group(1)
    response = client.post(f"/admin/members/proposal/{proposal.pk}/change/",
                           {"version": version, "approve": "1"})

    assert response.status_code == 302
    amal = reload(amal)
    assert amal.assured_date == timezone.localdate() and amal.assured_by == curator
    proposal.refresh_from_db()
    assert proposal.state == "approved"
    assert [message.to for message in mail.outbox] == [["huda@example.org"]]
    assert "Last checked" in Client().get("/en/members/amal/").content.decode()


def test_the_yearly_mail_links_a_one_click_confirmation(amal, manager, curator):
    Organisation.objects.filter(pk=amal.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=500))
    fresh = OrganisationFactory(slug="fresh", networks=[curator.curated_networks.get()])
    fresh.managers.add(User.objects.create_user("new@example.org", "new@example.org", "x"))

    assert send_checkin_requests() == 1
    (message,) = mail.outbox
    assert message.to == ["huda@example.org"]
    assert "/ar/account/organisations/amal/edit/" in message.body
    path = LINK.search(message.body).group(1)

    # No sign-in needed: the signed link opens one button.
    browser = Client()
    page = browser.get(path)
    assert page.status_code == 200
    browser.post(path)
    assert Proposal.objects.get().proposed_by == manager

    mail.outbox.clear()
    assert send_checkin_requests() == 0  # asked once a year
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["forged", "a" * 300])
def test_a_bad_or_foreign_link_confirms_nothing(amal, manager, theirs, token):
    response = Client().post(f"/en/account/organisations/amal/confirm/{token}/")
    assert response.status_code == 410
    assert not Proposal.objects.exists()


def test_a_link_for_one_organisation_does_not_confirm_another(amal, manager, theirs):
    from members.freshness import checkin_token

    token = checkin_token(amal, manager)
    response = Client().post(f"/en/account/organisations/{theirs.slug}/confirm/{token}/")
    assert response.status_code == 410
    # A manager no longer managing it: the link stops working.
    amal.managers.remove(manager)
    response = Client().post(f"/en/account/organisations/amal/confirm/{token}/")
    assert response.status_code == 410
    assert not Proposal.objects.exists()


def test_only_her_organisations_from_the_account(amal, theirs, manager, client):
    own = Client()
    own.force_login(manager)
    assert own.post(f"/en/account/organisations/{theirs.slug}/confirm/").status_code == 404
    response = client.get("/en/account/organisations/amal/confirm/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not Proposal.objects.exists()


def test_a_persons_profile_says_when_a_curator_last_checked_it(networks, curator,
                                                                admin_login):
    person = PublicPersonFactory(slug="hana", networks=[networks["wasl"]])
    ConsentFactory(person=person)
    assert "Last checked" not in Client().get("/en/people/hana/").content.decode()

    response = admin_login(curator).post("/admin/members/person/", {
        "action": "confirm_checked", "_selected_action": [person.pk]})

    assert response.status_code == 302
    today = timezone.localdate()
    english = Client().get("/en/people/hana/").content.decode()
    assert f'<time datetime="{today:%Y-%m-%d}">' in english.split("Last checked")[1]
    assert "آخر مراجعة" in Client().get("/ar/people/hana/").content.decode()
