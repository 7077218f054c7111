"""The other-language name on an organisation's profile."""

from tests.factories import OrganisationFactory


def test_english_fallback_profile_shows_the_arabic_name_once(client, db):
    organisation = OrganisationFactory(name_en="", name_ar="جمعية الأمل")

    html = client.get(f"/en/members/{organisation.slug}/").content.decode()

    main = html[html.index("<main"):html.index("</main>")]
    assert main.count("جمعية الأمل") == 1
    assert "profile__other-name" not in main


def test_english_profile_shows_the_arabic_name_as_other_name(client, db):
    organisation = OrganisationFactory(name_en="Hope Society", name_ar="جمعية الأمل")

    html = client.get(f"/en/members/{organisation.slug}/").content.decode()

    assert '<p class="profile__other-name" lang="ar" dir="rtl">جمعية الأمل</p>' in html
