import pytest

from network.core.text import normalize, terms


@pytest.mark.parametrize("raw,expected", [
    # hamza and madda forms of alef
    ("أحمد", "احمد"),
    ("إسلام", "اسلام"),
    ("آمال", "امال"),
    ("ٱلسلام", "السلام"),
    # taa marbuta and alef maqsura
    ("مبادرة", "مبادره"),
    ("مستشفى", "مستشفي"),
    # hamza on waw and yaa
    ("مؤسسة", "موسسه"),
    ("رئيسة", "رييسه"),
    ("شؤون", "شوون"),
    # harakat, shadda, tanwin, superscript alef
    ("مُنَظَّمَة", "منظمه"),
    ("شكرًا", "شكرا"),
    ("الرَّحْمٰن", "الرحمن"),
    ("وَصْل", "وصل"),
    # tatweel
    ("العنيـــف", "العنيف"),
    ("حقائقُ مقلِـقة", "حقايق مقلقه"),
    # digits: Eastern Arabic, Persian, Western
    ("٢٠١٩", "2019"),
    ("۱۴۰۳", "1403"),
    ("15 آذار 2022", "15 اذار 2022"),
    # Persian letters typed on a Persian keyboard
    ("کردستان", "كردستان"),
    ("ولايی", "ولايي"),
    # presentation forms and ligatures (NFKC)
    ("ﻻ", "لا"),
    ("ﺑﻐﺪاد", "بغداد"),
    # Latin: case, accents, full-width letters
    ("WASL", "wasl"),
    ("Straße", "strasse"),
    ("Café Société", "cafe societe"),
    ("ＩＣＳＳＩ", "icssi"),
    # punctuation and white space
    ("السلام، والحقوق؛ والتعددية.", "السلام والحقوق والتعدديه"),
    ("  Women's   Alliance\n", "women s alliance"),
    ("peace-building/WPS", "peace building wps"),
    ("snake_case", "snake case"),
    # mixed direction
    ("تحالف WASL للسلام", "تحالف wasl للسلام"),
    ("", ""),
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_is_idempotent():
    text = "مُبادَرَةُ التَّضامُن مع المجتمع المدني العراقي (ICSSI) — ٢٠٠٩"

    assert normalize(normalize(text)) == normalize(text)


def test_normalize_accepts_none():
    assert normalize(None) == ""


def test_terms_are_distinct_and_normalised():
    assert terms("  المرأة   المراة Peace peace ") == ["المراه", "peace"]
