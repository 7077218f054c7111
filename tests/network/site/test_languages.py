import re

import pytest
from django.conf import settings

from tests.factories import NetworkFactory


@pytest.mark.parametrize("headers,expected", [
    ({}, "/ar/"),
    ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "/en/"),
    ({"HTTP_ACCEPT_LANGUAGE": "ar-IQ,ar;q=0.9,en;q=0.5"}, "/ar/"),
    ({"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, "/ar/"),
])
def test_root_redirects_by_accept_language(client, db, headers, expected):
    response = client.get("/", **headers)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_root_prefers_the_language_cookie_to_the_header(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")

    assert response["Location"] == "/en/"


def test_unprefixed_page_redirects_to_its_language_twin(client, networks):
    response = client.get("/networks/wasl/?x=1", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/en/networks/wasl/?x=1"


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("en", "ltr")])
def test_page_declares_language_and_direction(client, networks, lang, direction):
    response = client.get(f"/{lang}/networks/icssi/")

    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


@pytest.mark.parametrize("path,twin", [
    ("/ar/", "/en/"),
    ("/en/", "/ar/"),
    ("/ar/networks/wasl/", "/en/networks/wasl/"),
    ("/en/networks/icssi/?page=2&q=%D8%B3%D9%84%D8%A7%D9%85",
     "/ar/networks/icssi/?page=2&amp;q=%D8%B3%D9%84%D8%A7%D9%85"),
])
def test_language_switch_keeps_path_and_query(client, networks, path, twin):
    html = client.get(path).content.decode()

    switch = re.search(r'<ul class="lang-switch".*?</ul>', html, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', switch) == [twin]


def test_hreflang_alternates_are_absolute_for_both_languages_and_x_default(client, networks):
    html = client.get("/en/networks/wasl/?a=1").content.decode()

    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert alternates == [
        ("ar", "http://testserver/ar/networks/wasl/?a=1"),
        ("en", "http://testserver/en/networks/wasl/?a=1"),
        ("x-default", "http://testserver/networks/wasl/?a=1"),
    ]


def test_hreflang_alternates_use_site_url_when_set(client, networks, settings):
    settings.SITE_URL = "https://directory.example.org"

    html = client.get("/ar/").content.decode()

    assert '<link rel="alternate" hreflang="en" href="https://directory.example.org/en/">' in html


def test_language_cookie_is_set_only_when_the_language_changes(client, db):
    NetworkFactory()

    first = client.get("/en/")
    second = client.get("/en/")
    switched = client.get("/ar/")

    assert first.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in second.cookies
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"


def test_unknown_language_prefix_is_not_found(client, db):
    assert client.get("/fr/").status_code == 404


def test_interface_is_translated_into_arabic(client, networks):
    html = client.get("/ar/").content.decode()

    assert "انتقل إلى المحتوى" in html
    assert "Skip to content" not in html
