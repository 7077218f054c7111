"""The library's feed follows the library's filter; an undated brief is dated by when it
was put on the site, never by when the feed is read."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from publications.models import Publication
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefs(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    PublicationFactory(slug="wasl-brief", networks=[wasl], published_on=datetime.date(2024, 5, 1))
    PublicationFactory(slug="icssi-brief", networks=[icssi],
                       published_on=datetime.date(2024, 6, 1))
    undated = PublicationFactory(slug="undated", networks=[wasl], published_on=None)
    # Written as a draft 500 days ago, published 400 days ago: dated by the latter.
    put_on_site = timezone.now() - datetime.timedelta(days=400)
    Publication.objects.filter(pk=undated.pk).update(
        created_at=put_on_site - datetime.timedelta(days=100), first_published_at=put_on_site)
    return put_on_site


def feed_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def slugs(feed):
    return [entry.link.rstrip("/").rsplit("/", 1)[1] for entry in feed.entries]


def test_the_feed_follows_the_network_filter(client, briefs):
    assert set(slugs(feed_of(client, "/en/publications/feed/?network=wasl"))) == {
        "wasl-brief", "undated"}
    icssi = feed_of(client, "/en/publications/feed/?network=icssi")
    assert slugs(icssi) == ["icssi-brief"]
    assert icssi.feed.title == "New publications of WASL and ICSSI — Network: ICSSI"
    assert set(slugs(feed_of(client, "/ar/publications/feed/"))) == {
        "wasl-brief", "icssi-brief", "undated"}


def test_an_undated_brief_is_dated_by_when_it_was_put_on_the_site(client, briefs):
    feed = feed_of(client, "/en/publications/feed/?network=wasl")
    undated = next(entry for entry in feed.entries if entry.link.endswith("/undated/"))

    assert undated.published_parsed[:3] == briefs.utctimetuple()[:3]
    # The feed's own date is its latest entry's, not the time it is read.
    assert feed.feed.updated_parsed == max(entry.updated_parsed for entry in feed.entries)


def test_an_invalid_filter_answers_400(client, briefs):
    response = client.get("/en/publications/feed/?network=nowhere")
    assert response.status_code == 400
    assert "This feed's filter is not valid" in response.content.decode()


def test_the_library_links_the_feed_of_its_filter(client, briefs):
    html = client.get("/en/publications/?network=wasl&sort=newest").content.decode()
    assert 'href="/en/publications/feed/?network=wasl"' in html.split("</head>")[0]
    assert "Follow these results (Atom feed)" in html
