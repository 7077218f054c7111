"""The brief's page: a link to the original while there is no PDF, participants counted
in the right gender in Arabic, file sizes with the locale's decimal separator."""

import re
from html import unescape

from publications.models import Publication
from tests.factories import PublicationFactory, PublicationFileFactory

from .test_admin import form_data

CHANGE_URL = "/admin/publications/publication/{pk}/change/"
ORIGINAL = "https://wasl.example.org/briefs/uncomfortable-truths"


def text(response):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_seed_brief_counts_its_women_participants_in_the_feminine(client, seeded):
    assert seeded.consultation_participants_women is True
    assert seeded.original_url == ""  # the seed text names no address: none is invented

    arabic = text(client.get(f"/ar/publications/{seeded.slug}/"))
    english = text(client.get(f"/en/publications/{seeded.slug}/"))

    assert "أكثر من 70 مشاركةً" in arabic
    assert "مشاركًا" not in arabic
    assert "more than 70 participants" in english
    # A consultation not only of women is still counted in the masculine.
    PublicationFactory(slug="mixed", consultation_participants=12,
                       consultation_participants_more_than=True)
    assert "أكثر من 12 مشاركًا" in text(client.get("/ar/publications/mixed/"))


def test_a_librarian_links_the_original_while_there_is_no_pdf(client, db, make_staff,
                                                             admin_login):
    publication = PublicationFactory(slug="brief")
    staff = admin_login(make_staff("librarian"))

    form = staff.get(CHANGE_URL.format(pk=publication.pk)).content.decode()
    assert 'name="original_url"' in form
    refused = staff.post(CHANGE_URL.format(pk=publication.pk),
                         form_data(publication, slug="brief", original_url="not an address"))
    assert refused.status_code == 200
    assert Publication.objects.get(pk=publication.pk).original_url == ""
    response = staff.post(CHANGE_URL.format(pk=publication.pk),
                          form_data(publication, slug="brief", original_url=ORIGINAL))
    assert response.status_code == 302, response.content.decode()[:3000]

    for lang, label in [("ar", "اقرأ الإصدار الأصلي على موقع الشبكة"),
                        ("en", "Read the original publication on the network's own site")]:
        html = client.get(f"/{lang}/publications/brief/").content.decode()
        assert f'href="{ORIGINAL}"' in html
        assert label in unescape(html)
    PublicationFileFactory(publication=publication, language="en")
    assert f'href="{ORIGINAL}"' not in client.get("/en/publications/brief/").content.decode()


def test_file_sizes_use_the_locales_decimal_separator(client, db):
    publication = PublicationFactory(slug="sized")
    PublicationFileFactory(publication=publication, language="ar", size=1_234_567)

    arabic = text(client.get("/ar/publications/sized/"))
    english = text(client.get("/en/publications/sized/"))

    assert "1٫2 م.ب" in arabic and "1,2" not in arabic
    assert "1.2 MB" in english
