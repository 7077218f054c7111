"""The contact relay (members/relay.py): write, confirm by the link, forwarded with
Reply-To; where it is open, the limits, the stripping, the retention and the admin."""

import email
import email.policy
import re
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from members import relay
from members.accounts import hash_token
from members.models import Message
from members.projection import public_person
from members.relay import plain_text
from members.viewer import Viewer
from tests.factories import ConsentFactory, OrganisationFactory, PublicPersonFactory

OFFICE = "office@amal.example.org"
SENDER = "sara@example.net"
LINK = re.compile(r"https?://[^\s\"<]+/messages/confirm/([^/\s\"<]+)/")
TEXT = ("مرحباً، نودّ التعاون معكم في <b>حملة</b> المياه.\n"
        "See https://evil.example/x and www.spam.example/y <script>alert(1)</script>now.")


@pytest.fixture
def amal(networks):
    return OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal Organisation",
                               email=OFFICE, networks=[networks["wasl"]])


@pytest.fixture
def huda(networks):
    person = PublicPersonFactory(slug="huda", name_ar="هدى", name_en="Huda",
                                 email="huda@private.example.org", networks=[networks["wasl"]])
    ConsentFactory(person=person, show_messages=True)
    return person


def write(client, slug="amal", *, lang="ar", kind="members", **data):
    form = {"name": "سارة", "email": SENDER, "text": TEXT, "website": "", **data}
    return client.post(f"/{lang}/{kind}/{slug}/message/", form)


def mailed_token(message):
    return LINK.search(message.body).group(1)


def make_message(recipient, *, created=None, confirmed=False, hours=24, token=None):
    created = created or timezone.now()
    field = "organisation" if recipient._meta.model_name == "organisation" else "person"
    return Message.objects.create(
        sender_name="Sara", sender_email=SENDER, text="Hello", language="en",
        client_hash="x", token_hash=hash_token(token or f"t-{Message.objects.count()}"),
        created_at=created, expires_at=created + timedelta(hours=hours),
        confirmed_at=created if confirmed else None, **{field: recipient})


# --- the good path ----------------------------------------------------------------------

def test_a_message_is_confirmed_then_forwarded_with_reply_to(amal, client):
    pages = [client.get("/ar/members/amal/")]
    assert "/ar/members/amal/message/" in pages[0].content.decode()
    form = client.get("/ar/members/amal/message/")
    assert form.status_code == 200
    assert "private" in form["Cache-Control"] and "no-store" in form["Cache-Control"]
    pages.append(form)

    response = write(client)
    assert response.status_code == 302 and response.url == "/ar/messages/written/"
    pages.append(client.get(response.url))
    [message] = Message.objects.all()
    assert message.confirmed_at is None and message.language == "ar"
    assert message.organisation == amal and message.sender_email == SENDER
    [confirmation] = mail.outbox
    assert confirmation.to == [SENDER]
    assert "منظمة الأمل" in confirmation.subject and confirmation.subject.startswith("[دليل")
    assert "تأكيد" in confirmation.body or "أكّد" in confirmation.body
    token = mailed_token(confirmation)

    # Opening the link (a mail scanner does) confirms nothing.
    opened = client.get(f"/ar/messages/confirm/{token}/")
    assert opened.status_code == 200 and "no-store" in opened["Cache-Control"]
    assert "حملة المياه" in opened.content.decode()
    pages.append(opened)
    assert len(mail.outbox) == 1

    confirmed = client.post(f"/ar/messages/confirm/{token}/")
    assert confirmed.status_code == 302 and confirmed.url == "/ar/messages/sent/"
    pages.append(client.get(confirmed.url))
    assert pages[-1].status_code == 200
    forwarded = mail.outbox[1]
    assert forwarded.to == [OFFICE]
    assert len(forwarded.reply_to) == 1 and SENDER in forwarded.reply_to[0]
    assert forwarded.alternatives == []
    assert "نودّ التعاون معكم في حملة المياه" in forwarded.body
    for stripped in ("<b>", "<script>", "https://", "evil.example", "www.", "spam.example"):
        assert stripped not in forwarded.body
    # The header line: it came through the directory, which hides the recipient's address.
    assert forwarded.body.startswith("رسالة من سارة إلى منظمة الأمل وصلت عبر دليل شبكتي")
    assert "إن رددت عليها فسيرى الطرف المرسِل عنوانك" in forwarded.body
    message.refresh_from_db()
    assert message.confirmed_at is not None and message.forwarded_at is not None
    # The recipient's address appears in nothing the sender sees.
    for page in pages:
        assert OFFICE not in page.content.decode()
    assert OFFICE not in confirmation.body
    assert all(OFFICE not in body for body, _type in confirmation.alternatives)


def test_the_confirmation_mail_follows_the_page_language(amal, client):
    write(client, lang="en", name="Sara")

    [confirmation] = mail.outbox
    assert "Confirm your message to Amal Organisation" in confirmation.subject
    assert Message.objects.get().language == "en"


def test_a_second_confirm_forwards_nothing(amal, client):
    write(client)
    token = mailed_token(mail.outbox[0])
    client.post(f"/ar/messages/confirm/{token}/")

    again = client.post(f"/ar/messages/confirm/{token}/")

    assert again.status_code == 410
    assert len(mail.outbox) == 2
    assert client.get(f"/ar/messages/confirm/{token}/").status_code == 410


def test_an_expired_link_is_410_and_an_unknown_one_404(amal, client):
    make_message(amal, created=timezone.now() - timedelta(hours=25), token="old-token")

    expired = client.post("/ar/messages/confirm/old-token/")
    assert expired.status_code == 410
    assert "انتهت" in expired.content.decode()
    assert client.get("/ar/messages/confirm/no-such-token/").status_code == 404
    assert client.post("/en/messages/confirm/" + "x" * 150 + "/").status_code == 404
    assert mail.outbox == []


def test_a_message_is_not_forwarded_once_the_organisation_turned_it_off(amal, client):
    write(client)
    token = mailed_token(mail.outbox[0])
    amal.accepts_messages = False
    amal.save()

    assert client.post(f"/ar/messages/confirm/{token}/").status_code == 410
    assert len(mail.outbox) == 1


# --- where it is open ---------------------------------------------------------------------

@pytest.mark.parametrize("fields", [{"accepts_messages": False}, {"email": ""},
                                    {"status": "draft"}, {"visibility": "staff"},
                                    {"visibility": "members"}])
def test_no_message_page_where_the_organisation_is_closed(networks, client, fields):
    OrganisationFactory(slug="closed", networks=[networks["wasl"]], **{"email": OFFICE, **fields})

    assert client.get("/ar/members/closed/message/").status_code == 404
    assert write(client, "closed").status_code == 404
    assert not Message.objects.exists() and mail.outbox == []
    if fields.get("status") != "draft" and fields.get("visibility") is None:
        assert "/message/" not in client.get("/ar/members/closed/").content.decode()


def test_a_new_organisation_accepts_messages_by_default(db):
    assert OrganisationFactory(email=OFFICE).accepts_messages is True


def test_a_person_without_consent_to_messages_has_no_message_page(networks, client):
    person = PublicPersonFactory(slug="noor", networks=[networks["wasl"]])
    ConsentFactory(person=person, show_email=True)

    assert "/message/" not in client.get("/ar/people/noor/").content.decode()
    assert client.get("/ar/people/noor/message/").status_code == 404
    assert write(client, "noor", kind="people").status_code == 404
    assert not Message.objects.exists()


def test_a_hidden_person_has_no_message_page_even_with_the_flag(networks, client):
    person = PublicPersonFactory(slug="noor", networks=[networks["wasl"]], visibility="staff")
    ConsentFactory(person=person, show_messages=True)

    assert client.get("/ar/people/noor/message/").status_code == 404


def test_a_person_who_agreed_is_written_to_without_her_address_shown(huda, client):
    profile = client.get("/ar/people/huda/")
    assert "/ar/people/huda/message/" in profile.content.decode()
    assert "huda@private.example.org" not in profile.content.decode()

    assert write(client, "huda", kind="people").status_code == 302
    client.post(f"/ar/messages/confirm/{mailed_token(mail.outbox[0])}/")

    forwarded = mail.outbox[1]
    assert forwarded.to == ["huda@private.example.org"]
    assert SENDER in forwarded.reply_to[0]
    assert "huda@private.example.org" not in mail.outbox[0].body
    assert Message.objects.get().person == huda


def test_a_withdrawn_consent_closes_the_page(huda, client):
    huda.consents.get().withdraw(by=None)

    assert client.get("/ar/people/huda/message/").status_code == 404


# --- limits and bad input ---------------------------------------------------------------

def test_the_limit_per_sender(amal, client, settings):
    settings.MESSAGES_PER_SENDER_PER_HOUR = 1
    assert write(client).status_code == 302

    response = write(client, REMOTE_ADDR="10.0.0.9", email=SENDER.upper())

    assert response.status_code == 429
    assert "رسائل كثيرة" in response.content.decode()
    assert Message.objects.count() == 1 and len(mail.outbox) == 1


def test_the_limit_per_client_address(amal, client, settings):
    settings.MESSAGES_PER_CLIENT_PER_HOUR = 2
    for number in range(2):
        assert write(client, email=f"s{number}@example.net").status_code == 302

    assert write(client, email="s3@example.net").status_code == 429
    assert Message.objects.count() == 2 and len(mail.outbox) == 2


def test_the_limit_per_recipient(amal, client, settings):
    settings.MESSAGES_PER_RECIPIENT_PER_DAY = 1
    make_message(amal, created=timezone.now() - timedelta(hours=20))

    response = client.post("/en/members/amal/message/", {
        "name": "Sara", "email": "other@example.net", "text": "Hello"},
        REMOTE_ADDR="10.0.0.7")

    assert response.status_code == 429
    assert "Try again tomorrow" in response.content.decode().replace("Please try", "Try")
    assert Message.objects.count() == 1 and mail.outbox == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite lets one transaction write at a time; its in-memory test "
                           "database cannot be written from two threads")
def test_two_posts_at_once_cannot_both_pass_the_limit(amal, settings, monkeypatch):
    settings.MESSAGES_PER_RECIPIENT_PER_DAY = 1
    counting = relay.over_limit

    def slow_count(**kwargs):
        # Both requests count before either stores, unless the lock makes one wait.
        found = counting(**kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(relay, "over_limit", slow_count)
    start, statuses = threading.Barrier(2, timeout=10), []

    def post(number):
        try:
            start.wait()
            statuses.append(Client().post("/en/members/amal/message/", {
                "name": "Sara", "email": f"s{number}@example.net", "text": "Hello"},
                REMOTE_ADDR=f"10.0.0.{number}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number,)) for number in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [302, 429]
    assert Message.objects.count() == 1


def test_old_messages_do_not_count(amal, client, settings):
    settings.MESSAGES_PER_SENDER_PER_HOUR = 1
    make_message(amal, created=timezone.now() - timedelta(hours=2))

    assert write(client).status_code == 302


def test_a_filled_honeypot_is_refused(amal, client):
    response = write(client, website="http://spam.example")

    assert response.status_code == 400
    assert not Message.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("data", [
    {"text": ""}, {"text": "   "}, {"text": "https://only-a-link.example/x"},
    {"text": "<p></p>"}, {"email": "not-an-address"}, {"email": ""}, {"name": ""},
    {"name": "\u202e\u202e"}, {"text": "x" * 5001}, {"name": "n" * 101},
])
def test_bad_input_is_refused_with_a_message(amal, client, data):
    response = write(client, **data)

    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode()
    assert not Message.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(("text", "left"), [
    ("visit evil.com now", "visit now"),
    ("see EVIL.Co.UK/path?x=1 then", "see then"),
    ("زوروا evil.iq/x اليوم", "زوروا اليوم"),
    ("sub.spam.ly.", "."),
    # An e-mail address, numbers, abbreviations and words are not links.
    ("write to hana@amal.iq please", "write to hana@amal.iq please"),
    ("version 2.5, e.g. Mr.Smith, do.it", "version 2.5, e.g. Mr.Smith, do.it"),
])
def test_plain_text_strips_bare_domain_names(text, left):
    assert plain_text(text) == left


def test_plain_text_strips_tags_links_and_overrides():
    assert plain_text("a <i>b</i> http://x.example/y c\u202ed www.z.example\r\n\n\n\ne") \
        == "a b cd\n\ne"
    assert plain_text("x javascript:alert(1) mailto:a@b.example FTP://h/p y") == "x y"


# --- retention ----------------------------------------------------------------------------

def test_purge_deletes_old_and_expired_unconfirmed_and_keeps_recent(amal, settings):
    settings.MESSAGE_RETENTION_DAYS = 30
    now = timezone.now()
    old = make_message(amal, created=now - timedelta(days=31), confirmed=True)
    expired = make_message(amal, created=now - timedelta(days=2))
    recent = make_message(amal, created=now - timedelta(days=29), confirmed=True)
    waiting = make_message(amal, created=now - timedelta(hours=1))

    call_command("purge_messages", verbosity=0)

    assert set(Message.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not Message.objects.filter(pk__in=[old.pk, expired.pk]).exists()


# --- the staff's copy ------------------------------------------------------------------------

def test_curators_see_their_networks_messages_only(networks, amal, huda, make_staff,
                                                    admin_login, client):
    to_amal = make_message(amal, confirmed=True)
    to_huda = make_message(huda, confirmed=True)
    icssi = OrganisationFactory(email="icssi@example.org", networks=[networks["icssi"]])
    to_icssi = make_message(icssi, confirmed=True)
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    listing = client.get("/admin/members/message/")
    assert listing.status_code == 200
    assert set(listing.context["cl"].queryset) == {to_amal, to_huda}
    assert client.get(f"/admin/members/message/{to_amal.pk}/change/").status_code == 200
    assert client.get(f"/admin/members/message/{to_icssi.pk}/change/").status_code == 404
    # Read-only: nothing to add or change.
    assert client.get("/admin/members/message/add/").status_code == 403
    page = client.get(f"/admin/members/message/{to_amal.pk}/change/").content.decode()
    assert 'name="text"' not in page and OFFICE not in page


def test_the_organisation_form_shows_accepts_messages(amal, admin_client):
    page = admin_client.get(f"/admin/members/organisation/{amal.pk}/change/")

    assert 'name="accepts_messages"' in page.content.decode()


# --- through a real mail server -----------------------------------------------------------

@pytest.mark.slow
def test_the_forward_through_a_real_smtp_server(amal, client, smtp_server):
    received = smtp_server
    assert write(client).status_code == 302
    confirmation = email.message_from_bytes(received[0].original_content,
                                            policy=email.policy.default)
    token = LINK.search(confirmation.get_body(("plain",)).get_content()).group(1)
    assert client.post(f"/ar/messages/confirm/{token}/").status_code == 302

    first, forwarded = received
    assert first.rcpt_tos == [SENDER] and forwarded.rcpt_tos == [OFFICE]
    message = email.message_from_bytes(forwarded.original_content, policy=email.policy.default)
    assert message["Reply-To"].addresses[0].addr_spec == SENDER
    assert message["Reply-To"].addresses[0].display_name == "سارة"
    assert str(message["Subject"]).endswith("رسالة من سارة عبر الدليل")
    assert not message.is_multipart()
    body = message.get_content()
    assert "نودّ التعاون معكم في حملة المياه" in body and "https://" not in body
    assert all(OFFICE not in part.get_content() for part in confirmation.walk()
               if not part.is_multipart())


def test_a_members_only_person_offers_no_message_form_even_to_members(networks):
    person = PublicPersonFactory(slug="noor", networks=[networks["wasl"]],
                                 visibility="members")
    ConsentFactory(person=person, show_messages=True)

    seen = public_person("noor", viewer=Viewer(frozenset({networks["wasl"].pk})))
    assert seen is not None and seen.accepts_messages is False


def test_the_form_ties_help_and_errors_to_their_fields(amal, client):
    page = write(client, text="", email="nope").content.decode()

    assert 'aria-describedby="id_email_help"' in page and 'id="id_email_help"' in page
    assert page.count('aria-invalid="true"') == 2
