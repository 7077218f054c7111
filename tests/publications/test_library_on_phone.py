"""The library as the directory on a phone: clean filter URLs, the panel folded, chips."""

import pytest

from tests.members.test_lists_on_phone import chips


def test_empty_parameters_redirect_to_the_clean_address(client, seeded):
    response = client.get("/en/publications/?q=&network=wasl&year=&kind=")

    assert response.status_code == 302
    assert response["Location"] == "/en/publications/?network=wasl"


def test_filter_panel_is_closed_and_the_form_returns_to_the_results(client, seeded):
    html = client.get("/en/publications/").content.decode()

    assert '<details class="filters__panel">' in html
    assert 'action="/en/publications/#results-title"' in html
    html = client.get("/en/publications/?year=banana").content.decode()
    assert '<details class="filters__panel" open>' in html


@pytest.mark.parametrize("lang,expected", [
    ("en", [("Remove the filter Search: truths ×",
             "/en/publications/?network=wasl#results-title"),
            ("Remove the filter Network: Women's Alliance for Security Leadership ×",
             "/en/publications/?q=truths#results-title")]),
    ("ar", [("إزالة عامل التصفية بحث: truths ×",
             "/ar/publications/?network=wasl#results-title"),
            ("إزالة عامل التصفية الشبكة: التحالف النسائي من أجل القيادة الأمنية ×",
             "/ar/publications/?q=truths#results-title")]),
])
def test_active_filters_are_chips_that_remove_them(client, seeded, lang, expected):
    html = client.get(f"/{lang}/publications/?q=truths&network=wasl&page=1").content.decode()

    assert chips(html) == expected
    assert chips(client.get(f"/{lang}/publications/").content.decode()) == []
