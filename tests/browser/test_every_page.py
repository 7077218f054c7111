"""Every public page type, in Arabic and English, at a phone's width and a desktop's, in
real Chromium: the expected status, ``lang`` and ``dir``, no serious or critical axe-core
violation, no console error (a Content-Security-Policy violation is one), no request
leaving this host, no horizontal scrolling on the phone, and a screenshot of each in
``test-artifacts/screenshots/<page>-<lang>-<width>.png`` for a person to look at.

One test per page type visits it in both languages at both widths and reports every
failed check of the four at once. The admin, under the same policy, has a test of its own.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Organisation
from members.projection import public_people
from publications.models import Publication
from publications.pdf import inspect_pdf
from publications.services import add_publication_file
from tests.publications import pdfs
from tests.signin import totp_token

from .conftest import external_requests, new_context, open_recording_page, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-0"
BRIEF = "uncomfortable-truths-unconventional-wisdom"
WIDTHS = {
    360: {"viewport": {"width": 360, "height": 740}, "mobile": True},
    1280: {"viewport": {"width": 1280, "height": 900}, "mobile": False},
}
LANGUAGES = {"ar": "rtl", "en": "ltr"}

# name: (path with {lang}, {org} and {person} to fill in, expected status)
PAGES = {
    "home": ("/{lang}/", 200),
    "network-wasl": ("/{lang}/networks/wasl/", 200),
    "network-icssi": ("/{lang}/networks/icssi/", 200),
    "members": ("/{lang}/members/", 200),
    "members-filtered": ("/{lang}/members/?network=icssi&country=IQ&sort=name", 200),
    "members-no-results": ("/{lang}/members/?q=zzqxj", 200),
    "organisation": ("/{lang}/members/{org}/", 200),
    "countries": ("/{lang}/countries/", 200),
    "country-iraq": ("/{lang}/countries/iq/", 200),
    "people": ("/{lang}/people/", 200),
    "person": ("/{lang}/people/{person}/", 200),
    "library": ("/{lang}/publications/", 200),
    "library-filtered": ("/{lang}/publications/?network=wasl&language=en", 200),
    "publication": ("/{lang}/publications/" + BRIEF + "/", 200),
    "search": ("/{lang}/search/?q={query}", 200),
    "api-docs": ("/api/v1/docs?lang={lang}", 200),
    "sign-in": ("/{lang}/account/login/", 200),
    "join": ("/{lang}/networks/wasl/join/", 200),
    "not-found": ("/{lang}/members/no-such-organisation/", 404),
}
SEARCH = {"ar": "العراق", "en": "Iraq"}

# The elements sticking out of the page's width, furthest first, leaving out those inside
# a scrolling or clipping box (a wide table in its own scroller is fine).
OVERFLOWING = """() => {
  const root = document.documentElement.getBoundingClientRect();
  const clipped = (element) => {
    for (let node = element.parentElement; node && node !== document.body;
         node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (element) => element.tagName.toLowerCase()
    + (element.id ? '#' + element.id : '')
    + [...element.classList].map((c) => '.' + c).join('');
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (!box.width || clipped(element)) continue;
    const beyond = Math.max(box.right - root.right, root.left - box.left);
    if (beyond > 1) {
      found.push([beyond, `${name(element)} (${Math.round(box.width)}px wide, `
                 + `${Math.round(beyond)}px beyond the edge)`]);
    }
  }
  found.sort((a, b) => b[0] - a[0]);
  return found.slice(0, 5).map((item) => item[1]);
}"""


@pytest.fixture(scope="session")
def brief_pdfs(tmp_path_factory):
    """The brief's PDFs in both languages, made and read once: {language: (bytes, what
    the worker read from them)}."""
    fonts = str(tmp_path_factory.mktemp("fonts"))
    made = {"en": pdfs.english_pdf(marker="every-page"),
            "ar": pdfs.arabic_pdf(fonts, marker="every-page")}
    return {language: (data, inspect_pdf(ContentFile(data, f"brief-{language}.pdf")))
            for language, data in made.items()}


@pytest.fixture
def site(transactional_db, brief_pdfs):
    """The real network content, the sample directory and people, and the library's seed
    brief with a real PDF in each language, as ``make run`` would have them."""
    call_command("load_networks", verbosity=0)
    call_command("load_sample_directory", verbosity=0)
    call_command("load_publications", verbosity=0)
    brief = Publication.objects.get(slug=BRIEF)
    for language, (data, inspected) in brief_pdfs.items():
        add_publication_file(publication=brief, language=language, inspected=inspected,
                             upload=ContentFile(data, inspected.name))
    organisation = (Organisation.objects.public().filter(country="IQ", is_sample=True)
                    .order_by("slug").first())
    person = public_people().order_by("slug").first()
    assert organisation is not None and person is not None
    return {"org": organisation.slug, "person": person.slug}


def expected_error_status(text, status, page):
    """Chromium's console line about the page itself answering the 404 it should."""
    return status >= 400 and any(
        error == text and source == page.url and f"status of {status} " in text
        for error, source in page.console_error_sources)


def check(page, axe, *, lang, width, status, response):
    """Every failed check on the page as it is now, as readable lines."""
    problems = []
    if response is None or response.status != status:
        problems.append(f"status {response and response.status}, expected {status}")
    html = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    if html != [lang, LANGUAGES[lang]]:
        problems.append(f"<html lang dir> is {html}, expected {[lang, LANGUAGES[lang]]}")
    for rule, impact, targets in axe(page):
        problems.append(f"axe {impact}: {rule} on {targets}")
    problems += [f"console error: {text}" for text in page.console_errors
                 if not expected_error_status(text, status, page)]
    problems += [f"request leaving this host: {url}" for url in external_requests(page)]
    if width == 360:
        scroll, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > min(inner, width):
            problems.append(f"scrolls sideways: {scroll}px wide in a {inner}px window; "
                            f"widest: {page.evaluate(OVERFLOWING)}")
    return problems


@pytest.fixture(scope="module")
def browser_contexts(chromium):
    """One context per width, kept for the module: a page opened in each is enough, and
    much quicker than a context each."""
    contexts = {width: new_context(chromium, **options) for width, options in WIDTHS.items()}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page(browser_contexts, chromium, live_server, axe, site, name):
    path, status = PAGES[name]
    report = []
    for lang in LANGUAGES:
        url = path.format(lang=lang, query=SEARCH[lang], **site)
        for width, context in browser_contexts.items():
            page = open_recording_page(chromium, live_server.url, context=context)
            try:
                response = page.goto(page.base_url + url)
                problems = check(page, axe, lang=lang, width=width, status=status,
                                 response=response)
                save_screenshot(page, f"{name}-{lang}-{width}")
            finally:
                page.close()
            report += [f"{url} at {width}px: {problem}" for problem in problems]
    assert not report, "\n".join(report)


def test_page_contents_are_what_the_checks_were_about(recording_page, site):
    """The filtered and searched pages above really show results, or none."""
    page = recording_page()
    expected = {
        "/ar/members/?network=icssi&country=IQ&sort=name": (".org-list > li", True),
        "/ar/members/?q=zzqxj": (".org-list > li", False),
        "/en/publications/?network=wasl&language=en": (".pub-card", True),
        "/en/search/?q=Iraq": (".search-section li", True),
        "/ar/countries/iq/": ("text=البصرة", True),
    }
    for url, (selector, present) in expected.items():
        page.goto(page.base_url + url)
        assert (page.locator(selector).count() > 0) is present, url


@pytest.fixture
def superuser(make_staff):
    user = make_staff("superuser", username="nadia")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user, device


def test_the_admin_works_under_the_content_security_policy(recording_page, superuser, site):
    user, device = superuser
    page = recording_page()
    page.goto(page.base_url + "/admin/")
    assert "/ar/account/login/" in page.url
    page.fill("input[name='auth-username']", user.username)
    page.fill("input[name='auth-password']", PASSWORD)
    page.locator("form button.button[type='submit']").click()
    page.fill("input[name='token-otp_token']", totp_token(device))
    page.locator("form button.button[type='submit']").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    organisation = Organisation.objects.get(slug=site["org"])
    page.goto(page.base_url + f"/admin/members/organisation/{organisation.pk}/change/")
    tabs = page.locator(".ui-tabs-nav li a")
    for index in range(tabs.count()):
        if tabs.nth(index).is_visible():
            tabs.nth(index).click()
    page.fill("#id_name_en", "Checked Under The Policy")
    save_screenshot(page, "admin-organisation-change-ar-1280")
    page.locator("input[name='_save']").click()
    page.wait_for_url(re.compile(r"/admin/members/organisation/$"))

    assert page.locator(".messagelist .success").count() == 1
    organisation.refresh_from_db()
    assert organisation.name_en == "Checked Under The Policy"
    assert page.console_errors == []
    assert external_requests(page) == []
