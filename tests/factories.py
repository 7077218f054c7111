"""Factories with no surprises: every translated field filled in both languages."""

import datetime

import factory

from network.models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    slug = factory.Sequence(lambda n: f"network-{n}")
    order = factory.Sequence(lambda n: n)
    name_ar = factory.Sequence(lambda n: f"شبكة {n}")
    name_en = factory.Sequence(lambda n: f"Network {n}")
    short_name_ar = factory.Sequence(lambda n: f"ش{n}")
    short_name_en = factory.Sequence(lambda n: f"N{n}")
    tagline_ar = "شعار الشبكة"
    tagline_en = "The network's tagline"
    summary_ar = "فقرة تعريفية."
    summary_en = "An introductory paragraph."


class CharterValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterValue

    network = factory.SubFactory(NetworkFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"قيمة {n}")
    title_en = factory.Sequence(lambda n: f"Value {n}")


class ApproachSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApproachSection

    network = factory.SubFactory(NetworkFactory)
    slug = factory.Sequence(lambda n: f"section-{n}")
    order = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"قسم {n}")
    title_en = factory.Sequence(lambda n: f"Section {n}")


class ApproachPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApproachPoint

    section = factory.SubFactory(ApproachSectionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_ar = factory.Sequence(lambda n: f"نقطة {n}")
    text_en = factory.Sequence(lambda n: f"Point {n}")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"track-{n}")
    order = factory.Sequence(lambda n: n)
    name_ar = factory.Sequence(lambda n: f"مسار {n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")

    @factory.post_generation
    def networks(self, create, extracted, **kwargs):
        if create and extracted:
            self.networks.add(*extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    network = factory.SubFactory(NetworkFactory)
    date = factory.Sequence(lambda n: datetime.date(2000 + n % 50, 1, 1))
    precision = Milestone.Precision.YEAR
    title_ar = factory.Sequence(lambda n: f"حدث {n}")
    title_en = factory.Sequence(lambda n: f"Event {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A published, public Iraqi NGO with both names; pass ``networks=[...]`` /
    ``tracks=[...]``. Contact details keep the model's default: staff only."""

    class Meta:
        model = "members.Organisation"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name_ar = factory.Sequence(lambda n: f"منظمة {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "ngo"
    country = "IQ"
    status = "published"
    visibility = "public"
    description_ar = "وصف المنظمة."
    description_en = "What the organisation does."

    @factory.post_generation
    def networks(self, create, extracted, **kwargs):
        if create and extracted:
            for network in extracted:
                self.memberships.create(network=network)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.add(*extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    """An individual activist with both names; hidden (staff only, no consent) unless
    given ``visibility="public"`` and a :class:`ConsentFactory`. ``networks=[...]``."""

    class Meta:
        model = "members.Person"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"person-{n}")
    name_ar = factory.Sequence(lambda n: f"ناشطة {n}")
    name_en = factory.Sequence(lambda n: f"Activist {n}")
    country = "IQ"

    @factory.post_generation
    def networks(self, create, extracted, **kwargs):
        if create and extracted:
            self.networks.add(*extracted)


class PublicPersonFactory(PersonFactory):
    """A person with a public profile and every field filled in; still hidden until a
    consent is made (``ConsentFactory``)."""

    title_ar = "مدرّبة"
    title_en = "Trainer"
    bio_ar = "سيرة قصيرة."
    bio_en = "A short biography."
    city_ar = "البصرة"
    city_en = "Basra"
    email = factory.Sequence(lambda n: f"activist-{n}@example.org")
    phone = "+964 770 000 1234"
    social_handles = "https://example.org/@activist\n@activist"
    visibility = "public"


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent in force for a year, covering only the name and country."""

    class Meta:
        model = "members.Consent"

    person = factory.SubFactory(PersonFactory)
    given_by = "the person herself"
    method = "written"
    given_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    review_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=335))


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publications.Series"

    slug = factory.Sequence(lambda n: f"series-{n}")
    name_ar = factory.Sequence(lambda n: f"سلسلة {n}")
    name_en = factory.Sequence(lambda n: f"Series {n}")


class PublicationFactory(factory.django.DjangoModelFactory):
    """A published policy brief with both titles and summaries; pass ``networks=[...]``,
    ``tracks=[...]``, ``authors=[...]``."""

    class Meta:
        model = "publications.Publication"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"publication-{n}")
    kind = "policy-brief"
    status = "published"
    title_ar = factory.Sequence(lambda n: f"ورقة {n}")
    title_en = factory.Sequence(lambda n: f"Brief {n}")
    summary_ar = "ملخص الورقة."
    summary_en = "What the brief says."
    published_on = factory.Sequence(lambda n: datetime.date(2010 + n % 15, 1 + n % 12, 1))
    published_precision = "month"

    @factory.post_generation
    def networks(self, create, extracted, **kwargs):
        if create and extracted:
            self.networks.add(*extracted)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.add(*extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.add(*extracted)


class KeyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publications.KeyArea"

    publication = factory.SubFactory(PublicationFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_ar = factory.Sequence(lambda n: f"مجال {n}")
    text_en = factory.Sequence(lambda n: f"Area {n}")


class PublicationFileFactory(factory.django.DjangoModelFactory):
    """A file row without a stored PDF: for pages that list files but do not open them."""

    class Meta:
        model = "publications.PublicationFile"

    publication = factory.SubFactory(PublicationFactory)
    language = "ar"
    pdf = factory.Sequence(lambda n: f"publications/missing-{n}.pdf")
    size = 120_000
    page_count = 12
    sha256 = factory.Sequence(lambda n: f"{n:064x}")



#: Queries building the directory's facet counts (network.core.facets), on the first
#: request after a change: the ids, one per filter (7), the countries, the orders by
#: name in each language (2), by slug and newest first.
DIRECTORY_FACETS = 13
#: The same for the library: the ids, one per filter (7), newest first and by title in
#: each language (2).
LIBRARY_FACETS = 11
