"""E-mail alerts without an account: double opt-in, a digest of what is new for the
filter (nothing when nothing is), one-click unsubscribe (RFC 8058) that deletes the
address, and a page listing an address's alerts. Through the real views."""

import email
import email.policy
import html
import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from members.models import Organisation
from network.site.alerts import send_digests
from network.site.models import Subscription
from publications.models import Publication
from tests.factories import OrganisationFactory, PublicationFactory

pytestmark = pytest.mark.django_db
CONFIRM = re.compile(r"https?://[^\s\"<]+?(/(?:ar|en)/follow/confirm/[^/\s]+/)")
UNSUBSCRIBE = re.compile(r"https://directory\.example\.org(/(?:ar|en)/follow/unsubscribe/"
                         r"[^/\s>]+/)")
MANAGE = re.compile(r"https://directory\.example\.org(/(?:ar|en)/follow/manage/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://directory.example.org"


@pytest.fixture
def directory(networks):
    return {
        "wasl": OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal",
                                    networks=[networks["wasl"]]),
        "icssi": OrganisationFactory(slug="nour", name_ar="جمعية النور", name_en="Nour",
                                     networks=[networks["icssi"]]),
    }


def follow(client, query="?network=wasl", language="ar", **data):
    url = f"/{language}/follow/members/{query}"
    return client.post(url, {"email": "reader@example.org", "frequency": "weekly",
                             "website": "", **data})


def confirmed(client, **kwargs):
    follow(client, **kwargs)
    path = CONFIRM.search(mail.outbox[-1].body).group(1)
    client.post(path)
    mail.outbox.clear()
    return Subscription.objects.get()


def age(subscription, days):
    """Move the alert's last digest ``days`` back, as if time had passed."""
    Subscription.objects.filter(pk=subscription.pk).update(
        last_sent_at=timezone.now() - timedelta(days=days))


def test_the_list_pages_link_the_alert_of_their_filter(client, directory):
    page = client.get("/en/members/?network=wasl&page=1").content.decode()
    assert 'href="/en/follow/members/?network=wasl">Follow this search by e-mail</a>' in page
    library = client.get("/ar/publications/").content.decode()
    assert 'href="/ar/follow/publications/"' in library


def test_the_form_says_which_search_and_is_never_cached(client, directory):
    response = client.get("/en/follow/members/?network=wasl&sort=name")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = response.content.decode()
    assert "Network: WASL" in text
    assert 'href="/en/members/feed.atom?network=wasl"' in text
    arabic = client.get("/ar/follow/members/?network=wasl").content.decode()
    assert "الشبكة: وصل" in arabic


@pytest.mark.parametrize(("url", "status"), [
    ("/en/follow/members/?network=nowhere", 400),
    ("/en/follow/people/", 404),
    ("/en/follow/publications/?year=abc", 400),
])
def test_an_invalid_search_cannot_be_followed(client, db, url, status):
    assert client.get(url).status_code == status
    assert not Subscription.objects.exists()


def test_following_sends_a_confirmation_and_nothing_else(client, directory):
    response = follow(client)

    assert response.status_code == 200
    assert "تحقّق من بريدك الإلكتروني" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.language == "ar"
    assert subscription.query == "network=wasl"
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "تأكيد التنبيه" in message.subject
    assert "الشبكة: وصل" in message.body
    # Not confirmed: no digest.
    Organisation.objects.filter(pk=directory["wasl"].pk).update(updated_at=timezone.now())
    mail.outbox.clear()
    assert send_digests("weekly") == 0 and mail.outbox == []


@pytest.mark.parametrize(("data", "message"), [
    ({"email": "reader@"}, "Enter a valid email address."),
    ({"frequency": "hourly"}, "Select a valid choice."),
    ({"website": "https://spam.example"}, "Your request could not be accepted."),
])
def test_bad_input_is_refused_and_nothing_stored(client, directory, data, message):
    response = follow(client, language="en", **data)

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not Subscription.objects.exists() and mail.outbox == []


def test_too_many_requests_for_one_address(client, directory, settings):
    settings.ALERT_SUBSCRIBE_PER_HOUR_PER_EMAIL = 1
    follow(client)

    response = follow(client, query="?network=icssi", language="en")

    assert response.status_code == 429
    assert "Nothing was stored" in response.content.decode()
    assert Subscription.objects.count() == 1


def test_confirming_needs_a_button_and_a_good_link(client, directory, settings):
    follow(client)
    path = CONFIRM.search(mail.outbox[0].body).group(1)

    page = client.get(path)
    assert page.status_code == 200 and Subscription.objects.get().confirmed_at is None
    client.post(path)
    assert Subscription.objects.get().confirmed_at is not None

    assert client.get("/en/follow/confirm/forged/").status_code == 404
    settings.ALERT_CONFIRM_DAYS = -1  # every link has expired
    assert client.get(path).status_code == 410


def test_the_digest_holds_what_is_new_for_the_filter_in_her_language(client, directory):
    subscription = confirmed(client)
    age(subscription, 8)
    Organisation.objects.filter(pk__in=[directory["wasl"].pk, directory["icssi"].pk]).update(
        updated_at=timezone.now() - timedelta(days=1))

    assert send_digests("daily") == 0  # a weekly alert
    assert send_digests("weekly") == 1

    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "نتيجة جديدة واحدة لبحثك" in message.subject
    assert "منظمة الأمل" in message.body and "https://directory.example.org/ar/members/amal/" in (
        message.body)
    assert "جمعية النور" not in message.body  # another network: not in this filter
    unsubscribe = UNSUBSCRIBE.search(message.extra_headers["List-Unsubscribe"])
    assert unsubscribe and message.extra_headers["List-Unsubscribe"].startswith("<https://")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert MANAGE.search(message.body)

    # Nothing new since: nothing sent.
    mail.outbox.clear()
    assert send_digests("weekly") == 0 and mail.outbox == []


def test_one_click_unsubscribe_deletes_the_address(client, directory):
    subscription = confirmed(client)
    age(subscription, 8)
    send_digests("weekly")
    path = UNSUBSCRIBE.search(mail.outbox[0].extra_headers["List-Unsubscribe"]).group(1)

    # A mail client's POST: no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Subscription.objects.filter(email="reader@example.org").exists()
    # The link again: the alert is gone.
    assert Client().get(path).status_code == 404


def test_a_person_unsubscribes_with_a_button(client, directory):
    subscription = confirmed(client)
    age(subscription, 8)
    send_digests("weekly")
    path = UNSUBSCRIBE.search(mail.outbox[0].body).group(1)

    page = client.get(path)
    assert page.status_code == 200 and Subscription.objects.exists()
    client.post(path)
    assert not Subscription.objects.exists()


def test_the_management_page_lists_and_stops_every_alert(client, directory):
    confirmed(client)
    confirmed_two = follow(client, query="?network=icssi")
    assert confirmed_two.status_code == 200
    client.post(CONFIRM.search(mail.outbox[-1].body).group(1))
    subscription = Subscription.objects.order_by("pk").first()
    age(subscription, 8)
    send_digests("weekly")
    path = MANAGE.search(mail.outbox[-1].body).group(1)

    page = client.get(path).content.decode()
    assert "الشبكة: وصل" in page and "الشبكة: ICSSI" in page

    client.post(path, {"all": "1"})
    assert not Subscription.objects.exists()
    assert client.get("/en/follow/manage/forged/").status_code == 404


def test_following_a_search_already_followed_sends_nothing(client, directory):
    confirmed(client)
    response = follow(client)
    assert response.status_code == 200 and mail.outbox == []
    assert Subscription.objects.count() == 1


def test_unconfirmed_alerts_are_deleted_when_their_link_expires(client, directory):
    follow(client)
    Subscription.objects.update(created_at=timezone.now() - timedelta(days=8))
    send_digests("weekly")
    assert not Subscription.objects.exists()


@pytest.mark.slow
def test_subscribe_confirm_digest_unsubscribe_through_a_real_smtp_server(client, directory,
                                                                         smtp_server):
    received = smtp_server
    follow(client)
    confirmation = email.message_from_bytes(received[0].original_content,
                                            policy=email.policy.default)
    text = confirmation.get_body(("plain",)).get_content()
    client.post(CONFIRM.search(text).group(1))
    age(Subscription.objects.get(), 8)
    Organisation.objects.filter(pk=directory["wasl"].pk).update(
        updated_at=timezone.now() - timedelta(days=1))
    send_digests("weekly")

    assert [envelope.rcpt_tos for envelope in received] == [["reader@example.org"]] * 2
    digest = email.message_from_bytes(received[1].original_content, policy=email.policy.default)
    subject = str(make_header(decode_header(digest["Subject"])))
    assert "نتيجة جديدة واحدة لبحثك" in subject
    assert "منظمة الأمل" in digest.get_body(("plain",)).get_content()
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = UNSUBSCRIBE.search(str(digest["List-Unsubscribe"])).group(1)
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_a_library_digest_holds_briefs_first_published_since_not_edited_ones(client,
                                                                             networks):
    wasl = networks["wasl"]
    old = PublicationFactory(slug="old", title_en="Old brief", networks=[wasl])
    draft = PublicationFactory(slug="late", title_en="Late brief", status="draft",
                               networks=[wasl])
    Publication.objects.filter(pk__in=[old.pk, draft.pk]).update(
        created_at=timezone.now() - timedelta(days=60))
    Publication.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=60))
    assert Publication.objects.get(pk=draft.pk).first_published_at is None
    client.post("/en/follow/publications/?network=wasl", {
        "email": "reader@example.org", "frequency": "weekly", "website": ""})
    client.post(CONFIRM.search(mail.outbox[-1].body).group(1))
    mail.outbox.clear()
    subscription = Subscription.objects.get()
    age(subscription, 8)

    # Since the last digest: the old brief edited, the draft published, a new one added.
    old = Publication.objects.get(pk=old.pk)
    old.summary_en = "Corrected."
    old.save()
    draft.status = "published"
    draft.save()
    PublicationFactory(slug="fresh", title_en="Fresh brief", networks=[wasl])
    PublicationFactory(slug="theirs", title_en="Their brief", networks=[networks["icssi"]])

    assert send_digests("weekly") == 1
    body = mail.outbox[0].body
    assert "Late brief" in body and "Fresh brief" in body
    assert "Old brief" not in body and "Their brief" not in body
    # Edited again after this digest: not new again.
    mail.outbox.clear()
    draft.summary_en = "Edited after its digest."
    draft.save()
    assert send_digests("weekly") == 0 and mail.outbox == []
