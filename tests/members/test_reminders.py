"""Consent reminders: a person whose consent nears its review date gets one renewal link
and renews in one step; her curators get a weekly digest of what is due or lapsed; the
admin says why someone is hidden."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from members.models import Consent, ListingLink, Person
from members.reminders import send_consent_reminders
from tests.factories import ConsentFactory
from tests.factories import PublicPersonFactory as PersonFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https://directory\.example\.org/(ar|en)/account/listing/open/([^/\s]+)/")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://directory.example.org"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def people(networks, today):
    wasl, icssi = networks["wasl"], networks["icssi"]

    def listed(slug, network, review_in, email=True, **consent):
        person = PersonFactory(slug=slug, name_en=slug.title(), name_ar=slug.title(),
                               networks=[network],
                               email=f"{slug}@example.org" if email else "")
        ConsentFactory(person=person, given_on=today - datetime.timedelta(days=300),
                       review_on=today + datetime.timedelta(days=review_in), **consent)
        return person

    return {
        "due": listed("salma", wasl, 10),
        "no-email": listed("huda", wasl, 5, email=False),
        "later": listed("zainab", wasl, 60),
        "lapsed": listed("mariam", wasl, -3),
        "withdrawn": listed("nadia", wasl, 8, withdrawn_at=timezone.now()),
        "icssi": listed("layla", icssi, 20),
    }


@pytest.fixture
def curators(networks, make_staff):
    made = {}
    for slug in ("wasl", "icssi"):
        user = make_staff("network curator", networks=[networks[slug]])
        user.email = f"curator@{slug}.example.org"
        user.save()
        made[slug] = user
    return made


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_each_person_due_gets_one_renewal_link_in_her_language(people, today):
    send_consent_reminders(today)

    reminded = sorted(message.to[0] for message in mail.outbox if "@example.org" in
                      message.to[0] and not message.to[0].startswith("curator"))
    assert reminded == ["layla@example.org", "salma@example.org"]
    (message,) = sent_to("salma@example.org")
    # No account: the site's language, Arabic.
    assert "تجديد موافقتك أو سحبها" in message.subject
    assert LINK.search(message.body).group(1) == "ar"
    link = ListingLink.objects.get(person=people["due"])
    assert link.sent_by is None and link.email == "salma@example.org"

    mail.outbox.clear()
    send_consent_reminders(today)
    assert sent_to("salma@example.org") == []  # once per review date


def test_the_link_renews_her_consent_in_one_step(people, today):
    send_consent_reminders(today)
    token = LINK.search(sent_to("salma@example.org")[0].body).group(2)
    browser = Client()
    assert browser.get(f"/ar/account/listing/open/{token}/").status_code == 302
    consent = Consent.objects.get(person=people["due"])
    version = consent.version
    covers = [consent.covers(name) for name in Consent.FIELDS]

    page = browser.get("/en/account/listing/renew/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Renew my consent" in page.content.decode()
    response = browser.post("/en/account/listing/renew/")

    assert response.status_code == 302 and response["Location"] == "/en/account/listing/"
    consent.refresh_from_db()
    assert consent.review_on == today + datetime.timedelta(days=365)
    assert consent.version == version + 1
    assert [consent.covers(name) for name in Consent.FIELDS] == covers
    revision = consent.revisions.first()
    assert revision.history_user is None
    assert revision.history_change_reason == "Renewed by the person herself"
    assert Person.objects.public().filter(pk=people["due"].pk).exists()


def test_a_lapsed_consent_is_not_renewed_from_the_link(people, today):
    person = people["lapsed"]
    ListingLink.objects.all().delete()
    from members.accounts import new_listing_link

    _link, token = new_listing_link(person, language="en", sent_by=None)
    browser = Client()
    browser.get(f"/en/account/listing/open/{token}/")
    review_on = Consent.objects.get(person=person).review_on

    page = browser.get("/en/account/listing/renew/").content.decode()
    browser.post("/en/account/listing/renew/")

    assert "nothing to renew" in page
    assert Consent.objects.get(person=person).review_on == review_on
    assert not Person.objects.public().filter(pk=person.pk).exists()


def test_renewing_needs_her_listing(client, people):
    response = client.post("/en/account/listing/renew/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert Consent.objects.get(person=people["due"]).review_on == (
        timezone.localdate() + datetime.timedelta(days=10))


def test_each_curator_gets_a_digest_of_her_networks_only(people, curators, today):
    send_consent_reminders(today)

    (wasl,) = sent_to("curator@wasl.example.org")
    (icssi,) = sent_to("curator@icssi.example.org")
    assert "الموافقات" in wasl.subject  # the curators' language: Arabic by default
    for name in ("Salma", "Huda", "Mariam"):
        assert name in wasl.body
    assert "Zainab" not in wasl.body  # due in 60 days
    assert "Nadia" not in wasl.body  # withdrawn
    assert "Layla" not in wasl.body and "Layla" in icssi.body
    assert "Salma" not in icssi.body
    lapsed = people["lapsed"].consents.get()
    assert f"https://directory.example.org/admin/members/consent/{lapsed.pk}/change/" in wasl.body
    assert "Mariam، " in wasl.body  # an Arabic comma in the Arabic digest


def test_nothing_to_say_sends_nothing(networks, curators, today):
    assert send_consent_reminders(today) == (0, 0)
    assert mail.outbox == []


def test_the_weekly_command(people, curators):
    from io import StringIO

    out = StringIO()
    call_command("send_consent_reminders", stdout=out)
    assert out.getvalue().strip() == "Renewal links sent: 2; curators' digests sent: 2"


def test_the_admin_says_why_someone_is_hidden(people, curators, admin_login):
    client = admin_login(curators["wasl"])
    html = client.get("/admin/members/person/").content.decode()
    lapsed_on = people["lapsed"].consents.get().review_on
    assert "لا: انتهت صلاحية الموافقة في" in html
    assert str(lapsed_on.year) in html
    assert "لا: سُحبت موافقته أو موافقتها" in html
