"""An organisation applies to join WASL, in Arabic, in real Chromium: the charter endorsed,
the e-mail link opened, a curator with her second factor accepts it in the admin, and the
organisation is on the public directory."""

import re

import pytest
from captcha.models import CaptchaStore
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Application, Organisation
from network.core.roles import CURATOR
from tests.browser.conftest import external_requests, save_screenshot
from tests.signin import totp_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-0"
LINK = re.compile(r"https?://[^\s\"<]+(/ar/account/application/[^/\s]+/)")


@pytest.fixture
def curation(networks, make_staff, settings):
    # A browser fills the form faster than a person: the minimum time is for people.
    settings.JOIN_MIN_SECONDS = 0
    curator = make_staff(CURATOR, networks=[networks["wasl"]], username="layla")
    device = TOTPDevice.objects.create(user=curator, name="default", confirmed=True)
    return {"curator": curator, "device": device, "wasl": networks["wasl"]}


def sign_in(page, curation):
    page.goto(page.base_url + "/admin/")
    assert re.search(r"/ar/account/login/", page.url)
    page.fill("input[name='auth-username']", curation["curator"].username)
    page.fill("input[name='auth-password']", PASSWORD)
    with page.expect_navigation():
        page.locator("form button.button[type='submit']").click()
    page.fill("input[name='token-otp_token']", totp_token(curation["device"]))
    with page.expect_navigation():
        page.locator("form button.button[type='submit']").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_apply_confirm_accept_in_arabic(page, recording_page, curation, axe):
    page.goto(f"{page.base_url}/ar/networks/wasl/")
    with page.expect_navigation():
        page.get_by_role("link", name="طلب الانضمام").click()
    assert re.search(r"/ar/networks/wasl/join/$", page.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    charter = page.locator("#charter-title")
    assert charter.count() == 1
    expect_values = curation["wasl"].values.count()
    assert page.locator(".join-charter .value").count() == expect_values
    assert axe(page) == []

    # Without the endorsement: refused, saying why, in Arabic.
    page.fill("#id_name_ar", "جمعية النخلة للتنمية")
    page.fill("#id_name_en", "Nakhla Development Association")
    page.select_option("#id_country", "IQ")
    page.select_option("#id_governorate", "IQ-BA")
    page.fill("#id_city", "البصرة")
    page.fill("#id_website", "https://nakhla.example.org/")
    page.locator("input[name='tracks']").first.check()
    page.fill("#id_contact_name", "هدى")
    page.fill("#id_email", "huda@example.org")
    page.fill("#id_motivation", "نعمل مع النساء في البصرة.")
    with page.expect_navigation():
        page.get_by_role("button", name="إرسال الطلب").click()
    error = page.locator(".field__error").first.inner_text()
    assert "لا يُقبل الطلب إلا بتأييد ميثاق الشبكة." in error
    assert Application.objects.count() == 0
    save_screenshot(page, "join-errors-ar")

    page.get_by_label("قرأنا الميثاق أعلاه ونؤيّد قيمه.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="إرسال الطلب").click()
    assert re.search(r"/ar/networks/wasl/join/sent/$", page.url)
    assert page.locator("h1").inner_text() == "تحقّق من بريدك الإلكتروني"
    assert axe(page) == []

    [message] = mail.outbox
    assert "تأكيد طلب انضمام" in message.subject
    page.goto(page.base_url + LINK.search(message.body).group(1))
    assert Application.objects.get().state == "unconfirmed"  # opening it is not enough
    with page.expect_navigation():
        page.get_by_role("button", name="تأكيد الطلب").click()
    assert page.locator("h1").inner_text() == "تأكّد طلبكم"
    application = Application.objects.get()
    assert application.state == "pending" and application.organisation.status == "draft"
    assert external_requests(page) == []

    # The curator, in another browser, accepts it and publishes the organisation.
    admin = recording_page()
    sign_in(admin, curation)
    admin.goto(f"{admin.base_url}/admin/members/application/")
    row = admin.locator("#result_list a", has_text="جمعية النخلة للتنمية")
    assert row.count() == 1
    with admin.expect_navigation():
        row.click()
    assert "تأييد الميثاق" in admin.locator("#content-main").inner_text()
    admin.get_by_label("نشر المنظمة الآن").check()
    with admin.expect_navigation():
        admin.get_by_role("button", name="قبول الطلب").click()
    assert admin.locator(".messagelist .success").count() == 1
    assert external_requests(admin) == []

    organisation = Organisation.objects.get(pk=application.organisation_id)
    assert organisation.status == "published"
    page.goto(f"{page.base_url}/ar/members/?q=النخلة")
    link = page.locator("main a", has_text="جمعية النخلة للتنمية")
    assert link.count() >= 1
    with page.expect_navigation():
        link.first.click()
    assert re.search(rf"/ar/members/{organisation.slug}/$", page.url)
    assert page.locator("h1").inner_text() == "جمعية النخلة للتنمية"
    assert external_requests(page) == []
    # The refused form was answered 400, as every refused form is; nothing else failed.
    assert [error for error in page.console_errors if "status of 400" not in error] == []


def test_the_challenge_is_drawn_here_and_answered_in_arabic(page, networks, settings, axe):
    # Every form is "too fast" for this test: the challenge is always asked.
    settings.JOIN_MIN_SECONDS = 3600
    page.goto(f"{page.base_url}/ar/networks/icssi/join/")
    page.fill("#id_name_ar", "شبكة الفرات")
    page.select_option("#id_country", "IQ")
    page.fill("#id_contact_name", "سارة")
    page.fill("#id_email", "sara@example.org")
    page.fill("#id_motivation", "نعمل على المياه.")
    page.locator("#id_endorse").check()
    with page.expect_navigation():
        page.get_by_role("button", name="إرسال الطلب").click()
    image = page.locator("img.captcha")
    assert image.count() == 1
    image.scroll_into_view_if_needed()
    assert page.evaluate("() => document.querySelector('img.captcha').naturalWidth") > 0
    assert "ما ناتج العملية الحسابية في الصورة؟" in page.locator("main").inner_text()
    assert Application.objects.count() == 0
    assert axe(page) == []
    save_screenshot(page, "join-challenge-ar")

    hashkey = page.locator("input[name='captcha_0']").get_attribute("value")
    result = CaptchaStore.objects.get(hashkey=hashkey).response
    page.fill("input[name='captcha_1']", result.translate(str.maketrans("0123456789",
                                                                        "٠١٢٣٤٥٦٧٨٩")))
    with page.expect_navigation():
        page.get_by_role("button", name="إرسال الطلب").click()
    assert re.search(r"/ar/networks/icssi/join/sent/$", page.url)
    assert Application.objects.get().network == networks["icssi"]
    assert external_requests(page) == []
    # Only the challenged form's 400; no CSP violation, no other error.
    assert [error for error in page.console_errors if "status of 400" not in error] == []
