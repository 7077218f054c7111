import datetime
import json
import re
from html import unescape

import pytest
from django.utils import translation

from network.management.commands.load_networks import DEFAULT_FILE
from tests.factories import (
    ApproachPointFactory,
    CharterValueFactory,
    MilestoneFactory,
    NetworkFactory,
    TrackFactory,
)

DATA = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def _text(html):
    """Visible text of a page, tags removed and white space folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _paragraphs(value):
    return [" ".join(p.split()) for p in value.split("\n\n") if p.strip()]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_home_shows_both_networks_with_their_figures(client, networks, lang):
    text = _text(client.get(f"/{lang}/").content.decode())

    for item in DATA["networks"]:
        assert item["name"][lang] in text
        assert item["tagline"][lang] in text
    assert "90" in text and "29" in text and "2009" in text


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("slug", ["wasl", "icssi"])
def test_network_page_carries_every_text_of_the_data_file(client, networks, lang, slug):
    response = client.get(f"/{lang}/networks/{slug}/")
    text = _text(response.content.decode())
    item = next(n for n in DATA["networks"] if n["slug"] == slug)

    expected = []
    for value in item.values():
        if isinstance(value, dict) and value.get(lang):
            expected += _paragraphs(value[lang])
    for value in item["values"]:
        expected += _paragraphs(value["title"][lang]) + _paragraphs(value["text"][lang])
    for section in item["approach"]:
        expected += _paragraphs(section["title"][lang]) + _paragraphs(section["intro"][lang])
        expected += [" ".join(point[lang].split()) for point in section["points"]]
    for milestone in item["milestones"]:
        expected += _paragraphs(milestone["title"][lang]) + _paragraphs(milestone["text"][lang])
    for track in DATA["tracks"]:
        if slug in track["networks"]:
            expected += _paragraphs(track["name"][lang]) + _paragraphs(track["description"][lang])

    assert response.status_code == 200
    assert len(expected) > 20
    assert [snippet for snippet in expected if snippet not in text] == []
    assert "fallback" not in response.content.decode()


@pytest.mark.parametrize("lang,expected", [
    ("en", ["15 February 2003", "2009", "28 January 2019", "October 2019"]),
    # As the networks write Arabic dates: the Levantine/Iraqi month with the
    # international one, not Django's Egyptian name alone.
    ("ar", ["2009", "تشرين الأول/أكتوبر 2019", "28 كانون الثاني/يناير، 2019"]),
])
def test_history_dates_follow_their_precision(client, networks, lang, expected):
    text = _text(client.get(f"/{lang}/networks/icssi/").content.decode())

    assert [date for date in expected if date not in text] == []


def test_milestone_date_display_follows_precision(db):
    network = NetworkFactory()

    year = MilestoneFactory(network=network, date=datetime.date(2009, 1, 1), precision="year")
    month = MilestoneFactory(network=network, date=datetime.date(2019, 10, 1), precision="month")
    day = MilestoneFactory(network=network, date=datetime.date(2003, 2, 15), precision="day")

    with translation.override("en"):
        assert [m.date_display() for m in (year, month, day)] == [
            "2009", "October 2019", "15 February 2003"]


def test_unknown_network_is_not_found(client, networks):
    assert client.get("/en/networks/unknown/").status_code == 404


def test_charter_approval_is_shown(client, networks):
    text = _text(client.get("/en/networks/icssi/").content.decode())

    assert "Approved by the General Assembly, Sulaymaniyah, 15 March 2022." in text


@pytest.mark.parametrize("count", [1, 3])
def test_home_queries_are_constant(client, db, django_assert_num_queries, count):
    for network in NetworkFactory.create_batch(count):
        CharterValueFactory.create_batch(count, network=network)
        TrackFactory.create_batch(count, networks=[network])

    # 1. the three latest publications (none, so nothing prefetched for them),
    # 2. networks annotated with their counts; the same on every request.
    for _ in range(2):
        with django_assert_num_queries(2):
            response = client.get("/en/")
        assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_network_page_queries_are_constant(client, db, django_assert_num_queries, count):
    network = NetworkFactory()
    CharterValueFactory.create_batch(count, network=network)
    for _ in range(count):
        ApproachPointFactory.create_batch(count, section__network=network)
    TrackFactory.create_batch(count, networks=[network])
    MilestoneFactory.create_batch(count, network=network)

    # 1. network, 2. values, 3. approach sections, 4. their points, 5. tracks, 6. milestones,
    # 7. texts of all these that may be outdated in this language, 8. its latest
    # publications (none); directory figures: 9. members per track, 10. member count,
    # 11. member countries.
    for _ in range(2):
        with django_assert_num_queries(11):
            response = client.get(f"/ar/networks/{network.slug}/")
        assert response.status_code == 200


def test_favicon_redirects_to_the_static_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
