"""Member accounts: a curator's invitation, accepting it, the account page, members
signing in, password reset; each rule through the real views."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.accounts import hash_token, invite
from members.models import Invitation, MemberProfile, Organisation, Person
from network.core.restore import compared_fields
from tests.factories import OrganisationFactory, PersonFactory
from tests.signin import totp_token

User = get_user_model()
PASSWORD = "a-long-test-password-0"
NEW_PASSWORD = "nakhla-wa-furat-2026"
LINK = re.compile(r"https?://[^\s\"<]+/account/invitation/([^/\s]+)/")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def wasl_org(networks):
    return OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal Organisation",
                               networks=[networks["wasl"]])


@pytest.fixture
def curator(networks, make_staff):
    return make_staff("network curator", networks=[networks["wasl"]])


def invite_url(obj):
    return f"/admin/members/{obj._meta.model_name}/{obj.pk}/invite/"


def mailed_token(message):
    return LINK.search(message.body).group(1)


def make_invitation(record, *, email="huda@example.org", language="ar", days=7, **fields):
    """An invitation as the admin makes it, with its token known to the test."""
    token = f"test-token-{Invitation.objects.count()}-abcdefghijklmnop"
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email, language=language, token_hash=hash_token(token), created_at=now,
        expires_at=now + timedelta(days=days),
        **{"organisation" if isinstance(record, Organisation) else "person": record}, **fields)
    return invitation, token


def accept(client, token, password=NEW_PASSWORD, *, lang="ar", again=None):
    return client.post(f"/{lang}/account/invitation/{token}/",
                       {"new_password1": password, "new_password2": again or password})


# --- the models -----------------------------------------------------------------------

def test_account_links_stay_out_of_forms_imports_and_restores(db):
    assert not Organisation._meta.get_field("managers").editable
    assert not Person._meta.get_field("account").editable
    assert "account" not in {field.name for field in compared_fields(Person)}
    assert "managers" not in {field.name for field in compared_fields(Organisation)}
    from members.resources import OrganisationResource

    assert not {"managers", "account"} & set(OrganisationResource().fields)


# --- inviting, in the admin -----------------------------------------------------------

def test_the_change_page_offers_the_invitation(wasl_org, curator, admin_login, client):
    admin_login(curator)
    html = client.get(f"/admin/members/organisation/{wasl_org.pk}/change/",
                      headers={"accept-language": "ar"}).content.decode()
    assert f'href="{invite_url(wasl_org)}"' in html
    assert "دعوة مديرة أو مدير" in html


def test_a_curator_invites_a_manager_in_arabic(wasl_org, curator, admin_login, client):
    admin_login(curator)
    assert client.get(invite_url(wasl_org)).status_code == 200

    response = client.post(invite_url(wasl_org), {"email": " Huda@Example.org ",
                                                  "language": "ar"})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.language, invitation.organisation) == (
        "huda@example.org", "ar", wasl_org)
    assert invitation.invited_by == curator
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["huda@example.org"]
    assert "منظمة الأمل" in message.subject and message.subject.startswith("[دليل")
    token = mailed_token(message)
    assert "/ar/account/invitation/" in message.body
    # Only the hash is stored.
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash


def test_invitation_days_is_a_setting(wasl_org, curator, admin_login, client, settings):
    settings.INVITATION_DAYS = 2
    admin_login(curator)
    client.post(invite_url(wasl_org), {"email": "huda@example.org", "language": "en"})

    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=2)
    assert "2 days" in mail.outbox[0].body


def test_a_curator_of_icssi_cannot_invite_for_a_wasl_organisation(networks, wasl_org,
                                                                  make_staff, admin_login,
                                                                  client):
    admin_login(make_staff("network curator", networks=[networks["icssi"]]))

    assert client.get(invite_url(wasl_org)).status_code == 404
    response = client.post(invite_url(wasl_org), {"email": "huda@example.org",
                                                  "language": "ar"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_curator_of_icssi_cannot_invite_a_wasl_person(networks, make_staff, admin_login,
                                                        client):
    person = PersonFactory(networks=[networks["wasl"]])
    admin_login(make_staff("network curator", networks=[networks["icssi"]]))

    response = client.post(invite_url(person), {"email": "nour@example.org", "language": "ar"})

    assert response.status_code == 404
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_librarian_cannot_invite(wasl_org, make_staff, admin_login, client):
    admin_login(make_staff("librarian"))

    response = client.post(invite_url(wasl_org), {"email": "huda@example.org",
                                                  "language": "ar"})

    assert response.status_code in (403, 404)
    assert not Invitation.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("data", [
    {"email": "not an address", "language": "ar"},
    {"email": "", "language": "ar"},
    {"email": "huda@example.org", "language": "fr"},
    {"email": "huda@example.org"},
])
def test_bad_invitation_input_is_refused(wasl_org, curator, admin_login, client, data):
    admin_login(curator)

    response = client.post(invite_url(wasl_org), data, headers={"accept-language": "en"})

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_person_is_invited_to_her_own_listing(networks, curator, admin_login, client):
    person = PersonFactory(networks=[networks["wasl"]])
    admin_login(curator)

    client.post(invite_url(person), {"email": "nour@example.org", "language": "en"})

    invitation = Invitation.objects.get()
    assert invitation.person == person and invitation.organisation is None
    assert mail.outbox[0].subject.startswith("[WASL & ICSSI network directory]")


# --- accepting ------------------------------------------------------------------------

def test_accepting_creates_a_member_account(wasl_org, client):
    invitation, token = make_invitation(wasl_org)

    page = client.get(f"/ar/account/invitation/{token}/")
    assert page.status_code == 200
    assert "huda@example.org" in page.content.decode()
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]

    response = accept(client, token)

    assert response.status_code == 302 and response["Location"] == "/ar/account/"
    user = User.objects.get(username="huda@example.org")
    assert not user.is_staff and not user.is_superuser
    assert user.email == "huda@example.org" and user.check_password(NEW_PASSWORD)
    assert list(user.managed_organisations.all()) == [wasl_org]
    assert MemberProfile.objects.get(user=user).language == "ar"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.account == user
    # Signed in.
    assert client.get("/ar/account/").status_code == 200


def test_accepting_a_person_invitation_links_her_listing(networks, client):
    person = PersonFactory(networks=[networks["wasl"]])
    version = person.version
    _invitation, token = make_invitation(person, email="nour@example.org", language="en")

    accept(client, token, lang="en")

    person.refresh_from_db()
    assert person.account.username == "nour@example.org"
    assert person.version == version  # no editable field changed: no open form goes stale


@pytest.mark.parametrize(("password", "again", "message"), [
    ("short", None, "This password is too short"),
    ("password1234", None, "This password is too common"),
    ("12345678901234567", None, "This password is entirely numeric"),
    (NEW_PASSWORD, "something-else-entirely", "The two password fields didn"),
])
def test_a_weak_or_mistyped_password_creates_nothing(wasl_org, client, password, again,
                                                     message):
    _invitation, token = make_invitation(wasl_org)

    response = accept(client, token, password, lang="en", again=again)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_used_link_works_once(wasl_org, client):
    _invitation, token = make_invitation(wasl_org)
    accept(client, token)
    client.logout()

    for response in (client.get(f"/ar/account/invitation/{token}/"),
                     accept(client, token, "another-long-password-9")):
        assert response.status_code == 410
        assert "استُخدمت هذه الدعوة" in response.content.decode()
    assert User.objects.count() == 1
    assert User.objects.get().check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused_in_the_pages_language(wasl_org, client):
    invitation, token = make_invitation(wasl_org)
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(created_at=now - timedelta(days=9),
                                                       expires_at=now - timedelta(days=2))

    english = client.get(f"/en/account/invitation/{token}/")
    arabic = accept(client, token)

    assert english.status_code == arabic.status_code == 410
    assert "This invitation has expired" in english.content.decode()
    assert 'lang="en"' in english.content.decode()
    assert "انتهت صلاحية هذه الدعوة" in arabic.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("token", ["unknown-token", "x" * 150, "%00"])
def test_an_unknown_link_is_404(db, client, token):
    response = client.get(f"/en/account/invitation/{token}/")
    assert response.status_code == 404
    assert "There is no invitation with this link" in response.content.decode()
    assert accept(client, token, lang="en").status_code == 404
    assert not User.objects.exists()


def test_an_existing_account_signs_in_first_then_links(wasl_org, networks, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    other = OrganisationFactory(networks=[networks["wasl"]])
    other.managers.add(user)
    _invitation, token = make_invitation(wasl_org)

    response = client.get(f"/en/account/invitation/{token}/")
    assert response.status_code == 409
    assert "/en/account/login/?next=" in response.content.decode()
    assert accept(client, token, lang="en").status_code == 409
    assert User.objects.count() == 1 and not wasl_org.managers.exists()

    client.force_login(user)
    assert client.post(f"/en/account/invitation/{token}/").status_code == 302
    assert set(user.managed_organisations.all()) == {wasl_org, other}
    assert user.check_password(PASSWORD)


# --- the account page -----------------------------------------------------------------

def test_the_account_page_is_for_signed_in_people(db, client):
    response = client.get("/ar/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ar/account/login/?next=/ar/account/")


def test_the_account_page_in_arabic_and_english(networks, wasl_org, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    wasl_org.managers.add(user)
    person = PersonFactory(networks=[networks["wasl"]], name_ar="هدى", name_en="Huda")
    Person.objects.filter(pk=person.pk).update(account=user)
    client.force_login(user)

    arabic = client.get("/ar/account/")
    html = arabic.content.decode()
    assert arabic.status_code == 200
    assert arabic["Cache-Control"] == "private, no-store" or {
        "private", "no-store"} <= set(map(str.strip, arabic["Cache-Control"].split(",")))
    assert 'href="/ar/members/amal/">منظمة الأمل</a>' in html
    # Her listing is not public (no consent): named, not linked.
    assert f'href="/ar/people/{person.slug}/"' not in html and "هدى" in html
    assert "لا يراها الجمهور" in html
    assert "إعداد العامل الثاني" in html or "/ar/account/two_factor/setup/" in html
    assert 'action="/ar/account/logout/"' in html and 'method="post"' in html
    english = client.get("/en/account/").content.decode()
    assert "Amal Organisation" in english and "Second factor" in english
    assert "Off: you sign in with your password alone" in english


def test_the_account_page_names_a_draft_organisation_without_a_link(networks, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    draft = OrganisationFactory(slug="draft-one", name_en="Draft One", status="draft",
                                networks=[networks["wasl"]])
    draft.managers.add(user)
    client.force_login(user)

    html = client.get("/en/account/").content.decode()

    assert "Draft One" in html and "/en/members/draft-one/" not in html
    assert "not shown to the public" in html


def test_the_account_page_shows_the_second_factor_when_set(db, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    TOTPDevice.objects.create(user=user, name="default")
    client.force_login(user)

    assert "On: every sign-in asks for a code" in client.get("/en/account/").content.decode()


def test_sign_out_is_a_post(db, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    client.force_login(user)

    assert client.get("/en/account/logout/").status_code == 405
    assert client.get("/en/account/").status_code == 200
    response = client.post("/en/account/logout/")
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert client.get("/en/account/").status_code == 302


# --- signing in -----------------------------------------------------------------------

def sign_in(client, username, password=PASSWORD, *, lang="en", next_url=None):
    query = f"?next={next_url}" if next_url else ""
    return client.post(f"/{lang}/account/login/{query}",
                       {"login_view-current_step": "auth", "auth-username": username,
                        "auth-password": password}, REMOTE_ADDR="10.0.0.9")


def test_a_member_signs_in_with_her_password_alone(db, client):
    User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)

    response = sign_in(client, "huda@example.org", lang="ar")

    assert response.status_code == 302 and response["Location"] == "/ar/account/"
    assert client.get("/ar/account/").status_code == 200
    # No admin for members.
    assert client.get("/admin/").status_code == 302


def test_a_member_with_a_second_factor_is_asked_for_it(db, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="default")

    response = sign_in(client, "huda@example.org")
    assert response.status_code == 200 and 'name="token-otp_token"' in response.content.decode()
    assert client.get("/en/account/").status_code == 302

    response = client.post("/en/account/login/", {"login_view-current_step": "token",
                                                  "token-otp_token": totp_token(device)},
                           REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302 and response["Location"] == "/en/account/"


def test_a_member_may_set_up_a_second_factor(db, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    client.force_login(user)

    response = client.get("/ar/account/two_factor/setup/")

    assert response.status_code == 200
    assert 'name="setup_view-current_step"' in response.content.decode()
    # Not made to: her account page opens without one.
    assert client.get("/ar/account/").status_code == 200


def test_staff_still_must_set_up_the_second_factor(db, client):
    User.objects.create_user("sara.k", "sara@example.org", PASSWORD, is_staff=True)

    response = sign_in(client, "sara.k", next_url="/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/en/account/two_factor/setup/"
    assert client.get("/admin/").status_code == 302


def test_members_are_locked_out_like_staff(db, client, settings):
    User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "huda@example.org", "wrong-password")

    response = sign_in(client, "huda@example.org")

    assert response.status_code == 429
    assert client.get("/en/account/").status_code == 302


def test_the_sign_in_page_links_the_password_reset(db, client):
    html = client.get("/ar/account/login/").content.decode()
    assert 'href="/ar/account/password/reset/"' in html


# --- password reset -------------------------------------------------------------------

def test_password_reset_by_mail_in_her_language(db, client):
    user = User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    MemberProfile.objects.create(user=user, language="ar")

    response = client.post("/en/account/password/reset/", {"email": "HUDA@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/en/account/password/reset/sent/"
    [message] = mail.outbox
    assert message.subject.startswith("[دليل")
    link = re.search(r"https?://[^/]+(/ar/account/password/reset/[^\s]+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200 and "كلمة المرور هذه قصيرة جدا" in weak.content.decode()

    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302 and done["Location"] == "/ar/account/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link, follow=True)
    assert "This link does not work" not in again.content.decode()
    assert "هذا الرابط لا يعمل" in again.content.decode()


@pytest.fixture
def fresh_counts():
    """The reset counts live in the cache, by account id, and test databases reuse ids."""
    cache.clear()
    yield
    cache.clear()


def test_password_reset_mails_are_limited_per_account_and_hour(db, client, settings,
                                                               fresh_counts):
    User.objects.create_user("huda@example.org", "huda@example.org", PASSWORD)
    settings.PASSWORD_RESET_MAILS_PER_HOUR = 2

    responses = [client.post("/en/account/password/reset/", {"email": "huda@example.org"})
                 for _ in range(4)]

    # The page answers alike every time; only the first two send a mail.
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {"/en/account/password/reset/sent/"}
    assert len(mail.outbox) == 2


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(db, client):
    response = client.post("/en/account/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_refuses_a_malformed_address(db, client):
    response = client.post("/en/account/password/reset/", {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert mail.outbox == []


def test_password_reset_pages_are_private(db, client):
    for url in ("/ar/account/password/reset/", "/en/account/password/reset/sent/",
                "/en/account/password/reset/done/"):
        response = client.get(url)
        assert response.status_code == 200
        assert {"private", "no-store"} <= {part.strip()
                                           for part in response["Cache-Control"].split(",")}


def test_invite_helper_sends_through_the_task(wasl_org, curator, rf):
    request = rf.get("/")
    invitation = invite(wasl_org, email="huda@example.org", language="en",
                        invited_by=curator, request=request)

    assert len(mail.outbox) == 1
    assert invitation.token_hash == hash_token(mailed_token(mail.outbox[0]))
