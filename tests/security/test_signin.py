"""Staff sign-in: second factor, lockout, idle sessions and the security log."""

import base64
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.signin import login_verified, totp_token

PASSWORD = "a-long-test-password-0"
ADMIN = "/admin/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # These tests type many passwords; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("sara.k", "sara@example.org", PASSWORD,
                                                 is_staff=True, is_superuser=True)


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="default")


def sign_in(client, username, password=PASSWORD, *, lang="en", ip="10.0.0.1"):
    """The first step of the sign-in, as the form posts it."""
    return client.post(f"/{lang}/account/login/?next={ADMIN}",
                       {"login_view-current_step": "auth", "auth-username": username,
                        "auth-password": password}, REMOTE_ADDR=ip)


def enter_code(client, token, *, step="token", lang="en", ip="10.0.0.1"):
    return client.post(f"/{lang}/account/login/?next={ADMIN}",
                       {"login_view-current_step": step, f"{step}-otp_token": token},
                       REMOTE_ADDR=ip)


def wrong_token(device):
    """A code that no step within the device's tolerance accepts."""
    valid = {totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
             for offset in range(-device.tolerance, device.tolerance + 1)}
    return next(str(n).zfill(device.digits) for n in range(10 ** device.digits) if n not in valid)


def test_admin_sends_a_visitor_to_the_sign_in_with_next_kept(client, db):
    response = client.get(ADMIN, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.redirect_chain[-1][0] == "/en/account/login/?next=/admin/"
    assert 'name="auth-password"' in response.content.decode()


def test_password_only_session_is_sent_to_the_sign_in(client, staff, device):
    client.force_login(staff)

    response = client.get(ADMIN, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/ar/account/login/?next=/admin/"


def test_password_alone_does_not_reach_the_admin(client, device):
    response = sign_in(client, "sara.k")

    assert response.status_code == 200
    assert 'name="token-otp_token"' in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_password_and_code_reach_the_admin(client, device):
    sign_in(client, "sara.k")

    response = enter_code(client, totp_token(device))

    assert response.status_code == 302
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_wrong_code_does_not_reach_the_admin_and_counts(client, device, caplog):
    sign_in(client, "sara.k")

    response = enter_code(client, wrong_token(device))

    assert response.status_code == 200
    assert gettext("This code is not valid. Check it and try again.") in response.content.decode()
    assert client.get(ADMIN).status_code == 302
    assert AccessAttempt.objects.get(username="sara.k").failures_since_start == 1
    assert "Sign-in failed: user='sara.k' ip=10.0.0.1 step=second factor" in caplog.messages


def test_backup_code_works_once(client, staff, device):
    StaticDevice.objects.create(user=staff, name="backup").token_set.create(token="k2x7m4pq")
    sign_in(client, "sara.k")
    client.post("/en/account/login/", {"wizard_goto_step": "backup"})

    assert enter_code(client, "k2x7m4pq", step="backup").status_code == 302
    assert client.get(ADMIN).status_code == 200

    client.logout()
    sign_in(client, "sara.k")
    client.post("/en/account/login/", {"wizard_goto_step": "backup"})
    assert enter_code(client, "k2x7m4pq", step="backup").status_code == 200
    assert client.get(ADMIN).status_code == 302


def test_staff_without_device_enrols_and_gets_backup_codes(client, staff):
    response = sign_in(client, "sara.k")
    assert response["Location"] == "/en/account/two_factor/setup/"

    page = client.post("/en/account/two_factor/setup/", {"setup_view-current_step": "welcome"})
    html = page.content.decode()
    # The QR code is an SVG inside the page; nothing comes from another host.
    assert 'src="data:image/svg+xml;base64,' in html
    assert not re.search(r'src="(https?:)?//', html)
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/static/css/site.css"]
    key = base64.b32decode(page.context["secret_key"])
    token = str(totp(key)).zfill(6)

    response = client.post("/en/account/two_factor/setup/",
                           {"setup_view-current_step": "generator", "generator-token": token})

    assert response["Location"] == "/en/account/two_factor/backup/tokens/"
    codes = client.get(response["Location"])
    assert len(codes.context["device"].token_set.all()) == 10
    assert f'href="{ADMIN}"' in codes.content.decode()
    assert client.get(ADMIN).status_code == 200
    assert TOTPDevice.objects.get(user=staff).name == "default"


def test_non_staff_with_verified_device_cannot_use_the_admin(client, django_user_model):
    member = django_user_model.objects.create_user("visitor", password=PASSWORD)
    login_verified(client, member)

    assert client.get(ADMIN).status_code == 302


def test_login_verified_reaches_the_admin(client, staff):
    login_verified(client, staff)

    assert client.get(ADMIN).status_code == 200


def test_four_wrong_passwords_do_not_lock(client, device):
    for _ in range(4):
        sign_in(client, "sara.k", "wrong")

    assert sign_in(client, "sara.k").status_code == 200


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_five_wrong_passwords_lock_the_account_from_any_address(client, device, lang):
    statuses = [sign_in(client, "sara.k", "wrong", ip="10.0.0.1").status_code for _ in range(5)]

    response = sign_in(client, "sara.k", lang=lang, ip="10.9.9.9")

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    with translation.override(lang):
        assert gettext("Sign-in paused") in html
    assert "30" in html
    assert "sara.k" not in html
    assert "Traceback" not in html


@pytest.mark.parametrize("step", ["password", "code"])
def test_five_failures_lock_the_account_but_not_the_address(client, device, django_user_model,
                                                            step):
    # An office behind one NAT: Sara's failures must not lock Omar out of the same address.
    django_user_model.objects.create_user("omar", password=PASSWORD, is_staff=True)
    if step == "password":
        statuses = [sign_in(client, "sara.k", "wrong", ip="10.0.0.1").status_code
                    for _ in range(5)]
    else:
        sign_in(client, "sara.k", ip="10.0.0.1")
        statuses = [enter_code(client, wrong_token(device), ip="10.0.0.1").status_code
                    for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in(type(client)(), "sara.k", ip="10.0.0.1").status_code == 429
    assert sign_in(type(client)(), "sara.k", ip="10.0.0.2").status_code == 429
    assert sign_in(type(client)(), "omar", ip="10.0.0.1").status_code == 302


def test_lockout_ends_after_the_cool_off(client, device):
    for _ in range(5):
        sign_in(client, "sara.k", "wrong")
    assert sign_in(client, "sara.k").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    response = sign_in(client, "sara.k")

    assert response.status_code == 200
    assert 'name="token-otp_token"' in response.content.decode()


def test_wrong_codes_lock_the_account(client, device):
    sign_in(client, "sara.k")

    statuses = [enter_code(client, wrong_token(device)).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in(client, "sara.k", ip="10.9.9.9").status_code == 429


def test_locked_account_cannot_finish_with_a_code(client, device, django_user_model):
    sign_in(client, "sara.k")
    attacker = type(client)()
    for _ in range(5):
        sign_in(attacker, "sara.k", "wrong", ip="10.6.6.6")

    response = enter_code(client, totp_token(device))

    assert response.status_code == 429
    assert client.get(ADMIN).status_code == 302


def test_failed_password_is_never_stored_or_logged(client, device, caplog):
    sign_in(client, "sara.k", "my-secret-guess")

    assert "my-secret-guess" not in AccessAttempt.objects.get().post_data
    assert "my-secret-guess" not in caplog.text
    assert "Sign-in failed: user='sara.k' ip=10.0.0.1 step=password" in caplog.messages


def test_successful_sign_in_is_logged(client, device, caplog):
    sign_in(client, "sara.k")
    enter_code(client, totp_token(device))

    assert (f"Sign-in: user='sara.k' ip=10.0.0.1 second_factor={device.persistent_id}"
            in caplog.messages)


def test_lockout_is_logged(client, device, caplog):
    for _ in range(5):
        sign_in(client, "sara.k", "wrong")

    assert "Sign-in locked out: user='sara.k' ip=10.0.0.1" in caplog.messages


def test_sign_out_is_logged(client, staff, caplog):
    login_verified(client, staff)

    client.post("/admin/logout/", REMOTE_ADDR="10.0.0.1")

    assert "Sign-out: user='sara.k' ip=10.0.0.1" in caplog.messages


def test_forbidden_admin_page_is_logged(client, django_user_model, caplog):
    clerk = django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    login_verified(client, clerk)

    response = client.get("/admin/auth/user/")

    assert response.status_code == 403
    assert ("Forbidden: user='clerk' method=GET path='/admin/auth/user/' status=403"
            in caplog.messages)


def test_idle_session_no_longer_reaches_the_admin(client, staff, monkeypatch):
    login_verified(client, staff)
    start = timezone.now()
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)

    # Each request renews the session: two visits just under the limit apart still work.
    monkeypatch.setattr(timezone, "now", lambda: start + idle - timedelta(minutes=1))
    assert client.get(ADMIN).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: start + 2 * idle - timedelta(minutes=2))
    assert client.get(ADMIN).status_code == 200

    monkeypatch.setattr(timezone, "now", lambda: start + 3 * idle)
    assert client.get(ADMIN).status_code == 302


@pytest.mark.parametrize("path", ["/ar/", "/en/", "/en/search/?q=x"])
def test_public_pages_set_no_session_cookie(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_client_ip_behind_a_proxy_ignores_what_the_client_wrote(settings, rf):
    from network.site.security import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1",
                     HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: not trusted
    assert client_ip(request) == "127.0.0.1"
