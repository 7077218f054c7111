"""The library: publications (policy briefs, reports, statements…), their series, key
areas and one PDF per language.

Translated text fields are registered in ``translation.py``; this module knows nothing of
translation beyond reading both languages into ``search_text``.
"""

import uuid
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Organisation
from network.core.choices import ChoiceLabels
from network.core.links import slug_url
from network.core.places import Region, countries_in
from network.core.text import normalize
from network.core.versioning import Versioned
from network.models import Network, Track

#: The normalised columns searches read, kept current by ``save`` and
#: ``update_search_text``.
SEARCH_FIELDS = ["search_text", "search_titles"]
#: Path segments of the library that a publication's slug may not take.
RESERVED_SLUGS = ("feed",)


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


def format_date(date, precision):
    """``date`` written to its precision, in the active language."""
    if precision == Precision.YEAR:
        return str(date.year)
    return _format_date(date, precision, get_language())


@lru_cache(maxsize=4096)
def _format_date(date, precision, language):
    # Localised formats cost about 20 µs a date; a library page shows twenty.
    if precision == Precision.MONTH:
        return date_format(date, "YEAR_MONTH_FORMAT")
    return date_format(date, "DATE_FORMAT")


def iso_date(date, precision):
    """``date`` in ISO 8601 to its precision (``2016``, ``2016-05``, ``2016-05-03``), for
    a ``<time datetime>``; empty when there is no date."""
    if date is None:
        return ""
    if precision == Precision.YEAR:
        return f"{date.year:04d}"
    if precision == Precision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


class PublicationDate:
    """The publication date of a record with ``published_on`` and ``published_precision``
    (the model, and the library's rows)."""

    def date_display(self):
        """The publication date to its precision, or an empty string when not stated."""
        if self.published_on is None:
            return ""
        return format_date(self.published_on, self.published_precision)

    def date_iso(self):
        return iso_date(self.published_on, self.published_precision)


def split_codes(value):
    return [code for code in (value or "").split(",") if code]


def validate_regions(value):
    unknown = [code for code in split_codes(value) if code not in Region.values]
    if unknown:
        raise ValidationError(_("Unknown region code: %(codes)s."),
                              params={"codes": ", ".join(unknown)})


def validate_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is part of the library's addresses; choose "
                                "another slug."), params={"slug": value})


def coded_value_contains(field, code):
    """A condition matching rows whose comma-separated ``field`` holds ``code`` exactly."""
    return (models.Q(**{field: code}) | models.Q(**{f"{field}__startswith": f"{code},"})
            | models.Q(**{f"{field}__endswith": f",{code}"})
            | models.Q(**{f"{field}__contains": f",{code},"}))


class Series(Versioned, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    network = models.ForeignKey(Network, models.SET_NULL, null=True, blank=True,
                                related_name="publication_series", verbose_name=_("network"))

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("publication series")
        ordering = ["slug"]

    def __str__(self):
        return self.name


class PublicationQuerySet(models.QuerySet):
    def published(self):
        """Publications anonymous visitors may see: published, not draft or archived."""
        return self.filter(status=Publication.Status.PUBLISHED)

    def newest_first(self):
        """Newest publication date first; undated ones after, newest record first."""
        return self.order_by(*NEWEST_FIRST)

    def with_list_details(self):
        """With what a list row shows: the series (joined), ``list_files`` (without their
        text) and ``list_networks``."""
        return self.select_related("series").defer(*SEARCH_FIELDS).prefetch_related(
            models.Prefetch("files", to_attr="list_files",
                            queryset=PublicationFile.objects.defer("text")
                            .order_by("language")),
            models.Prefetch("networks", to_attr="list_networks",
                            queryset=Network.objects.order_by("order", "slug")))


def list_cover(files, language):
    """The file whose cover a list shows: the one in ``language``, else the first."""
    with_cover = [record for record in files if record.cover]
    return next((record for record in with_cover if record.language == language),
                with_cover[0] if with_cover else None)


#: The library's default order: newest publication date first, undated ones after.
NEWEST_FIRST = (models.F("published_on").desc(nulls_last=True), "-created_at", "-id")


class Publication(Versioned, PublicationDate, ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        POLICY_BRIEF = "policy-brief", _("Policy brief")
        REPORT = "report", _("Report")
        STATEMENT = "statement", _("Statement")
        CONSULTATION_SUMMARY = "consultation-summary", _("Consultation summary")
        RESEARCH_PAPER = "research-paper", _("Research paper")
        GUIDANCE = "guidance", _("Guidance note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=120, unique=True,
                            validators=[validate_not_reserved],
                            help_text=_("Used in the address; the same in every language."))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices,
                            default=Kind.POLICY_BRIEF)
    series = models.ForeignKey(Series, models.PROTECT, null=True, blank=True,
                               related_name="publications", verbose_name=_("series"))
    series_number = models.PositiveSmallIntegerField(
        _("number in the series"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("Paragraphs separated by a blank line."))
    published_on = models.DateField(
        _("publication date"), null=True, blank=True,
        help_text=_("Leave empty when the publication does not state it. For a year or a "
                    "month, the first day of it."))
    published_precision = models.CharField(_("precision of the publication date"),
                                           max_length=5, choices=Precision.choices,
                                           default=Precision.DAY)
    networks = models.ManyToManyField(Network, related_name="publications", blank=True,
                                      verbose_name=_("networks"))
    authors = models.ManyToManyField(
        Organisation, related_name="publications", blank=True,
        verbose_name=_("authoring organisations"),
        help_text=_("Only published organisations are shown on public pages."))
    tracks = models.ManyToManyField(Track, related_name="publications", blank=True,
                                    verbose_name=_("thematic tracks"))
    countries = CountryField(_("countries covered"), multiple=True, blank=True)
    regions = models.CharField(_("regions covered"), max_length=100, blank=True,
                               validators=[validate_regions],
                               help_text=_("Region codes separated by commas."))

    consultation_on = models.DateField(_("consultation date"), null=True, blank=True,
                                       help_text=_("For a year or a month, the first day "
                                                   "of it."))
    consultation_precision = models.CharField(_("precision of the consultation date"),
                                              max_length=5, choices=Precision.choices,
                                              default=Precision.MONTH)
    consultation_participants = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True)
    consultation_participants_more_than = models.BooleanField(
        _("more than that number"), default=False,
        help_text=_("The publication says “more than” the number of participants."))
    consultation_participants_women = models.BooleanField(
        _("the participants are women"), default=False,
        help_text=_("Arabic then counts them in the feminine (مشاركة rather than مشارك)."))
    consultation_who = models.CharField(
        _("who took part"), max_length=300, blank=True,
        help_text=_("For example: women peace and rights activists."))
    consultation_countries = models.PositiveSmallIntegerField(
        _("number of countries of the participants"), null=True, blank=True)
    original_url = models.URLField(
        _("original publication's address"), max_length=500, blank=True,
        help_text=_("Its page on the network's own site. The publication's page links to it "
                    "while no PDF is attached."))

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # Short, for ranking and typo-tolerant matching: similarity over PDF text is slow.
    search_titles = models.TextField(_("search titles"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When visitors could first see it: set by the first save as published, kept after.
    # "New" for the alerts' digests; the date of an undated brief in the feed.
    first_published_at = models.DateTimeField(_("first published on the site"), null=True,
                                              blank=True, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = [models.F("published_on").desc(nulls_last=True), "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "archived"]),
                name="publications_publication_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[
                    "policy-brief", "report", "statement", "consultation-summary",
                    "research-paper", "guidance"]),
                name="publications_publication_kind_valid",
            ),
            # A title in at least one language (the translated columns of ``title``).
            models.CheckConstraint(
                condition=models.Q(title_ar__gt="") | models.Q(title_en__gt=""),
                name="publications_publication_has_title",
            ),
            models.CheckConstraint(
                condition=~models.Q(slug__in=RESERVED_SLUGS),
                name="publications_publication_slug_not_reserved",
            ),
            models.CheckConstraint(
                condition=models.Q(series_number__isnull=True)
                | models.Q(series__isnull=False),
                name="publications_publication_number_needs_series",
            ),
            models.UniqueConstraint(
                fields=["series", "series_number"],
                name="publications_publication_unique_series_number",
            ),
            models.CheckConstraint(
                condition=models.Q(published_precision__in=["year", "month", "day"])
                & models.Q(consultation_precision__in=["year", "month", "day"]),
                name="publications_publication_precision_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(consultation_participants__isnull=True)
                | models.Q(consultation_participants__gt=0),
                name="publications_publication_participants_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(consultation_participants_more_than=False)
                | models.Q(consultation_participants__isnull=False),
                name="publications_publication_more_than_needs_number",
            ),
        ]
        indexes = [
            # The library, feed and home page: published publications, newest first. On
            # PostgreSQL, migration 0005 adds one in the exact order of NEWEST_FIRST.
            models.Index(fields=["status", "-published_on"], name="publications_status_date"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        self.search_titles = self.build_search_titles()
        written = set(SEARCH_FIELDS)
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
            written.add("first_published_at")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *written}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("publications:publication-detail", self.slug)

    @property
    def list_cover(self):
        """The file whose cover a list shows (``list_files``, from ``with_list_details``):
        the one in the active language, else the first with a cover."""
        return list_cover(self.list_files, get_language())

    def clean(self):
        errors = {}
        if self.series_number is not None and self.series_id is None:
            errors["series_number"] = _("A number in a series needs the series.")
        if self.consultation_participants_more_than and not self.consultation_participants:
            errors["consultation_participants"] = _("Give the number the participants were "
                                                    "more than.")
        if not any(getattr(self, f"title_{code}", "") for code, _name in settings.LANGUAGES):
            errors["title"] = _("Give the title in at least one language.")
        if errors:
            raise ValidationError(errors)

    # Display -------------------------------------------------------------------------

    def consultation_date_display(self):
        if self.consultation_on is None:
            return ""
        return format_date(self.consultation_on, self.consultation_precision)

    @property
    def region_codes(self):
        return split_codes(self.regions)

    @property
    def region_items(self):
        """``[(code, label)]`` of the regions covered."""
        labels = dict(Region.choices)
        return [(code, labels[code]) for code in self.region_codes if code in labels]

    @property
    def region_list(self):
        return [label for _code, label in self.region_items]

    def covered_country_codes(self):
        """Countries named, plus every country of the regions named."""
        codes = {str(country.code) for country in self.countries}
        for region in self.region_codes:
            codes.update(countries_in(region))
        return codes

    @property
    def has_consultation(self):
        return bool(self.consultation_on or self.consultation_participants
                    or self.consultation_countries or self.consultation_who)

    # Search --------------------------------------------------------------------------

    def build_search_text(self):
        """Normalised text of both languages: titles, summary, series, key areas, kind,
        networks, coverage, and the text extracted from every PDF."""
        parts = []
        fields = ("title", "subtitle", "summary", "consultation_who")
        for code, _name in settings.LANGUAGES:
            parts += [getattr(self, f"{field}_{code}", "") for field in fields]
            with override(code):
                parts.append(str(self.get_kind_display()))
                parts += [str(name) for name in self.region_list]
                parts += [str(country.name) for country in self.countries]
        if self.series_id:
            series = self.series
            parts += [getattr(series, f"name_{code}", "") for code, _name in settings.LANGUAGES]
        if self.series_number is not None:
            parts.append(str(self.series_number))
        if self.pk:
            for area in self.key_areas.all():
                for code, _name in settings.LANGUAGES:
                    parts += [getattr(area, f"text_{code}", ""),
                              getattr(area, f"detail_{code}", "")]
            for network in self.networks.all():
                for code, _name in settings.LANGUAGES:
                    parts += [getattr(network, f"name_{code}", ""),
                              getattr(network, f"short_name_{code}", "")]
            parts += list(self.files.values_list("text", flat=True))
        return normalize(" ".join(part for part in parts if part))

    def build_search_titles(self):
        """Normalised titles, subtitles and series name of both languages."""
        parts = []
        for code, _name in settings.LANGUAGES:
            parts += [getattr(self, f"title_{code}", ""), getattr(self, f"subtitle_{code}", "")]
            if self.series_id:
                parts.append(getattr(self.series, f"name_{code}", ""))
        return normalize(" ".join(part for part in parts if part))

    def update_search_text(self):
        """Recompute the search columns after key areas, networks or files changed."""
        self.search_text = self.build_search_text()
        self.search_titles = self.build_search_titles()
        Publication.objects.filter(pk=self.pk).update(search_text=self.search_text,
                                                      search_titles=self.search_titles)


class KeyArea(Versioned, models.Model):
    publication = models.ForeignKey(Publication, models.CASCADE, related_name="key_areas",
                                    verbose_name=_("publication"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("key area or finding"))
    detail = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("key area")
        verbose_name_plural = _("key areas")
        ordering = ["publication", "order"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "order"],
                                    name="publications_keyarea_unique_order"),
            models.CheckConstraint(condition=models.Q(order__gte=1),
                                   name="publications_keyarea_order_positive"),
        ]

    def __str__(self):
        return self.text[:80]


def pdf_name(instance, filename):
    """A generated name: nothing of the uploaded name reaches the file system."""
    return f"publications/{uuid.uuid4().hex}.pdf"


def cover_name(instance, filename):
    return f"publications/covers/{uuid.uuid4().hex}.webp"


class PublicationFile(Versioned, ChoiceLabels, models.Model):
    publication = models.ForeignKey(Publication, models.CASCADE, related_name="files",
                                    verbose_name=_("publication"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    pdf = models.FileField(_("PDF file"), upload_to=pdf_name, max_length=200)
    original_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    page_count = models.PositiveIntegerField(_("number of pages"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    cover = models.FileField(_("cover thumbnail"), upload_to=cover_name, max_length=200,
                             blank=True)
    cover_width = models.PositiveSmallIntegerField(_("cover width"), null=True, blank=True)
    cover_height = models.PositiveSmallIntegerField(_("cover height"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication file")
        verbose_name_plural = _("publication files")
        ordering = ["publication", "language"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "language"],
                                    name="publications_publicationfile_unique_language"),
            # The same PDF is stored once; a second upload points to the first.
            models.UniqueConstraint(fields=["sha256"],
                                    name="publications_publicationfile_unique_sha256"),
            models.CheckConstraint(condition=models.Q(language__in=[
                code for code, _name in settings.LANGUAGES]),
                                   name="publications_publicationfile_language_valid"),
            models.CheckConstraint(condition=Exact(Length("sha256"), 64),
                                   name="publications_publicationfile_sha256_length"),
            models.CheckConstraint(condition=models.Q(size__gt=0),
                                   name="publications_publicationfile_size_positive"),
            models.CheckConstraint(condition=models.Q(page_count__gt=0),
                                   name="publications_publicationfile_has_pages"),
        ]

    def __str__(self):
        return f"{self.publication} ({self.get_language_display()})"

    def get_absolute_url(self):
        return reverse("publications:file-download",
                       kwargs={"slug": self.publication.slug, "language": self.language})

    def get_cover_url(self):
        if not self.cover:
            return ""
        # The checksum in the address: a replaced file gets a new cover address.
        path = reverse("publications:file-cover",
                       kwargs={"slug": self.publication.slug, "language": self.language})
        return f"{path}?v={self.sha256[:12]}"
