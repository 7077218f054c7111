"""The directory's Atom feed follows the directory's filter: public organisations only,
the most recently added or updated first, valid Atom in each language."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from members.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    track = wasl.tracks.order_by("pk").first()
    made = {
        "amal": OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal",
                                    networks=[wasl], tracks=[track], email="a@example.org",
                                    email_visibility="staff"),
        "nour": OrganisationFactory(slug="nour", name_ar="جمعية النور", name_en="Nour",
                                    networks=[icssi], country="JO"),
        "both": OrganisationFactory(slug="both", name_en="Both", networks=[wasl, icssi]),
        "draft": OrganisationFactory(slug="draft", name_en="Draft", networks=[wasl],
                                     status="draft"),
        "members-only": OrganisationFactory(slug="members-only", name_en="Members only",
                                            networks=[wasl], visibility="members"),
    }
    # Updated at known times: "both" last.
    base = timezone.now() - datetime.timedelta(days=10)
    for offset, slug in enumerate(["nour", "amal", "both"]):
        Organisation.objects.filter(slug=slug).update(
            updated_at=base + datetime.timedelta(days=offset))
    return made, track


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_feed_holds_public_organisations_newest_first(client, directory, lang):
    feed = entries(client, f"/{lang}/members/feed.atom")

    assert feed.feed.language == lang
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/{lang}/members/{slug}/" for slug in ("both", "amal", "nour")]
    amal = feed.entries[1]
    assert amal.title == {"ar": "منظمة الأمل", "en": "Amal"}[lang]
    updated = Organisation.objects.get(slug="amal").updated_at
    assert amal.updated_parsed[:3] == updated.utctimetuple()[:3]
    assert "a@example.org" not in client.get(f"/{lang}/members/feed.atom").content.decode()


def test_the_feed_follows_each_filter(client, directory):
    _made, track = directory

    def slugs(query):
        feed = entries(client, f"/en/members/feed.atom?{query}")
        return [entry.link.rstrip("/").rsplit("/", 1)[1] for entry in feed.entries], feed

    assert slugs("network=wasl")[0] == ["both", "amal"]
    assert slugs("network=icssi")[0] == ["both", "nour"]
    assert slugs("country=JO")[0] == ["nour"]
    assert slugs(f"track={track.slug}")[0] == ["amal"]
    assert slugs("q=النور")[0] == ["nour"]
    found, feed = slugs("network=wasl&country=IQ")
    assert found == ["both", "amal"]
    assert feed.feed.title == ("New and updated organisations of WASL and ICSSI — "
                               "Network: WASL · Country: Iraq")
    assert feed.feed.link == "http://testserver/en/members/?network=wasl&country=IQ"
    arabic = entries(client, "/ar/members/feed.atom?network=wasl")
    assert arabic.feed.title.endswith("الشبكة: وصل")


def test_a_signed_in_member_gets_the_public_feed(client, directory, django_user_model):
    member = django_user_model.objects.create_user("m@example.org", "m@example.org", "x")
    directory[0]["amal"].managers.add(member)
    client.force_login(member)

    feed = entries(client, "/en/members/feed.atom?network=wasl")

    assert "members-only" not in [entry.link for entry in feed.entries]
    assert len(feed.entries) == 2


@pytest.mark.parametrize("query", ["network=nowhere", "country=XX", "kind=bank"])
def test_an_invalid_filter_answers_400_with_the_reason(client, directory, query):
    response = client.get(f"/en/members/feed.atom?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "This feed's filter is not valid" in response.content.decode()


def test_the_directory_links_the_feed_of_its_filter(client, directory):
    html = client.get("/en/members/?network=wasl&page=1&sort=name").content.decode()
    head = html.split("</head>")[0]

    assert ('<link rel="alternate" type="application/atom+xml" title="New and updated '
            'organisations of WASL and ICSSI" href="/en/members/feed.atom?network=wasl">'
            in head)
    assert ('<a href="/en/members/feed.atom?network=wasl" type="application/atom+xml">'
            'Follow these results (Atom feed)</a>') in html
    plain = client.get("/ar/members/").content.decode()
    assert 'href="/ar/members/feed.atom"' in plain
