import re
from html import unescape

import pytest

from members.models import Organisation
from tests.factories import DIRECTORY_FACETS, OrganisationFactory, TrackFactory

URL = "/en/members/"


def names(response):
    """The organisation names listed on a directory page, in order."""
    html = response.content.decode()
    return [unescape(name) for name in
            re.findall(r'<h3 class="org__name"><a href="[^"]+">(?:<span[^>]*>)?([^<]+)', html)]


@pytest.fixture
def directory(networks):
    """A small directory: Iraq (Baghdad, Basra), Nigeria, Norway; both networks."""
    wasl, icssi = networks["wasl"], networks["icssi"]
    pve = wasl.tracks.get(slug="preventing-violent-extremism")
    democracy = icssi.tracks.get(slug="democracy")
    orgs = {
        "baghdad": OrganisationFactory(name_en="Baghdad Women's League", name_ar="رابطة نساء بغداد",
                                       governorate="IQ-BG", women_led=True,
                                       networks=[icssi], tracks=[democracy]),
        "basra": OrganisationFactory(name_en="Basra Workers' Union", name_ar="اتحاد عمال البصرة",
                                     governorate="IQ-BA", kind="union", networks=[icssi],
                                     tracks=[democracy]),
        "abuja": OrganisationFactory(name_en="Abuja Peace Network", name_ar="شبكة أبوجا للسلام",
                                     country="NG", women_led=True, networks=[wasl],
                                     tracks=[pve]),
        "oslo": OrganisationFactory(name_en="Oslo Peace Research", name_ar="أبحاث السلام في أوسلو",
                                    country="NO", kind="research", networks=[wasl, icssi],
                                    tracks=[pve, democracy]),
    }
    OrganisationFactory(name_en="Hidden draft", status="draft", networks=[wasl])
    OrganisationFactory(name_en="Hidden archived", status="archived", networks=[wasl])
    return orgs


def test_it_lists_only_published_organisations(client, directory):
    response = client.get(URL)

    assert response.status_code == 200
    assert sorted(names(response)) == sorted(
        ["Abuja Peace Network", "Baghdad Women's League", "Basra Workers' Union",
         "Oslo Peace Research"])
    assert "4 organisations" in response.content.decode()


def test_public_queryset_excludes_draft_and_archived(directory):
    assert set(Organisation.objects.public().values_list("status", flat=True)) == {"published"}
    assert Organisation.objects.count() == 6


@pytest.mark.parametrize("query,expected", [
    ("network=wasl", ["Abuja Peace Network", "Oslo Peace Research"]),
    ("network=icssi", ["Baghdad Women's League", "Basra Workers' Union", "Oslo Peace Research"]),
    ("country=NG", ["Abuja Peace Network"]),
    ("region=mena", ["Baghdad Women's League", "Basra Workers' Union"]),
    ("region=europe", ["Oslo Peace Research"]),
    ("region=americas", []),
    ("governorate=IQ-BA", ["Basra Workers' Union"]),
    ("track=democracy", ["Baghdad Women's League", "Basra Workers' Union",
                         "Oslo Peace Research"]),
    ("kind=union", ["Basra Workers' Union"]),
    ("women_led=yes", ["Abuja Peace Network", "Baghdad Women's League"]),
    ("q=peace", ["Abuja Peace Network", "Oslo Peace Research"]),
    ("q=بغداد", ["Baghdad Women's League"]),
    ("network=wasl&track=democracy", ["Oslo Peace Research"]),
    ("network=icssi&country=IQ&women_led=yes", ["Baghdad Women's League"]),
    ("region=mena&kind=union&q=basra", ["Basra Workers' Union"]),
    ("network=wasl&country=IQ", []),
])
def test_each_filter_alone_and_combined(client, directory, query, expected):
    response = client.get(f"{URL}?{query}&sort=name")

    assert response.status_code == 200
    assert names(response) == expected


def test_text_search_folds_arabic_spelling(client, directory):
    directory["baghdad"].description_ar = "تعمل مع النِّساء في بغداد منذ ٢٠٠٣"
    directory["baghdad"].save()

    response = client.get("/ar/members/", {"q": "النساء 2003"})

    assert names(response) == ["رابطة نساء بغداد"]


def test_search_text_is_kept_current_on_save(directory):
    organisation = directory["abuja"]
    organisation.name_en = "Kano Mothers for Peace"
    organisation.save(update_fields=["name_en"])

    organisation.refresh_from_db()
    assert "kano mothers for peace" in organisation.search_text
    assert "abuja" not in organisation.search_text.split(" ")[:3]


def test_rebuild_search_text_repairs_bulk_writes(directory):
    Organisation.objects.filter(pk=directory["oslo"].pk).update(name_en="Bergen Institute")

    assert Organisation.objects.filter(pk=directory["oslo"].pk).rebuild_search_text() == 1
    assert "bergen institute" in Organisation.objects.get(pk=directory["oslo"].pk).search_text


def test_facet_counts_follow_the_other_filters(client, directory):
    response = client.get(URL, {"network": "wasl"})
    html = response.content.decode()

    # Network counts ignore the network filter itself; others apply it.
    assert '<option value="wasl" selected>Women&#x27;s Alliance for Security Leadership (2)' in html
    assert '<option value="icssi">Iraqi Civil Society Solidarity Initiative (3)' in html
    assert '<option value="NG">Nigeria (1)</option>' in html
    assert '<option value="NO">Norway (1)</option>' in html
    assert '<option value="IQ">' not in html
    assert '<option value="research">Research centre (1)</option>' in html
    assert '<option value="union">Trade union (0)</option>' in html
    assert "Women-led only <span class=\"count\">(1)</span>" in html


def test_region_facet_ignores_the_region_filter(client, directory):
    html = client.get(URL, {"region": "mena"}).content.decode()

    assert '<option value="mena" selected>Middle East and North Africa (2)</option>' in html
    assert '<option value="africa">Sub-Saharan Africa (1)</option>' in html
    assert '<option value="europe">Europe (1)</option>' in html


@pytest.mark.parametrize("lang,expected", [
    ("en", ["Abuja Peace Network", "Baghdad Women's League", "Basra Workers' Union",
            "Oslo Peace Research"]),
    ("ar", ["أبحاث السلام في أوسلو", "اتحاد عمال البصرة", "رابطة نساء بغداد",
            "شبكة أبوجا للسلام"]),
])
def test_sort_by_name_follows_the_active_language(client, directory, lang, expected):
    assert names(client.get(f"/{lang}/members/", {"sort": "name"})) == expected


def test_sort_by_name_coalesces_a_missing_translation(client, directory):
    directory["oslo"].name_en = ""
    directory["oslo"].save()

    listed = names(client.get(URL, {"sort": "name"}))

    # The Arabic name stands in for the missing English one and sorts where its text
    # falls (after Latin letters), not first as an empty string would.
    assert listed[:3] == ["Abuja Peace Network", "Baghdad Women's League",
                          "Basra Workers' Union"]
    assert listed[3] == "أبحاث السلام في أوسلو"


@pytest.mark.parametrize("lang,expected", [
    # Country names sorted in the active language: Iraq, Nigeria, Norway in English;
    # in Arabic العراق (Iraq), النرويج (Norway), نيجيريا (Nigeria).
    ("en", ["Baghdad Women's League", "Basra Workers' Union", "Abuja Peace Network",
            "Oslo Peace Research"]),
    ("ar", ["اتحاد عمال البصرة", "رابطة نساء بغداد", "أبحاث السلام في أوسلو",
            "شبكة أبوجا للسلام"]),
])
def test_sort_by_country_follows_the_active_language(client, directory, lang, expected):
    assert names(client.get(f"/{lang}/members/", {"sort": "country"})) == expected


def test_sort_newest_first(client, directory):
    assert names(client.get(URL, {"sort": "newest"}))[0] == "Oslo Peace Research"


def test_relevance_is_the_default_order_for_a_text_search(client, directory):
    response = client.get(URL, {"q": "peace"})

    assert '<option value="relevance" selected>' in response.content.decode()
    assert sorted(names(response)) == ["Abuja Peace Network", "Oslo Peace Research"]


def test_pagination_keeps_the_filters(client, networks):
    for n in range(30):
        OrganisationFactory(name_en=f"Org {n:02d}", country="NG")

    first = client.get(URL, {"country": "NG", "sort": "name"})
    second = client.get(URL, {"country": "NG", "sort": "name", "page": "2"})

    assert names(first)[:2] == ["Org 00", "Org 01"]
    assert names(second) == [f"Org {n:02d}" for n in range(24, 30)]
    assert 'href="?country=NG&amp;sort=name&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("query,field,message", [
    ({"country": "ZZ"}, "Country", "Select a valid choice. ZZ is not one of the available"),
    ({"track": "no-such-track"}, "Thematic track", "Select a valid choice."),
    ({"network": "nope"}, "Network", "Select a valid choice."),
    ({"region": "atlantis"}, "Region", "Select a valid choice."),
    ({"governorate": "IQ-XX"}, "Iraqi governorate", "Select a valid choice."),
    ({"kind": "bank"}, "Kind of organisation", "Select a valid choice."),
    ({"women_led": "maybe"}, "Women-led", "Select a valid choice."),
    ({"sort": "price"}, "Sort by", "Select a valid choice."),
    ({"q": "x" * 10_000}, "Search", "Ensure this value has at most 200 characters"),
    ({"page": "abc"}, None, "The page must be a whole number."),
    ({"page": "0"}, None, "Ensure this value is greater than or equal to 1."),
    ({"page": "999"}, None, "There is no page 999: the results have 1 pages."),
])
def test_invalid_input_gives_400_and_a_clear_message(client, directory, query, field, message):
    response = client.get(URL, query)
    html = response.content.decode()

    assert response.status_code == 400
    assert 'role="alert"' in html
    assert message in html
    if field:
        assert f">{field}</a>:" in html


def test_invalid_filter_keeps_the_valid_ones(client, directory):
    response = client.get(URL, {"country": "ZZ", "network": "wasl", "sort": "name"})

    assert response.status_code == 400
    assert names(response) == ["Abuja Peace Network", "Oslo Peace Research"]


def test_invalid_input_message_is_in_arabic_on_arabic_pages(client, directory):
    html = client.get("/ar/members/", {"country": "ZZ"}).content.decode()

    assert "اختر خيارًا صحيحًا" in html or "اختر اختيارًا صحيحًا" in html or "صحيح" in html


def test_profile_shows_the_organisation_but_never_its_contacts(client, directory):
    organisation = directory["baghdad"]
    organisation.email = "secret-contact@example.org"
    organisation.phone = "+964 770 000 1234"
    organisation.address = "Secret street 5"
    organisation.website = "https://example.org/league"
    organisation.city_en = "Baghdad"
    organisation.save()

    html = client.get(f"/en/members/{organisation.slug}/").content.decode()

    assert "Baghdad Women&#x27;s League" in html
    assert "Iraqi Civil Society Solidarity Initiative" in html and "Member" in html
    assert "Democracy" in html
    assert "https://example.org/league" in html
    for secret in ("secret-contact", "770 000 1234", "Secret street"):
        assert secret not in html


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_profile_is_not_found(client, networks, status):
    organisation = OrganisationFactory(status=status)

    assert client.get(f"/en/members/{organisation.slug}/").status_code == 404


def test_profile_marks_a_missing_translation(client, networks):
    organisation = OrganisationFactory(name_en="", name_ar="جمعية الأهوار",
                                       description_en="")

    html = client.get(f"/en/members/{organisation.slug}/").content.decode()

    assert '<span class="fallback" lang="ar" dir="rtl">جمعية الأهوار</span>' in html
    assert "Not yet available in English; shown in Arabic." in html


def test_sample_records_are_announced(client, networks):
    OrganisationFactory(is_sample=True)

    html = client.get(URL).content.decode()

    assert 'class="sample-notice"' in html
    assert 'badge--sample' in html


def test_real_records_carry_no_sample_notice(client, directory):
    assert 'class="sample-notice"' not in client.get(URL).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_directory_queries_are_constant(client, networks, django_assert_num_queries, count):
    tracks = list(networks["icssi"].tracks.all()[:2])
    for _ in range(count):
        OrganisationFactory(networks=[networks["icssi"], networks["wasl"]], tracks=tracks)

    query = {"network": "icssi", "q": "organisation"}
    # Every request reads the content generation (1). The first one after a change
    # builds the directory's facet counts (DIRECTORY_FACETS).
    with django_assert_num_queries(1 + DIRECTORY_FACETS + 6):
        assert client.get(URL, query).status_code == 200
    # 1. the network named in the filter, 2. the rows matching the text, 3. the page's
    # organisations, 4. their memberships with networks, 5.-6. networks and tracks
    # for the filters' options. Counts and order come from the facets.
    with django_assert_num_queries(1 + 6):
        response = client.get(URL, query)
    assert response.status_code == 200
    assert response.content.decode().count('class="org"') == count
    # Without text or filters: no network and no text query.
    with django_assert_num_queries(1 + 4):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_profile_queries_are_constant(client, networks, django_assert_num_queries, count):
    organisation = OrganisationFactory(networks=list(networks.values()),
                                       tracks=TrackFactory.create_batch(count))

    # 1. organisation, 2. its memberships with networks, 3. tracks, 4. public people
    # (none), 5. publications authored (none, so nothing prefetched for them), 6. its
    # texts that may be outdated in this language.
    with django_assert_num_queries(6):
        response = client.get(f"/ar/members/{organisation.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main"):]
    assert main.count("?track=") == count
    assert main.count('<li><a href="/ar/networks/') == len(networks)


def test_profile_shows_memberships_and_tracks(client, networks):
    from members.models import Membership

    tracks = TrackFactory.create_batch(2)
    organisation = OrganisationFactory(slug="late", tracks=tracks)
    Membership.objects.create(organisation=organisation, network=networks["wasl"],
                              role="founding", since=2016, until=2020)
    Membership.objects.create(organisation=organisation, network=networks["icssi"],
                              role="partner")
    html = client.get("/en/members/late/").content.decode()
    first, second = sorted(networks.values(), key=lambda n: (n.order, n.slug))
    assert html.index(f'href="{first.get_absolute_url()}"') < html.index(
        f'href="{second.get_absolute_url()}"')
    assert "Founding member, since 2016, until 2020" in html
    assert "Partner</li>" in html
    for track in tracks:
        assert f"?track={track.slug}" in html


def test_profile_lists_the_published_briefs_it_authored(client, networks):
    from tests.factories import PublicationFactory

    organisation = OrganisationFactory()
    PublicationFactory(title_en="Voices from Basra", authors=[organisation])
    PublicationFactory(title_en="A draft brief", status="draft", authors=[organisation])
    PublicationFactory(title_en="Someone else's brief")

    html = client.get(f"/en/members/{organisation.slug}/").content.decode()

    assert "Voices from Basra" in html
    assert "A draft brief" not in html
    assert "Someone else" not in html


def test_list_pages_do_not_load_the_search_columns(client, networks):
    """The search columns (every text of a record, folded) are for WHERE clauses only; a
    list of 24 rows reading them would carry kilobytes per row for nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory, PublicationFactory

    OrganisationFactory.create_batch(3, networks=[networks["wasl"]])
    PublicationFactory(networks=[networks["wasl"]])
    for url in ("/en/members/", "/ar/", "/en/publications/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        for query in queries.captured_queries:
            assert "search_text" not in query["sql"], (url, query["sql"][:200])
