"""The generator behind ``manage.py load_sample_publications``: invented sample publications.

Everything here is invented, for benchmarks and demonstrations of a full library: every
summary starts by saying so. Titles combine a theme × a place (a country, an Iraqi
governorate or a region) in Arabic and English at once, each English text the translation
of the Arabic one.

Generation is pure Python (no database) and deterministic: sample *n* is drawn from its
own ``random.Random(SEED + n)``, so it is the same whatever ``count`` is asked for, and
its slug ``sample-publication-000n-…`` lets the command find what already exists.

Each sample has a small generated PDF per language it is "available in" (most in both,
some only in Arabic or only in English): a one-page PDF written by :func:`tiny_pdf`, with
the sample's number in it so that every file has its own checksum.
"""

import datetime
import random
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from members.sample_data import COUNTRIES, GOVERNORATES, ICSSI, ICSSI_TRACKS, WASL, WASL_TRACKS

SEED = 20_160_301  # fixed; changing it changes every sample
DEFAULT_COUNT = 200
SLUG_PREFIX = "sample-publication-"
SLUG_INDEX = re.compile(r"^sample-publication-(\d+)(?:-|$)")
FIRST_YEAR, LAST_YEAR = 2010, 2024

HRD, DEM, PEACE, MIL, MIN, ESR, WOM, YTH, ENV = ICSSI_TRACKS
PVE, WPEACE, WR, PLU, HS = WASL_TRACKS
NETWORK_TRACKS = {ICSSI: set(ICSSI_TRACKS), WASL: set(WASL_TRACKS)}

#: Kinds of publication, with weights.
KINDS = {"policy-brief": 5, "report": 4, "statement": 2, "consultation-summary": 2,
         "research-paper": 2, "guidance": 1}

#: Themes: Arabic, English (capitalised as a title), tracks in either network.
THEMES = [
    ("منع التطرف العنيف", "Preventing violent extremism", (PVE, PEACE, HS)),
    ("النساء والأمن", "Women and security", (WR, HS, WOM)),
    ("بناء السلام المحلي", "Local peacebuilding", (WPEACE, PEACE)),
    ("حماية المدافعات عن حقوق الإنسان", "Protecting women human rights defenders", (HRD, WR)),
    ("عودة النازحين", "The return of displaced people", (HS, PEACE, HRD)),
    ("حقوق الأقليات", "Minority rights", (MIN, PLU)),
    ("أزمة المياه", "The water crisis", (ENV, HS, ESR)),
    ("مشاركة الشباب", "Youth participation", (YTH, PEACE)),
    ("الانتخابات والمشاركة السياسية", "Elections and political participation", (DEM, WR)),
    ("مواجهة العسكرة", "Countering militarisation", (MIL, HS)),
    ("حقوق العمال", "Workers' rights", (ESR,)),
    ("حماية التراث الثقافي", "Protecting cultural heritage", (ENV, PLU)),
    ("العدالة الانتقالية والمصالحة", "Transitional justice and reconciliation",
     (PEACE, WPEACE)),
    ("العنف القائم على النوع الاجتماعي", "Gender-based violence", (WOM, WR)),
    ("نزع السلاح وإعادة الإدماج", "Disarmament and reintegration", (MIL, PVE)),
    ("الإعلام المستقل وخطاب الكراهية", "Independent media and hate speech", (DEM, PVE, PLU)),
    ("التعددية والتعايش", "Pluralism and coexistence", (PLU, MIN)),
    ("المرأة في مفاوضات السلام", "Women in peace negotiations", (WPEACE, WOM)),
]

#: Subtitles: Arabic, English; ``{group}`` is filled from GROUPS.
SUBTITLES = [
    ("دروس من مشاورات مع {group}", "Lessons from consultations with {group}"),
    ("توصيات إلى صانعي القرار", "Recommendations to policymakers"),
    ("ما يقوله {group}", "What {group} say"),
    ("بين الواقع والسياسات", "Between reality and policy"),
    ("", ""),
]
GROUPS = [
    ("الناشطات", "women activists"), ("الشباب", "young people"),
    ("النازحين والعائدين", "displaced people and returnees"), ("النقابات", "trade unions"),
    ("المجتمعات المحلية", "local communities"), ("المدافعات عن حقوق الإنسان",
                                                  "women human rights defenders"),
]

#: Key areas or findings: Arabic, English.
KEY_AREAS = [
    ("إشراك النساء في تصميم البرامج وتنفيذها",
     "Involving women in designing and carrying out programmes"),
    ("حماية الناشطات من الانتقام", "Protecting women activists from reprisals"),
    ("تمويل مرن وطويل الأمد للمنظمات المحلية",
     "Flexible, long-term funding for local organisations"),
    ("مساءلة الأجهزة الأمنية", "Accountability of the security services"),
    ("الاستماع إلى المجتمعات المتضررة", "Listening to affected communities"),
    ("التعليم وفرص العمل للشباب", "Education and jobs for young people"),
    ("الوصول إلى العدالة والخدمات", "Access to justice and services"),
    ("مكافحة خطاب الكراهية", "Countering hate speech"),
    ("دعم الناجيات من العنف", "Supporting survivors of violence"),
    ("الشفافية في إدارة الموارد", "Transparency in managing resources"),
]

#: Regions a publication may cover instead of a country: code, Arabic, English.
REGIONS = [
    ("mena", "الشرق الأوسط وشمال أفريقيا", "the Middle East and North Africa"),
    ("africa", "أفريقيا جنوب الصحراء", "Sub-Saharan Africa"),
    ("asia", "آسيا والمحيط الهادئ", "Asia and the Pacific"),
]
WASL_COUNTRY_WEIGHTS = {
    "IQ": 8, "SY": 5, "LB": 5, "JO": 4, "EG": 4, "LY": 4, "TN": 4, "MA": 3, "YE": 5, "PS": 4,
    "SD": 4, "NG": 6, "SO": 3, "KE": 4, "CM": 3, "ML": 3, "AF": 4, "PK": 5, "LK": 3, "ID": 3,
    "PH": 3, "TJ": 3, "NO": 1, "GB": 1, "MX": 3, "CO": 3, "TR": 3,
}


@dataclass
class SamplePublication:
    index: int
    slug: str
    fields: dict
    networks: list
    tracks: list
    key_areas: list  # [(text_ar, text_en)]
    languages: list  # languages with a PDF
    author_picks: list = field(default_factory=list)  # floats in [0, 1) to pick authors


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _place(rng, network):
    """``(countries, regions, place_ar, place_en)``."""
    draw = rng.random()
    if draw < 0.12:
        code, name_ar, name_en = rng.choice(REGIONS)
        return [], [code], name_ar, name_en
    if network == ICSSI:
        if draw < 0.55:
            info = GOVERNORATES[rng.choice(sorted(GOVERNORATES))]
            return ["IQ"], [], info["ar"], info["en"]
        return ["IQ"], [], COUNTRIES["IQ"]["ar"], COUNTRIES["IQ"]["en"]
    code = _weighted(rng, WASL_COUNTRY_WEIGHTS)
    countries = [code]
    name_ar, name_en = COUNTRIES[code]["ar"], COUNTRIES[code]["en"]
    if rng.random() < 0.15:
        other = _weighted(rng, WASL_COUNTRY_WEIGHTS)
        if other != code:
            countries.append(other)
            name_ar = f"{name_ar} و{COUNTRIES[other]['ar']}"
            name_en = f"{name_en} and {COUNTRIES[other]['en']}"
    return countries, [], name_ar, name_en


def sample(index, seed=SEED):
    """Sample publication number ``index`` (from 1)."""
    rng = random.Random(seed + index)
    network = ICSSI if rng.random() < 0.5 else WASL
    networks = [network]
    if rng.random() < 0.08:
        networks = [WASL, ICSSI]
    theme_ar, theme_en, theme_tracks = rng.choice(THEMES)
    tracks = [slug for slug in theme_tracks
              if any(slug in NETWORK_TRACKS[name] for name in networks)]
    if not tracks:
        tracks = [rng.choice(sorted(NETWORK_TRACKS[network]))]
    countries, regions, place_ar, place_en = _place(rng, network)
    kind = _weighted(rng, KINDS)
    year = rng.randint(max(FIRST_YEAR, 2009 if network == ICSSI else 2016), LAST_YEAR)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    precision = rng.choice(["day", "month", "month", "year"])
    published_on = datetime.date(year, 1 if precision == "year" else month,
                                 day if precision == "day" else 1)
    group_ar, group_en = rng.choice(GROUPS)
    subtitle_ar, subtitle_en = rng.choice(SUBTITLES)
    title_ar = f"{theme_ar} في {place_ar}"
    title_en = f"{theme_en} in {place_en}"
    summary_ar = (
        "هذا منشور تجريبي مُختلق لأغراض العرض والاختبار، ولا يصدر عن أي منظمة حقيقية.\n\n"
        f"يتناول {theme_ar} في {place_ar} عام {year}، استناداً إلى مشاورات مع {group_ar}، "
        "ويقدّم توصيات إلى الحكومات والجهات المانحة والمنظمات الدولية.")
    summary_en = (
        "This is an invented sample publication for demonstrations and tests; no real "
        "organisation issued it.\n\n"
        f"It examines {theme_en[0].lower() + theme_en[1:]} in {place_en} in {year}, drawing "
        f"on consultations with {group_en}, and makes recommendations to governments, "
        "donors and international organisations.")
    fields = {
        "kind": kind, "status": "published",
        "title_ar": title_ar, "title_en": title_en,
        "subtitle_ar": subtitle_ar.format(group=group_ar),
        "subtitle_en": subtitle_en.format(group=group_en),
        "summary_ar": summary_ar, "summary_en": summary_en,
        "published_on": published_on, "published_precision": precision,
        "countries": countries, "regions": ",".join(regions),
    }
    if kind in ("consultation-summary", "policy-brief") and rng.random() < 0.6:
        fields.update(
            consultation_on=datetime.date(year, rng.randint(1, month), 1),
            consultation_precision="month",
            consultation_participants=rng.randint(12, 120),
            consultation_participants_more_than=rng.random() < 0.3,
            consultation_who_ar=group_ar, consultation_who_en=group_en,
            consultation_countries=len(countries) if countries else rng.randint(3, 15),
        )
    areas = rng.sample(KEY_AREAS, 3)
    draw = rng.random()
    languages = ["ar", "en"] if draw < 0.6 else ["ar"] if draw < 0.85 else ["en"]
    tail = slugify(title_en)[:80].rstrip("-")
    slug = f"{SLUG_PREFIX}{index:04d}-{tail}"
    picks = [rng.random() for _ in range(rng.choice([0, 1, 1, 2]))]
    return SamplePublication(index=index, slug=slug, fields=fields, networks=networks,
                             tracks=tracks, key_areas=areas, languages=languages,
                             author_picks=picks)


def generate(count, seed=SEED):
    """Samples 1 … ``count``, always the same for the same seed."""
    return [sample(index, seed) for index in range(1, count + 1)]


def _pdf_text(value):
    """ASCII text for a PDF string literal (the standard fonts have no Arabic)."""
    value = value.encode("ascii", "replace").decode("ascii")
    return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(lines):
    """A valid one-page PDF showing ``lines`` in Helvetica: a few hundred bytes."""
    content = ["BT /F1 14 Tf 56 780 Td 18 TL"]
    content += [f"({_pdf_text(line)}) '" for line in lines]
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def sample_pdf(item, language):
    """The sample's PDF in ``language``, unique to it, and the text it "contains"."""
    title = item.fields["title_en"]
    lines = [f"Sample publication {item.index:04d} ({language})", title,
             "Invented for demonstrations and tests."]
    text = "\n".join([item.fields[f"title_{language}"], item.fields[f"summary_{language}"]]
                     + [area[0 if language == "ar" else 1] for area in item.key_areas])
    return tiny_pdf(lines), text
