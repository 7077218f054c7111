"""The leak test: every value anonymous visitors may not see holds a unique sentinel, and
no public channel — any page reachable from the home pages, the directory and site search
queried for each sentinel, the people pages, every profile, the feeds — ever shows one.

To cover a new public channel (a sitemap, a JSON API, a CSV download), add its URLs to
``EXTRA_URLS``; the crawl also follows every link it finds.
"""

import datetime
import re
import zlib
from collections import deque
from html import unescape
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.utils import timezone

from members.models import Application, Consent
from tests.factories import ConsentFactory, OrganisationFactory, PublicationFactory
from tests.factories import PublicPersonFactory as PersonFactory

LANGUAGES = ("ar", "en")
#: Further public URLs (per language, without the /<lang>/ prefix) to check: sitemaps,
#: exports, the API. One line each.
EXTRA_URLS = [
    # /sitemap.xml and /robots.txt are not under a language: base.html links the sitemap
    # (rel="sitemap"), so the crawl from "/" fetches it and follows its alternates.
    "members/download.csv", "members/download.json", "members/download.csv?network=wasl",
    "members/download.json?country=IQ&q=leak", "publications/download.csv",
    "publications/download.json", "publications/download.json?network=icssi",
    # The contact relay's form for a person whose address is for network members only.
    "people/covered-contacts/message/",
]
#: Never crawled: not public pages, or not pages at all.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
MAX_CRAWL = 2000
#: Fewer responses than this means the crawl did not really run.
MIN_RESPONSES = 400


def sentinel(label):
    """A unique, greppable value: ``LEAK-<LABEL>-<4 hex>``."""
    return f"LEAK-{label}-{zlib.crc32(label.encode()) & 0xffff:04x}"


class World:
    """The data: hidden values (sentinels), hidden slugs, and values that must show."""

    def __init__(self):
        self.sentinels = []
        self.hidden_slugs = []      # profiles that must answer 404
        self.public_values = []     # (language or None, text) that must appear somewhere
        self.public_profiles = []

    def hide(self, label):
        value = sentinel(label)
        self.sentinels.append(value)
        return value

    def hidden_slug(self, label):
        slug = f"hidden-{label.lower()}-{zlib.crc32(label.encode()) & 0xffff:04x}"
        self.hidden_slugs.append(slug)
        return slug


def _hidden_person(world, label, **fields):
    """A person whose every field is a sentinel (the name too: the person must not show)."""
    defaults = {
        "slug": world.hidden_slug(f"person-{label}"),
        "name_ar": world.hide(f"{label}-NAME-AR"), "name_en": world.hide(f"{label}-NAME-EN"),
        "title_ar": world.hide(f"{label}-TITLE-AR"), "title_en": world.hide(f"{label}-TITLE-EN"),
        "bio_ar": world.hide(f"{label}-BIO-AR"), "bio_en": world.hide(f"{label}-BIO-EN"),
        "city_ar": world.hide(f"{label}-CITY-AR"), "city_en": world.hide(f"{label}-CITY-EN"),
        "email": f"{world.hide(f'{label}-EMAIL')}@example.org",
        "phone": world.hide(f"{label}-PHONE"),
        "social_handles": f"https://example.org/{world.hide(f'{label}-SOCIAL')}",
        "location_shown": "city", "email_visibility": "public", "phone_visibility": "public",
        "social_visibility": "public",
    }
    return PersonFactory(**{**defaults, **fields})


def _consent(world, person, label, **fields):
    """A consent with sentinels in the fields never shown (who gave it, the notes)."""
    return ConsentFactory(person=person, given_by=world.hide(f"{label}-GIVEN-BY"),
                          notes=world.hide(f"{label}-CONSENT-NOTES"), **fields)


ALL_COVERED = {f"show_{name}": True for name in Consent.FIELDS}


@pytest.fixture
def world(networks):
    world = World()
    wasl, icssi = networks["wasl"], networks["icssi"]
    both = [wasl, icssi]

    # Organisations ---------------------------------------------------------------------
    for level in ("members", "staff"):
        OrganisationFactory(
            name_en=f"Public org, {level} contacts", networks=both,
            email=f"{world.hide(f'ORG-{level.upper()}-EMAIL')}@example.org",
            phone=world.hide(f"ORG-{level.upper()}-PHONE"),
            address=world.hide(f"ORG-{level.upper()}-ADDRESS"),
            social_links=f"https://example.org/{world.hide(f'ORG-{level.upper()}-SOCIAL')}",
            email_visibility=level, phone_visibility=level, address_visibility=level,
            social_visibility=level)
    shown_org = OrganisationFactory(
        name_ar="منظمة العلن", name_en="Open Contacts League", networks=both,
        email="open-office@example.org", phone="+964 770 000 4242",
        address="42 Open Street", social_links="https://example.org/open-league",
        email_visibility="public", phone_visibility="public", address_visibility="public",
        social_visibility="public")
    world.public_values += [(None, "Open Contacts League"), ("ar", "منظمة العلن"),
                            (None, "mailto:open-office@example.org"), (None, "42 Open Street"),
                            (None, "tel:+9647700004242"), (None, "https://example.org/open-league")]

    hidden_orgs = {}
    for label, fields in {"DRAFT": {"status": "draft"}, "ARCHIVED": {"status": "archived"},
                          "MEMBERS": {"visibility": "members"},
                          "STAFF": {"visibility": "staff"}}.items():
        hidden_orgs[label] = OrganisationFactory(
            slug=world.hidden_slug(f"org-{label}"), networks=both,
            name_ar=world.hide(f"ORG-{label}-NAME-AR"), name_en=world.hide(f"ORG-{label}-NAME-EN"),
            acronym=world.hide(f"O{label[:2]}"),
            description_ar=world.hide(f"ORG-{label}-DESC-AR"),
            description_en=world.hide(f"ORG-{label}-DESC-EN"),
            city_en=world.hide(f"ORG-{label}-CITY"), **fields)

    # Publications: a draft one, and a published one by a public and a hidden author ------
    PublicationFactory(status="draft", title_ar=world.hide("DRAFT-PUB-AR"),
                       title_en=world.hide("DRAFT-PUB-EN"), networks=both)
    PublicationFactory(title_en="Open brief", networks=both,
                       authors=[shown_org, hidden_orgs["STAFF"], hidden_orgs["DRAFT"]])
    world.public_values.append((None, "Open brief"))

    # An application to join, confirmed and waiting, with its draft organisation ----------
    applicant = OrganisationFactory(
        slug=world.hidden_slug("org-APPLICANT"), status="draft", visibility="staff",
        name_ar=world.hide("APPLICANT-NAME-AR"), name_en=world.hide("APPLICANT-NAME-EN"),
        website=f"https://{world.hide('APPLICANT-SITE')}.example.org/")
    application = Application.objects.create(
        network=both[0], state="pending", name_ar=applicant.name_ar, name_en=applicant.name_en,
        kind="ngo", country="IQ", website=applicant.website,
        contact_name=world.hide("APPLICANT-CONTACT"),
        email=f"{world.hide('APPLICANT-EMAIL')}@example.org",
        motivation=world.hide("APPLICANT-WHY"), language="ar", token_hash="0" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=7),
        charter_endorsed_at=timezone.now(), charter_date=timezone.localdate(),
        confirmed_at=timezone.now(), organisation=applicant)
    application.tracks.set(both[0].tracks.all()[:1])

    # People who must not show at all -----------------------------------------------------
    _hidden_person(world, "NOCONSENT", networks=both, organisation=shown_org)
    withdrawn = _hidden_person(world, "WITHDRAWN", networks=both, organisation=shown_org)
    _consent(world, withdrawn, "WITHDRAWN", withdrawn_at=timezone.now(), **ALL_COVERED)
    lapsed = _hidden_person(world, "LAPSED", networks=both, organisation=shown_org)
    _consent(world, lapsed, "LAPSED", given_on=datetime.date(2020, 1, 1),
             review_on=timezone.localdate() - datetime.timedelta(days=1), **ALL_COVERED)
    future = _hidden_person(world, "FUTURE", networks=both, organisation=shown_org)
    _consent(world, future, "FUTURE", given_on=timezone.localdate() + datetime.timedelta(days=1),
             review_on=timezone.localdate() + datetime.timedelta(days=400), **ALL_COVERED)
    for level in ("members", "staff"):
        person = _hidden_person(world, f"PROFILE-{level.upper()}", visibility=level,
                                networks=both, organisation=shown_org)
        _consent(world, person, f"PROFILE-{level.upper()}", **ALL_COVERED)

    # Public people: only what the consent covers and the visibility allows ---------------
    bare = PersonFactory(
        slug="bare-public", name_ar="سلمى العلنية", name_en="Salma Public", country="IQ",
        title_en=world.hide("BARE-TITLE-EN"), title_ar=world.hide("BARE-TITLE-AR"),
        bio_en=world.hide("BARE-BIO-EN"), bio_ar=world.hide("BARE-BIO-AR"),
        city_en=world.hide("BARE-CITY-EN"), city_ar=world.hide("BARE-CITY-AR"),
        location_shown="city", organisation=hidden_orgs["MEMBERS"],
        email=f"{world.hide('BARE-EMAIL')}@example.org", phone=world.hide("BARE-PHONE"),
        social_handles=world.hide("BARE-SOCIAL"), email_visibility="public",
        phone_visibility="public", social_visibility="public", networks=both)
    _consent(world, bare, "BARE")  # covers the name and country only
    world.public_values += [(None, "Salma Public"), ("ar", "سلمى العلنية")]
    world.public_profiles.append(bare.slug)

    contacts = PersonFactory(
        slug="covered-contacts", name_en="Huda Covered", name_ar="هدى المحجوبة",
        title_en="Open title", location_shown="country", city_en=world.hide("COUNTRYONLY-CITY"),
        city_ar=world.hide("COUNTRYONLY-CITY-AR"), organisation=hidden_orgs["DRAFT"],
        email=f"{world.hide('MEMBERS-LEVEL-EMAIL')}@example.org",
        phone=world.hide("STAFF-LEVEL-PHONE"), social_handles=world.hide("MEMBERS-LEVEL-SOCIAL"),
        email_visibility="members", phone_visibility="staff", social_visibility="members",
        networks=[wasl])
    _consent(world, contacts, "CONTACTS", **ALL_COVERED)
    world.public_values += [(None, "Huda Covered"), ("en", "Open title")]
    world.public_profiles.append(contacts.slug)

    shown = PersonFactory(
        slug="shown-person", name_en="Maysoon Shown", name_ar="ميسون الظاهرة",
        title_en="Open mediator", city_en="Open City", city_ar="مدينة علنية",
        location_shown="city", organisation=shown_org, email="maysoon@example.org",
        phone="+964 770 000 7777", social_handles="https://example.org/@maysoon",
        email_visibility="public", phone_visibility="public", social_visibility="public",
        networks=[icssi])
    # An older consent in force covered more; the newest one decides.
    _consent(world, shown, "SHOWN-OLD", given_on=timezone.localdate() - datetime.timedelta(
        days=300), **ALL_COVERED)
    old_bio = world.hide("SHOWN-BIO-EN")
    shown.bio_en = old_bio
    shown.save()
    _consent(world, shown, "SHOWN", show_title=True, show_city=True, show_organisation=True,
             show_email=True, show_phone=True, show_social=True)
    world.public_values += [(None, "Maysoon Shown"), ("en", "Open mediator"),
                            ("en", "Open City"), ("ar", "مدينة علنية"),
                            (None, "mailto:maysoon@example.org"), (None, "tel:+9647700007777"),
                            (None, "https://example.org/@maysoon")]
    world.public_profiles.append(shown.slug)
    world.shown_org = shown_org
    world.networks = both
    return world


class Crawl:
    """Fetches URLs as an anonymous visitor and checks each response for sentinels."""

    def __init__(self, client, world):
        self.client = client
        self.world = world
        self.count = 0
        self.bodies = {}
        self.leaks = []
        self.seen = set()

    def fetch(self, url):
        response = self.client.get(url)
        self.count += 1
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        text = body.decode("utf-8", errors="replace")
        headers = "\n".join(f"{name}: {value}" for name, value in response.items())
        for value in self.world.sentinels:
            if value in text or value in headers:
                self.leaks.append((url, value))
        for slug in self.world.hidden_slugs:
            # The URL of a hidden profile names its slug; the page answering it must not
            # (nor may any other page).
            if slug not in urlsplit(url).path and (slug in text or slug in headers):
                self.leaks.append((url, slug))
        self.bodies[url] = text
        return response, text

    def links(self, url, response, text):
        found = []
        if response.status_code in (301, 302) and response.get("Location"):
            found.append(response["Location"])
        if "html" in response.get("Content-Type", "") or "xml" in response.get(
                "Content-Type", ""):
            for href in _hrefs(text):
                found.append(href)
        for href in found:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            if parts.path.startswith(SKIPPED_PREFIXES):
                continue
            yield parts.path + (f"?{parts.query}" if parts.query else "")

    def crawl(self, starts):
        queue = deque(starts)
        crawled = 0
        while queue and crawled < MAX_CRAWL:
            url = queue.popleft()
            if url in self.seen:
                continue
            self.seen.add(url)
            response, text = self.fetch(url)
            crawled += 1
            for link in self.links(url, response, text):
                if link not in self.seen:
                    queue.append(link)
        return crawled


def _hrefs(text):
    return [unescape(match) for match in re.findall(r'href="([^"]*)"', text)]


@pytest.mark.slow
def test_no_hidden_value_reaches_any_public_channel(client, world):
    crawl = Crawl(client, world)

    crawled = crawl.crawl(["/", *(f"/{lang}/" for lang in LANGUAGES)])

    statuses = {}
    for lang in LANGUAGES:
        explicit = [f"/{lang}/people/", f"/{lang}/members/", f"/{lang}/search/",
                    f"/{lang}/publications/feed/", f"/{lang}/members/feed.atom",
                    f"/{lang}/countries/",
                    *(f"/{lang}/{path}" for path in EXTRA_URLS)]
        for network in world.networks:
            explicit += [f"/{lang}/people/?network={network.slug}",
                         f"/{lang}/people/?network={network.slug}&country=IQ",
                         f"/{lang}/members/?network={network.slug}",
                         f"/{lang}/members/feed.atom?network={network.slug}",
                         f"/{lang}/publications/?network={network.slug}"]
        for code in ("IQ", "NG", "ZZ"):
            explicit += [f"/{lang}/people/?country={code}", f"/{lang}/members/?country={code}"]
        for value in world.sentinels:
            # Queried in lower case: the pages echo the query, and the sentinels are
            # matched case-sensitively, so only a real leak can match.
            query = urlencode({"q": value.lower()})
            explicit += [f"/{lang}/members/?{query}", f"/{lang}/search/?{query}",
                         f"/{lang}/publications/?{query}"]
        for slug in world.hidden_slugs:
            kind = "people" if slug.startswith("hidden-person-") else "members"
            explicit += [f"/{lang}/{kind}/{slug}/", f"/{lang}/{kind}/{slug}/message/"]
        explicit += [f"/{lang}/people/{slug}/" for slug in world.public_profiles]
        explicit.append(f"/{lang}/members/{world.shown_org.slug}/")
        for url in explicit:
            if url in crawl.seen:
                continue
            crawl.seen.add(url)
            response, _text = crawl.fetch(url)
            statuses[url] = response.status_code

    print(f"leak test: {crawl.count} responses checked ({crawled} by following links)")
    assert crawl.leaks == []
    assert crawl.count >= MIN_RESPONSES
    assert crawled >= 40
    # Hidden profiles are simply not found.
    for url, status in statuses.items():
        if any(f"/{slug}/" in url for slug in world.hidden_slugs):
            assert status == 404, url
    # The positive side: what is public does show, so the crawl saw real pages.
    pages = crawl.bodies.items()
    for language, value in world.public_values:
        assert any(value in unescape(text) for url, text in pages
                   if language is None or url.startswith(f"/{language}/")), value
    for lang in LANGUAGES:
        for slug in world.public_profiles:
            assert statuses.get(f"/{lang}/people/{slug}/", 200) == 200
            assert f"/{lang}/people/{slug}/" in crawl.seen
