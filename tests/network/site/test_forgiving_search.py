"""Typo tolerance on every database, with "did you mean", and bidi controls ignored."""

import re
from html import unescape
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command

from members.models import Organisation
from network.core.text import normalize
from tests.factories import (
    ConsentFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicPersonFactory,
)


def text(response):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def suggestions(response):
    """The names offered as "did you mean" and the addresses they link to."""
    block = re.search(r'<div class="did-you-mean".*?</div>', response.content.decode(), re.S)
    if block is None:
        return []
    return [(unescape(re.sub(r"<[^>]+>", "", name)), unescape(href)) for href, name
            in re.findall(r'<a href="([^"]+)">(.*?)</a>', block.group(0), re.S)]


@pytest.fixture
def named(networks):
    """Records named as in the sample directory and library."""
    return {
        "radio": OrganisationFactory(name_ar="إذاعة صوت الجبل المستقلة",
                                     name_en="Voice of the Mountain Independent Radio",
                                     networks=[networks["wasl"]]),
        "union": OrganisationFactory(name_ar="نقابة العاملات في قطاع النسيج في البصرة",
                                     name_en="Basra Women Textile Workers' Union",
                                     networks=[networks["icssi"]]),
        "midwives": OrganisationFactory(name_ar="منتدى القابلات في الكرادة",
                                        name_en="Karrada Midwives' Forum",
                                        networks=[networks["icssi"]]),
        "other": OrganisationFactory(name_ar="جمعية الأمل", name_en="Hope Society",
                                     networks=[networks["wasl"]]),
        "brief": PublicationFactory(title_ar="أزمة المياه في البصرة",
                                    title_en="The water crisis in Basra"),
        "person": ConsentFactory(person=PublicPersonFactory(
            name_ar="إنغريد سولبرغ", name_en="Ingrid Solberg")).person,
    }


@pytest.mark.parametrize("lang,query,key,expected", [
    ("ar", "ازاعة صوت الجبل", "radio", "إذاعة صوت الجبل المستقلة"),
    ("en", "ازاعة صوت الجبل", "radio", "Voice of the Mountain Independent Radio"),
    ("ar", "نقابة العملات", "union", "نقابة العاملات في قطاع النسيج في البصرة"),
    ("en", "midwifes", "midwives", "Karrada Midwives' Forum"),
    ("ar", "midwifes", "midwives", "منتدى القابلات في الكرادة"),
    ("en", "basrah workers", "union", "Basra Women Textile Workers' Union"),
])
def test_directory_forgives_a_typo_and_offers_the_closest_names(client, named, lang, query,
                                                                 key, expected):
    response = client.get(f"/{lang}/members/", {"q": query})

    assert response.status_code == 200
    with_lang = named[key].get_absolute_url().replace("/ar/", f"/{lang}/")
    assert f'href="{with_lang}"' in response.content.decode()
    assert "Hope Society" not in text(response) and "جمعية الأمل" not in text(response)
    offered = suggestions(response)
    assert (expected, f"/{lang}/members/?q={quote(expected)}") in offered
    # Following the suggestion matches exactly: nothing more is offered.
    assert suggestions(client.get(f"/{lang}/members/", {"q": expected})) == []


@pytest.mark.parametrize("lang,expected", [("ar", "أزمة المياه في البصرة"),
                                           ("en", "The water crisis in Basra")])
def test_library_forgives_a_typo(client, named, lang, expected):
    response = client.get(f"/{lang}/publications/", {"q": "basrah water"})

    assert expected in text(response)
    assert (expected, f"/{lang}/publications/?q={quote(expected)}") in suggestions(response)


@pytest.mark.parametrize("lang,query,expected", [
    ("ar", "ازاعة صوت الجبل", "إذاعة صوت الجبل المستقلة"),
    ("en", "midwifes", "Karrada Midwives' Forum"),
    ("en", "Ingrid Solbreg", "Ingrid Solberg"),
    ("ar", "انغريد سولبيرغ", "إنغريد سولبرغ"),
])
def test_site_search_forgives_a_typo_in_every_section(client, named, lang, query, expected):
    response = client.get(f"/{lang}/search/", {"q": query})

    assert response.status_code == 200
    assert expected in text(response)
    assert (expected, f"/{lang}/search/?q={quote(expected)}") in suggestions(response)


def test_site_search_typo_finds_the_person_in_her_section(client, named):
    response = client.get("/en/search/", {"q": "Ingrid Solbreg"})

    section = re.search(r'id="people-results".*?</section>', response.content.decode(), re.S)
    assert "Ingrid Solberg" in section.group(0)
    assert "(1)" in section.group(0)


@pytest.mark.django_db
def test_the_sample_directory_forgives_what_people_typed(client, networks):
    call_command("load_sample_directory", stdout=StringIO())
    radio = Organisation.objects.get(name_ar="إذاعة صوت الجبل المستقلة")
    midwives = set(Organisation.objects.filter(name_en__contains="Midwives")
                   .values_list("name_en", flat=True))

    found = text(client.get("/ar/members/", {"q": "ازاعة صوت الجبل"}))
    assert radio.name_ar in found
    found = text(client.get("/en/search/", {"q": "midwifes"}))
    assert all(name in found for name in midwives)
    assert "Nothing matches exactly" in found
    found = text(client.get("/en/members/", {"q": "basrah"}))
    assert "Basra" in found and "0 organisations" not in found


def test_bidi_controls_are_ignored_in_stored_text_and_queries(client, networks):
    OrganisationFactory(name_ar="منتدى \u2067البصرة\u2069", name_en="Bas\u200era Forum",
                        networks=[networks["wasl"]])

    assert normalize("Bas\u200era \u202bforum\u202c\u061c") == "basra forum"
    assert normalize("\u2066\u200fالبصرة\u2069") == "البصره"
    for query in ("basra", "Basra\u200e Forum", "\u2067البصرة\u2069"):
        response = client.get("/en/members/", {"q": query})
        assert "Forum" in text(response), query
        assert suggestions(response) == [], query
