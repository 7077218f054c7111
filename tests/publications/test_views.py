import datetime
import re
from html import unescape

import pytest

from publications.models import Publication
from tests.factories import (
    LIBRARY_FACETS,
    KeyAreaFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicationFileFactory,
    SeriesFactory,
    TrackFactory,
)

URL = "/en/publications/"


def titles(response):
    """The publication titles listed on a library page, in order."""
    html = response.content.decode()
    return [unescape(title) for title in re.findall(
        r'<h3 class="pub-card__title"><a href="[^"]+">(?:<span[^>]*>)?([^<]+)', html)]


def citation(response):
    """The text of the "cite this" paragraph."""
    html = re.search(r'<p class="citation">(.*?)</p>', response.content.decode(), re.S)[1]
    return unescape(re.sub(r"<[^>]+>", "", html))


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def library(networks):
    """Three published publications of both networks, and two hidden ones."""
    wasl, icssi = networks["wasl"], networks["icssi"]
    pve = wasl.tracks.get(slug="preventing-violent-extremism")
    democracy = icssi.tracks.get(slug="democracy")
    mena = PublicationFactory(
        slug="mena-brief", title_en="Security in the region", title_ar="الأمن في المنطقة",
        summary_en="Militias and police.", regions="mena", networks=[wasl], tracks=[pve],
        published_on=datetime.date(2016, 3, 1))
    PublicationFileFactory(publication=mena, language="ar")
    PublicationFileFactory(publication=mena, language="en", text="Annex on checkpoints")
    iraq = PublicationFactory(
        slug="iraq-report", kind="report", title_en="Elections in Iraq",
        title_ar="الانتخابات في العراق", countries=["IQ"], networks=[icssi], tracks=[democracy],
        published_on=datetime.date(2019, 5, 1))
    KeyAreaFactory(publication=iraq, text_en="Independent electoral commission",
                   text_ar="مفوضية الانتخابات المستقلة")
    PublicationFileFactory(publication=iraq, language="en")
    nigeria = PublicationFactory(
        slug="nigeria-statement", kind="statement", title_en="A statement from Nigeria",
        title_ar="بيان من نيجيريا", countries=["NG"], networks=[wasl],
        published_on=datetime.date(2019, 1, 1))
    PublicationFactory(title_en="Hidden draft", status="draft", networks=[wasl])
    PublicationFactory(title_en="Hidden archived", status="archived", networks=[wasl])
    for publication in (mena, iraq, nigeria):
        publication.update_search_text()
    return {"mena": mena, "iraq": iraq, "nigeria": nigeria}


def test_it_lists_only_published_publications_newest_first(client, library):
    response = client.get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Elections in Iraq", "A statement from Nigeria",
                                "Security in the region"]
    assert "3 publications" in text(response)


@pytest.mark.parametrize("query,expected", [
    ("network=wasl", ["A statement from Nigeria", "Security in the region"]),
    ("network=icssi", ["Elections in Iraq"]),
    ("track=democracy", ["Elections in Iraq"]),
    ("track=preventing-violent-extremism", ["Security in the region"]),
    ("region=mena", ["Elections in Iraq", "Security in the region"]),
    ("region=africa", ["A statement from Nigeria"]),
    ("region=europe", []),
    # A country is covered when named, or when its region is.
    ("country=IQ", ["Elections in Iraq", "Security in the region"]),
    ("country=SY", ["Security in the region"]),
    ("country=NG", ["A statement from Nigeria"]),
    ("country=NO", []),
    ("year=2019", ["Elections in Iraq", "A statement from Nigeria"]),
    ("year=2016", ["Security in the region"]),
    ("year=2001", []),
    ("language=ar", ["Security in the region"]),
    ("language=en", ["Elections in Iraq", "Security in the region"]),
    ("kind=report", ["Elections in Iraq"]),
    ("kind=statement", ["A statement from Nigeria"]),
    ("kind=guidance", []),
    ("q=militias", ["Security in the region"]),
    ("q=electoral+commission", ["Elections in Iraq"]),
    ("q=checkpoints", ["Security in the region"]),
    ("q=الأمن في المنطقة", ["Security in the region"]),
    ("q=الامن في المنطقه", ["Security in the region"]),  # no hamza, ه for ة
    ("q=الانتخابات", ["Elections in Iraq"]),
    ("q=nothing-like-this", []),
    ("network=wasl&year=2019", ["A statement from Nigeria"]),
    ("network=wasl&country=IQ&language=en", ["Security in the region"]),
])
def test_every_filter(client, library, query, expected):
    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize("query,field,message", [
    ("network=nope", "network", "Select a valid choice."),
    ("track=nope", "track", "Select a valid choice."),
    ("region=moon", "region", "Select a valid choice."),
    ("country=XX", "country", "Select a valid choice."),
    ("year=abc", "year", "The year must be a whole number, such as 2016."),
    ("year=2016.5", "year", "The year must be a whole number, such as 2016."),
    ("year=1800", "year", "greater than or equal to 1900"),
    ("language=fr", "language", "Select a valid choice."),
    ("kind=poem", "kind", "Select a valid choice."),
    ("sort=random", "sort", "Select a valid choice."),
    ("q=" + "a" * 201, "q", "at most 200 characters"),
])
def test_invalid_filters_answer_400_with_a_message_beside_the_filter(client, library, query,
                                                                      field, message):
    response = client.get(f"{URL}?{query}")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Some of the filters could not be used" in html
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html)
    assert message in unescape(html)


def test_an_invalid_filter_keeps_the_valid_ones(client, library):
    response = client.get(f"{URL}?network=icssi&year=abc")

    assert response.status_code == 400
    assert titles(response) == ["Elections in Iraq"]


@pytest.mark.parametrize("page,message", [
    ("abc", "The page must be a whole number."),
    ("0", "greater than or equal to 1"),
    ("9", "There is no page 9: the results have 1 pages."),
])
def test_an_invalid_page_answers_400_with_a_message(client, library, page, message):
    response = client.get(f"{URL}?page={page}")

    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert titles(response) == []


def test_facets_count_with_every_other_filter(client, library):
    html = unescape(client.get(f"{URL}?network=wasl").content.decode())

    # Networks count as if no network were chosen; the rest within WASL's publications.
    assert re.search(r'<option value="wasl" selected>[^<]+ \(2\)</option>', html)
    assert re.search(r'<option value="icssi">[^<]+ \(1\)</option>', html)
    assert '<option value="2019">2019 (1)</option>' in html
    assert '<option value="2016">2016 (1)</option>' in html
    assert '<option value="statement">Statement (1)</option>' in html
    assert '<option value="report">' not in html
    assert '<option value="mena">Middle East and North Africa (1)</option>' in html
    assert '<option value="en">English (1)</option>' in html
    assert '<option value="NG">Nigeria (1)</option>' in html
    assert '<option value="IQ">Iraq (1)</option>' in html


def test_it_sorts_by_title_in_the_active_language(client, library):
    english = titles(client.get(f"{URL}?sort=title"))
    arabic = re.findall(r'<h3 class="pub-card__title"><a href="[^"]+">([^<]+)',
                        client.get("/ar/publications/?sort=title").content.decode())

    assert english == ["A statement from Nigeria", "Elections in Iraq", "Security in the region"]
    assert arabic == ["الأمن في المنطقة", "الانتخابات في العراق", "بيان من نيجيريا"]


def test_a_text_search_ranks_first_and_offers_best_match(client, library):
    html = client.get(f"{URL}?q=iraq").content.decode()

    assert '<option value="relevance" selected>Best match</option>' in html


def test_it_paginates(client, db):
    for day in range(1, 26):
        PublicationFactory(published_on=datetime.date(2020, 1, day), title_en=f"Brief {day:02d}")

    first = client.get(URL)
    second = client.get(f"{URL}?page=2")

    assert len(titles(first)) == 20 and titles(first)[0] == "Brief 25"
    assert titles(second) == [f"Brief {day:02d}" for day in range(5, 0, -1)]
    assert "Page 2 of 2" in text(second)


def test_covers_are_lazy_thumbnails_with_their_size(client, library):
    record = library["mena"].files.get(language="en")
    record.cover = "publications/covers/en.webp"
    record.cover_width, record.cover_height = 240, 340
    record.save()

    html = client.get(URL).content.decode()

    assert (f'<img class="pub-card__cover" src="{record.get_cover_url()}" alt="" width="120" '
            'height="170" loading="lazy"') in html.replace("&amp;", "&")


def test_library_pages_link_their_atom_feed_in_the_head(client, seeded):
    for url in (URL, seeded.get_absolute_url().replace("/ar/", "/en/")):
        head = client.get(url).content.decode().split("</head>")[0]
        assert ('<link rel="alternate" type="application/atom+xml" '
                'title="New publications of WASL and ICSSI" href="/en/publications/feed/">'
                in head)


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_are_constant(client, networks, django_assert_num_queries, count):
    for _ in range(count):
        publication = PublicationFactory(networks=list(networks.values()),
                                         series=SeriesFactory(), series_number=1)
        PublicationFileFactory(publication=publication, language="ar")
        PublicationFileFactory(publication=publication, language="en")

    # Each request reading the facet counts also reads the content generation (1).
    # The first one after a change builds them (LIBRARY_FACETS). Counts and order come
    # from them; 1. the page's publications with their series, 2. their files, 3. their
    # networks; 4.-5. tracks and networks for the filters' options.
    with django_assert_num_queries(1 + LIBRARY_FACETS + 5):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(1 + 5):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == count

    # The chosen network is looked up (1); the publications matching the words (2).
    with django_assert_num_queries(1 + 5 + 2):
        response = client.get(f"{URL}?network=wasl&q=brief&sort=title")
    assert len(titles(response)) == count


# A publication's page ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_seed_brief_page_shows_everything_the_seed_text_says(client, seeded, lang):
    response = client.get(f"/{lang}/publications/{seeded.slug}/")
    page = text(response)

    assert response.status_code == 200
    expected = {
        "ar": ["حقائقُ مقلِقة، حِكَمٌ استثنائية", "رأي المرأة بشأن التطرف العنيف والتدخل الأمني",
               "سلسلة التقارير المعنية بالسياسات، رقم 1", "المخاوف الأمنية التي تعتري المدنيين",
               "التجارب والعمل مع الشرطة المحلية", "استقطاب الميليشيات",
               "وجهات النظر بشأن الوجود الدولي", "تشرين الثاني/نوفمبر 2015", "أكثر من 70 مشاركةً",
               "15 بلدًا", "الشرق الأوسط وشمال أفريقيا", "آسيا والمحيط الهادئ",
               "التحالف النسائي من أجل القيادة الأمنية", "الأمن البشري",
               "في التقرير الأول من سلسلة التقارير المعنية بالسياسات"],
        "en": ["Uncomfortable Truths, Unconventional Wisdom",
               "Women's Perspectives on Violent Extremism & Security Interventions",
               "Policy brief series, no. 1", "The security concerns facing civilians",
               "Experiences of, and work with, local police",
               "Recruitment by militias and experiences of deradicalisation",
               "Perspectives on the international military and security presence",
               "November 2015", "more than 70 participants", "15 countries",
               "Middle East and North Africa", "Asia and the Pacific",
               "Women's Alliance for Security Leadership", "Human security",
               "In the first report in its series of policy briefs"],
    }[lang]
    assert [snippet for snippet in expected if snippet not in page] == []
    assert len(re.findall(r'<li class="key-area">', response.content.decode())) == 4


@pytest.mark.parametrize("lang,note", [
    ("ar", "ملف PDF لهذا الإصدار غير متاح بعد على هذا الموقع."),
    ("en", "The PDF of this publication is not yet available on this site."),
])
def test_the_seed_brief_says_its_pdf_is_not_yet_available(client, seeded, lang, note):
    response = client.get(f"/{lang}/publications/{seeded.slug}/")

    assert note in text(response)
    assert ".pdf" not in response.content.decode()


def test_the_page_links_its_twin_in_the_other_language(client, seeded):
    html = client.get(f"/ar/publications/{seeded.slug}/").content.decode()

    assert f'<a href="/en/publications/{seeded.slug}/" hreflang="en"' in html


def test_downloads_show_language_size_and_pages(client, db, english_pdf, upload):
    from django.template.defaultfilters import filesizeformat
    from django.utils import translation

    from publications import services

    publication = PublicationFactory(slug="brief")
    services.add_publication_file(publication=publication, language="en",
                                  upload=upload(english_pdf))

    english = text(client.get("/en/publications/brief/"))
    arabic = text(client.get("/ar/publications/brief/"))

    def size(lang):
        with translation.override(lang):
            return filesizeformat(len(english_pdf)).replace("\xa0", " ")

    assert f"PDF in English {size('en')} · 2 pages" in english
    assert "version of the PDF yet" not in english
    assert f"PDF باللغة الإنجليزية {size('ar')} · صفحتان" in arabic
    assert "لا توجد نسخة عربية من ملف PDF بعد." in arabic


def test_a_summary_missing_in_the_active_language_is_marked(client, db):
    PublicationFactory(slug="brief", summary_ar="", summary_en="Only in English.")

    html = client.get("/ar/publications/brief/").content.decode()

    assert '<div class="fallback" lang="en" dir="ltr"><p>Only in English.</p></div>' in html
    assert "غير متوفر بالعربية بعد؛ معروض بالإنجليزية." in html


def test_a_publication_without_summary_says_so(client, db):
    PublicationFactory(slug="brief", summary_ar="", summary_en="")

    assert "No summary has been written yet in any language." in text(
        client.get("/en/publications/brief/"))


def test_only_public_authors_are_shown(client, db):
    shown = OrganisationFactory(name_en="Visible Partner", is_sample=True)
    hidden = OrganisationFactory(name_en="Draft Partner", status="draft")
    PublicationFactory(slug="brief", authors=[shown, hidden])

    page = text(client.get("/en/publications/brief/"))

    assert "Visible Partner" in page and "Draft Partner" not in page
    assert "sample" in page


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_publications_are_not_found(client, db, status):
    PublicationFactory(slug="hidden", status=status)

    for path in ("", "cite.ris", "cite.bib", "en.pdf"):
        assert client.get(f"/en/publications/hidden/{path}").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_detail_queries_are_constant(client, networks, django_assert_num_queries, count):
    publication = PublicationFactory(slug="brief", networks=list(networks.values()),
                                     series=SeriesFactory(), series_number=2,
                                     authors=OrganisationFactory.create_batch(count),
                                     tracks=list(networks["wasl"].tracks.all()[:count]))
    KeyAreaFactory.create_batch(count, publication=publication)
    PublicationFileFactory(publication=publication, language="en")

    # 1. publication with its series, 2. key areas, 3. files, 4. networks, 5. tracks,
    # 6. public authors in the order of names, 7. its texts and its key areas' that may be
    # outdated in this language; the same on every request.
    for _ in range(2):
        with django_assert_num_queries(7):
            response = client.get("/en/publications/brief/")
    assert response.status_code == 200
    html = response.content.decode()
    html = html[html.index("<main"):]
    for network in networks.values():
        assert f'href="{network.get_absolute_url()}"' in html
    tracks = list(networks["wasl"].tracks.all()[:count])
    assert html.count("?track=") == len(tracks) > 0
    for track in tracks:
        assert f"?track={track.slug}" in html
    for author in publication.authors.all():
        assert f'href="{author.get_absolute_url()}"' in html
    assert html.count('class="download__link"') == 1
    from django.urls import reverse
    from django.utils.translation import override

    with override("en"):
        download = reverse("publications:file-download",
                           kwargs={"slug": "brief", "language": "en"})
    assert f'href="{download}"' in html


def test_detail_shows_files_networks_tracks_and_public_authors_in_name_order(
        client, networks):
    """The authors in the directory's order of names in each language."""
    tracks = list(networks["wasl"].tracks.all()[:2])
    authors = [OrganisationFactory(name_en="Zeta group", name_ar="ألف"),
               OrganisationFactory(name_en="Alpha group", name_ar="ياء"),
               OrganisationFactory(name_en="Hidden group", visibility="staff")]
    publication = PublicationFactory(slug="late", tracks=tracks,
                                     networks=[networks["icssi"]], authors=authors)
    PublicationFileFactory(publication=publication, language="ar")

    english = client.get("/en/publications/late/").content.decode()
    english = english[english.index("<main"):]
    assert f'href="{networks["icssi"].get_absolute_url()}"' in english
    assert f'href="{networks["wasl"].get_absolute_url()}"' not in english
    assert [f"?track={track.slug}" in english for track in tracks] == [True, True]
    assert english.index("Alpha group") < english.index("Zeta group")
    assert "Hidden group" not in english
    assert english.count('class="download__link"') == 1
    assert 'hreflang="ar" type="application/pdf"' in english
    arabic = client.get("/ar/publications/late/").content.decode()
    arabic = arabic[arabic.index("<main"):]
    assert arabic.index("ألف") < arabic.index("ياء")
    # The citation files name the authors in the same order as the page.
    ris = client.get("/en/publications/late/cite.ris").content.decode()
    assert ris.index("Alpha group") < ris.index("Zeta group")


# Downloads ---------------------------------------------------------------------------


@pytest.fixture
def brief_with_files(seeded, arabic_pdf, english_pdf, upload):
    from publications import services

    services.add_publication_file(publication=seeded, language="ar", upload=upload(arabic_pdf))
    services.add_publication_file(publication=seeded, language="en", upload=upload(english_pdf))
    return seeded


def test_a_download_is_an_attachment_that_never_renders_in_the_site(client, brief_with_files,
                                                                    english_pdf):
    response = client.get(f"/ar/publications/{brief_with_files.slug}/en.pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == english_pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(english_pdf))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Disposition"] == (
        'attachment; filename="uncomfortable-truths-unconventional-wisdom-en.pdf"; '
        "filename*=UTF-8''WASL%20Policy%20brief%201%20-%20Uncomfortable%20Truths%2C%20"
        "Unconventional%20Wisdom.pdf")


def test_the_arabic_file_is_named_in_arabic(client, brief_with_files):
    from urllib.parse import unquote

    response = client.get(f"/en/publications/{brief_with_files.slug}/ar.pdf")
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])

    assert name == "وصل ورقة سياسات 1 - حقائق مقلقة، حكم استثنائية.pdf"


def test_the_cover_is_served_as_an_image_that_cannot_run(client, brief_with_files):
    record = brief_with_files.files.get(language="ar")

    response = client.get(record.get_cover_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content)[8:12] == b"WEBP"


def test_a_missing_language_or_file_is_not_found(client, brief_with_files, settings):
    slug = brief_with_files.slug
    assert client.get(f"/en/publications/{slug}/fr.pdf").status_code == 404
    brief_with_files.files.get(language="en").pdf.delete(save=False)
    assert client.get(f"/en/publications/{slug}/en.pdf").status_code == 404


def test_the_page_lists_each_download(client, brief_with_files):
    html = client.get(f"/en/publications/{brief_with_files.slug}/").content.decode()

    assert f'href="/en/publications/{brief_with_files.slug}/ar.pdf" hreflang="ar"' in html
    assert f'href="/en/publications/{brief_with_files.slug}/en.pdf" hreflang="en"' in html
    assert "PDF in Arabic" in html and "PDF in English" in html
    assert "1 page" in text(client.get(f"/en/publications/{brief_with_files.slug}/"))


# Citations ---------------------------------------------------------------------------


def test_cite_this_in_chicago_style(client, seeded):
    page = citation(client.get(f"/en/publications/{seeded.slug}/"))

    assert page == ("Women's Alliance for Security Leadership. n.d. Uncomfortable Truths, "
            "Unconventional Wisdom: Women's Perspectives on Violent Extremism & Security "
            "Interventions. Policy brief series 1. "
            f"http://testserver/en/publications/{seeded.slug}/.")


def test_cite_this_in_arabic(client, seeded):
    page = citation(client.get(f"/ar/publications/{seeded.slug}/"))

    assert page.startswith(
        "التحالف النسائي من أجل القيادة الأمنية. د.ت. حقائقُ مقلِقة، حِكَمٌ استثنائية: "
        "رأي المرأة بشأن التطرف العنيف والتدخل الأمني. سلسلة التقارير المعنية بالسياسات 1.")


def test_citations_name_dated_authors_and_publisher(client, networks):
    author = OrganisationFactory(name_en="Peace Research Centre")
    other = OrganisationFactory(name_en="Women's League")
    PublicationFactory(slug="dated", title_en="On Peace", subtitle_en="A Study",
                       published_on=datetime.date(2017, 4, 1), published_precision="month",
                       authors=[author, other], networks=[networks["wasl"]])

    page = citation(client.get("/en/publications/dated/"))
    ris = client.get("/en/publications/dated/cite.ris").content.decode()
    bib = client.get("/en/publications/dated/cite.bib").content.decode()

    assert page == (
        "Peace Research Centre and Women's League. 2017. On Peace: A Study. "
        "Women's Alliance for Security Leadership. http://testserver/en/publications/dated/.")
    assert "AU  - Peace Research Centre\r\nAU  - Women's League\r\n" in ris
    assert "PY  - 2017\r\nDA  - 2017/04//\r\n" in ris
    assert "author = {{Peace Research Centre} and {Women's League}}" in bib
    assert "year = {2017}" in bib and "month = {4}" in bib


def test_ris_download(client, seeded):
    response = client.get(f"/en/publications/{seeded.slug}/cite.ris")
    body = response.content.decode()

    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="uncomfortable-truths-unconventional-wisdom-en.ris"')
    lines = body.split("\r\n")
    assert lines[0] == "TY  - RPRT"
    assert lines[-2:] == ["ER  - ", ""]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    for line in ["AU  - Women's Alliance for Security Leadership",
                 "TI  - Uncomfortable Truths, Unconventional Wisdom: Women's Perspectives on "
                 "Violent Extremism & Security Interventions",
                 "T3  - Policy brief series", "VL  - 1",
                 "PB  - Women's Alliance for Security Leadership",
                 "KW  - Preventing and countering violent extremism", "LA  - english",
                 f"UR  - http://testserver/en/publications/{seeded.slug}/"]:
        assert line in lines
    assert not any(line.startswith("PY") for line in lines)
    # SN is the ISBN/ISSN tag: a series number there is filed as an ISBN.
    assert not any(line.startswith("SN") for line in lines)


def test_bibtex_download(client, seeded):
    response = client.get(f"/ar/publications/{seeded.slug}/cite.bib")
    body = response.content.decode()

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="uncomfortable-truths-unconventional-wisdom-ar.bib"')
    assert body.startswith("@techreport{uncomfortable-truths-unconventional-wisdom-nd,\n")
    assert "  author = {{التحالف النسائي من أجل القيادة الأمنية}},\n" in body
    assert "  number = {1},\n" in body
    assert "  series = {سلسلة التقارير المعنية بالسياسات},\n" in body
    assert "  type = {ورقة سياسات},\n" in body
    assert "  language = {arabic},\n" in body
    assert body.count("{") == body.count("}")


def test_bibtex_escapes_latex_special_characters(client, db):
    PublicationFactory(slug="odd", title_en="100% Peace & Security_Report #1 {draft}")

    body = client.get("/en/publications/odd/cite.bib").content.decode()

    assert r"title = {{100\% Peace \& Security\_Report \#1 \{draft\}}}" in body


# Feed --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_feed_is_valid_atom_linking_pages_in_its_language(client, library, seeded, lang):
    import feedparser

    response = client.get(f"/{lang}/publications/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    links = [entry.link for entry in feed.entries]
    assert links[:3] == [f"http://testserver/{lang}/publications/{slug}/"
                         for slug in ("iraq-report", "nigeria-statement", "mena-brief")]
    assert links[-1] == f"http://testserver/{lang}/publications/{seeded.slug}/"
    assert len(feed.entries) == 4  # not the draft nor the archived one
    seed = feed.entries[-1]
    assert seed.title == {
        "ar": "حقائقُ مقلِقة، حِكَمٌ استثنائية: رأي المرأة بشأن التطرف العنيف والتدخل الأمني",
        "en": "Uncomfortable Truths, Unconventional Wisdom: Women's Perspectives on Violent "
              "Extremism & Security Interventions"}[lang]
    assert seed.author
    assert seed.summary.startswith({"ar": "<p>في التقرير الأول",
                                    "en": "<p>In the first report"}[lang])


def test_the_feed_holds_the_20_newest(client, db):
    import feedparser

    for day in range(1, 26):
        PublicationFactory(slug=f"brief-{day}", published_on=datetime.date(2020, 1, day))

    feed = feedparser.parse(client.get("/en/publications/feed/").content)

    assert len(feed.entries) == 20
    assert feed.entries[0].link.endswith("/brief-25/")
    assert feed.entries[-1].link.endswith("/brief-6/")


def test_the_feed_leaves_out_control_characters_xml_cannot_hold(client, db):
    import feedparser

    track = TrackFactory(name_en="Peace\u000b")
    author = OrganisationFactory(name_en="Hope\u000c")
    PublicationFactory(slug="pasted", title_en="Line one\u000bline two", subtitle_en="",
                       summary_en="A summary\u000b pasted", authors=[author], tracks=[track])

    response = client.get("/en/publications/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert feed.bozo == 0, feed.get("bozo_exception")
    [entry] = feed.entries
    assert (entry.title, entry.author, entry.summary) == (
        "Line oneline two", "Hope", "<p>A summary pasted</p>")
    assert "Peace" in [tag.term for tag in entry.tags]


# Other pages -------------------------------------------------------------------------


def test_network_pages_list_their_briefs(client, seeded, library):
    wasl = text(client.get("/en/networks/wasl/"))
    icssi = text(client.get("/en/networks/icssi/"))

    assert "Uncomfortable Truths, Unconventional Wisdom" in wasl
    assert "Security in the region" in wasl and "Elections in Iraq" not in wasl
    assert "Elections in Iraq" in icssi and "Uncomfortable Truths" not in icssi
    assert "All publications of WASL in the library" in wasl


def test_the_home_page_shows_the_three_latest_briefs(client, seeded, library):
    page = text(client.get("/en/"))

    assert "Latest briefs" in page
    assert "Elections in Iraq" in page and "A statement from Nigeria" in page
    assert "Security in the region" in page
    assert "Uncomfortable Truths" not in page  # the fourth, undated


@pytest.mark.parametrize("count", [1, 3])
def test_home_and_network_queries_stay_constant_with_briefs(client, networks,
                                                            django_assert_num_queries, count):
    PublicationFactory.create_batch(count, networks=[networks["wasl"]], series=None)
    for publication in Publication.objects.all():
        publication.series = SeriesFactory()
        publication.save()

    # The latest publications: 1. with their series, 2. files, 3. networks; 4. networks
    # annotated with their counts.
    with django_assert_num_queries(4):
        assert client.get("/en/").status_code == 200
    # The network page's eleven (see tests/network/test_views.py) and the publications'
    # files and networks (2).
    with django_assert_num_queries(11 + 2):
        response = client.get("/en/networks/wasl/")
    assert response.status_code == 200
    assert response.content.decode().count('class="pub-line"') == count


def test_a_network_page_shows_its_six_latest_publications(client, networks):
    wasl = networks["wasl"]
    briefs = [PublicationFactory(networks=[wasl], title_en=f"Brief number {n}",
                                 published_on=datetime.date(2010 + n, 1, 1),
                                 published_precision="year") for n in range(8)]
    PublicationFactory(networks=[networks["icssi"]], title_en="Not a WASL brief")
    PublicationFactory(networks=[wasl], title_en="A draft brief", status="draft")

    html = client.get("/en/networks/wasl/").content.decode()
    shown = [brief.title_en for brief in briefs if brief.title_en in html]
    assert shown == [brief.title_en for brief in briefs[2:]]  # the newest six
    assert html.index("Brief number 7") < html.index("Brief number 2")
    assert "Not a WASL brief" not in html and "A draft brief" not in html
    assert 'href="/en/publications/?network=wasl"' in html


def test_site_search_finds_published_briefs_by_their_pdf_text(library):
    from publications.search import search_publications

    def found(query):
        rows, total, _exact = search_publications(query)
        return [row.pk for row in rows], total

    assert found("checkpoints") == ([library["mena"].pk], 1)
    assert found("Hidden") == ([], 0)
    assert set(found("in")[0]) >= {library["mena"].pk, library["iraq"].pk}


def test_a_typo_in_a_title_is_forgiven_on_every_database(client, library):
    from publications.search import search_publications

    expected = ["Security in the region"]

    assert [p.title_en for p in search_publications("Securty")[0]] == expected
    assert titles(client.get(f"{URL}?q=Securty")) == expected
    # An exact match anywhere wins: no typo tolerance then.
    assert titles(client.get(f"{URL}?q=Security+region")) == ["Security in the region"]


def test_organisation_profiles_list_the_briefs_they_authored_newest_first(client, db):
    author = OrganisationFactory()
    PublicationFactory(authors=[author], title_en="Older brief",
                       published_on=datetime.date(2018, 1, 1))
    PublicationFactory(authors=[author], title_en="Newer brief",
                       published_on=datetime.date(2020, 1, 1))
    PublicationFactory(authors=[author], status="draft", title_en="Draft brief")
    PublicationFactory(title_en="Someone else's brief")

    page = client.get(f"/en/members/{author.slug}/").content.decode()
    assert page.index("Newer brief") < page.index("Older brief")
    assert "Draft brief" not in page
    assert "Someone else" not in page
    assert "Newer brief" not in client.get(
        f"/en/members/{OrganisationFactory().slug}/").content.decode()


def test_the_compact_list_partial(db):
    from django.template.loader import render_to_string
    from django.utils import translation

    publication = PublicationFactory(title_en="A brief", series=SeriesFactory(name_en="Briefs"),
                                     series_number=3, published_on=datetime.date(2016, 5, 1))

    with translation.override("en"):
        html = render_to_string("publications/includes/_publication_list.html",
                                {"publications": [publication]})
        empty = render_to_string("publications/includes/_publication_list.html",
                                 {"publications": []})

    assert f'<a href="/en/publications/{publication.slug}/">A brief</a>' in html
    assert "Policy brief</span> · <span class=\"pub-series\">Briefs, no. <bdi>3</bdi>" in html
    assert '<time datetime="2016-05">May 2016</time>' in html
    assert "No publication yet." in empty
