"""Word lists and the generator behind ``manage.py load_sample_directory``.

Everything here is invented. The real WASL and ICSSI member organisations are not named
in our sources, so the sample directory is built combinatorially — a kind of organisation
× a place × a theme — in Arabic and English at once: each English name is the natural
translation of the Arabic one, and each description says the same thing in both languages.

Generation is pure Python (no database) and deterministic: one ``random.Random(SEED)``
walks the samples in order 1, 2, 3, …, so sample *n* is the same whatever ``count`` is
asked for, and its slug ``sample-000n-…`` lets the command find what already exists.
Names that match a known real organisation (``REAL_ORGANISATION_NAMES``) are re-drawn.

Arabic templates mark gender agreement with ``[feminine|masculine]``: the form is chosen
by the gender of the organisation's head noun (جمعية is feminine, مركز masculine).
"""

import random
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from network.core.text import normalize

SEED = 20_090_216  # fixed; changing it changes every sample
DEFAULT_COUNT = 300
SLUG_PREFIX = "sample-"
SLUG_INDEX = re.compile(r"^sample-(\d+)-")
EXAMPLE_DOMAIN = "example.org"  # reserved for documentation (RFC 2606)

WASL, ICSSI = "wasl", "icssi"

# Track slugs as shipped in network/data/networks.json.
ICSSI_TRACKS = (
    "human-rights-defenders-nonviolence", "democracy", "peacebuilding-reconciliation",
    "countering-militarisation", "minority-rights", "economic-social-rights",
    "women-rights-participation", "youth-rights-participation", "heritage-environment",
)
WASL_TRACKS = (
    "preventing-violent-extremism", "peace", "womens-rights", "pluralism", "human-security",
)
NETWORK_TRACKS = {ICSSI: ICSSI_TRACKS, WASL: WASL_TRACKS}
NETWORK_FOUNDED = {ICSSI: 2009, WASL: 2016}
LAST_YEAR = 2024

# Short names for the track slugs, used in the tables below.
HRD, DEM, PEACE, MIL, MIN, ESR, WOM, YTH, ENV = ICSSI_TRACKS
PVE, WPEACE, WR, PLU, HS = WASL_TRACKS

# ---------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------

#: Iraq's governorates (ISO 3166-2): Arabic and English names, weight, towns, extra
#: working languages besides Arabic, local name-words and regions for "Voice of …".
GOVERNORATES = {
    "IQ-AN": {
        "ar": "الأنبار", "en": "Anbar", "weight": 4,
        "cities": [("الرمادي", "Ramadi"), ("الفلوجة", "Fallujah"), ("هيت", "Hit"),
                   ("حديثة", "Haditha"), ("القائم", "Al-Qaim")],
        "languages": [], "words": [("الفرات", "Euphrates")],
        "regions": [("الفرات", "the Euphrates")],
    },
    "IQ-AR": {
        "ar": "أربيل", "en": "Erbil", "weight": 5,
        "cities": [("أربيل", "Erbil"), ("شقلاوة", "Shaqlawa"), ("كويسنجق", "Koya"),
                   ("سوران", "Soran"), ("مخمور", "Makhmour")],
        "languages": ["ku"], "kurdish": True, "words": [],
        "regions": [("الجبل", "the Mountain")],
    },
    "IQ-BA": {
        "ar": "البصرة", "en": "Basra", "weight": 7,
        "cities": [("البصرة", "Basra"), ("الزبير", "Zubair"), ("أبو الخصيب", "Abu al-Khasib"),
                   ("الفاو", "Fao"), ("القرنة", "Qurna"), ("شط العرب", "Shatt al-Arab")],
        "languages": [], "words": [("الفيحاء", "Al-Fayhaa"), ("شط العرب", "Shatt al-Arab")],
        "regions": [("الأهوار", "the Marshes"), ("شط العرب", "Shatt al-Arab")],
    },
    "IQ-BB": {
        "ar": "بابل", "en": "Babil", "weight": 4,
        "cities": [("الحلة", "Hilla"), ("المسيب", "Musayyib"), ("المحاويل", "Mahawil"),
                   ("القاسم", "Al-Qasim"), ("الهاشمية", "Hashimiya")],
        "languages": [], "words": [("بابل", "Babylon"), ("الفرات", "Euphrates")],
        "regions": [("الفرات", "the Euphrates")],
    },
    "IQ-BG": {
        "ar": "بغداد", "en": "Baghdad", "weight": 14,
        "cities": [("بغداد", "Baghdad"), ("الكاظمية", "Kadhimiya"), ("الأعظمية", "Adhamiya"),
                   ("مدينة الصدر", "Sadr City"), ("أبو غريب", "Abu Ghraib"),
                   ("المدائن", "Al-Madain"), ("الكرادة", "Karrada")],
        "languages": [], "words": [("دجلة", "Tigris")],
        "regions": [("دجلة", "the Tigris")],
    },
    "IQ-DA": {
        "ar": "دهوك", "en": "Duhok", "weight": 3,
        "cities": [("دهوك", "Duhok"), ("زاخو", "Zakho"), ("العمادية", "Amadiya"),
                   ("سميل", "Semel")],
        "languages": ["ku", "syr"], "kurdish": True, "words": [],
        "regions": [("الجبل", "the Mountain")],
    },
    "IQ-DI": {
        "ar": "ديالى", "en": "Diyala", "weight": 3,
        "cities": [("بعقوبة", "Baqubah"), ("المقدادية", "Muqdadiyah"), ("خانقين", "Khanaqin"),
                   ("بلدروز", "Balad Ruz"), ("الخالص", "Khalis")],
        "languages": ["ku"], "words": [("حمرين", "Hamrin")],
        "regions": [("حمرين", "Hamrin")],
    },
    "IQ-DQ": {
        "ar": "ذي قار", "en": "Dhi Qar", "weight": 5,
        "cities": [("الناصرية", "Nasiriyah"), ("الشطرة", "Shatrah"),
                   ("سوق الشيوخ", "Suq al-Shuyukh"), ("الجبايش", "Chibayish"),
                   ("الرفاعي", "Rifai")],
        "languages": [], "words": [("أور", "Ur"), ("سومر", "Sumer"), ("الأهوار", "Al-Ahwar")],
        "regions": [("الأهوار", "the Marshes")],
    },
    "IQ-KA": {
        "ar": "كربلاء", "en": "Karbala", "weight": 3,
        "cities": [("كربلاء", "Karbala"), ("عين التمر", "Ain al-Tamr"), ("الهندية", "Hindiya")],
        "languages": [], "words": [("عين التمر", "Ain al-Tamr")],
        "regions": [("الفرات", "the Euphrates")],
    },
    "IQ-KI": {
        "ar": "كركوك", "en": "Kirkuk", "weight": 3,
        "cities": [("كركوك", "Kirkuk"), ("الحويجة", "Hawija"), ("داقوق", "Daquq"),
                   ("الدبس", "Dibis")],
        "languages": ["ku", "tr"], "words": [("القلعة", "Citadel")],
        "regions": [],
    },
    "IQ-MA": {
        "ar": "ميسان", "en": "Maysan", "weight": 2,
        "cities": [("العمارة", "Amarah"), ("المجر الكبير", "Majar al-Kabir"),
                   ("قلعة صالح", "Qalat Salih"), ("علي الغربي", "Ali al-Gharbi")],
        "languages": [], "words": [("الأهوار", "Al-Ahwar")],
        "regions": [("الأهوار", "the Marshes")],
    },
    "IQ-MU": {
        "ar": "المثنى", "en": "Muthanna", "weight": 2,
        "cities": [("السماوة", "Samawah"), ("الرميثة", "Rumaitha"), ("الخضر", "Al-Khidr"),
                   ("السلمان", "Al-Salman")],
        "languages": [], "words": [("الوركاء", "Al-Warka"), ("البادية", "Al-Badiya")],
        "regions": [("البادية", "the Desert")],
    },
    "IQ-NA": {
        "ar": "النجف", "en": "Najaf", "weight": 3,
        "cities": [("النجف", "Najaf"), ("الكوفة", "Kufa"), ("المناذرة", "Al-Manathira"),
                   ("المشخاب", "Mishkhab")],
        "languages": [], "words": [("بحر النجف", "Bahr al-Najaf")],
        "regions": [("الفرات", "the Euphrates")],
    },
    "IQ-NI": {
        "ar": "نينوى", "en": "Nineveh", "weight": 8,
        "cities": [("الموصل", "Mosul"), ("تلعفر", "Tal Afar"), ("سنجار", "Sinjar"),
                   ("بعشيقة", "Bashiqa"), ("الحمدانية", "Hamdaniya"), ("تلكيف", "Tel Keppe"),
                   ("برطلة", "Bartella")],
        "languages": ["syr", "ku", "tr"],
        "words": [("الحدباء", "Al-Hadbaa"), ("آشور", "Ashur"), ("نمرود", "Nimrud")],
        "regions": [("سهل نينوى", "the Nineveh Plains")],
    },
    "IQ-QA": {
        "ar": "القادسية", "en": "Qadisiyyah", "weight": 3,
        "cities": [("الديوانية", "Diwaniyah"), ("عفك", "Afak"), ("الشامية", "Shamiya"),
                   ("الحمزة", "Al-Hamza")],
        "languages": [], "words": [("الفرات الأوسط", "Middle Euphrates")],
        "regions": [("الفرات الأوسط", "the Middle Euphrates")],
    },
    "IQ-SD": {
        "ar": "صلاح الدين", "en": "Saladin", "weight": 3,
        "cities": [("تكريت", "Tikrit"), ("سامراء", "Samarra"), ("بيجي", "Baiji"),
                   ("بلد", "Balad"), ("طوزخورماتو", "Tuz Khurmatu")],
        "languages": ["tr"], "words": [("آشور", "Ashur"), ("دجلة", "Tigris")],
        "regions": [("دجلة", "the Tigris")],
    },
    "IQ-SU": {
        "ar": "السليمانية", "en": "Sulaymaniyah", "weight": 5,
        "cities": [("السليمانية", "Sulaymaniyah"), ("حلبجة", "Halabja"), ("رانية", "Ranya"),
                   ("كلار", "Kalar"), ("جمجمال", "Chamchamal"), ("بنجوين", "Penjwen")],
        "languages": ["ku"], "kurdish": True, "words": [],
        "regions": [("الجبل", "the Mountain")],
    },
    "IQ-WA": {
        "ar": "واسط", "en": "Wasit", "weight": 3,
        "cities": [("الكوت", "Kut"), ("الصويرة", "Suwaira"), ("الحي", "Al-Hay"),
                   ("النعمانية", "Numaniyah"), ("بدرة", "Badra")],
        "languages": [], "words": [("دجلة", "Tigris")],
        "regions": [("دجلة", "the Tigris")],
    },
}

#: Name-words (Arabic, as used in English names) for organisations anywhere in Iraq.
IRAQI_WORDS = [
    ("الرافدين", "Al-Rafidain"), ("النخيل", "Al-Nakheel"), ("الفرات", "Euphrates"),
    ("دجلة", "Tigris"), ("سومر", "Sumer"), ("أكد", "Akkad"), ("أور", "Ur"),
    ("الوركاء", "Al-Warka"), ("عشتار", "Ishtar"), ("كلكامش", "Gilgamesh"),
    ("شهرزاد", "Scheherazade"), ("الغد", "Al-Ghad"), ("الفجر", "Al-Fajr"), ("النور", "Al-Noor"),
    ("الوئام", "Al-Wiam"), ("التآخي", "Al-Taakhi"), ("السنابل", "Al-Sanabel"),
    ("البيادر", "Al-Bayader"), ("الياسمين", "Al-Yasmeen"), ("الزيتون", "Al-Zaytoun"),
    ("نيسان", "Nisan"), ("القنطرة", "Al-Qantara"), ("الشروق", "Al-Shorouq"),
    ("الضياء", "Al-Diyaa"), ("المنارة", "Al-Manara"), ("الينابيع", "Al-Yanabee"),
]
#: Kurdish name-words, for the Kurdistan Region (Erbil, Duhok, Sulaymaniyah).
KURDISH_WORDS = [
    ("هيوا", "Hiwa"), ("جيان", "Jiyan"), ("نوروز", "Newroz"), ("آشتي", "Ashti"),
    ("زاكروس", "Zagros"), ("آسو", "Aso"), ("شيلان", "Shilan"), ("بهار", "Bahar"),
]
#: Name-words for organisations elsewhere in the Arab world.
ARAB_WORDS = [
    ("الغد", "Al-Ghad"), ("الفجر", "Al-Fajr"), ("النور", "Al-Noor"), ("الوئام", "Al-Wiam"),
    ("السنابل", "Al-Sanabel"), ("البيادر", "Al-Bayader"), ("الياسمين", "Jasmine"),
    ("الزيتون", "Olive"), ("الشروق", "Al-Shorouq"), ("المنارة", "Al-Manara"),
    ("القنطرة", "Al-Qantara"), ("الضياء", "Al-Diyaa"), ("شهرزاد", "Scheherazade"),
]
#: English name-words for organisations in Europe, North America and Japan.
GLOBAL_WORDS = [
    ("البوصلة", "Compass"), ("المنارة", "Beacon"), ("الأفق", "Horizon"),
    ("النجمة الشمالية", "North Star"), ("الضفتين", "Two Shores"), ("الينبوع", "Wellspring"),
    ("المصباح", "Lantern"), ("الغصن الأخضر", "Green Branch"), ("الأيادي المتشابكة", "Linked Hands"),
    ("الطريق المشترك", "Shared Path"), ("الشراع", "Sail"), ("البذرة", "Seedling"),
    ("الجسور المفتوحة", "Open Bridges"), ("النسيج", "Weave"),
]
_SPANISH = [("إسبيرانزا", "Esperanza"), ("رايسس", "Raíces"), ("سيميّا", "Semilla"),
            ("ماريبوسا", "Mariposa"), ("لوسيرناغا", "Luciérnaga"), ("أوراس", "Auras")]
_FRENCH = [("إسبوار", "Espoir"), ("لوميير", "Lumière"), ("بنكادي", "Benkadi"),
           ("سوليداريتيه", "Solidarité")]

#: Countries: Arabic name, English name as used after "in", telephone code, working
#: languages, whether names are Arabic-first, towns and local name-words.
COUNTRIES = {
    "IQ": {"ar": "العراق", "en": "Iraq", "tel": "964", "languages": ["ar"], "arab": True,
           "cities": [], "words": IRAQI_WORDS},
    "SY": {"ar": "سوريا", "en": "Syria", "tel": "963", "languages": ["ar", "ku"], "arab": True,
           "cities": [("دمشق", "Damascus"), ("حلب", "Aleppo"), ("حمص", "Homs"),
                      ("القامشلي", "Qamishli")],
           "words": ARAB_WORDS + [("الياسمين", "Jasmine"), ("قاسيون", "Qasioun")]},
    "LB": {"ar": "لبنان", "en": "Lebanon", "tel": "961", "languages": ["ar", "fr", "en"],
           "arab": True,
           "cities": [("بيروت", "Beirut"), ("طرابلس", "Tripoli"), ("صيدا", "Saida"),
                      ("صور", "Tyre")],
           "words": ARAB_WORDS + [("الأرز", "Cedar")]},
    "JO": {"ar": "الأردن", "en": "Jordan", "tel": "962", "languages": ["ar", "en"], "arab": True,
           "cities": [("عمّان", "Amman"), ("إربد", "Irbid"), ("الزرقاء", "Zarqa"),
                      ("المفرق", "Mafraq")],
           "words": ARAB_WORDS + [("البتراء", "Petra")]},
    "EG": {"ar": "مصر", "en": "Egypt", "tel": "20", "languages": ["ar", "en"], "arab": True,
           "cities": [("القاهرة", "Cairo"), ("الإسكندرية", "Alexandria"), ("أسيوط", "Assiut"),
                      ("المنيا", "Minya")],
           "words": ARAB_WORDS + [("النيل", "Nile")]},
    "LY": {"ar": "ليبيا", "en": "Libya", "tel": "218", "languages": ["ar"], "arab": True,
           "cities": [("طرابلس", "Tripoli"), ("بنغازي", "Benghazi"), ("مصراتة", "Misrata"),
                      ("سبها", "Sabha")],
           "words": ARAB_WORDS + [("الجبل الأخضر", "Green Mountain")]},
    "TN": {"ar": "تونس", "en": "Tunisia", "tel": "216", "languages": ["ar", "fr"], "arab": True,
           "cities": [("تونس", "Tunis"), ("صفاقس", "Sfax"), ("القيروان", "Kairouan"),
                      ("سيدي بوزيد", "Sidi Bouzid")],
           "words": ARAB_WORDS + [("قرطاج", "Carthage")]},
    "MA": {"ar": "المغرب", "en": "Morocco", "tel": "212", "languages": ["ar", "fr"],
           "arab": True,
           "cities": [("الرباط", "Rabat"), ("الدار البيضاء", "Casablanca"), ("فاس", "Fez"),
                      ("مراكش", "Marrakesh")],
           "words": ARAB_WORDS + [("الأطلس", "Atlas")]},
    "YE": {"ar": "اليمن", "en": "Yemen", "tel": "967", "languages": ["ar"], "arab": True,
           "cities": [("صنعاء", "Sanaa"), ("عدن", "Aden"), ("تعز", "Taiz"), ("المكلا", "Mukalla")],
           "words": ARAB_WORDS + [("سبأ", "Saba")]},
    "PS": {"ar": "فلسطين", "en": "Palestine", "tel": "970", "languages": ["ar", "en"],
           "arab": True,
           "cities": [("رام الله", "Ramallah"), ("غزة", "Gaza"), ("نابلس", "Nablus"),
                      ("الخليل", "Hebron")],
           "words": ARAB_WORDS + [("الكرمل", "Carmel")]},
    "SD": {"ar": "السودان", "en": "Sudan", "tel": "249", "languages": ["ar", "en"],
           "arab": True,
           "cities": [("الخرطوم", "Khartoum"), ("أم درمان", "Omdurman"), ("الفاشر", "El Fasher"),
                      ("بورتسودان", "Port Sudan")],
           "words": ARAB_WORDS + [("النيلين", "Two Niles")]},
    "TR": {"ar": "تركيا", "en": "Turkey", "tel": "90", "languages": ["tr", "ku", "ar"],
           "cities": [("إسطنبول", "Istanbul"), ("غازي عنتاب", "Gaziantep"),
                      ("ديار بكر", "Diyarbakır"), ("أنقرة", "Ankara")],
           "words": [("أوموت", "Umut"), ("ياشام", "Yaşam"), ("غوكيوزو", "Gökyüzü")]},
    "NG": {"ar": "نيجيريا", "en": "Nigeria", "tel": "234", "languages": ["en", "ha"],
           "cities": [("أبوجا", "Abuja"), ("كانو", "Kano"), ("كادونا", "Kaduna"),
                      ("مايدوغوري", "Maiduguri"), ("جوس", "Jos"), ("لاغوس", "Lagos")],
           "words": [("زومونتا", "Zumunta"), ("هاسكي", "Haske"), ("إيريتي", "Ireti"),
                     ("أمانا", "Amana")]},
    "KE": {"ar": "كينيا", "en": "Kenya", "tel": "254", "languages": ["en", "sw"],
           "cities": [("نيروبي", "Nairobi"), ("مومباسا", "Mombasa"), ("كيسومو", "Kisumu"),
                      ("غاريسا", "Garissa")],
           "words": [("أماني", "Amani"), ("توماييني", "Tumaini"), ("أوبيندو", "Upendo")]},
    "SO": {"ar": "الصومال", "en": "Somalia", "tel": "252", "languages": ["ar", "en"],
           "cities": [("مقديشو", "Mogadishu"), ("كيسمايو", "Kismayo"), ("بيدوا", "Baidoa")],
           "words": [("نبد", "Nabad"), ("إفتين", "Iftiin"), ("هورسيد", "Horseed")]},
    "CM": {"ar": "الكاميرون", "en": "Cameroon", "tel": "237", "languages": ["fr", "en"],
           "cities": [("ياوندي", "Yaoundé"), ("دوالا", "Douala"), ("ماروا", "Maroua")],
           "words": _FRENCH},
    "ML": {"ar": "مالي", "en": "Mali", "tel": "223", "languages": ["fr"],
           "cities": [("باماكو", "Bamako"), ("موبتي", "Mopti"), ("تمبكتو", "Timbuktu")],
           "words": _FRENCH},
    "NE": {"ar": "النيجر", "en": "Niger", "tel": "227", "languages": ["fr", "ha"],
           "cities": [("نيامي", "Niamey"), ("زيندر", "Zinder"), ("أغاديز", "Agadez")],
           "words": _FRENCH + [("هاسكي", "Haske")]},
    "UG": {"ar": "أوغندا", "en": "Uganda", "tel": "256", "languages": ["en", "sw"],
           "cities": [("كمبالا", "Kampala"), ("غولو", "Gulu"), ("أروا", "Arua")],
           "words": [("أماني", "Amani"), ("توماييني", "Tumaini")]},
    "CD": {"ar": "جمهورية الكونغو الديمقراطية", "en": "the Democratic Republic of the Congo",
           "tel": "243", "languages": ["fr", "sw"],
           "cities": [("كينشاسا", "Kinshasa"), ("غوما", "Goma"), ("بوكافو", "Bukavu")],
           "words": _FRENCH + [("أماني", "Amani")]},
    "AF": {"ar": "أفغانستان", "en": "Afghanistan", "tel": "93", "languages": ["fa", "en"],
           "cities": [("كابل", "Kabul"), ("هرات", "Herat"), ("مزار شريف", "Mazar-i-Sharif")],
           "words": [("روشني", "Roshani"), ("سحر", "Sahar"), ("أميد", "Omid")]},
    "PK": {"ar": "باكستان", "en": "Pakistan", "tel": "92", "languages": ["ur", "en"],
           "cities": [("إسلام آباد", "Islamabad"), ("بيشاور", "Peshawar"), ("لاهور", "Lahore"),
                      ("كويتا", "Quetta")],
           "words": [("روشني", "Roshni"), ("أمن", "Aman"), ("أميد", "Umeed")]},
    "BD": {"ar": "بنغلاديش", "en": "Bangladesh", "tel": "880", "languages": ["en"],
           "cities": [("دكا", "Dhaka"), ("شيتاغونغ", "Chittagong"), ("سيلهيت", "Sylhet")],
           "words": [("آلو", "Alo"), ("جوناكي", "Jonaki")]},
    "LK": {"ar": "سريلانكا", "en": "Sri Lanka", "tel": "94", "languages": ["en"],
           "cities": [("كولومبو", "Colombo"), ("جافنا", "Jaffna"), ("باتيكالوا", "Batticaloa")],
           "words": [("شانتي", "Shanthi"), ("سهانا", "Sahana")]},
    "ID": {"ar": "إندونيسيا", "en": "Indonesia", "tel": "62", "languages": ["en"],
           "cities": [("جاكرتا", "Jakarta"), ("باندا آتشيه", "Banda Aceh"), ("بوسو", "Poso"),
                      ("ماكاسار", "Makassar")],
           "words": [("هارابان", "Harapan"), ("داماي", "Damai"), ("بيلانغي", "Pelangi")]},
    "PH": {"ar": "الفلبين", "en": "the Philippines", "tel": "63", "languages": ["en"],
           "cities": [("مانيلا", "Manila"), ("كوتاباتو", "Cotabato"), ("مراوي", "Marawi"),
                      ("دافاو", "Davao")],
           "words": [("كابايابان", "Kapayapaan"), ("ليواناغ", "Liwanag")]},
    "TJ": {"ar": "طاجيكستان", "en": "Tajikistan", "tel": "992", "languages": ["tg", "ru"],
           "cities": [("دوشنبه", "Dushanbe"), ("خجند", "Khujand"), ("خوروغ", "Khorog"),
                      ("كولوب", "Kulob")],
           "words": [("أوميد", "Umed"), ("بهار", "Bahor"), ("سيتورا", "Sitora"), ("نور", "Nur")]},
    "KG": {"ar": "قرغيزستان", "en": "Kyrgyzstan", "tel": "996", "languages": ["ru"],
           "cities": [("بيشكيك", "Bishkek"), ("أوش", "Osh"), ("جلال آباد", "Jalal-Abad")],
           "words": [("أوموت", "Umut"), ("نور", "Nur")]},
    "NO": {"ar": "النرويج", "en": "Norway", "tel": "47", "languages": ["no", "en"],
           "cities": [("أوسلو", "Oslo"), ("بيرغن", "Bergen"), ("ترومسو", "Tromsø"),
                      ("تروندهايم", "Trondheim")],
           "words": GLOBAL_WORDS + [("نوردليس", "Nordlys")]},
    "GB": {"ar": "المملكة المتحدة", "en": "the United Kingdom", "tel": "44", "languages": ["en"],
           "cities": [("لندن", "London"), ("مانشستر", "Manchester"), ("غلاسكو", "Glasgow"),
                      ("برمنغهام", "Birmingham"), ("كارديف", "Cardiff")],
           "words": GLOBAL_WORDS},
    "SE": {"ar": "السويد", "en": "Sweden", "tel": "46", "languages": ["en"],
           "cities": [("ستوكهولم", "Stockholm"), ("غوتنبرغ", "Gothenburg"), ("مالمو", "Malmö"),
                      ("أوبسالا", "Uppsala")],
           "words": GLOBAL_WORDS},
    "US": {"ar": "الولايات المتحدة", "en": "the United States", "tel": "1", "languages": ["en"],
           "cities": [("نيويورك", "New York"), ("واشنطن", "Washington"), ("شيكاغو", "Chicago"),
                      ("مينيابوليس", "Minneapolis"), ("سان فرانسيسكو", "San Francisco")],
           "words": GLOBAL_WORDS},
    "CA": {"ar": "كندا", "en": "Canada", "tel": "1", "languages": ["en", "fr"],
           "cities": [("تورونتو", "Toronto"), ("مونتريال", "Montreal"), ("أوتاوا", "Ottawa")],
           "words": GLOBAL_WORDS},
    "MX": {"ar": "المكسيك", "en": "Mexico", "tel": "52", "languages": ["es"],
           "cities": [("مكسيكو سيتي", "Mexico City"), ("أواكساكا", "Oaxaca"),
                      ("سيوداد خواريز", "Ciudad Juárez"), ("غوادالاخارا", "Guadalajara"),
                      ("سان كريستوبال دي لاس كاساس", "San Cristóbal de las Casas")],
           "words": _SPANISH},
    "CO": {"ar": "كولومبيا", "en": "Colombia", "tel": "57", "languages": ["es"],
           "cities": [("بوغوتا", "Bogotá"), ("ميديلين", "Medellín"), ("كالي", "Cali")],
           "words": _SPANISH},
    "GT": {"ar": "غواتيمالا", "en": "Guatemala", "tel": "502", "languages": ["es"],
           "cities": [("مدينة غواتيمالا", "Guatemala City"), ("كيتسالتينانغو", "Quetzaltenango")],
           "words": _SPANISH},
    "IT": {"ar": "إيطاليا", "en": "Italy", "tel": "39", "languages": ["en", "ar"],
           "cities": [("روما", "Rome"), ("تورينو", "Turin"), ("ميلانو", "Milan"),
                      ("فلورنسا", "Florence"), ("بولونيا", "Bologna"), ("نابولي", "Naples")],
           "words": GLOBAL_WORDS},
    "FR": {"ar": "فرنسا", "en": "France", "tel": "33", "languages": ["fr", "ar"],
           "cities": [("باريس", "Paris"), ("ليون", "Lyon"), ("مرسيليا", "Marseille")],
           "words": GLOBAL_WORDS},
    "JP": {"ar": "اليابان", "en": "Japan", "tel": "81", "languages": ["en"],
           "cities": [("طوكيو", "Tokyo"), ("كيوتو", "Kyoto"), ("أوساكا", "Osaka"),
                      ("هيروشيما", "Hiroshima")],
           "words": GLOBAL_WORDS},
    "DE": {"ar": "ألمانيا", "en": "Germany", "tel": "49", "languages": ["en"],
           "cities": [("برلين", "Berlin"), ("هامبورغ", "Hamburg"), ("كولونيا", "Cologne")],
           "words": GLOBAL_WORDS},
    "NL": {"ar": "هولندا", "en": "the Netherlands", "tel": "31", "languages": ["en"],
           "cities": [("أمستردام", "Amsterdam"), ("لاهاي", "The Hague"), ("أوتريخت", "Utrecht")],
           "words": GLOBAL_WORDS},
    "ES": {"ar": "إسبانيا", "en": "Spain", "tel": "34", "languages": ["es", "en"],
           "cities": [("مدريد", "Madrid"), ("برشلونة", "Barcelona"), ("بلباو", "Bilbao")],
           "words": GLOBAL_WORDS},
    "BE": {"ar": "بلجيكا", "en": "Belgium", "tel": "32", "languages": ["fr", "en"],
           "cities": [("بروكسل", "Brussels"), ("أنتويرب", "Antwerp"), ("لييج", "Liège")],
           "words": GLOBAL_WORDS},
    "DK": {"ar": "الدنمارك", "en": "Denmark", "tel": "45", "languages": ["en"],
           "cities": [("كوبنهاغن", "Copenhagen"), ("آرهوس", "Aarhus")],
           "words": GLOBAL_WORDS},
    "CH": {"ar": "سويسرا", "en": "Switzerland", "tel": "41", "languages": ["fr", "en"],
           "cities": [("جنيف", "Geneva"), ("برن", "Bern"), ("لوزان", "Lausanne")],
           "words": GLOBAL_WORDS},
    "IE": {"ar": "أيرلندا", "en": "Ireland", "tel": "353", "languages": ["en"],
           "cities": [("دبلن", "Dublin"), ("كورك", "Cork")],
           "words": GLOBAL_WORDS},
    "AT": {"ar": "النمسا", "en": "Austria", "tel": "43", "languages": ["en"],
           "cities": [("فيينا", "Vienna"), ("غراتس", "Graz")],
           "words": GLOBAL_WORDS},
}

#: WASL spans 29 countries "from Nigeria to Norway, Mexico to Tajikistan": every other
#: WASL sample walks this list in order, so the first few dozen cover all of it.
WASL_COUNTRIES = (
    "NG", "NO", "MX", "TJ", "IQ", "SY", "LB", "JO", "EG", "LY", "TN", "MA", "YE", "PS", "SD",
    "SO", "KE", "CM", "ML", "NE", "UG", "CD", "AF", "PK", "BD", "LK", "ID", "PH", "KG", "GB",
    "SE", "US", "CO", "GT", "TR",
)
#: The rest are drawn with these weights (the Middle East and Africa most).
WASL_WEIGHTS = {
    "IQ": 8, "SY": 5, "LB": 5, "JO": 4, "EG": 4, "LY": 4, "TN": 4, "MA": 3, "YE": 5, "PS": 4,
    "SD": 4, "NG": 6, "SO": 3, "KE": 4, "CM": 3, "ML": 3, "NE": 2, "UG": 2, "CD": 2, "AF": 4,
    "PK": 5, "BD": 2, "LK": 3, "ID": 3, "PH": 3, "TJ": 3, "KG": 2, "NO": 2, "GB": 2, "SE": 2,
    "US": 2, "MX": 3, "CO": 3, "GT": 2, "TR": 3,
}
#: ICSSI's international partners, mostly in Europe; Italy, where it was founded, most.
ICSSI_PARTNER_COUNTRIES = (
    "IT", "GB", "US", "FR", "SE", "NO", "JP", "DE", "NL", "ES", "BE", "DK", "CA", "CH", "IE",
    "AT",
)
ICSSI_PARTNER_WEIGHTS = {
    "IT": 10, "GB": 5, "US": 5, "FR": 4, "SE": 3, "NO": 3, "JP": 2, "DE": 3, "NL": 2, "ES": 2,
    "BE": 2, "DK": 1, "CA": 1, "CH": 1, "IE": 1, "AT": 1,
}

LANGUAGE_NAMES = {  # code: (Arabic adjective, English)
    "ar": ("العربية", "Arabic"), "ku": ("الكردية", "Kurdish"), "en": ("الإنجليزية", "English"),
    "fr": ("الفرنسية", "French"), "es": ("الإسبانية", "Spanish"), "fa": ("الفارسية", "Persian"),
    "tr": ("التركية", "Turkish"), "syr": ("السريانية", "Syriac"), "ur": ("الأردية", "Urdu"),
    "ru": ("الروسية", "Russian"), "ha": ("الهوسية", "Hausa"), "sw": ("السواحيلية", "Swahili"),
    "no": ("النرويجية", "Norwegian"), "tg": ("الطاجيكية", "Tajik"),
}

# ---------------------------------------------------------------------------------------
# Name parts
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Who an organisation gathers: the Arabic noun in the genitive (it follows the head
    noun of the name), the English possessive, and the tracks it implies."""

    ar: str
    en: str
    women: bool = False
    youth: bool = False
    tracks: tuple = ()
    beneficiaries: tuple = ("المجتمعات المحلية", "local communities")
    purposes: tuple = ()  # the purposes that make sense with this group; () = any


GROUPS = [
    Group("نساء", "Women's", women=True, tracks=(WOM, WR),
          beneficiaries=("النساء والفتيات", "women and girls")),
    Group("شباب", "Youth", youth=True, tracks=(YTH,),
          beneficiaries=("الشابات والشباب", "young women and men")),
    Group("شابات", "Young Women's", women=True, youth=True, tracks=(WOM, YTH, WR),
          beneficiaries=("الشابات", "young women")),
    Group("طلبة", "Students'", youth=True, tracks=(YTH,),
          beneficiaries=("طلبة المدارس والجامعات", "school and university students"),
          purposes=("peace", "democracy", "civic", "environment", "culture", "youth", "change",
                    "coexistence", "rights", "nonviolence")),
    Group("أمهات", "Mothers'", women=True, tracks=(WOM, WR),
          beneficiaries=("الأمهات وأسرهن", "mothers and their families"),
          purposes=("peace", "peacebuilding", "development", "survivors", "violence",
                    "empowerment", "displaced", "justice", "rights", "extremism", "security",
                    "cohesion", "coexistence", "disarmament", "nonviolence")),
    Group("فتيات", "Girls'", women=True, youth=True, tracks=(WOM, YTH, WR),
          beneficiaries=("الفتيات والشابات", "girls and young women"),
          purposes=("empowerment", "equality", "violence", "rights", "peace", "civic",
                    "development", "culture", "environment", "participation")),
    Group("ناشطات", "Women Activists'", women=True, tracks=(WOM, HRD, WR),
          beneficiaries=("الناشطات والمدافعات عن حقوق الإنسان",
                         "women activists and human rights defenders")),
    Group("ناشطي", "Activists'", tracks=(HRD,),
          beneficiaries=("الناشطين المدنيين", "civic activists")),
    Group("أهالي", "Residents'", tracks=(ESR,),
          beneficiaries=("الأسر الأكثر هشاشة", "the most vulnerable families"),
          purposes=("development", "sustainable", "environment", "water", "corruption",
                    "coexistence", "cohesion", "social-justice", "displaced")),
    Group("مثقفي", "Intellectuals'", tracks=(DEM,),
          beneficiaries=("الكتّاب والفنانين", "writers and artists"),
          purposes=("culture", "democracy", "dialogue", "press", "change", "civic",
                    "coexistence", "nonviolence")),
    Group("نازحي", "Displaced People's", tracks=(PEACE, HS),
          beneficiaries=("النازحين والعائدين", "displaced people and returnees"),
          purposes=("displaced", "rights", "development", "peacebuilding", "justice",
                    "coexistence", "cohesion", "security")),
]
WOMEN_GROUPS = [g for g in GROUPS if g.women]
WOMEN_GROUP_NAMES = {g.ar for g in WOMEN_GROUPS} | {"أمهات"}


@dataclass(frozen=True)
class Purpose:
    """What an organisation is for: the Arabic prepositional phrase, the English "for …"
    phrase, the English attributive form when a compound name reads naturally
    ("Development Association"), and the tracks it implies in either network."""

    key: str
    ar: str
    en_for: str
    en_attr: str | None
    tracks: tuple
    women: bool = False
    youth: bool = False
    research: bool = False


PURPOSES = [
    Purpose("development", "للتنمية", "for Development", "Development", (ESR, HS)),
    Purpose("rights", "لحقوق الإنسان", "for Human Rights", "Human Rights", (HRD, WR)),
    Purpose("peace", "للسلام", "for Peace", "Peace", (PEACE, WPEACE)),
    Purpose("peacebuilding", "لبناء السلام", "for Peacebuilding", "Peacebuilding",
            (PEACE, WPEACE)),
    Purpose("dialogue", "للحوار والسلم الأهلي", "for Dialogue and Civil Peace", None,
            (PEACE, PLU)),
    Purpose("democracy", "لدعم الديمقراطية", "for Democracy", "Democracy", (DEM,)),
    Purpose("elections", "لمراقبة الانتخابات", "for Election Monitoring", "Election Monitoring",
            (DEM,)),
    Purpose("sustainable", "للتنمية المستدامة", "for Sustainable Development", None,
            (ESR, ENV, HS)),
    Purpose("environment", "لحماية البيئة", "for Environmental Protection", None, (ENV, HS)),
    Purpose("culture", "للثقافة والتراث", "for Culture and Heritage", None, (ENV, PLU)),
    Purpose("empowerment", "لتمكين المرأة", "for Women's Empowerment", None, (WOM, WR),
            women=True),
    Purpose("press", "لحرية الصحافة", "for Press Freedom", "Press Freedom", (HRD, DEM)),
    Purpose("corruption", "لمكافحة الفساد", "against Corruption", "Anti-Corruption",
            (ESR, DEM)),
    Purpose("coexistence", "للتعايش السلمي", "for Peaceful Coexistence", None,
            (PEACE, MIN, PLU)),
    Purpose("minorities", "لحقوق الأقليات", "for Minority Rights", "Minority Rights", (MIN, PLU)),
    Purpose("justice", "للعدالة الانتقالية", "for Transitional Justice", None,
            (PEACE, HRD, WPEACE)),
    Purpose("disarmament", "لنزع السلاح", "for Disarmament", "Disarmament", (MIL, HS)),
    Purpose("displaced", "لدعم النازحين والعائدين", "for the Displaced and Returnees", None,
            (PEACE, ESR, HS)),
    Purpose("water", "للدفاع عن الحق في المياه", "for the Right to Water", None, (ENV, ESR, HS)),
    Purpose("civic", "للتربية المدنية", "for Civic Education", "Civic Education", (DEM, YTH)),
    Purpose("equality", "للمساواة بين الجنسين", "for Gender Equality", "Gender Equality",
            (WOM, WR), women=True),
    Purpose("violence", "لمناهضة العنف ضد المرأة", "for Combating Violence against Women", None,
            (WOM, WR), women=True),
    Purpose("extremism", "لمنع التطرف العنيف", "for Preventing Violent Extremism", None,
            (PEACE, PVE)),
    Purpose("youth", "لتمكين الشباب", "for Youth Empowerment", "Youth Empowerment", (YTH,),
            youth=True),
    Purpose("social-justice", "من أجل العدالة الاجتماعية", "for Social Justice", None,
            (ESR, HS)),
    Purpose("labour", "لحقوق العمال", "for Workers' Rights", None, (ESR,)),
    Purpose("nonviolence", "للاعنف", "for Nonviolence", "Nonviolence", (HRD, MIL, WPEACE)),
    Purpose("survivors", "لمساندة الناجيات", "for Supporting Survivors", None,
            (WOM, PEACE, WR, HS), women=True),
    Purpose("participation", "لتعزيز المشاركة السياسية للمرأة",
            "for Women's Political Participation", None, (WOM, DEM, WR), women=True),
    Purpose("security", "للأمن الإنساني", "for Human Security", "Human Security", (MIL, HS)),
    Purpose("cohesion", "للتماسك المجتمعي", "for Social Cohesion", "Social Cohesion",
            (PEACE, MIN, PLU)),
    Purpose("change", "للتغيير", "for Change", None, (DEM, YTH)),
    # Research centres: "… Institute for Peace Studies".
    Purpose("peace-studies", "لدراسات السلام", "for Peace Studies", None, (PEACE, WPEACE),
            research=True),
    Purpose("strategic", "للدراسات الاستراتيجية", "for Strategic Studies", None,
            (DEM, MIL, HS), research=True),
    Purpose("gender-research", "لأبحاث النوع الاجتماعي", "for Gender Research", None,
            (WOM, WR), research=True),
    Purpose("environment-studies", "للدراسات البيئية", "for Environmental Studies", None,
            (ENV, HS), research=True),
    Purpose("conflict-studies", "لدراسات النزاع والتنمية",
            "for Conflict and Development Studies", None, (PEACE, ESR, WPEACE), research=True),
    Purpose("policy", "للسياسات العامة", "for Public Policy", None, (DEM, HS), research=True),
    Purpose("labour-research", "لبحوث العمل والاقتصاد الاجتماعي",
            "for Labour and Social Economy Research", None, (ESR, HS), research=True),
    Purpose("heritage-studies", "لدراسات التراث", "for Heritage Studies", None, (ENV, PLU),
            research=True),
    Purpose("extremism-studies", "لدراسات التطرف والتماسك الاجتماعي",
            "for the Study of Extremism and Social Cohesion", None, (PEACE, PVE, PLU),
            research=True),
    Purpose("minority-studies", "لدراسات الأقليات", "for Minority Studies", None, (MIN, PLU),
            research=True),
]

SECTORS = [  # (after "عمال", after "قطاع", English)
    ("النسيج", "النسيج", "Textile"), ("النفط", "النفط", "Oil"), ("الموانئ", "الموانئ", "Port"),
    ("الكهرباء", "الكهرباء", "Electricity"), ("السكك الحديدية", "السكك الحديدية", "Railway"),
    ("البناء", "البناء", "Construction"), ("معامل الإسمنت", "صناعة الإسمنت", "Cement"),
    ("النقل", "النقل", "Transport"), ("الزراعة", "الزراعة", "Farm"),
    ("الصحة", "الصحة", "Health"), ("الفنادق والمطاعم", "الفنادق والمطاعم", "Hotel and Restaurant"),
    ("المعادن", "صناعة المعادن", "Metal"), ("الطباعة", "الطباعة", "Print"),
]
PROFESSIONS = [  # (Arabic after the head noun, English possessive, women-only, tracks)
    ("المحامين الشباب", "Young Lawyers'", False, (HRD, DEM)),
    ("المحاميات", "Women Lawyers'", True, (HRD, WOM, WR)),
    ("الصحفيين المستقلين", "Independent Journalists'", False, (HRD, DEM)),
    ("الصحفيات", "Women Journalists'", True, (WOM, DEM, WR)),
    ("المهندسين الشباب", "Young Engineers'", False, (YTH, ENV)),
    ("الأطباء الشباب", "Young Doctors'", False, (ESR, YTH)),
    ("الطبيبات", "Women Doctors'", True, (WOM, ESR, HS)),
    ("المعلمين المتقاعدين", "Retired Teachers'", False, (ESR, DEM)),
    ("الأكاديميات", "Women Academics'", True, (WOM, DEM, WR)),
    ("الفنانين التشكيليين", "Visual Artists'", False, (ENV, PLU)),
    ("المترجمين", "Translators'", False, (MIN, PLU)),
    ("القابلات", "Midwives'", True, (WOM, ESR, HS)),
    ("الصيادلة الشباب", "Young Pharmacists'", False, (ESR, YTH)),
    ("الباحثين الاجتماعيين", "Social Workers'", False, (ESR, PEACE, HS)),
]
COOP_MEMBERS = [  # (Arabic genitive, English possessive, where it fits: None = anywhere)
    ("مزارعي النخيل", "Date Palm Farmers'",
     {"IQ-BA", "IQ-BB", "IQ-KA", "IQ-NA", "IQ-DQ", "IQ-DI", "IQ-AN", "IQ-MU", "EG", "SD"}),
    ("صيادي الأسماك", "Fishermen's", None),
    ("مربي الجاموس", "Buffalo Breeders'", {"IQ-DQ", "IQ-MA", "IQ-BA"}),
    ("النساء الريفيات", "Rural Women's", None),
    ("الحرفيات", "Women Artisans'", None),
    ("مربي النحل", "Beekeepers'", None),
    ("مزارعي الزيتون", "Olive Growers'",
     {"IQ-NI", "IQ-DA", "IQ-AR", "IQ-SU", "SY", "LB", "JO", "PS", "TN", "MA", "LY"}),
    ("منتجي الألبان", "Dairy Producers'", None),
    ("مزارعي البن", "Coffee Growers'", {"MX", "CO", "GT", "KE", "UG", "CD", "YE"}),
]
COOP_PRODUCTS = [  # (Arabic "for …", English "for …")
    ("للمنتجات الريفية", "for Rural Products"), ("لتربية النحل", "for Beekeeping"),
    ("للصناعات الغذائية", "for Food Processing"), ("للسجاد اليدوي", "for Handwoven Carpets"),
    ("للخياطة والتطريز", "for Sewing and Embroidery"),
]

#: Head nouns as the descriptions refer back to them: Arabic with the article, its
#: gender (f/m), and English.
REFERENTS = {
    "assoc": ("الجمعية", "f", "association"), "org": ("المنظمة", "f", "organisation"),
    "centre": ("المركز", "m", "centre"), "found": ("المؤسسة", "f", "foundation"),
    "league": ("الرابطة", "f", "league"), "team": ("الفريق", "m", "team"),
    "init": ("المبادرة", "f", "initiative"), "group": ("المجموعة", "f", "group"),
    "move": ("الحركة", "f", "movement"), "hirak": ("الحراك", "m", "movement"),
    "camp": ("الحملة", "f", "campaign"), "coll": ("التجمّع", "m", "collective"),
    "radio": ("الإذاعة", "f", "station"), "mag": ("المجلة", "f", "magazine"),
    "agency": ("الوكالة", "f", "agency"), "platform": ("المنصة", "f", "platform"),
    "paper": ("الصحيفة", "f", "paper"), "obs": ("المرصد", "m", "observatory"),
    "workshop": ("المشغل", "m", "workshop"), "kitchen": ("المطبخ", "m", "kitchen"),
    "company": ("الشركة", "f", "company"), "cafe": ("المقهى", "m", "café"),
    "press": ("الدار", "f", "publishing house"), "project": ("المشروع", "m", "project"),
    "coop": ("التعاونية", "f", "cooperative"), "union": ("النقابة", "f", "union"),
    "fed": ("الاتحاد", "m", "union"), "council": ("المجلس", "m", "council"),
    "network": ("الشبكة", "f", "network"), "coalition": ("التحالف", "m", "coalition"),
    "forum": ("المنتدى", "m", "forum"), "institute": ("المعهد", "m", "institute"),
    "committee": ("اللجنة", "f", "committee"),
}


@dataclass(frozen=True)
class Template:
    """One way of naming an organisation.

    Slots: {P} town, {O} name-word, {G} group, {U} purpose ("for …"), {T} purpose in
    attributive English, {S}/{SS} trade sector, {R} profession, {C} cooperative members,
    {K} cooperative products, {M} "Voice of …" place. ``en_compound`` is used instead of
    ``en`` when the purpose has a short attributive form.
    """

    kind: str
    ref: str
    ar: str
    en: str
    en_compound: str | None = None
    where: str = "any"  # any | arab | intl | partner (ICSSI's international partners)
    women: bool = False  # a women's organisation whatever the group
    youth: bool = False
    purposes: str = "general"  # general | research
    tracks: tuple = ()
    only: tuple = ()  # restrict the purposes to these keys


T = Template
CAMPAIGNS = ("rights", "press", "corruption", "disarmament", "water", "violence", "elections",
             "participation", "equality", "nonviolence", "justice", "minorities", "labour",
             "environment", "extremism", "social-justice", "change")
TEMPLATES = [
    # Non-governmental organisations
    T("ngo", "assoc", "جمعية {G} {P} {U}", "{P} {G} Association {U}", "{P} {G} {T} Association"),
    T("ngo", "org", "منظمة {O} {U}", "{O} Organisation {U}", "{O} {T} Organisation"),
    T("ngo", "centre", "مركز {O} {U}", "{O} Centre {U}"),
    T("ngo", "found", "مؤسسة {O} {U}", "{O} Foundation {U}"),
    T("ngo", "org", "منظمة {P} {U}", "{P} Organisation {U}", "{P} {T} Organisation"),
    T("ngo", "centre", "مركز {P} {U}", "{P} Centre {U}", "{P} {T} Centre"),
    T("ngo", "org", "منظمة {G} {P} {U}", "{P} {G} Organisation {U}"),
    T("ngo", "league", "رابطة {G} {P}", "{P} {G} League"),
    T("ngo", "assoc", "جمعية {O} النسائية", "{O} Women's Association", women=True,
      tracks=(WOM, WR)),
    T("ngo", "obs", "مرصد {O} لحقوق الإنسان", "{O} Human Rights Observatory",
      tracks=(HRD, WR)),
    T("ngo", "assoc", "جمعية أصدقاء العراق في {P}", "{P} Friends of Iraq Association",
      where="partner", tracks=(PEACE, ESR)),
    # Trade unions
    T("union", "fed", "اتحاد عمال {S} في {P}", "{P} {SE} Workers' Union", tracks=(ESR, HS)),
    T("union", "union", "نقابة العاملين في قطاع {SS} في {P}",
      "{P} {SE} Sector Employees' Union", tracks=(ESR, HS)),
    T("union", "council", "مجلس عمال {S} في {P}", "{P} {SE} Workers' Council",
      tracks=(ESR, HS)),
    T("union", "union", "نقابة العاملات في قطاع {SS} في {P}", "{P} Women {SE} Workers' Union",
      women=True, tracks=(ESR, WOM, HS, WR)),
    # Professional associations
    T("professional", "league", "رابطة {R} في {P}", "{P} {R} League"),
    T("professional", "assoc", "جمعية {R} في {P}", "{P} {R} Association"),
    T("professional", "forum", "منتدى {R} في {P}", "{P} {R} Forum"),
    # Informal and volunteer groups
    T("volunteer", "team", "فريق {G} {P} التطوعي", "{P} {G} Volunteer Team"),
    T("volunteer", "team", "فريق {O} التطوعي", "{O} Volunteer Team", tracks=(YTH,)),
    T("volunteer", "init", "مبادرة {O} التطوعية", "{O} Volunteer Initiative", tracks=(YTH,)),
    T("volunteer", "init", "مبادرة {G} {P} {U}", "{P} {G} Initiative {U}",
      "{P} {G} {T} Initiative"),
    T("volunteer", "group", "مجموعة {P} التطوعية {U}", "{P} Volunteer Group {U}"),
    # Social movements
    T("movement", "move", "حركة {G} {P} {U}", "{P} {G} Movement {U}"),
    T("movement", "move", "حركة {O} الشبابية", "{O} Youth Movement", youth=True,
      tracks=(YTH, DEM)),
    T("movement", "camp", "حملة {O} {U}", "{O} Campaign {U}", only=CAMPAIGNS),
    T("movement", "camp", "حملة {P} {U}", "{P} Campaign {U}", only=CAMPAIGNS),
    T("movement", "hirak", "حراك {P} المدني", "{P} Civic Movement", where="arab",
      tracks=(DEM, HRD)),
    T("movement", "coll", "تجمّع {O} النسوي", "{O} Feminist Collective", women=True,
      tracks=(WOM, WR)),
    T("movement", "committee", "لجنة {P} للتضامن مع العراق",
      "{P} Committee for Solidarity with Iraq", where="partner", tracks=(PEACE, HRD)),
    # Independent media
    T("media", "radio", "إذاعة صوت {M} المستقلة", "Voice of {M} Independent Radio",
      tracks=(DEM, HRD, PLU)),
    T("media", "radio", "إذاعة {O} المجتمعية", "{O} Community Radio", tracks=(DEM, PLU)),
    T("media", "mag", "مجلة {O} الثقافية", "{O} Cultural Magazine", tracks=(ENV, MIN, PLU)),
    T("media", "agency", "وكالة {O} للأنباء", "{O} News Agency", tracks=(DEM, HRD)),
    T("media", "network", "شبكة {P} للصحافة الاستقصائية",
      "{P} Investigative Journalism Network", tracks=(DEM, ESR)),
    T("media", "paper", "صحيفة {P} الأسبوعية المستقلة", "{P} Independent Weekly",
      tracks=(DEM,)),
    T("media", "platform", "منصة {O} الإعلامية", "{O} Media Platform", tracks=(DEM, YTH)),
    T("media", "obs", "مرصد {O} الإعلامي", "{O} Media Observatory", tracks=(HRD, DEM, PLU)),
    T("media", "centre", "مركز {P} للإعلام المجتمعي", "{P} Community Media Centre",
      tracks=(DEM, PLU)),
    T("media", "platform", "منصة {G} {P} الإعلامية", "{P} {G} Media Platform"),
    # Social enterprises
    T("social-enterprise", "workshop", "مشغل {O} للحرف اليدوية", "{O} Handicrafts Workshop",
      tracks=(ESR, ENV, HS)),
    T("social-enterprise", "kitchen", "مطبخ {G} {P}", "{P} {G} Kitchen", women=True,
      tracks=(ESR, WOM, HS)),
    T("social-enterprise", "company", "شركة {O} للطاقة الشمسية المجتمعية",
      "{O} Community Solar Company", tracks=(ENV, ESR, HS)),
    T("social-enterprise", "cafe", "مقهى {O} الثقافي", "{O} Cultural Café",
      tracks=(YTH, ENV, PLU)),
    T("social-enterprise", "press", "دار {O} للنشر", "{O} Publishing House",
      tracks=(ENV, MIN, PLU)),
    T("social-enterprise", "workshop", "مشغل {G} {P} للخياطة", "{P} {G} Sewing Workshop",
      women=True, tracks=(ESR, WOM, HS)),
    T("social-enterprise", "project", "مشروع {O} لإعادة التدوير", "{O} Recycling Project",
      tracks=(ENV, YTH, HS)),
    # Cooperatives
    T("cooperative", "coop", "جمعية {P} التعاونية {C}", "{P} {CE} Cooperative",
      tracks=(ESR, ENV, HS)),
    T("cooperative", "coop", "تعاونية {G} {P} {K}", "{P} {G} Cooperative {KE}",
      tracks=(ESR, HS)),
    # Networks and coalitions
    T("network", "network", "شبكة {G} {P} {U}", "{P} {G} Network {U}", "{P} {G} {T} Network"),
    T("network", "network", "شبكة {O} {U}", "{O} Network {U}"),
    T("network", "coalition", "تحالف {P} {U}", "{P} Coalition {U}"),
    T("network", "coalition", "تحالف {O} {U}", "{O} Alliance {U}"),
    T("network", "forum", "منتدى {P} {U}", "{P} Forum {U}"),
    T("network", "coalition", "ائتلاف منظمات {P} {U}", "Coalition of {P} Organisations {U}"),
    # Research centres
    T("research", "centre", "مركز {O} للدراسات والبحوث", "{O} Centre for Studies and Research",
      tracks=(DEM, PEACE, HS)),
    T("research", "institute", "معهد {P} {U}", "{P} Institute {U}", purposes="research"),
    T("research", "centre", "مركز {P} {U}", "{P} Centre {U}", purposes="research"),
    T("research", "centre", "مركز {O} {U}", "{O} Centre {U}", purposes="research"),
    # International NGOs
    T("international", "org", "منظمة {O} الدولية", "{O} International", where="intl",
      tracks=(PEACE, HRD, HS)),
    T("international", "found", "مؤسسة {O} للتضامن الدولي",
      "{O} Foundation for International Solidarity", where="intl", tracks=(PEACE, ESR, HS)),
    T("international", "org", "منظمة {O} للتعاون الدولي",
      "{O} Organisation for International Cooperation", where="intl", tracks=(ESR, HS)),
    T("international", "network", "شبكة {O} الدولية للنساء من أجل السلام",
      "{O} International Network of Women for Peace", where="intl", women=True,
      tracks=(WOM, PEACE, WPEACE, WR)),
]

#: Kinds per kind of sample, as weights.
KIND_WEIGHTS = {
    "iraq": {"ngo": 30, "union": 8, "professional": 7, "volunteer": 10, "movement": 6,
             "media": 8, "social-enterprise": 4, "cooperative": 4, "network": 8,
             "research": 6},
    "partner": {"international": 35, "ngo": 18, "union": 10, "movement": 12, "network": 8,
                "research": 10, "media": 7},
    "wasl": {"ngo": 40, "network": 15, "research": 8, "movement": 8, "media": 6,
             "volunteer": 6, "social-enterprise": 4, "cooperative": 3, "international": 5,
             "professional": 5, "union": 2},
    "both": {"ngo": 50, "network": 30, "research": 10, "media": 10},
}

# ---------------------------------------------------------------------------------------
# Descriptions: parallel Arabic and English sentences
# ---------------------------------------------------------------------------------------

#: What an organisation does, per track: (Arabic verbal noun phrase, English).
ACTIVITIES = {
    HRD: [("توثيق انتهاكات حقوق الإنسان ودعم المدافعين عنها",
           "documenting human rights violations and supporting human rights defenders"),
          ("تدريب الناشطين على أساليب الاحتجاج السلمي",
           "training activists in methods of peaceful protest"),
          ("تقديم المساعدة القانونية للناشطين المعرضين للخطر",
           "providing legal aid to activists at risk")],
    DEM: [("مراقبة الانتخابات المحلية والبرلمانية", "monitoring local and parliamentary elections"),
          ("تعزيز حرية التعبير ومساءلة المؤسسات العامة",
           "promoting freedom of expression and the accountability of public institutions"),
          ("نشر ثقافة المواطنة والمشاركة في الشأن العام",
           "spreading a culture of citizenship and participation in public affairs")],
    PEACE: [("تعزيز المصالحة المجتمعية وإعادة بناء النسيج الاجتماعي",
             "fostering community reconciliation and rebuilding the social fabric"),
            ("دعم عودة الأسر النازحة إلى مناطقها",
             "supporting the return of displaced families to their home areas"),
            ("تنظيم جلسات حوار بين المكونات المختلفة",
             "organising dialogue sessions between different communities")],
    MIL: [("التوعية بمخاطر انتشار السلاح خارج إطار الدولة",
           "raising awareness of the dangers of weapons outside state control"),
          ("مناصرة الحلول السلمية للنزاعات", "advocating peaceful solutions to conflicts"),
          ("دعم إعادة دمج الشباب المتأثرين بالعنف المسلح",
           "supporting the reintegration of young people affected by armed violence")],
    MIN: [("الدفاع عن حقوق الأقليات الدينية والقومية",
           "defending the rights of religious and ethnic minorities"),
          ("حماية التنوع الثقافي واللغوي", "protecting cultural and linguistic diversity"),
          ("تشجيع مشاركة الأقليات في الحياة العامة",
           "encouraging the participation of minorities in public life")],
    ESR: [("الدفاع عن حقوق العمال وظروف العمل اللائق",
           "defending workers' rights and decent working conditions"),
          ("مكافحة الفساد في الخدمات العامة", "fighting corruption in public services"),
          ("دعم المشاريع الصغيرة للأسر محدودة الدخل",
           "supporting small businesses run by low-income families")],
    WOM: [("التمكين الاقتصادي والسياسي للنساء", "the economic and political empowerment of women"),
          ("مناهضة العنف الأسري ومساندة الناجيات",
           "combating domestic violence and supporting survivors"),
          ("زيادة تمثيل النساء في مواقع صنع القرار",
           "increasing women's representation in decision-making")],
    YTH: [("بناء القدرات القيادية لدى الشباب", "building young people's leadership skills"),
          ("دعم المبادرات الشبابية التطوعية", "supporting youth-led volunteer initiatives"),
          ("تشجيع مشاركة الشباب في الحياة العامة",
           "encouraging young people to take part in public life")],
    ENV: [("حماية الأنهار والأهوار من التلوث والجفاف",
           "protecting rivers and marshes from pollution and drought"),
          ("التوعية بآثار التغير المناخي", "raising awareness of the effects of climate change"),
          ("صون التراث الثقافي والمواقع الأثرية",
           "safeguarding cultural heritage and archaeological sites")],
    PVE: [("الوقاية من التطرف العنيف على مستوى المجتمعات المحلية",
           "preventing violent extremism at community level"),
          ("دعم النساء في مواجهة خطاب الكراهية والتجنيد",
           "supporting women in countering hate speech and recruitment"),
          ("إعادة تأهيل العائدين ودمجهم في المجتمع",
           "the rehabilitation and reintegration of returnees")],
    WPEACE: [("إشراك النساء في مفاوضات السلام والوساطة",
              "involving women in peace negotiations and mediation"),
             ("بناء قدرات الوسيطات المحليات", "building the skills of local women mediators"),
             ("تنفيذ أجندة المرأة والسلام والأمن",
              "implementing the Women, Peace and Security agenda")],
    WR: [("الدفاع عن حقوق المرأة والمساواة بين الجنسين",
          "defending women's rights and gender equality"),
         ("مناهضة العنف القائم على النوع الاجتماعي", "combating gender-based violence"),
         ("تقديم الدعم القانوني والنفسي للنساء",
          "providing legal and psychosocial support to women")],
    PLU: [("تعزيز التماسك الاجتماعي والحوار بين الأديان",
           "strengthening social cohesion and interfaith dialogue"),
          ("مواجهة خطاب الكراهية عبر الإعلام والتعليم",
           "countering hate speech through the media and education"),
          ("بناء الجسور بين المجتمعات المحلية المختلفة",
           "building bridges between different local communities")],
    HS: [("تعزيز الأمن الإنساني للأسر المتضررة من النزاعات",
          "strengthening the human security of families affected by conflict"),
         ("دعم سبل العيش للنساء في المناطق الهشة",
          "supporting women's livelihoods in fragile areas"),
         ("الاستجابة للأزمات الإنسانية بقيادة نسائية",
          "women-led responses to humanitarian crises")],
}
#: What an organisation named for a purpose does: (Arabic verbal noun phrase, English).
PURPOSE_ACTIVITIES = {
    "development": ("تنفيذ مشاريع تنموية تلبي احتياجات المجتمع المحلي",
                    "running development projects that meet local needs"),
    "rights": ("رصد أوضاع حقوق الإنسان والدفاع عنها", "monitoring and defending human rights"),
    "peace": ("نشر ثقافة السلام ونبذ العنف", "spreading a culture of peace and rejecting violence"),
    "peacebuilding": ("دعم مبادرات بناء السلام المحلية",
                      "supporting local peacebuilding initiatives"),
    "dialogue": ("تنظيم جلسات الحوار وتعزيز السلم الأهلي",
                 "organising dialogue sessions and strengthening civil peace"),
    "democracy": ("تعزيز الممارسة الديمقراطية والمشاركة في الانتخابات",
                  "strengthening democratic practice and participation in elections"),
    "elections": ("مراقبة الانتخابات المحلية والبرلمانية",
                  "monitoring local and parliamentary elections"),
    "sustainable": ("دعم مشاريع التنمية المستدامة والطاقة النظيفة",
                    "supporting sustainable development and clean energy projects"),
    "environment": ("حماية البيئة والتوعية بآثار التغير المناخي",
                    "protecting the environment and raising awareness of climate change"),
    "culture": ("صون التراث الثقافي ودعم الفنون المحلية",
                "safeguarding cultural heritage and supporting local arts"),
    "empowerment": ("التمكين الاقتصادي والسياسي للنساء",
                    "the economic and political empowerment of women"),
    "press": ("الدفاع عن الصحفيين وحرية الصحافة", "defending journalists and press freedom"),
    "corruption": ("رصد الفساد في الخدمات العامة والمطالبة بالمساءلة",
                   "monitoring corruption in public services and calling for accountability"),
    "coexistence": ("تعزيز التعايش السلمي بين المكونات المختلفة",
                    "promoting peaceful coexistence between different communities"),
    "minorities": ("الدفاع عن حقوق الأقليات الدينية والقومية",
                   "defending the rights of religious and ethnic minorities"),
    "justice": ("توثيق الانتهاكات ودعم مسارات العدالة الانتقالية",
                "documenting abuses and supporting transitional justice"),
    "disarmament": ("التوعية بمخاطر انتشار السلاح والمطالبة بحصره بيد الدولة",
                    "raising awareness of the dangers of small arms and calling for state "
                    "control of weapons"),
    "displaced": ("دعم النازحين والعائدين وتسهيل عودتهم الآمنة",
                  "supporting displaced people and returnees and helping them return safely"),
    "water": ("الدفاع عن حق المجتمعات المحلية في المياه النظيفة",
              "defending local communities' right to clean water"),
    "civic": ("نشر التربية المدنية وثقافة المواطنة",
              "spreading civic education and a culture of citizenship"),
    "equality": ("تعزيز المساواة بين الجنسين في التشريعات والممارسة",
                 "promoting gender equality in law and in practice"),
    "violence": ("مناهضة العنف ضد المرأة ومساندة الناجيات",
                 "combating violence against women and supporting survivors"),
    "extremism": ("الوقاية من التطرف العنيف على مستوى المجتمعات المحلية",
                  "preventing violent extremism at community level"),
    "youth": ("بناء القدرات القيادية لدى الشباب", "building young people's leadership skills"),
    "social-justice": ("المطالبة بالعدالة الاجتماعية وتحسين الخدمات العامة",
                       "calling for social justice and better public services"),
    "labour": ("الدفاع عن حقوق العمال وظروف العمل اللائق",
               "defending workers' rights and decent working conditions"),
    "nonviolence": ("نشر ثقافة اللاعنف وتدريب الناشطين على الاحتجاج السلمي",
                    "promoting nonviolence and training activists in peaceful protest"),
    "survivors": ("تقديم الدعم النفسي والقانوني للناجيات من العنف",
                  "providing psychosocial and legal support to women survivors of violence"),
    "participation": ("زيادة تمثيل النساء في مواقع صنع القرار",
                      "increasing women's representation in decision-making"),
    "security": ("تعزيز الأمن الإنساني للأسر المتضررة من النزاعات",
                 "strengthening the human security of families affected by conflict"),
    "cohesion": ("تعزيز التماسك الاجتماعي والحوار بين الأديان",
                 "strengthening social cohesion and interfaith dialogue"),
    "change": ("تشجيع الشباب على المشاركة في الشأن العام والمطالبة بالإصلاح",
               "encouraging young people to take part in public affairs and to call for reform"),
    "peace-studies": ("دراسة النزاعات وسبل بناء السلام",
                      "studying conflicts and the ways peace is built"),
    "strategic": ("تحليل القضايا الأمنية والسياسية وإصدار أوراق السياسات",
                  "analysing security and political issues and publishing policy papers"),
    "gender-research": ("البحث في قضايا النوع الاجتماعي وأوضاع النساء",
                        "researching gender issues and the situation of women"),
    "environment-studies": ("دراسة التحديات البيئية وشح المياه",
                            "studying environmental challenges and water scarcity"),
    "conflict-studies": ("دراسة العلاقة بين النزاعات والتنمية",
                         "studying the links between conflict and development"),
    "policy": ("تحليل السياسات العامة وتقديم التوصيات لصناع القرار",
               "analysing public policy and advising decision-makers"),
    "labour-research": ("البحث في أوضاع العمال والاقتصاد غير المنظم",
                        "researching working conditions and the informal economy"),
    "heritage-studies": ("توثيق التراث الثقافي ودراسته",
                         "documenting and studying cultural heritage"),
    "extremism-studies": ("دراسة أسباب التطرف وسبل تعزيز التماسك الاجتماعي",
                          "studying the causes of extremism and ways of strengthening social "
                          "cohesion"),
    "minority-studies": ("البحث في أوضاع الأقليات وحقوقها",
                         "researching the situation and rights of minorities"),
}
METHODS = [
    ("التدريب والمناصرة", "training and advocacy"),
    ("البحث الميداني ونشر التقارير", "field research and published reports"),
    ("الحملات الإعلامية والعمل التطوعي", "media campaigns and volunteering"),
    ("الحوار المجتمعي والوساطة المحلية", "community dialogue and local mediation"),
    ("الفنون والمسرح التفاعلي", "the arts and interactive theatre"),
    ("الدعم القانوني والنفسي", "legal and psychosocial support"),
    ("الشراكة مع المدارس والجامعات", "partnerships with schools and universities"),
]
PARTNERS = [
    ("منظمات محلية ودولية", "local and international organisations"),
    ("النقابات والجامعات", "unions and universities"),
    ("المجالس المحلية ووجهاء المجتمع", "local councils and community leaders"),
    ("منظمات نسائية في المنطقة", "women's organisations across the region"),
]
SUPPORT = [
    ("تبادل الزيارات والخبرات", "exchange visits and shared expertise"),
    ("حملات المناصرة المشتركة", "joint advocacy campaigns"),
    ("التدريب وبناء القدرات", "training and capacity building"),
    ("نقل أصوات الناشطين العراقيين إلى الرأي العام الدولي",
     "bringing the voices of Iraqi activists to international audiences"),
]

#: First sentences; ``year`` marks the ones that need a founding year.
OPENINGS = [
    ("[تأسست|تأسس] {ref} في {city} عام {year}، [وتعمل|ويعمل] على {act}.",
     "Founded in {city_en} in {year}, the {ref_en} works on {act_en}.", True),
    ("[تُعنى|يُعنى] {ref} {bi_act} في {area}.",
     "The {ref_en} focuses on {act_en} in {area_en}.", False),
    ("[تعمل|يعمل] {ref} منذ عام {year} على {act} في {area}.",
     "Since {year}, the {ref_en} has worked on {act_en} in {area_en}.", True),
    ("من مقر[ها|ه] في {city}، [تعمل|يعمل] {ref} على {act}.",
     "From its base in {city_en}, the {ref_en} works on {act_en}.", False),
]

REAL_ORGANISATION_NAMES = [
    # Never reused: real organisations we know of in or around the two networks.
    "Women's Alliance for Security Leadership", "Iraqi Civil Society Solidarity Initiative",
    "International Civil Society Action Network", "Iraqi Al-Amal Association",
    "جمعية الأمل العراقية", "Iraqi Women's League", "رابطة المرأة العراقية",
    "Baghdad Women Association", "Baghdad Women's Association", "جمعية نساء بغداد",
    "Organization of Women's Freedom in Iraq", "منظمة حرية المرأة في العراق",
    "Iraqi Women Network", "شبكة النساء العراقيات", "Al-Firdaws Society",
    "جمعية الفردوس العراقية", "Public Aid Organization", "Iraqi Journalists Syndicate",
    "نقابة الصحفيين العراقيين", "General Federation of Iraqi Workers",
    "Federation of Workers' Councils and Unions in Iraq", "Iraqi Teachers' Union",
    "Iraqi Bar Association", "Al-Mesalla Organization", "منظمة المسلة",
    "Humat Dijlah", "حماة دجلة", "Save the Tigris", "Nature Iraq", "طبيعة العراق",
    "Iraqi Social Forum", "المنتدى الاجتماعي العراقي", "Kurdistan Social Forum",
    "Tammuz Organization for Social Development", "Al-Rafidain Center for Dialogue",
    "مركز الرافدين للحوار", "Masarat", "Hammurabi Human Rights Organization",
    "Yazda", "Emma Organization for Human Development", "Asuda", "Warvin", "Rewan",
    "Un Ponte Per", "A Bridge To", "Basra Oil Workers' Union", "Basra Port Workers' Union",
    "Iraqi Federation of Oil Unions", "Peace Research Institute Oslo",
    "Norwegian Centre for Human Rights", "Norwegian Peace Council", "FOKUS", "FIOM",
    "Women in Peacebuilding Network", "Global Network of Women Peacebuilders",
    "Sisters Without Borders", "Ruta Pacífica de las Mujeres", "Sisma Mujer",
    "Association of War Affected Women", "PAIMAN Alumni Trust", "Swat Youth Front",
    "Search for Common Ground", "Women Peacemakers Program", "Iraqi Network for Social Media",
    "Iraqi Al-Amal", "Iraqi Hope Association", "Sanad for Peacebuilding",
    "Shlama Foundation", "Seed Foundation", "Heartland Alliance", "Nineveh Youth Network",
]
REAL_NAME_KEYS = frozenset(normalize(name) for name in REAL_ORGANISATION_NAMES)

# ---------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------

#: One period of 20 samples: I = Iraqi ICSSI member, P = ICSSI international partner,
#: W = WASL member, B = in both networks (10 + 2 + 7 + 1).
PATTERN = "IWIPIWIIWIBWIIWIPWIW"
CATEGORY = {"I": "iraq", "P": "partner", "W": "wasl", "B": "both"}


@dataclass
class Sample:
    index: int
    slug: str
    fields: dict
    tracks: list
    memberships: list = field(default_factory=list)  # (network slug, role, since)


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _li(phrase):
    """Prefix the preposition لـ: ل + الـ … becomes لل…"""
    return "ل" + phrase[1:] if phrase.startswith("ال") else "ل" + phrase


def _gendered(text, feminine):
    return re.sub(r"\[([^|\]]*)\|([^\]]*)\]", lambda m: m.group(1 if feminine else 2), text)


def _language_list(codes):
    """("باللغتين العربية والكردية", "Arabic and Kurdish") for the working languages."""
    ar = [LANGUAGE_NAMES[code][0] for code in codes]
    en = [LANGUAGE_NAMES[code][1] for code in codes]
    if len(codes) == 1:
        return f"باللغة {ar[0]}", en[0]
    ar_list = ar[0] + "".join(f" و{name}" for name in ar[1:])
    en_list = " and ".join(en) if len(en) == 2 else ", ".join(en[:-1]) + " and " + en[-1]
    return ("باللغتين " if len(codes) == 2 else "باللغات ") + ar_list, en_list


def _acronym(name_en):
    letters = []
    for word in name_en.replace("-", " ").split():
        if word.lower() in {"for", "and", "of", "the", "in", "against", "al", "to"}:
            continue
        if word[0].isalpha() and word[0].isupper():
            letters.append(word[0])
    return "".join(letters)


class _Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.counters = {"iraq": 0, "partner": 0, "wasl": 0, "both": 0}
        self.seen = set()

    # -- where -------------------------------------------------------------------------

    def place(self, category, ordinal):
        rng = self.rng
        if category == "iraq":
            # Every third Iraqi sample walks the 18 governorates in turn.
            if ordinal % 3 == 0:
                codes = sorted(GOVERNORATES)
                return "IQ", codes[(ordinal // 3) % len(codes)]
            return "IQ", _weighted(rng, {c: g["weight"] for c, g in GOVERNORATES.items()})
        if category == "partner":
            if ordinal % 2 == 0:
                return ICSSI_PARTNER_COUNTRIES[(ordinal // 2) % len(ICSSI_PARTNER_COUNTRIES)], ""
            return _weighted(rng, ICSSI_PARTNER_WEIGHTS), ""
        if category == "wasl":
            if ordinal % 2 == 0:
                country = WASL_COUNTRIES[(ordinal // 2) % len(WASL_COUNTRIES)]
            else:
                country = _weighted(rng, WASL_WEIGHTS)
        elif ordinal % 3 == 2:  # both networks: mostly Iraqi, some European partners
            country = rng.choice(("NO", "SE", "GB", "IT", "NL", "US"))
        else:
            country = "IQ"
        if country == "IQ":
            return "IQ", _weighted(rng, {c: g["weight"] for c, g in GOVERNORATES.items()})
        return country, ""

    # -- one sample --------------------------------------------------------------------

    def sample(self, index):
        category = CATEGORY[PATTERN[(index - 1) % len(PATTERN)]]
        ordinal = self.counters[category]
        self.counters[category] += 1
        country, governorate = self.place(category, ordinal)
        for _attempt in range(200):
            built = self.build(index, category, country, governorate)
            keys = (normalize(built["name_ar"]), normalize(built["name_en"]))
            if not (set(keys) & self.seen) and not (set(keys) & REAL_NAME_KEYS):
                self.seen.update(keys)
                return built
        raise RuntimeError(f"No free sample name for sample {index}")  # pragma: no cover

    def build(self, index, category, country, governorate):
        rng = self.rng
        info = COUNTRIES[country]
        gov = GOVERNORATES.get(governorate)
        arab = bool(info.get("arab"))
        networks = {"iraq": [ICSSI], "partner": [ICSSI], "wasl": [WASL],
                    "both": [ICSSI, WASL]}[category]
        wasl = WASL in networks

        fitting = [t for t in TEMPLATES if self._fits(t, category, arab)]
        kinds = {t.kind for t in fitting}
        kind = _weighted(rng, {k: w for k, w in KIND_WEIGHTS[category].items() if k in kinds})
        template = rng.choice([t for t in fitting if t.kind == kind])

        # Place and name-word
        if gov:
            city_ar, city_en = rng.choice(gov["cities"][:1] * 3 + gov["cities"])
            words = list(IRAQI_WORDS) + gov["words"] * 3
            if gov.get("kurdish"):
                words = KURDISH_WORDS * 3 + IRAQI_WORDS[:8]
        else:
            city_ar, city_en = rng.choice(info["cities"][:1] * 2 + info["cities"])
            words = info["words"]
        word_ar, word_en = rng.choice(words)

        # Group: WASL members gather women; so do women's templates.
        women_only = template.women or (wasl and rng.random() < 0.85)
        pool = WOMEN_GROUPS if women_only else GROUPS
        if template.youth:
            pool = [g for g in pool if g.youth]
        if template.ref == "kitchen":
            pool = [g for g in pool if g.ar in WOMEN_GROUP_NAMES]
        group = rng.choice(pool)

        # Purpose
        wanted = "research" if template.purposes == "research" else "general"
        purposes = [p for p in PURPOSES if (p.research == (wanted == "research"))
                    and (not template.only or p.key in template.only)
                    and (not p.women or group.women or women_only)
                    and (not p.youth or group.youth)
                    and any(t in NETWORK_TRACKS[n] for t in p.tracks for n in networks)]
        if group.purposes and "{G}" in template.ar:
            purposes = [p for p in purposes if p.key in group.purposes] or purposes
        if wasl:
            purposes = [p for p in purposes
                        if any(t in WASL_TRACKS for t in p.tracks)] or purposes
        purpose = rng.choice(purposes)

        slots_ar = {"P": city_ar, "O": word_ar, "G": group.ar, "U": purpose.ar}
        slots_en = {"P": city_en, "O": word_en, "G": group.en, "U": purpose.en_for,
                    "T": purpose.en_attr or ""}
        extra_tracks = list(template.tracks)
        uses = template.ar + template.en
        if "{S" in uses:
            sector = rng.choice(SECTORS)
            slots_ar |= {"S": sector[0], "SS": sector[1]}
            slots_en["SE"] = sector[2]
        if "{R}" in uses:
            profession = rng.choice([p for p in PROFESSIONS if p[2] or not women_only])
            slots_ar["R"], slots_en["R"] = profession[0], profession[1]
            extra_tracks += profession[3]
            women_only = women_only or profession[2]
        if "{C" in uses:
            here = {country, governorate}
            members = [c for c in COOP_MEMBERS if c[2] is None or c[2] & here]
            member = rng.choice(members)
            slots_ar["C"], slots_en["CE"] = _li(member[0]), member[1]
        if "{K" in uses:
            product = rng.choice(COOP_PRODUCTS)
            slots_ar["K"], slots_en["KE"] = product
        if "{M}" in uses:
            regions = (gov or {}).get("regions") or []
            if regions and rng.random() < 0.4:
                slots_ar["M"], slots_en["M"] = rng.choice(regions)
            else:
                slots_ar["M"], slots_en["M"] = city_ar, city_en

        name_ar = template.ar.format(**slots_ar)
        compound = template.en_compound and purpose.en_attr and rng.random() < 0.6
        name_en = (template.en_compound if compound else template.en).format(**slots_en)
        uses_group = "{G}" in template.ar
        uses_purpose = "{U}" in template.ar

        # Tracks: from the purpose, the group, the template; within each network.
        implied = list(extra_tracks)
        if uses_purpose:
            implied += purpose.tracks
        if uses_group:
            implied += group.tracks
        tracks = []
        for network in networks:
            own = [t for t in dict.fromkeys(implied) if t in NETWORK_TRACKS[network]]
            if not own:
                own = [rng.choice(NETWORK_TRACKS[network])]
            own = own[:rng.choice((1, 2, 2, 3))]
            if rng.random() < 0.3:
                own.append(rng.choice(NETWORK_TRACKS[network]))
            tracks += [t for t in dict.fromkeys(own) if t not in tracks]

        women_led = self._women_led(kind, wasl, women_only or (uses_group and group.women))
        founded = self._founded(kind, country, category)
        languages = self._languages(country, gov, kind)
        memberships = self._memberships(networks, founded, category)

        ref_ar, gender, ref_en = REFERENTS[template.ref]
        description_ar, description_en = self._description(
            partner=category == "partner", purpose=purpose if uses_purpose else None,
            kind=kind, feminine=gender == "f", ref_ar=ref_ar, ref_en=ref_en,
            city=(city_ar, city_en), country=info, gov=gov, founded=founded, tracks=tracks,
            group=group if uses_group else None, women=women_led, languages=languages,
            memberships=memberships)

        return {
            "name_ar": name_ar, "name_en": name_en, "kind": kind, "country": country,
            "governorate": governorate, "city_ar": city_ar, "city_en": city_en,
            "founded_year": founded, "women_led": women_led, "languages": ",".join(languages),
            "description_ar": description_ar, "description_en": description_en,
            "tracks": tracks, "memberships": memberships,
            "acronym_wanted": rng.random() < 0.25, "website_wanted": rng.random() < 0.45,
        }

    @staticmethod
    def _fits(template, category, arab):
        if template.where == "partner":
            return category == "partner"
        if template.where == "intl":
            return not arab
        if template.where == "arab":
            return arab
        return True

    def _women_led(self, kind, wasl, womens_name):
        rng = self.rng
        if womens_name:
            return True
        if wasl:  # WASL gathers women-led organisations; mixed ones are the exception
            return kind not in {"research", "international", "media"} or rng.random() < 0.5
        return rng.random() < 0.2

    def _founded(self, kind, country, category):
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return None
        if country == "IQ":
            if roll < 0.08 and kind in {"union", "professional", "research"}:
                return rng.randint(1959, 1989)
            if roll < 0.2:
                return rng.randint(1990, 2002)
            return rng.choice([rng.randint(2003, 2022), rng.randint(2004, 2008),
                               rng.randint(2014, 2020)])
        if roll < 0.08 and category == "partner":
            return rng.randint(1970, 1989)
        return rng.randint(1990, 2022)

    def _languages(self, country, gov, kind):
        rng = self.rng
        base = list(COUNTRIES[country]["languages"])
        if gov:
            base = ["ar"]
            if gov.get("kurdish"):
                base = ["ku", "ar"] if rng.random() < 0.6 else ["ar", "ku"]
            for code in gov["languages"]:
                if code not in base and rng.random() < 0.35:
                    base.append(code)
            if rng.random() < (0.6 if kind in {"research", "media", "network"} else 0.3):
                base.append("en")
        else:
            base = base[:rng.choice((1, 2, 2, 3))]
        return list(dict.fromkeys(base))

    def _memberships(self, networks, founded, category):
        rng = self.rng
        memberships = []
        for network in networks:
            start = NETWORK_FOUNDED[network]
            roll = rng.random()
            if roll < 0.04 and (founded is None or founded <= start):
                memberships.append((network, "founding", start))
                continue
            if roll < 0.075:
                role = "steering"
            elif category == "partner" or (network == WASL and rng.random() < 0.45):
                role = "partner"
            else:
                role = "member"
            since = rng.randint(max(start, founded or start), LAST_YEAR)
            memberships.append((network, role, since))
        return memberships

    def _description(self, *, partner, purpose, kind, feminine, ref_ar, ref_en, city, country, gov,
                     founded, tracks, group, women, languages, memberships):
        rng = self.rng
        if purpose and rng.random() < 0.8:
            act = PURPOSE_ACTIVITIES[purpose.key]
        else:
            act = rng.choice(ACTIVITIES[tracks[0]])
        others = [a for t in tracks for a in ACTIVITIES[t] if a != act]
        act2 = rng.choice(others)
        if partner:  # ICSSI's international partners work with Iraq
            area = ("العراق", "Iraq")
        elif gov:
            area = rng.choice([(f"محافظة {gov['ar']}", f"{gov['en']} Governorate"),
                               (f"{city[0]} والمناطق المحيطة بها",
                                f"{city[1]} and the surrounding area")])
        else:
            area = rng.choice([(country["ar"], country["en"]),
                               (f"{city[0]} والمناطق المحيطة بها",
                                f"{city[1]} and the surrounding area")])
        values = {
            "ref": ref_ar, "ref_en": ref_en, "city": city[0], "city_en": city[1],
            "year": founded, "act": act[0], "bi_act": "ب" + act[0], "act_en": act[1],
            "area": area[0], "area_en": area[1],
        }
        openings = [o for o in OPENINGS if founded or not o[2]]
        ar, en, _needs_year = rng.choice(openings)
        sentences = [(_gendered(ar, feminine).format(**values), en.format(**values))]

        wanted = rng.choices((1, 2, 3), weights=(25, 45, 30))[0]
        extra = self._second_sentences(kind, feminine, ref_ar, ref_en, group, women,
                                       languages, memberships, act2)
        rng.shuffle(extra)
        sentences += extra[:wanted - 1]
        description_ar = " ".join(s[0] for s in sentences)
        description_en = " ".join(s[1] for s in sentences)
        return description_ar, description_en

    def _second_sentences(self, kind, feminine, ref_ar, ref_en, group, women, languages,
                          memberships, act2):
        rng = self.rng
        g = lambda text: _gendered(text, feminine)  # noqa: E731
        out = []
        benef = group.beneficiaries if group else rng.choice([
            ("المجتمعات المحلية", "local communities"),
            ("الأسر الأكثر هشاشة", "the most vulnerable families"),
            ("النساء والشباب", "women and young people")])
        out.append((g(f"تستهدف برامج[ها|ه] {benef[0]}، [وتعمل|ويعمل] أيضاً على {act2[0]}."),
                    f"Its programmes are aimed at {benef[1]}; it also works on {act2[1]}."))
        method = rng.choice(METHODS)
        out.append((g(f"[وتعتمد|ويعتمد] في عمل[ها|ه] على {method[0]}."),
                    f"Its work relies on {method[1]}."))
        number = rng.randint(12, 95)
        if kind == "network":
            out.append((g(f"[تضم|يضم] {ref_ar} أكثر من {number} منظمة."),
                        f"The {ref_en} brings together more than {number} organisations."))
        elif kind == "volunteer":
            noun = "متطوعة" if women else "متطوعاً"
            out.append((g(f"[تضم|يضم] {ref_ar} أكثر من {number} {noun}."),
                        f"The {ref_en} has more than {number} volunteers."))
        elif kind not in {"media", "social-enterprise", "international", "research"}:
            noun = "عضوة" if women else "عضواً"
            partner = rng.choice(PARTNERS)
            out.append((g(f"[تضم|يضم] {ref_ar} أكثر من {number} {noun}، "
                          f"[وتعمل|ويعمل] بالشراكة مع {partner[0]}."),
                        f"The {ref_en} has more than {number} members and works in "
                        f"partnership with {partner[1]}."))
        langs_ar, langs_en = _language_list(languages)
        if kind == "media":
            if ref_en == "station":
                out.append((g(f"[تبث|يبث] {ref_ar} برامج[ها|ه] {langs_ar}."),
                            f"The station broadcasts in {langs_en}."))
            else:
                out.append((g(f"[تنشر|ينشر] {ref_ar} تقارير وتحقيقات {langs_ar}."),
                            f"The {ref_en} publishes reports and investigations in "
                            f"{langs_en}."))
        elif kind == "research":
            out.append((g(f"[وتصدر|ويصدر] {ref_ar} دراسات وأوراق سياسات {langs_ar}."),
                        f"The {ref_en} publishes studies and policy papers in {langs_en}."))
        elif kind == "union":
            out.append((g("[وتدافع|ويدافع] عن حقوق أعضائ[ها|ه] في الأجور العادلة والضمان "
                          "الاجتماعي والسلامة المهنية."),
                        "It defends its members' rights to fair wages, social security and "
                        "safety at work."))
        elif kind == "cooperative":
            out.append((g("[وتساعد|ويساعد] أعضاء[ها|ه] على تسويق منتجاتهم بأسعار عادلة."),
                        "It helps its members market their produce at fair prices."))
        elif kind == "social-enterprise":
            out.append((g("ويُعاد استثمار أرباح[ها|ه] في برامج مجتمعية."),
                        "Its profits are reinvested in community programmes."))
        for network, _role, since in memberships:
            if network == ICSSI and kind == "international":
                support = rng.choice(SUPPORT)
                out.append((g(f"[تشارك|يشارك] {ref_ar} في مبادرة التضامن مع المجتمع "
                              f"المدني العراقي منذ عام {since}، [وتدعم|ويدعم] شركاء[ها|ه] "
                              f"في العراق عبر {support[0]}."),
                            f"The {ref_en} has taken part in the Iraqi Civil Society "
                            f"Solidarity Initiative since {since} and supports its partners "
                            f"in Iraq through {support[1]}."))
            elif network == ICSSI and rng.random() < 0.3:
                out.append((g(f"[تشارك|يشارك] {ref_ar} في مبادرة التضامن مع المجتمع المدني "
                              f"العراقي منذ عام {since}."),
                            f"The {ref_en} has taken part in the Iraqi Civil Society "
                            f"Solidarity Initiative since {since}."))
            elif network == WASL and rng.random() < 0.35:
                out.append((g(f"[انضمت|انضم] {ref_ar} إلى التحالف النسائي من أجل القيادة "
                              f"الأمنية (وصل) عام {since}."),
                            f"The {ref_en} joined the Women's Alliance for Security Leadership "
                            f"(WASL) in {since}."))
        return out


def _status(index):
    """About 90 % published, 6 % draft, 4 % archived — exactly so in every 50."""
    position = (index * 37) % 50
    if position < 3:
        return "draft"
    if position < 5:
        return "archived"
    return "published"


def _missing(index):
    """Which translation is left out on purpose: one sample in twenty each."""
    return {0: "name_en", 1: "description_ar", 2: "description_en"}.get((index * 7 + 3) % 20)


def generate(count, seed=SEED):
    """Samples 1 … ``count``, always the same for the same seed."""
    generator = _Generator(seed)
    samples = []
    for index in range(1, count + 1):
        data = generator.sample(index)
        name_en = data["name_en"]
        tail = slugify(name_en)[:90].rstrip("-")
        slug = f"{SLUG_PREFIX}{index:04d}-{tail}"
        country = data["country"]
        fields = {
            "slug": slug, "name_ar": data["name_ar"], "name_en": name_en,
            "acronym": "", "kind": data["kind"], "women_led": data["women_led"],
            "country": country, "governorate": data["governorate"],
            "city_ar": data["city_ar"], "city_en": data["city_en"],
            "founded_year": data["founded_year"], "languages": data["languages"],
            "description_ar": data["description_ar"], "description_en": data["description_en"],
            "website": f"https://{EXAMPLE_DOMAIN}/{slug}" if data["website_wanted"] else "",
            "social_links": "", "email": "", "phone": "", "address": "",
            "status": _status(index), "is_sample": True,
            "visibility": "public", "social_visibility": "public",
            # Half the samples with contact details publish their e-mail; phone and
            # address stay staff-only, the default.
            "email_visibility": "public" if index % 6 == 0 else "staff",
        }
        acronym = _acronym(name_en)
        if data["acronym_wanted"] and 3 <= len(acronym) <= 6:
            fields["acronym"] = acronym
        if index % 3 == 0:  # contact details; only the public ones are ever shown
            number = f"{index % 10000:04d}"
            fields["email"] = f"contact-{index:04d}@{EXAMPLE_DOMAIN}"
            if country == "IQ":
                fields["phone"] = f"+964 770 000 {number}"
            else:
                fields["phone"] = f"+{COUNTRIES[country]['tel']} 000 000 {number}"
            if COUNTRIES[country].get("arab"):
                fields["address"] = f"شارع المثال، رقم 0، {data['city_ar']}"
            else:
                fields["address"] = f"0 Example Street, {data['city_en']}"
        missing = _missing(index)
        if missing:
            fields[missing] = ""
        samples.append(Sample(index=index, slug=slug, fields=fields, tracks=data["tracks"],
                              memberships=data["memberships"]))
    return samples
