import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import NetworkFactory


def render(obj, field, lang, block=False):
    template = Template("{% load directory %}{% translated obj field block=block %}")
    with translation.override(lang):
        return template.render(Context({"obj": obj, "field": field, "block": block}))


def test_active_language_value_is_shown_plainly(db):
    network = NetworkFactory(tagline_ar="شعار", tagline_en="Tagline")

    assert render(network, "tagline", "en") == "Tagline"
    assert render(network, "tagline", "ar") == "شعار"


def test_missing_english_falls_back_to_arabic_and_says_so(db):
    network = NetworkFactory(tagline_ar="شعار فقط", tagline_en="")

    html = render(network, "tagline", "en")

    assert html == (
        '<span class="fallback" lang="ar" dir="rtl">شعار فقط</span>'
        ' <small class="fallback-note">(Not yet available in English; shown in Arabic.)</small>'
    )


def test_missing_arabic_falls_back_to_english_with_an_arabic_note(db):
    network = NetworkFactory(summary_ar="", summary_en="First.\n\nSecond.")

    html = render(network, "summary", "ar", block=True)

    assert html == (
        '<div class="fallback" lang="en" dir="ltr"><p>First.</p>\n\n<p>Second.</p></div>'
        '<p class="fallback-note" dir="rtl">غير متوفر بالعربية بعد؛ معروض بالإنجليزية.</p>'
    )


def test_value_missing_in_both_languages_renders_nothing(db):
    network = NetworkFactory(tagline_ar="", tagline_en="")

    assert render(network, "tagline", "ar") == ""


def test_fallback_text_is_escaped(db):
    network = NetworkFactory(tagline_ar="<script>x</script>", tagline_en="")

    assert "<script>" not in render(network, "tagline", "en")


@pytest.mark.parametrize("lang,note", [
    ("en", "Not yet available in English; shown in Arabic."),
    ("ar", "غير متوفر بالعربية بعد؛ معروض بالإنجليزية."),
])
def test_network_page_marks_a_missing_translation(client, db, lang, note):
    other = "ar" if lang == "en" else "en"
    network = NetworkFactory(**{f"tagline_{lang}": "", f"tagline_{other}": "ONLY-OTHER"})

    html = client.get(f"/{lang}/networks/{network.slug}/").content.decode()

    direction = "rtl" if other == "ar" else "ltr"
    assert f'<span class="fallback" lang="{other}" dir="{direction}">ONLY-OTHER</span>' in html
    assert note in html
