"""In Arabic, in real Chromium: an invited manager sets her password, edits her
organisation's profile (one change narrows and applies at once, the others wait), a WASL
curator approves them in the admin's review queue, and the public page changes."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from members.accounts import hash_token
from members.models import Invitation, Organisation, Proposal
from network.core.roles import CURATOR
from tests.browser.conftest import external_requests, save_screenshot
from tests.browser.test_curation import sign_in
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN = "browser-proposal-token-0123456789abcdef"
PASSWORD = "nakhla-wa-furat-2026"


@pytest.fixture
def world(networks, make_staff):
    organisation = OrganisationFactory(
        slug="amal", name_ar="منظمة الأمل", name_en="Amal Organisation",
        networks=[networks["wasl"]], email="info@amal.example.org", email_visibility="public",
        city_ar="البصرة", city_en="Basra")
    now = timezone.now()
    Invitation.objects.create(email="huda@example.org", language="ar", organisation=organisation,
                              token_hash=hash_token(TOKEN), created_at=now,
                              expires_at=now + timedelta(days=7))
    curator = make_staff(CURATOR, networks=[networks["wasl"]], username="layla")
    curator.email = "layla@wasl.example.org"
    curator.save()
    device = TOTPDevice.objects.create(user=curator, name="default", confirmed=True)
    return {"organisation": organisation, "curator": curator, "device": device}


def test_invite_edit_approve_and_the_public_page_changes(page, recording_page, world, axe):
    # The manager: her invitation, her password, her account page.
    page.goto(f"{page.base_url}/ar/account/invitation/{TOKEN}/")
    page.fill("input[name='new_password1']", PASSWORD)
    page.fill("input[name='new_password2']", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    assert re.search(r"/ar/account/$", page.url)

    with page.expect_navigation():
        page.get_by_role("link", name="تعديل ملفها التعريفي").click()
    assert re.search(r"/ar/account/organisations/amal/edit/$", page.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "تعديل الملف التعريفي لـ منظمة الأمل"
    assert page.locator("#id_name_en").get_attribute("dir") == "ltr"
    assert axe(page) == []
    save_screenshot(page, "profile-edit-ar")

    # Her e-mail for network members only (narrower: at once); a new English name and
    # Arabic city (for review).
    page.get_by_role("group", name="إتاحة البريد الإلكتروني").get_by_label("أعضاء الشبكة").check()
    page.fill("#id_name_en", "Amal Women's Organisation")
    page.fill("#id_city_ar", "البصرة القديمة")
    with page.expect_navigation():
        page.get_by_role("button", name="حفظ").click()
    assert re.search(r"/ar/account/$", page.url)
    status = page.locator(".account-messages").inner_text()
    assert "تغيير واحد يزيد الخصوصية: سرى الآن." in status
    assert "تغييران بانتظار مراجعة أحد القيّمين." in status
    assert "بانتظار المراجعة" in page.locator(".account-proposals").inner_text()
    organisation = Organisation.objects.get(slug="amal")
    assert organisation.email_visibility == "members"
    assert organisation.name_en == "Amal Organisation"
    proposal = Proposal.objects.get()
    assert [message.to for message in mail.outbox][-1] == ["layla@wasl.example.org"]

    # The public page: her e-mail is gone at once, the proposed name not there yet.
    public = recording_page()
    public.goto(f"{public.base_url}/en/members/amal/")
    assert "info@amal.example.org" not in public.locator("main").inner_text()
    assert "Amal Women's Organisation" not in public.locator("main").inner_text()

    # The curator: the queue, the proposal, both languages side by side; she approves.
    curator = recording_page()
    sign_in(curator, world)
    curator.goto(f"{curator.base_url}/admin/members/proposal/")
    with curator.expect_navigation():
        curator.locator("#result_list a", has_text="منظمة الأمل").click()
    assert f"/admin/members/proposal/{proposal.pk}/change/" in curator.url
    table = curator.locator("table.proposal-table")
    assert "Amal Women's Organisation" in table.inner_text()
    assert "البصرة القديمة" in table.inner_text()
    # Name and city, each with its Arabic beside its English.
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").first.locator("td")).to_have_count(2)
    assert table.locator("ins[lang='ar']").inner_text() == "البصرة القديمة"
    assert axe(curator) == []
    save_screenshot(curator, "proposal-review-ar")
    with curator.expect_navigation():
        curator.get_by_role("button", name="قبول التغييرات المحدّدة").click()
    assert "رُوجع الاقتراح وأُبلغ صاحبه." in curator.locator(".messagelist").inner_text()

    # The public page changes; the manager is told, in Arabic.
    public.goto(f"{public.base_url}/en/members/amal/")
    assert "Amal Women's Organisation" in public.locator("h1").inner_text()
    public.goto(f"{public.base_url}/ar/members/amal/")
    assert "البصرة القديمة" in public.locator("main").inner_text()
    told = mail.outbox[-1]
    assert told.to == ["huda@example.org"]
    assert "التغييرات التي اقترحتها على منظمة الأمل: مقبولة" in told.subject
    page.reload()
    assert "مقبولة" in page.locator(".account-proposals").inner_text()
    for each in (page, public, curator):
        assert external_requests(each) == []
