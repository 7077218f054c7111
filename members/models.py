"""Organisations in the networks and their memberships.

Translated text fields are registered in ``translation.py``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries.fields import CountryField

from network.models import Network, Track
from network.text import normalize

from .places import Governorate


class WorkingLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    KURDISH = "ku", _("Kurdish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    PERSIAN = "fa", _("Persian")
    TURKISH = "tr", _("Turkish")
    SYRIAC = "syr", _("Syriac")
    URDU = "ur", _("Urdu")
    RUSSIAN = "ru", _("Russian")
    HAUSA = "ha", _("Hausa")
    SWAHILI = "sw", _("Swahili")
    NORWEGIAN = "no", _("Norwegian")
    TAJIK = "tg", _("Tajik")


def validate_languages(value):
    unknown = [code for code in value.split(",") if code and code not in WorkingLanguage.values]
    if unknown:
        raise ValidationError(_("Unknown language code: %(codes)s."),
                              params={"codes": ", ".join(unknown)})


def validate_social_links(value):
    validate = URLValidator(schemes=["https", "http"])
    for line in value.splitlines():
        if line.strip():
            validate(line.strip())


SEARCH_FIELDS = ["search_text", "search_names"]


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Organisations anonymous visitors may see: published, not draft or archived."""
        return self.filter(status=Organisation.Status.PUBLISHED)

    def rebuild_search_text(self, batch_size=1000):
        """Recompute ``search_text`` for these rows, for writes that bypass ``save()``
        (``update()``, ``bulk_create()``, raw imports). Returns the number of rows."""
        count = 0
        batch = []
        for organisation in self.iterator(chunk_size=batch_size):
            organisation.refresh_search_fields()
            batch.append(organisation)
            if len(batch) >= batch_size:
                count += len(batch)
                self.model.objects.bulk_update(batch, SEARCH_FIELDS)
                batch = []
        if batch:
            count += len(batch)
            self.model.objects.bulk_update(batch, SEARCH_FIELDS)
        return count


class Organisation(models.Model):
    class Kind(models.TextChoices):
        # ICSSI's broad definition of civil society, plus research and international NGOs.
        NGO = "ngo", _("Non-governmental organisation")
        UNION = "union", _("Trade union")
        PROFESSIONAL = "professional", _("Professional association")
        VOLUNTEER = "volunteer", _("Informal or volunteer group")
        MOVEMENT = "movement", _("Social movement")
        MEDIA = "media", _("Independent media")
        SOCIAL_ENTERPRISE = "social-enterprise", _("Social enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        NETWORK = "network", _("Network or coalition")
        RESEARCH = "research", _("Research centre")
        INTERNATIONAL = "international", _("International NGO")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=120, unique=True,
                            help_text=_("Used in the address; the same in every language."))
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    women_led = models.BooleanField(_("women-led"), default=False)
    country = CountryField(_("country"))
    governorate = models.CharField(_("governorate"), max_length=5, blank=True,
                                   choices=Governorate.choices,
                                   help_text=_("For organisations in Iraq."))
    city = models.CharField(_("city"), max_length=120, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)])
    website = models.URLField(_("website"), blank=True)
    social_links = models.TextField(_("social media links"), blank=True,
                                    validators=[validate_social_links],
                                    help_text=_("One address per line."))
    description = models.TextField(_("description"), blank=True)
    tracks = models.ManyToManyField(Track, related_name="organisations", blank=True,
                                    verbose_name=_("thematic tracks"))
    languages = models.CharField(_("working languages"), max_length=100, blank=True,
                                 validators=[validate_languages],
                                 help_text=_("Language codes separated by commas, e.g. ar,ku,en."))

    # Contact details never appear on public pages (see the privacy rules).
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.TextField(_("street address"), blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    is_sample = models.BooleanField(
        _("sample record"), default=False,
        help_text=_("Invented for demonstration; announced as sample data wherever shown."))
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # Names only: short, so typo-tolerant matching and ranking stay fast.
    search_names = models.TextField(_("search names"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(governorate="") | models.Q(country="IQ"),
                name="members_organisation_governorate_only_in_iraq",
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1800, founded_year__lte=2100),
                name="members_organisation_founded_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "archived"]),
                name="members_organisation_status_valid",
            ),
        ]
        indexes = [
            # The directory: public organisations by country, newest first.
            models.Index(fields=["status", "country"], name="members_org_status_country"),
            models.Index(fields=["status", "-created_at"], name="members_org_status_created"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_search_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *SEARCH_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:organisation-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.governorate and self.country != "IQ":
            raise ValidationError({"governorate": _("A governorate can only be given for Iraq.")})

    def refresh_search_fields(self):
        """Recompute the normalised search columns from the record's own fields."""
        self.search_text = self.build_search_text()
        self.search_names = normalize(" ".join(
            [self.acronym] + [getattr(self, f"name_{code}", "") or ""
                              for code, _name in settings.LANGUAGES]))

    def build_search_text(self):
        """Normalised text of both languages: names, acronym, place, kind and description."""
        parts = [self.acronym]
        for code, _name in settings.LANGUAGES:
            parts += [getattr(self, f"name_{code}", ""), getattr(self, f"city_{code}", ""),
                      getattr(self, f"description_{code}", "")]
            with override(code):
                parts += [str(self.country.name) if self.country else "",
                          str(self.get_governorate_display()) if self.governorate else "",
                          str(self.get_kind_display())]
        return normalize(" ".join(part for part in parts if part))

    @property
    def language_list(self):
        labels = dict(WorkingLanguage.choices)
        return [labels[code] for code in self.languages.split(",") if code in labels]

    @property
    def social_link_list(self):
        return [line.strip() for line in self.social_links.splitlines() if line.strip()]


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")
        FOUNDING = "founding", _("Founding member")
        STEERING = "steering", _("Steering committee")

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships",
                                     verbose_name=_("organisation"))
    network = models.ForeignKey(Network, models.CASCADE, related_name="memberships",
                                verbose_name=_("network"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    since = models.PositiveSmallIntegerField(
        _("member since (year)"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    until = models.PositiveSmallIntegerField(
        _("member until (year)"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "network"],
                                    name="members_membership_unique_network"),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(since__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="members_membership_until_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.network}"

    def clean(self):
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("A membership cannot end before it starts.")})
