"""A listed person with an account: she sees what the public sees of her, downloads her
record, and withdraws her consent in one step — at once, everywhere, recorded as hers."""

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from members.accounts import send_listing_link
from members.models import Consent, ListingLink, Person
from tests.factories import ConsentFactory, OrganisationFactory
from tests.factories import PublicPersonFactory as PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(networks):
    user = get_user_model().objects.create_user("salma@example.org", "salma@example.org", "x")
    person = PersonFactory(slug="salma", name_en="Salma Listed", name_ar="سلمى المدرجة",
                           networks=[networks["wasl"]], email="salma-own@example.org",
                           email_visibility="public", phone="+964 770 000 9999",
                           phone_visibility="staff", account=user,
                           organisation=OrganisationFactory(slug="amal"))
    ConsentFactory(person=person, show_email=True, show_phone=True,
                   notes="Staff remark: call before visiting.")
    return user, person


def test_the_account_page_shows_what_the_public_sees_of_her(client, listed):
    user, _person = listed
    client.force_login(user)

    text = client.get("/en/account/").content.decode()

    assert "What the public sees of you" in text
    assert "salma-own@example.org" in text
    # Her phone is for the staff only: the public does not see it, so neither does this.
    assert "+964 770 000 9999" not in text
    arabic = client.get("/ar/account/").content.decode()
    assert "ما يراه الجمهور عنك" in arabic and "سلمى المدرجة" in arabic


def test_she_downloads_her_record_without_the_staff_notes(client, listed):
    user, person = listed
    client.force_login(user)

    response = client.get("/ar/account/listing.json")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="salma.json"'
    assert "no-store" in response["Cache-Control"]
    record = json.loads(response.content)
    assert record["name_ar"] == "سلمى المدرجة"
    assert record["phone"] == "+964 770 000 9999"  # hers, stored: she may see it
    assert record["visibility"]["phone_visibility"] == "staff"
    assert record["consents"][0]["covers"] == ["email", "phone"]
    assert record["public_record"]["email"] == "salma-own@example.org"
    assert record["public_record"]["phone"] == ""
    assert "Staff remark" not in response.content.decode()


def test_withdrawing_takes_her_off_every_page_at_once(client, listed):
    user, person = listed
    # Anonymous visitors first: her profile is public, and the page cache keeps it.
    assert client.get("/en/people/salma/").status_code == 200
    assert "Salma Listed" in client.get("/en/people/").content.decode()
    client.force_login(user)

    confirm = client.get("/en/account/listing/withdraw/")
    assert confirm.status_code == 200
    assert Consent.objects.active().filter(person=person).exists()  # GET changes nothing
    response = client.post("/en/account/listing/withdraw/")

    assert response.status_code == 302 and response["Location"] == "/en/account/listing/"
    consent = Consent.objects.get(person=person)
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_recorded_by == user
    assert consent.revisions.first().history_user == user
    assert "no longer shown on any page" in client.get("/en/account/").content.decode()
    client.logout()
    assert client.get("/en/people/salma/").status_code == 404
    assert "Salma Listed" not in client.get("/en/people/").content.decode()
    assert "Salma Listed" not in client.get("/en/search/?q=salma").content.decode()


def test_withdrawing_again_changes_nothing(client, listed):
    user, person = listed
    client.force_login(user)
    client.post("/en/account/listing/withdraw/")
    first = Consent.objects.get(person=person).withdrawn_at

    page = client.get("/ar/account/listing/withdraw/").content.decode()
    client.post("/en/account/listing/withdraw/")

    assert "لا توجد موافقة سارية منك" in page
    assert Consent.objects.get(person=person).withdrawn_at == first


@pytest.mark.parametrize("url", ["/en/account/listing.json", "/en/account/listing/withdraw/"])
def test_an_account_without_a_listing_gets_404_and_anonymous_visitors_sign_in(client, listed,
                                                                            url):
    other = get_user_model().objects.create_user("other@example.org", "other@example.org", "x")

    assert client.get(url).status_code == 302
    assert client.post(url).status_code == 302
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Consent.objects.active().count() == 1


# A link to her listing, without an account ----------------------------------------------

@pytest.fixture
def unlinked(networks):
    person = PersonFactory(slug="nour", name_en="Nour Unlinked", name_ar="نور",
                           networks=[networks["wasl"]], email="nour@example.org",
                           email_visibility="public")
    ConsentFactory(person=person, show_email=True)
    return person


def _link_from_mail(mailoutbox):
    [message] = mailoutbox
    return re.search(r"https?://\S+/account/listing/open/\S+/", message.body)[0]


def test_a_curator_sends_the_link_in_the_language_she_chooses(client, unlinked, make_staff,
                                                            admin_login, networks,
                                                            mailoutbox):
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    url = f"/admin/members/person/{unlinked.pk}/listing-link/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "ar"})

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == ["nour@example.org"]
    assert "إدراجك" in message.subject
    link = ListingLink.objects.get()
    assert link.sent_by is not None and link.language == "ar" and link.used_at is None
    # Only the hash is stored: the token in the mail is not in the database.
    token = _link_from_mail(mailoutbox).rstrip("/").rsplit("/", 1)[1]
    assert token not in link.token_hash


def test_another_networks_curator_cannot_send_it(client, unlinked, make_staff, admin_login,
                                                 networks, mailoutbox):
    admin_login(make_staff("network curator", networks=[networks["icssi"]]))

    response = client.post(f"/admin/members/person/{unlinked.pk}/listing-link/",
                           {"language": "en"})

    assert response.status_code == 404
    assert not ListingLink.objects.exists() and mailoutbox == []


def test_no_link_without_a_recorded_address(client, unlinked, make_staff, admin_login,
                                            networks, mailoutbox):
    Person.objects.filter(pk=unlinked.pk).update(email="")
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    response = client.post(f"/admin/members/person/{unlinked.pk}/listing-link/",
                           {"language": "en"})

    assert response.status_code == 400
    # The admin speaks Arabic by default.
    assert "لا يوجد عنوان بريد إلكتروني مسجَّل لهذا الشخص" in response.content.decode()
    assert not ListingLink.objects.exists() and mailoutbox == []


def test_the_link_opens_her_listing_once_and_she_withdraws(client, unlinked, mailoutbox,
                                                          rf):
    send_listing_link(unlinked, language="en", sent_by=get_user_model().objects.create_user(
        "curator"), request=rf.get("/"))
    url = _link_from_mail(mailoutbox).replace("http://testserver", "")

    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/en/account/listing/"
    page = client.get("/en/account/listing/").content.decode()
    assert "nour@example.org" in page and "What the public sees of you" in page
    record = client.get("/en/account/listing.json").json()
    assert record["slug"] == "nour"

    client.post("/en/account/listing/withdraw/")

    consent = Consent.objects.get(person=unlinked)
    assert consent.withdrawn_at is not None and consent.withdrawn_recorded_by is None
    client.cookies.clear()
    assert client.get("/en/people/nour/").status_code == 404
    # Opened once: a second browser gets a clear refusal in its language.
    response = client.get(url.replace("/en/", "/ar/"))
    assert response.status_code == 410
    assert "فُتح هذا الرابط من قبل" in response.content.decode()
    assert client.get("/en/account/listing/").status_code == 302


def test_an_expired_or_unknown_link_opens_nothing(client, unlinked, mailoutbox, rf):
    send_listing_link(unlinked, language="en", sent_by=None, request=rf.get("/"))
    url = _link_from_mail(mailoutbox).replace("http://testserver", "")
    ListingLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get(url).status_code == 410
    assert client.get("/en/account/listing/open/not-a-token/").status_code == 404
    assert client.get("/en/account/listing/").status_code == 302
    assert ListingLink.objects.get().used_at is None


def test_the_opened_listing_closes_after_its_minutes(client, unlinked, mailoutbox, rf,
                                                     settings):
    send_listing_link(unlinked, language="en", sent_by=None, request=rf.get("/"))
    settings.LISTING_LINK_MINUTES = -1  # already over when it opens

    client.get(_link_from_mail(mailoutbox).replace("http://testserver", ""))

    assert client.get("/en/account/listing/").status_code == 302
    assert client.post("/en/account/listing/withdraw/").status_code == 302
    assert Consent.objects.active().filter(person=unlinked).exists()
