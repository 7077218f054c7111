"""Invented individual activists for the sample directory, with varied consents.

Everyone here is invented: no name belongs to a real person we know of, every record has
``is_sample=True`` and the profiles say "sample" wherever they appear. The set is written
out by hand (no randomness), so it is the same on every run; consent dates are counted
from the day of loading, so an "active" consent is in force whenever the samples are
loaded. Together they exercise every rule of the public projection (members/projection.py):

* most have a consent in force covering different fields;
* two withdrew their consent, two let it lapse (review date past), two never gave one;
* one profile is visible to network members only and one to staff only;
* some publish an e-mail, phone or social handles (covered and public); some have
  contacts covered by the consent but not public, or public but not covered;
* some show their city, one has a covered city but chose "country only";
* some are linked to a sample organisation (shown only when covered and the
  organisation is public), one to a draft organisation (never shown).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from network.models import Network

from .models import Consent, Organisation, Person

SLUG_PREFIX = "sample-person-"
EXAMPLE_DOMAIN = "example.org"  # reserved for documentation (RFC 2606)

ALL = ("title", "organisation", "city", "bio", "email", "phone", "social")


@dataclass(frozen=True)
class SamplePerson:
    index: int
    tail: str
    name: tuple  # (Arabic, English)
    country: str
    city: tuple
    networks: tuple
    title: tuple = ("", "")
    bio: tuple = ("", "")
    #: "active", "withdrawn", "lapsed" or None (no consent recorded)
    consent: str | None = "active"
    covers: tuple = ()
    location_shown: str = "country"
    visibility: str = "public"
    contacts: dict = field(default_factory=dict)  # field -> visibility
    #: "member": a sample organisation of the same country and network; "draft": a draft one
    organisation: str | None = None

    @property
    def slug(self):
        return f"{SLUG_PREFIX}{self.index:02d}-{self.tail}"


PEOPLE = [
    SamplePerson(
        1, "samira-haddad-tawil", ("سميرة حداد الطويل", "Samira Haddad-Tawil"), "LB",
        ("بيروت", "Beirut"), ("wasl",),
        ("وسيطة ومدرّبة على الحوار", "Mediator and dialogue trainer"),
        ("تدرّب منذ خمس عشرة سنة لجاناً محلية على الوساطة بين الأحياء بعد النزاعات، "
         "وتكتب عن دور النساء في وقف العنف.",
         "For fifteen years she has trained local committees to mediate between "
         "neighbourhoods after conflict, and she writes about women's role in stopping "
         "violence."),
        covers=("title", "bio", "city", "organisation", "social"), location_shown="city",
        contacts={"social": "public", "email": "staff"}, organisation="member"),
    SamplePerson(
        2, "dilan-sherwani", ("ديلان شيرواني", "Dilan Sherwani"), "IQ", ("أربيل", "Erbil"),
        ("icssi",), ("ناشطة بيئية", "Environmental campaigner"),
        ("تنظّم حملات لحماية الأنهار وتوثّق آثار الجفاف على القرى في إقليم كردستان.",
         "She organises campaigns to protect rivers and documents how drought affects "
         "villages in the Kurdistan Region."),
        covers=("title", "bio", "city", "organisation"), location_shown="city",
        organisation="member"),
    SamplePerson(
        3, "haider-kadhum-jasim", ("حيدر كاظم جاسم", "Haider Kadhum Jasim"), "IQ",
        ("البصرة", "Basra"), ("icssi",),
        ("منظّم نقابي في مجال حقوق العمال", "Labour rights organiser"),
        covers=("title", "organisation", "email", "phone"),
        contacts={"email": "public", "phone": "public"}, organisation="member"),
    SamplePerson(
        4, "amina-bello-yakubu", ("أمينة بيلو ياكوبو", "Amina Bello Yakubu"), "NG",
        ("كانو", "Kano"), ("wasl",),
        ("مربّية سلام بين الأديان", "Interfaith peace educator"),
        ("تجمع أمهات من ديانات مختلفة في حلقات حوار، وتعمل مع المدارس على مناهج للتسامح.",
         "She brings mothers of different faiths together in dialogue circles and works "
         "with schools on curricula for tolerance."),
        # The consent covers the city, but she asked for her country only.
        covers=("title", "bio", "city")),
    SamplePerson(
        5, "rukhsana-qadir", ("رخسانة قادر", "Rukhsana Qadir"), "PK", ("بيشاور", "Peshawar"),
        ("wasl",), ("محامية في مجال حقوق المرأة", "Women's rights lawyer"),
        ("تترافع عن نساء ناجيات من العنف وتدرّب محاميات شابات.",
         "She represents women survivors of violence and trains young women lawyers."),
        covers=("title", "bio", "social"), contacts={"social": "public", "phone": "staff"}),
    SamplePerson(
        6, "lina-mansour-obeidat", ("لينا منصور العبيدات", "Lina Mansour Obeidat"), "JO",
        ("إربد", "Irbid"), ("wasl",),
        ("باحثة في قضايا الشباب والتطرف", "Researcher on youth and extremism"),
        ("تدرس كيف تحمي الأندية الرياضية والثقافية الشباب من التجنيد، وتنشر نتائجها بالعربية "
         "والإنجليزية.",
         "She studies how sports and cultural clubs protect young people from recruitment, "
         "and publishes her findings in Arabic and English."),
        covers=("title", "bio", "city", "organisation"), location_shown="city",
        organisation="member"),
    SamplePerson(
        7, "zainab-abdulameer", ("زينب عبد الأمير", "Zainab Abdulameer"), "IQ",
        ("النجف", "Najaf"), ("icssi",), ("صحفية مستقلة", "Independent journalist"),
        # Her e-mail is covered by the consent but visible to network members only.
        covers=("title", "email"), contacts={"email": "members"}),
    SamplePerson(
        8, "omar-farouk-salih", ("عمر فاروق صالح", "Omar Farouk Salih"), "IQ",
        ("الموصل", "Mosul"), ("icssi",), ("متطوع في حماية التراث", "Heritage volunteer"),
        ("يشارك في فرق شبابية تعيد ترميم البيوت القديمة في المدينة القديمة وتوثّق تاريخها "
         "الشفهي.",
         "He takes part in youth teams restoring old houses in the Old City and recording "
         "their oral history."),
        covers=("title", "bio", "city"), location_shown="city"),
    SamplePerson(
        9, "tharaa-yousif", ("ثراء يوسف", "Tharaa Yousif"), "IQ", ("بغداد", "Baghdad"),
        ("icssi",), ("مدافعة عن حقوق الإنسان", "Human rights defender"),
        consent="withdrawn", covers=ALL, location_shown="city",
        contacts={"email": "public", "phone": "public"}),
    SamplePerson(
        10, "mariam-idris-adam", ("مريم إدريس آدم", "Mariam Idris Adam"), "SD",
        ("الخرطوم", "Khartoum"), ("wasl",), ("منسّقة إغاثة", "Relief coordinator"),
        consent="lapsed", covers=("title", "bio")),
    SamplePerson(
        11, "nasrin-karimi", ("نسرين كريمي", "Nasrin Karimi"), "AF", ("هرات", "Herat"),
        ("wasl",), ("معلّمة", "Teacher"), consent=None),
    SamplePerson(
        12, "carolina-restrepo-avila", ("كارولينا ريستريبو أفيلا", "Carolina Restrepo Ávila"),
        "CO", ("ميديين", "Medellín"), ("wasl",),
        ("مدرّبة على بناء السلام في الأحياء", "Community peacebuilding trainer"),
        ("عملت مع لجان الضحايا بعد اتفاق السلام، وتدرّب اليوم قيادات نسائية محلية.",
         "She worked with victims' committees after the peace agreement and now trains "
         "local women leaders."),
        # Phone covered but staff-only: shown nowhere.
        covers=("title", "bio", "city", "email", "phone"), location_shown="city",
        contacts={"email": "public", "phone": "staff"}),
    SamplePerson(
        13, "aisha-mohamed-warsame", ("عائشة محمد ورسمي", "Aisha Mohamed Warsame"), "KE",
        ("نيروبي", "Nairobi"), ("wasl",), ("ناشطة شبابية", "Youth activist"),
        covers=("title",), visibility="members"),
    SamplePerson(
        14, "salwa-ben-youssef", ("سلوى بن يوسف", "Salwa Ben Youssef"), "TN",
        ("صفاقس", "Sfax"), ("wasl",),
        ("مؤسِّسة شبكة نساء من أجل المواطنة", "Founder of a women's citizenship network"),
        ("تقود منذ 2012 برامج للتربية على المواطنة في الجنوب التونسي، وتعمل على مشاركة النساء "
         "في المجالس البلدية.",
         "Since 2012 she has led citizenship education programmes in southern Tunisia and "
         "works on women's participation in municipal councils."),
        covers=ALL, location_shown="city",
        contacts={"email": "public", "phone": "public", "social": "public"},
        organisation="member"),
    SamplePerson(
        15, "yusuf-ahmed-kareem", ("يوسف أحمد كريم", "Yusuf Ahmed Kareem"), "IQ",
        ("كركوك", "Kirkuk"), ("icssi",), ("ميسّر حوار مجتمعي", "Community dialogue facilitator"),
        covers=("title", "city"), visibility="staff", location_shown="city"),
    SamplePerson(
        16, "kamila-rahimova", ("كاميلا رحيموفا", "Kamila Rahimova"), "TJ",
        ("دوشنبه", "Dushanbe"), ("wasl",),
        ("أخصائية اجتماعية في منع التطرف", "Social worker in preventing extremism"),
        ("ترافق عائلات عائدة من مناطق النزاع وتساعدها على الاندماج من جديد.",
         "She accompanies families returning from conflict zones and helps them settle "
         "back in."),
        covers=("title", "bio")),
    SamplePerson(
        17, "hawraa-sadiq", ("حوراء صادق", "Hawraa Sadiq"), "IQ", ("كربلاء", "Karbala"),
        ("icssi",), ("ناشطة في حقوق الأقليات", "Minority rights activist"),
        # Linked to a draft organisation: the consent covers it, but it is not public.
        covers=("title", "organisation"), organisation="draft"),
    SamplePerson(
        18, "giulia-benedetti", ("جوليا بينيديتي", "Giulia Benedetti"), "IT", ("روما", "Rome"),
        ("icssi",), ("منسّقة تضامن دولي", "International solidarity coordinator"),
        ("تنسّق منذ سنوات زيارات تبادل بين نقابات ومنظمات إيطالية وعراقية.",
         "For years she has coordinated exchange visits between Italian and Iraqi unions "
         "and organisations."),
        covers=("title", "bio", "city", "social"), location_shown="city",
        contacts={"social": "public"}),
    SamplePerson(
        19, "ahlam-nasser-alhakimi", ("أحلام ناصر الحكيمي", "Ahlam Nasser Al-Hakimi"), "YE",
        ("عدن", "Aden"), ("wasl",), ("ناشطة سلام", "Peace activist"),
        covers=("title",), contacts={"email": "public"}),
    SamplePerson(
        20, "sabah-jalal-hama", ("صباح جلال حمه", "Sabah Jalal Hama"), "IQ",
        ("السليمانية", "Sulaymaniyah"), ("icssi", "wasl"),
        ("مدرّبة على اللاعنف", "Nonviolence trainer"),
        ("تدرّب مجموعات شبابية ونسائية على العمل اللاعنفي والتفاوض في إقليم كردستان وخارجه.",
         "She trains youth and women's groups in nonviolent action and negotiation in the "
         "Kurdistan Region and beyond."),
        covers=("title", "bio", "city", "organisation"), location_shown="city",
        organisation="member"),
    SamplePerson(
        21, "fatima-zahra-ouali", ("فاطمة الزهراء والي", "Fatima Zahra Ouali"), "MA",
        ("الرباط", "Rabat"), ("wasl",), ("باحثة", "Researcher"), consent="lapsed",
        covers=ALL, contacts={"email": "public"}),
    SamplePerson(
        22, "ingrid-solberg", ("إنغريد سولبرغ", "Ingrid Solberg"), "NO", ("أوسلو", "Oslo"),
        ("icssi",), ("باحثة في بناء السلام", "Peacebuilding researcher"),
        ("تكتب عن دور المجتمع المدني العراقي في المصالحة بعد 2003.",
         "She writes about Iraqi civil society's role in reconciliation after 2003."),
        covers=("title", "bio", "email"), contacts={"email": "public"}),
    SamplePerson(
        23, "mustafa-nouri-hamad", ("مصطفى نوري حمد", "Mustafa Nouri Hamad"), "IQ",
        ("الرمادي", "Ramadi"), ("icssi",), ("ناشط شبابي", "Youth activist"), consent=None),
    SamplePerson(
        24, "rasha-elias-khoury", ("رشا إلياس خوري", "Rasha Elias Khoury"), "SY",
        ("حمص", "Homs"), ("wasl",), ("مرشدة نفسية", "Psychosocial counsellor"),
        consent="withdrawn", covers=("title", "bio")),
]


#: Country calling codes; the numbers themselves are all zeros ("+216 000 000 0014").
CALLING_CODES = {
    "AF": "93", "CO": "57", "IQ": "964", "IT": "39", "JO": "962", "KE": "254", "LB": "961",
    "MA": "212", "NG": "234", "NO": "47", "PK": "92", "SD": "249", "SY": "963", "TJ": "992",
    "TN": "216", "YE": "967",
}


def _contact_values(sample):
    number = f"{sample.index:04d}"
    return {
        "email": f"person-{sample.index:02d}@{EXAMPLE_DOMAIN}",
        "phone": f"+{CALLING_CODES[sample.country]} 000 000 {number}",
        "social_handles": f"https://{EXAMPLE_DOMAIN}/@{sample.tail}",
    }


def _consent_dates(sample, today):
    """(given_on, review_on, withdrawn_at) for the sample's consent state."""
    given = today - datetime.timedelta(days=30 + 17 * sample.index)
    if sample.consent == "lapsed":
        return (today - datetime.timedelta(days=800 + sample.index),
                today - datetime.timedelta(days=10 + sample.index), None)
    withdrawn = None
    if sample.consent == "withdrawn":
        withdrawn = timezone.now() - datetime.timedelta(days=5 + sample.index)
    return given, today + datetime.timedelta(days=120 + 11 * sample.index), withdrawn


def _organisation(sample):
    """A sample organisation for the person, chosen deterministically (first by slug);
    ``None`` when the sample organisations are not loaded."""
    samples = Organisation.objects.filter(is_sample=True).order_by("slug")
    if sample.organisation == "draft":
        return samples.filter(status=Organisation.Status.DRAFT).first()
    if sample.organisation == "member":
        candidates = samples.filter(country=sample.country,
                                    memberships__network__slug=sample.networks[0],
                                    status=Organisation.Status.PUBLISHED).distinct()
        # One in the person's own city if there is one, else one in the same country.
        return (candidates.filter(city_en=sample.city[1]).first() or candidates.first())
    return None


def _create(sample, networks, today):
    contacts = _contact_values(sample)
    person = Person(
        slug=sample.slug, name_ar=sample.name[0], name_en=sample.name[1],
        title_ar=sample.title[0], title_en=sample.title[1],
        bio_ar=sample.bio[0], bio_en=sample.bio[1],
        city_ar=sample.city[0], city_en=sample.city[1],
        country=sample.country, location_shown=sample.location_shown,
        organisation=_organisation(sample), visibility=sample.visibility,
        is_sample=True,
    )
    for name, visibility in sample.contacts.items():
        person_field = "social_handles" if name == "social" else name
        setattr(person, person_field, contacts[person_field])
        setattr(person, f"{name}_visibility", visibility)
    person.save()
    person.networks.set([networks[slug] for slug in sample.networks])
    if sample.consent is not None:
        given_on, review_on, withdrawn_at = _consent_dates(sample, today)
        Consent.objects.create(
            person=person, given_by=sample.name[1], method=Consent.Method.WRITTEN,
            given_on=given_on, review_on=review_on, withdrawn_at=withdrawn_at,
            notes="Sample record: an invented consent.",
            **{f"show_{name}": name in sample.covers for name in Consent.FIELDS})
    return person


def load_sample_people(today=None):
    """Create the sample people that are missing; returns ``(created, already_there)``."""
    today = today or timezone.localdate()
    networks = {network.slug: network for network in Network.objects.all()}
    existing = set(Person.objects.filter(slug__startswith=SLUG_PREFIX)
                   .values_list("slug", flat=True))
    created = 0
    # The untranslated columns take the active language's value: write them in the
    # default language, as the admin does.
    with transaction.atomic(), override(getattr(
            settings, "MODELTRANSLATION_DEFAULT_LANGUAGE", settings.LANGUAGE_CODE)):
        for sample in PEOPLE:
            if sample.slug not in existing:
                _create(sample, networks, today)
                created += 1
    return created, len(PEOPLE) - created


def clear_sample_people():
    """Delete every sample person (their consents go with them); returns how many."""
    _total, per_model = Person.objects.filter(is_sample=True).delete()
    return per_model.get(Person._meta.label, 0)
