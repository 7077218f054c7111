"""The networks and their published content: charter, approach, tracks, history.

Translated text fields are registered in ``translation.py``; this module knows
nothing of translation.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .core.i18n import LANGUAGE_CODES
from .core.links import slug_url
from .core.versioning import Versioned


class Network(Versioned, models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True,
                            help_text=_("Used in the address; the same in every language."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50,
                                  help_text=_("Acronym or short name, such as WASL."))
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("The introductory paragraph."))
    body = models.TextField(_("further introduction"), blank=True,
                            help_text=_("Paragraphs separated by a blank line."))
    civil_society_definition = models.TextField(_("definition of civil society"), blank=True)
    solidarity = models.TextField(_("what solidarity means"), blank=True)
    quote = models.TextField(_("quote"), blank=True)
    quote_source = models.CharField(_("quote source"), max_length=200, blank=True)
    closing_quote = models.TextField(_("closing quote"), blank=True)

    charter_heading = models.CharField(_("charter heading"), max_length=200, blank=True)
    charter_intro = models.TextField(_("charter introduction"), blank=True)
    charter_outro = models.TextField(_("charter conclusion"), blank=True)
    funding_policy = models.TextField(_("funding policy"), blank=True)
    charter_approved_by = models.CharField(_("charter approved by"), max_length=200, blank=True)
    charter_approved_place = models.CharField(_("charter approved in"), max_length=200,
                                              blank=True)
    charter_approved_on = models.DateField(_("charter approved on"), null=True, blank=True)

    approach_heading = models.CharField(_("approach heading"), max_length=200, blank=True)
    approach_intro = models.TextField(_("approach introduction"), blank=True)
    history = models.TextField(_("history"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    tracks_heading = models.CharField(_("tracks heading"), max_length=200, blank=True)
    tracks_intro = models.TextField(_("tracks introduction"), blank=True)
    publications_intro = models.TextField(_("publications introduction"), blank=True)

    # Figures as the network states them, kept apart from figures the directory computes.
    stated_figures = models.CharField(_("stated figures"), max_length=300, blank=True,
                                      help_text=_("The network's own sentence, as published."))
    stated_partners = models.PositiveIntegerField(_("stated number of partners"), null=True,
                                                  blank=True)
    stated_countries = models.PositiveIntegerField(_("stated number of countries"), null=True,
                                                   blank=True)
    stated_reach = models.CharField(_("stated reach"), max_length=300, blank=True)

    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    founded_place = models.CharField(_("place founded"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    curators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="curated_networks",
        verbose_name=_("curators"),
        help_text=_("Staff in the network curator group who keep this network's records."))

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["order", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1900, founded_year__lte=2100),
                name="network_network_founded_year_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("network:network-detail", self.slug)

    @classmethod
    def for_labels(cls):
        """Networks with only what a filter option or a chip shows of them."""
        return cls.objects.only("slug", "order", *localized("name", "short_name"))


class CharterValue(Versioned, models.Model):
    network = models.ForeignKey(Network, models.CASCADE, related_name="values",
                                verbose_name=_("network"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("charter value")
        verbose_name_plural = _("charter values")
        ordering = ["network", "order"]
        constraints = [
            models.UniqueConstraint(fields=["network", "order"],
                                    name="network_chartervalue_unique_order"),
        ]

    def __str__(self):
        return self.title


class ApproachSection(Versioned, models.Model):
    network = models.ForeignKey(Network, models.CASCADE, related_name="approach_sections",
                                verbose_name=_("network"))
    slug = models.SlugField(_("slug"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("approach section")
        verbose_name_plural = _("approach sections")
        ordering = ["network", "order"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"],
                                    name="network_approachsection_unique_slug"),
        ]

    def __str__(self):
        return self.title


class ApproachPoint(Versioned, models.Model):
    section = models.ForeignKey(ApproachSection, models.CASCADE, related_name="points",
                                verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("approach point")
        verbose_name_plural = _("approach points")
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"],
                                    name="network_approachpoint_unique_order"),
        ]

    def __str__(self):
        return self.text[:80]


class Track(Versioned, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    networks = models.ManyToManyField(Network, related_name="tracks", blank=True,
                                      verbose_name=_("networks"))

    class Meta:
        verbose_name = _("thematic track")
        verbose_name_plural = _("thematic tracks")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    @classmethod
    def for_labels(cls):
        """Tracks with only what a filter option or a chip shows of them."""
        return cls.objects.only("slug", "order", *localized("name"))


def localized(*fields):
    """The per-language columns of translated ``fields`` (``name_ar``, ``name_en``…)."""
    return [f"{field}_{code}" for field in fields for code in LANGUAGE_CODES]


class Milestone(Versioned, models.Model):
    class Precision(models.TextChoices):
        YEAR = "year", _("year")
        MONTH = "month", _("month")
        DAY = "day", _("day")

    network = models.ForeignKey(Network, models.CASCADE, related_name="milestones",
                                verbose_name=_("network"))
    date = models.DateField(_("date"),
                            help_text=_("For a year or a month, the first day of it."))
    precision = models.CharField(_("date precision"), max_length=5, choices=Precision.choices,
                                 default=Precision.DAY)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["network", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(precision__in=["year", "month", "day"]),
                name="network_milestone_precision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date_display()} — {self.title}"

    def date_display(self):
        """The date written to its precision, in the active language."""
        if self.precision == self.Precision.YEAR:
            return str(self.date.year)
        if self.precision == self.Precision.MONTH:
            return date_format(self.date, "YEAR_MONTH_FORMAT")
        return date_format(self.date, "DATE_FORMAT")


class ContentGeneration(models.Model):
    """How many times the content of the site changed: the one row that every process
    reads once a request to know whether its cached pages and facet indexes are stale
    (network/site/pagecache.py)."""

    value = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generations")
        ordering = ["pk"]

    def __str__(self):
        return str(self.value)



class TranslationFlag(models.Model):
    """A translated text that may be outdated: the other language's text of the same field
    changed after it was written (set and cleared by network/core/staleness.py)."""

    content_type = models.ForeignKey(ContentType, models.CASCADE,
                                     verbose_name=_("kind of record"))
    object_id = models.PositiveBigIntegerField(_("record number"))
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language that may be outdated"), max_length=10,
                                choices=settings.LANGUAGES)
    changed_language = models.CharField(_("language that changed"), max_length=10,
                                        choices=settings.LANGUAGES)
    since = models.DateTimeField(_("since"), default=timezone.now)

    # Set and cleared only within a save of the record it flags, which moves the content
    # generation itself (its receivers run before the generation's).
    shown_on_pages = False

    class Meta:
        verbose_name = _("translation that may be outdated")
        verbose_name_plural = _("translations that may be outdated")
        ordering = ["content_type", "object_id", "field", "language"]
        constraints = [
            # Its index also serves every read: a record's flags, a page's, a model's.
            models.UniqueConstraint(fields=["content_type", "object_id", "field", "language"],
                                    name="network_translationflag_unique"),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}: {self.field} ({self.language})"
