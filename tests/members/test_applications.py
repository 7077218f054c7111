"""Applications to join a network: the public form, its spam rules, the e-mail
confirmation, the curators' queue and decisions; each through the real views."""

import re
import time
from datetime import date, timedelta

import pytest
from captcha.models import CaptchaStore
from django.core import mail, signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from members.accounts import hash_token
from members.applications import SALT, form_token
from members.duplicates import possible_duplicates
from members.models import Application, Invitation, Membership, Organisation
from tests.factories import OrganisationFactory

LINK = re.compile(r"https?://[^\s\"<]+/account/application/([^/\s]+)/")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wasl(networks):
    return networks["wasl"]


@pytest.fixture
def curator(networks, make_staff):
    return make_staff("network curator", networks=[networks["wasl"]])


def opened_token(seconds_ago=60, challenge=False):
    """The form's signed time, as if it had been opened ``seconds_ago``."""
    return signing.dumps({"t": int(time.time()) - seconds_ago, "c": challenge}, salt=SALT)


def form_data(network, **changes):
    data = {
        "name_ar": "جمعية النخلة للتنمية", "name_en": "Nakhla Development Association",
        "kind": "ngo", "country": "IQ", "governorate": "IQ-BA", "city": "البصرة",
        "website": "https://nakhla.example.org/", "tracks": [network.tracks.first().pk],
        "contact_name": "هدى", "email": "Huda@Example.org",
        "motivation": "نعمل مع النساء في البصرة.", "endorse": "on",
        "homepage": "", "started": opened_token(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def apply(client, network, lang="ar", **changes):
    return client.post(f"/{lang}/networks/{network.slug}/join/", form_data(network, **changes))


def mailed_token(message):
    return LINK.search(message.body).group(1)


def applied_and_confirmed(client, network, lang="ar", **changes):
    response = apply(client, network, lang, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    token = mailed_token(mail.outbox[-1])
    assert client.post(f"/{lang}/account/application/{token}/").status_code == 200
    return Application.objects.latest("created_at")


def review_url(application, action="change"):
    return f"/admin/members/application/{application.pk}/{action}/"


# --- the form -----------------------------------------------------------------------------

def test_the_network_page_links_to_the_form(client, wasl):
    for lang, label in (("ar", "طلب الانضمام"), ("en", "Apply to join")):
        page = client.get(f"/{lang}/networks/wasl/").content.decode()
        assert f'href="/{lang}/networks/wasl/join/"' in page
        assert label in page


def test_the_form_shows_the_charter_and_is_never_cached(client, wasl):
    response = client.get("/ar/networks/wasl/join/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    for value in wasl.values.all():
        assert value.title_ar in page
    assert 'name="endorse"' in page and 'name="homepage"' in page
    assert 'name="captcha_1"' not in page  # no challenge without a suspicion


def test_an_unknown_network_has_no_form(client, networks):
    assert client.get("/ar/networks/nowhere/join/").status_code == 404
    assert client.post("/ar/networks/nowhere/join/", {}).status_code == 404


def test_an_application_is_stored_unconfirmed_and_mailed_in_arabic(client, wasl):
    response = apply(client, wasl)
    assert response.status_code == 302
    assert response["Location"] == "/ar/networks/wasl/join/sent/"
    application = Application.objects.get()
    assert application.state == "unconfirmed"
    assert application.email == "huda@example.org"
    assert application.language == "ar"
    assert application.charter_endorsed_at is not None
    assert list(application.tracks.all()) == [wasl.tracks.first()]
    assert Organisation.objects.count() == 0
    [message] = mail.outbox
    assert message.to == ["huda@example.org"]
    assert "تأكيد" in message.subject and "/ar/account/application/" in message.body
    # Only the hash is stored.
    token = mailed_token(message)
    assert application.token_hash == hash_token(token) and token not in application.token_hash
    sent = client.get(response["Location"])
    assert sent.status_code == 200 and "no-store" in sent["Cache-Control"]


def test_the_charter_date_is_the_approval_or_the_last_change(client, networks):
    icssi, wasl = networks["icssi"], networks["wasl"]
    assert icssi.charter_approved_on == date(2022, 3, 15)
    apply(client, icssi)
    assert Application.objects.get().charter_date == date(2022, 3, 15)
    assert wasl.charter_approved_on is None
    apply(client, wasl, email="other@example.org")
    assert Application.objects.get(network=wasl).charter_date == timezone.localdate()


def test_mail_is_in_english_when_applied_in_english(client, wasl):
    apply(client, wasl, lang="en")
    assert Application.objects.get().language == "en"
    [message] = mail.outbox
    assert message.subject.startswith("[WASL & ICSSI network directory] Confirm")
    assert "/en/account/application/" in message.body


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name_ar": "", "name_en": ""}, "name_ar", "بالعربية أو بالإنجليزية"),
    ({"country": "JO", "governorate": "IQ-BA"}, "governorate", None),
    ({"endorse": None}, "endorse", None),
    ({"email": "not-an-address"}, "email", None),
])
def test_bad_input_stores_nothing_and_says_why(client, wasl, changes, field, message):
    response = apply(client, wasl, **changes)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    page = response.content.decode()
    for error in form.errors[field]:
        assert escape(error) in page
    if message:
        assert message in form.errors[field][0]
    assert Application.objects.count() == 0
    assert mail.outbox == []


def test_tracks_of_another_network_are_refused(client, networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    foreign = icssi.tracks.exclude(networks=wasl).first()
    response = apply(client, wasl, tracks=[foreign.pk])
    assert response.status_code == 400
    assert "tracks" in response.context["form"].errors
    assert Application.objects.count() == 0


# --- spam ---------------------------------------------------------------------------------

@pytest.mark.parametrize("changes", [
    {"homepage": "http://spam.example.com/"},     # the honeypot
    {"started": "now"},                           # sent at once
    {"started": "forged"},                        # no valid token
])
def test_a_suspicious_form_must_answer_the_challenge(client, wasl, changes):
    if changes.get("started") == "now":
        changes = {"started": form_token()}
    response = apply(client, wasl, **changes)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="captcha_1"' in page and "/captcha/image/" in page
    assert Application.objects.count() == 0 and mail.outbox == []
    # Sent again without the answer (and no longer suspicious): still the challenge.
    token = response.context["form"]["started"].value()
    again = apply(client, wasl, started=token)
    assert again.status_code == 400 and 'name="captcha_1"' in again.content.decode()
    assert Application.objects.count() == 0


def answer(response):
    """The challenge the page shows: its key (in the form) and its stored result."""
    hashkey = re.search(r'name="captcha_0" value="([0-9a-f]+)"',
                        response.content.decode()).group(1)
    return hashkey, CaptchaStore.objects.get(hashkey=hashkey).response


def test_the_challenge_answered_sends_the_application(client, wasl):
    response = apply(client, wasl, homepage="http://spam.example.com/")
    hashkey, result = answer(response)
    token = response.context["form"]["started"].value()
    wrong = apply(client, wasl, started=token, captcha_0=hashkey, captcha_1="9999")
    assert wrong.status_code == 400 and Application.objects.count() == 0
    hashkey, result = answer(wrong)
    # Arabic-Indic digits are read as such.
    arabic = result.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    right = apply(client, wasl, started=wrong.context["form"]["started"].value(),
                  captcha_0=hashkey, captcha_1=arabic)
    assert right.status_code == 302
    assert Application.objects.count() == 1


def test_the_challenge_image_is_drawn_here(client, wasl):
    response = apply(client, wasl, started=form_token())
    hashkey, _result = answer(response)
    image = client.get(f"/captcha/image/{hashkey}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_applications_past_the_limit_per_address_are_challenged(client, wasl, settings):
    settings.JOIN_MAX_PER_IP = 2
    for number in range(2):
        assert apply(client, wasl, email=f"a{number}@example.org").status_code == 302
    response = apply(client, wasl, email="a3@example.org")
    assert response.status_code == 400 and 'name="captcha_1"' in response.content.decode()
    assert Application.objects.count() == 2
    # Twice the limit: refused outright.
    for _ in range(2):
        cache.incr("join:ip:127.0.0.1")
    assert apply(client, wasl, email="a4@example.org").status_code == 429
    assert Application.objects.count() == 2


def test_applications_past_the_limit_per_email_are_challenged(client, wasl, settings):
    settings.JOIN_MAX_PER_EMAIL = 1
    assert apply(client, wasl).status_code == 302
    response = apply(client, wasl)
    assert response.status_code == 400 and 'name="captcha_1"' in response.content.decode()
    assert Application.objects.count() == 1


def test_the_limits_degrade_without_a_cache(client, wasl, settings):
    settings.CACHES = {"default": {
        "BACKEND": "network.site.sharedcache.OptionalRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"socket_connect_timeout": 0.1}}}
    from django.core.cache import caches

    caches._settings = None  # noqa: SLF001 - let the new setting take effect
    try:
        assert apply(client, wasl).status_code == 302
    finally:
        caches._settings = None
    assert Application.objects.count() == 1


# --- confirming ---------------------------------------------------------------------------

def test_confirming_makes_a_draft_organisation_in_the_queue(client, wasl):
    application = applied_and_confirmed(client, wasl)
    assert application.state == "pending" and application.confirmed_at is not None
    organisation = application.organisation
    assert organisation.status == "draft"
    assert organisation.name_ar == "جمعية النخلة للتنمية"
    assert organisation.name_en == "Nakhla Development Association"
    assert organisation.governorate == "IQ-BA" and organisation.city_ar == "البصرة"
    assert list(organisation.tracks.all()) == [wasl.tracks.first()]
    assert not Organisation.objects.public().filter(pk=organisation.pk).exists()
    assert list(Application.objects.in_queue()) == [application]


def test_a_confirmation_link_works_once(client, wasl):
    apply(client, wasl)
    token = mailed_token(mail.outbox[-1])
    assert client.post(f"/ar/account/application/{token}/").status_code == 200
    again = client.post(f"/ar/account/application/{token}/")
    assert again.status_code == 410 and "no-store" in again["Cache-Control"]
    assert client.get(f"/ar/account/application/{token}/").status_code == 410
    assert Organisation.objects.count() == 1


def test_opening_the_link_confirms_nothing_until_the_button(client, wasl):
    apply(client, wasl, "en")
    token = mailed_token(mail.outbox[-1])

    # A mail scanner follows the link: it sees the button, and nothing happens.
    for _visit in range(2):
        opened = client.get(f"/en/account/application/{token}/")
        assert opened.status_code == 200
        assert "Confirm the application" in opened.content.decode()
    assert Application.objects.get().state == "unconfirmed"
    assert Organisation.objects.count() == 0
    assert "تأكيد الطلب" in client.get(f"/ar/account/application/{token}/").content.decode()

    assert client.post(f"/en/account/application/{token}/").status_code == 200
    assert Application.objects.get().state == "pending"
    assert Organisation.objects.count() == 1


def test_an_expired_or_unknown_link_confirms_nothing(client, wasl):
    apply(client, wasl)
    token = mailed_token(mail.outbox[-1])
    Application.objects.update(expires_at=timezone.now() - timedelta(seconds=1),
                               created_at=timezone.now() - timedelta(days=8))
    assert client.post(f"/ar/account/application/{token}/").status_code == 410
    assert client.post("/ar/account/application/no-such-token/").status_code == 404
    assert Application.objects.get().state == "unconfirmed"
    assert Organisation.objects.count() == 0


# --- the queue ----------------------------------------------------------------------------

def test_unconfirmed_applications_are_not_in_the_queue(client, wasl, curator, admin_login):
    apply(client, wasl)
    application = Application.objects.get()
    admin_login(curator)
    page = client.get("/admin/members/application/")
    assert page.status_code == 200
    assert "جمعية النخلة" not in page.content.decode()
    assert client.get(review_url(application)).status_code == 404


def test_the_curator_reads_the_application_with_its_duplicates(client, wasl, curator,
                                                               admin_login):
    twin = OrganisationFactory(name_ar="جمعيه النخله للتنميه", name_en="Palm Society",
                               networks=[wasl])
    same_site = OrganisationFactory(name_ar="اسم آخر", name_en="Other", networks=[wasl],
                                    website="http://www.nakhla.example.org/about")
    application = applied_and_confirmed(client, wasl)
    admin_login(curator)
    listing = client.get("/admin/members/application/?state__exact=pending")
    assert "جمعية النخلة للتنمية" in listing.content.decode()
    page = client.get(review_url(application))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"/admin/members/organisation/{twin.pk}/change/" in text
    assert f"/admin/members/organisation/{same_site.pk}/change/" in text
    assert "nakhla.example.org" in text
    assert "Accept the application" in text or "قبول الطلب" in text


def test_accepting_makes_the_membership_publishes_and_invites(client, wasl, curator,
                                                              admin_login):
    application = applied_and_confirmed(client, wasl)
    admin_login(curator)
    mail.outbox.clear()
    response = client.post(review_url(application, "accept"),
                           {"publish": "on", "since": "2026"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "accepted"
    assert application.decided_by == curator and application.decided_at is not None
    organisation = application.organisation
    assert organisation.status == "published"
    assert Organisation.objects.public().filter(pk=organisation.pk).exists()
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.network, membership.since) == (wasl, 2026)
    assert membership.revisions.first().history_user == curator
    assert organisation.revisions.first().history_user == curator
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.language) == ("huda@example.org", "ar")
    [message] = mail.outbox
    assert message.to == ["huda@example.org"] and "/ar/account/invitation/" in message.body
    assert client.get(f"/ar/members/{organisation.slug}/").status_code == 200


def test_accepting_may_leave_the_organisation_draft(client, wasl, curator, admin_login):
    application = applied_and_confirmed(client, wasl)
    admin_login(curator)
    client.post(review_url(application, "accept"), {"since": "2025"})
    application.refresh_from_db()
    assert application.state == "accepted"
    assert application.organisation.status == "draft"
    assert Membership.objects.filter(organisation=application.organisation).count() == 1


def test_an_application_is_decided_once(client, wasl, curator, admin_login):
    application = applied_and_confirmed(client, wasl)
    admin_login(curator)
    client.post(review_url(application, "accept"), {"since": "2026"})
    mail.outbox.clear()
    again = client.post(review_url(application, "accept"), {"since": "2026"}, follow=True)
    assert again.status_code == 200
    decline = client.post(review_url(application, "decline"), {"reason": "late"})
    assert decline.status_code == 302
    assert Membership.objects.filter(organisation=application.organisation).count() == 1
    assert Invitation.objects.count() == 1 and mail.outbox == []
    application.refresh_from_db()
    assert application.state == "accepted"


def test_declining_mails_the_reason_and_publishes_nothing(client, wasl, curator,
                                                          admin_login):
    application = applied_and_confirmed(client, wasl)
    admin_login(curator)
    mail.outbox.clear()
    empty = client.post(review_url(application, "decline"), {"reason": ""})
    assert empty.status_code == 400
    assert Application.objects.get().state == "pending"
    response = client.post(review_url(application, "decline"),
                           {"reason": "لا يعمل في مجال الشبكة."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "declined" and application.decided_by == curator
    assert application.organisation.status == "archived"
    assert Membership.objects.count() == wasl.memberships.count() == 0
    assert Invitation.objects.count() == 0
    [message] = mail.outbox
    assert message.to == ["huda@example.org"]
    assert "لا يعمل في مجال الشبكة." in message.body
    assert "طلب" in message.subject


def test_another_networks_curator_cannot_see_or_decide(client, networks, make_staff,
                                                       admin_login):
    application = applied_and_confirmed(client, networks["wasl"])
    icssi_curator = make_staff("network curator", networks=[networks["icssi"]])
    admin_login(icssi_curator)
    listing = client.get("/admin/members/application/")
    assert listing.status_code == 200
    assert "جمعية النخلة" not in listing.content.decode()
    assert client.get(review_url(application)).status_code == 404
    assert client.post(review_url(application, "accept"),
                       {"publish": "on", "since": "2026"}).status_code == 404
    assert client.post(review_url(application, "decline"),
                       {"reason": "no"}).status_code == 404
    application.refresh_from_db()
    assert application.state == "pending" and application.organisation.status == "draft"
    assert Membership.objects.count() == 0 and Invitation.objects.count() == 0


def test_the_queue_is_closed_to_the_public_and_to_librarians(client, wasl, make_staff,
                                                             admin_login):
    application = applied_and_confirmed(client, wasl)
    assert client.get(review_url(application)).status_code == 302  # to the sign-in
    assert client.post(review_url(application, "accept"), {"since": "2026"}).status_code == 302
    admin_login(make_staff("librarian"))
    assert client.get("/admin/members/application/").status_code == 403
    assert client.post(review_url(application, "accept"),
                       {"since": "2026"}).status_code in (403, 404)
    assert Application.objects.get().state == "pending"


# --- duplicates ---------------------------------------------------------------------------

def test_duplicates_fold_arabic_names_and_match_domains(db):
    folded = OrganisationFactory(name_ar="مؤسسة الأمل", name_en="Hope")
    domain = OrganisationFactory(name_ar="شيء", name_en="Something",
                                 website="https://www.amal.example/")
    OrganisationFactory(name_ar="جمعية البيئة", name_en="Environment Society")
    found = possible_duplicates(name_ar="موسسه الامل", website="http://amal.example/x",
                                country="IQ")
    assert {duplicate.organisation for duplicate in found} == {domain, folded}
    reasons = {duplicate.organisation: " ".join(map(str, duplicate.reasons))
               for duplicate in found}
    assert "amal.example" in reasons[domain] and "%" in reasons[folded]
    assert possible_duplicates(name_ar="موسسه الامل", exclude=folded) == []


def test_an_english_name_alone_makes_the_draft(client, wasl):
    application = applied_and_confirmed(client, wasl, lang="en", name_ar="", country="JO",
                                        governorate="", city="Amman")
    organisation = application.organisation
    assert organisation.name_en == "Nakhla Development Association"
    assert organisation.slug == "nakhla-development-association"
    assert organisation.city_en == "Amman" and organisation.country == "JO"
    assert str(application) == "Nakhla Development Association"


def test_an_application_leaves_the_page_cache_alone(client, wasl,
                                                   django_capture_on_commit_callbacks):
    from network.core.generation import generation

    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, wasl)
    assert Application.objects.count() == 1
    assert generation() == before
    # Confirming makes the draft organisation: that is content, and moves it on.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ar/account/application/{mailed_token(mail.outbox[-1])}/")
    assert generation() != before


def test_a_curator_sees_no_hidden_record_of_another_network(client, networks, curator,
                                                             admin_login):
    theirs = OrganisationFactory(name_ar="جمعيه النخله للتنميه", name_en="Hidden Palm",
                                 networks=[networks["icssi"]], status="draft")
    public = OrganisationFactory(name_ar="جمعية النخلة", name_en="Open Palm",
                                 networks=[networks["icssi"]])
    application = applied_and_confirmed(client, networks["wasl"])
    admin_login(curator)
    text = client.get(review_url(application)).content.decode()
    assert "Hidden Palm" not in text and "جمعيه النخله للتنميه" not in text
    assert f"/admin/members/organisation/{theirs.pk}/" not in text
    assert f'href="/ar/members/{public.slug}/"' in text or public.name_ar in text
    # Her draft has no membership yet: named, not linked to a page she cannot open.
    assert f"/admin/members/organisation/{application.organisation_id}/" not in text
