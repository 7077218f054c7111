"""Each member mail flow once through a real SMTP server on loopback (aiosmtpd, the
``smtp_server`` fixture): what leaves the site is a real message, in the right language,
whose link works. Nothing is sent beyond the machine."""

import datetime
import email
import email.policy
import re
from email.header import decode_header, make_header

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from members.freshness import send_checkin_requests
from members.models import Application, Consent, Invitation, Organisation, Proposal
from members.reminders import send_consent_reminders
from tests.factories import ConsentFactory, OrganisationFactory, PublicPersonFactory
from tests.members.test_applications import apply
from tests.members.test_proposals import decide, edit

pytestmark = pytest.mark.django_db
User = get_user_model()
SITE = "https://directory.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curator(wasl_curator):
    return wasl_curator


def received_by(envelopes, address):
    """The messages the SMTP server took for ``address``, parsed."""
    return [email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            for envelope in envelopes if envelope.rcpt_tos == [address]]


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def text(message):
    return message.get_body(("plain",)).get_content()


def link(message, pattern):
    """The site path of the first link in ``message`` matching ``pattern``."""
    found = re.search(re.escape(SITE) + r"(" + pattern + r")", text(message))
    assert found, text(message)
    return found.group(1)


def test_a_yearly_check_in_through_smtp(networks, curator, admin_login, smtp_server):
    amal = OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal",
                               networks=[networks["wasl"]])
    Organisation.objects.filter(pk=amal.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=500))
    manager = User.objects.create_user("huda@example.org", "huda@example.org", "x")
    amal.managers.add(manager)

    assert send_checkin_requests() == 1
    [asked] = received_by(smtp_server, "huda@example.org")
    assert "منظمة الأمل" in text(asked)
    confirm = link(asked, r"/ar/account/organisations/amal/confirm/[^/\s]+/")
    Client().post(confirm)
    proposal = Proposal.objects.get()
    [told] = received_by(smtp_server, "curator@wasl.example.org")
    assert "منظمة الأمل" in text(told)

    response = decide(admin_login(curator), proposal, approve="1")

    assert response.status_code == 302
    assert Organisation.objects.get(pk=amal.pk).assured_date == timezone.localdate()
    assert len(received_by(smtp_server, "huda@example.org")) == 2  # the answer


def test_a_consent_reminder_through_smtp(networks, curator, smtp_server):
    today = timezone.localdate()
    salma = PublicPersonFactory(slug="salma", networks=[networks["wasl"]],
                                email="salma@example.org")
    ConsentFactory(person=salma, given_on=today - datetime.timedelta(days=300),
                   review_on=today + datetime.timedelta(days=10))

    send_consent_reminders(today)

    [reminder] = received_by(smtp_server, "salma@example.org")
    assert "تجديد موافقتك أو سحبها" in subject(reminder)
    [digest] = received_by(smtp_server, "curator@wasl.example.org")
    assert salma.name_ar in text(digest)
    browser = Client()
    assert browser.get(link(reminder, r"/ar/account/listing/open/[^/\s]+/")).status_code == 302
    assert browser.post("/ar/account/listing/renew/").status_code == 302
    assert Consent.objects.get(person=salma).review_on == today + datetime.timedelta(days=365)


def test_a_join_application_through_smtp(client, networks, make_staff, admin_login,
                                         smtp_server):
    wasl = networks["wasl"]
    assert apply(client, wasl, "en").status_code == 302
    [confirm] = received_by(smtp_server, "huda@example.org")
    # In her language, the apostrophe as written (not HTML-escaped).
    assert subject(confirm).endswith("Confirm the application of Nakhla Development "
                                     "Association to join Women's Alliance for Security "
                                     "Leadership")
    path = link(confirm, r"/en/account/application/[^/\s]+/")
    assert Client().get(path).status_code == 200  # opening it confirms nothing
    assert Application.objects.get().state == "unconfirmed"
    Client().post(path)
    application = Application.objects.get()
    assert application.state == "pending"

    staff = admin_login(make_staff("network curator", networks=[wasl]))
    response = staff.post(f"/admin/members/application/{application.pk}/accept/",
                          {"publish": "on", "since": "2026"})

    assert response.status_code == 302
    invitation_mail = received_by(smtp_server, "huda@example.org")[-1]
    path = link(invitation_mail, r"/en/account/invitation/[^/\s]+/")
    assert Client().get(path).status_code == 200
    assert Invitation.objects.get().organisation == application.organisation


def test_a_profile_proposal_through_smtp(networks, curator, admin_login, smtp_server):
    amal = OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal Organisation",
                               networks=[networks["wasl"]])
    manager = User.objects.create_user("huda@example.org", "huda@example.org", "x")
    amal.managers.add(manager)
    own = Client()
    own.force_login(manager)

    edit(own, language="en", name_en="Amal Women's Organisation")

    proposal = Proposal.objects.get()
    [received] = received_by(smtp_server, "curator@wasl.example.org")
    review = link(received, r"/admin/members/proposal/\d+/change/")
    assert review == f"/admin/members/proposal/{proposal.pk}/change/"
    decide(admin_login(curator), proposal, approve="1", fields_=["name_en"])
    [answer] = received_by(smtp_server, "huda@example.org")
    assert "Your proposed changes to Amal" in subject(answer)
    assert "Approved, now shown on the profile:" in text(answer)
    assert Organisation.objects.get(pk=amal.pk).name_en == "Amal Women's Organisation"
