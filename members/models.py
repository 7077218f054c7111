"""Organisations in the networks and their memberships.

Translated text fields are registered in ``translation.py``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries.fields import CountryField

from network.core.choices import ChoiceLabels
from network.core.links import slug_url
from network.core.places import Governorate
from network.core.text import normalize
from network.core.versioning import Versioned
from network.models import Network, Track


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


class Visibility(models.TextChoices):
    """Who may see a profile or a contact field: anyone; the signed-in members of a
    network the record belongs to (members/viewer.py); the staff."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Network members")
    STAFF = "staff", _("Staff only")


def visibility_field(verbose_name):
    return models.CharField(verbose_name, max_length=10, choices=Visibility.choices,
                            default=Visibility.STAFF)


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Organisations anonymous visitors may see: published, with a public profile."""
        return self.filter(status=Organisation.Status.PUBLISHED,
                           visibility=Visibility.PUBLIC)

    def visible(self, networks=()):
        """Published organisations whose profile is public, or for "network members" when
        they are members this year of one of ``networks`` (ids: those whose member tier
        the viewer sees)."""
        if not networks:
            return self.public()
        current = Membership.objects.current().filter(organisation=models.OuterRef("pk"),
                                                      network__in=networks)
        return self.filter(status=Organisation.Status.PUBLISHED).filter(
            models.Q(visibility=Visibility.PUBLIC)
            | models.Q(models.Exists(current), visibility=Visibility.MEMBERS))

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


ORGANISATION_VISIBILITY_FIELDS = ["visibility", "email_visibility", "phone_visibility",
                                  "address_visibility", "social_visibility"]
PERSON_VISIBILITY_FIELDS = ["visibility", "email_visibility", "phone_visibility",
                            "social_visibility"]


def visibility_constraints(prefix, fields):
    return [models.CheckConstraint(condition=models.Q(**{f"{field}__in": Visibility.values}),
                                   name=f"{prefix}_{field}_valid")
            for field in fields]


class Organisation(Versioned, ChoiceLabels, models.Model):
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

    # Contact details appear on public pages only where their visibility is public.
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.TextField(_("street address"), blank=True)
    visibility = visibility_field(_("profile visibility"))
    email_visibility = visibility_field(_("email visibility"))
    phone_visibility = visibility_field(_("phone visibility"))
    address_visibility = visibility_field(_("address visibility"))
    social_visibility = visibility_field(_("social media visibility"))

    # The contact relay (members/relay.py): only with a recorded e-mail.
    accepts_messages = models.BooleanField(
        _("accepts messages through the site"), default=True,
        help_text=_("Visitors may write to the recorded e-mail address through a form on the "
                    "public profile, without seeing it. Only when an e-mail is recorded."))
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
    # Freshness (members/freshness.py): when a curator last confirmed the record, or
    # approved its manager's check-in (HSDS ``assured_date``). Not editable: set by those
    # two paths only, never by a form, an import or a restore.
    assured_date = models.DateField(_("last checked"), null=True, blank=True, editable=False)
    assured_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("last checked by"))
    # When its managers were last asked to check it (the yearly check-in mail).
    checkin_sent_at = models.DateTimeField(_("check-in last asked"), null=True, blank=True,
                                           editable=False)
    # The member accounts that manage this organisation's listing, by invitation
    # (members/accounts.py). Not editable: no admin form, import or restore touches it.
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL,
                                      related_name="managed_organisations", blank=True,
                                      editable=False, verbose_name=_("managers"))

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
            *visibility_constraints("members_organisation", ORGANISATION_VISIBILITY_FIELDS),
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
        return slug_url("members:organisation-detail", self.slug)

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

    def public_contacts(self, shown=(Visibility.PUBLIC,)):
        """The contact details whose visibility is in ``shown`` (anonymous visitors: public
        only), as ``{field: value}``."""
        contacts = {}
        for field in ("email", "phone", "address"):
            if getattr(self, f"{field}_visibility") in shown and getattr(self, field):
                contacts[field] = getattr(self, field)
        return contacts

    def public_social_links(self, shown=(Visibility.PUBLIC,)):
        if self.social_visibility not in shown:
            return []
        return self.social_link_list


class MembershipQuerySet(models.QuerySet):
    def current(self, year=None):
        """Memberships not ended before this year (or ``year``): ``Membership.is_current``
        in SQL."""
        year = year or timezone.localdate().year
        return self.filter(models.Q(until__isnull=True) | models.Q(until__gte=year))


class Membership(Versioned, ChoiceLabels, models.Model):
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

    objects = MembershipQuerySet.as_manager()

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

    def is_current(self, year=None):
        """Not ended before this year (or ``year``)."""
        return self.until is None or self.until >= (year or timezone.localdate().year)

    def clean(self):
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("A membership cannot end before it starts.")})


class PersonQuerySet(models.QuerySet):
    def public(self, today=None):
        """People anonymous visitors may see: a public profile and a consent to be listed
        that is given, not withdrawn and not past its review date."""
        return self.visible((), today)

    def visible(self, networks=(), today=None):
        """People with a consent in force whose profile is public, or for "network
        members" when they belong to one of ``networks`` (ids)."""
        shown = models.Q(visibility=Visibility.PUBLIC)
        if networks:
            shown |= models.Q(models.Exists(Person.networks.through.objects.filter(
                person=models.OuterRef("pk"), network__in=networks)),
                visibility=Visibility.MEMBERS)
        return self.filter(shown).filter(
            models.Exists(Consent.objects.active(today).filter(person=models.OuterRef("pk"))))


class Person(Versioned, ChoiceLabels, models.Model):
    """An individual activist whom a network lists as such; hidden unless consented."""

    class LocationShown(models.TextChoices):
        COUNTRY = "country", _("Country only")
        CITY = "city", _("City and country")

    slug = models.SlugField(_("slug"), max_length=120, unique=True,
                            help_text=_("Used in the address; the same in every language."))
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    location_shown = models.CharField(
        _("location shown"), max_length=10, choices=LocationShown.choices,
        default=LocationShown.COUNTRY,
        help_text=_("The city is stored for the staff; the public sees only the country "
                    "unless this says otherwise and the consent covers the city."))
    organisation = models.ForeignKey(Organisation, models.SET_NULL, null=True, blank=True,
                                     related_name="people", verbose_name=_("organisation"))
    networks = models.ManyToManyField(Network, related_name="people",
                                      verbose_name=_("networks"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    social_handles = models.TextField(_("personal social media"), blank=True,
                                      help_text=_("One handle or address per line."))
    visibility = visibility_field(_("profile visibility"))
    email_visibility = visibility_field(_("email visibility"))
    phone_visibility = visibility_field(_("phone visibility"))
    social_visibility = visibility_field(_("social media visibility"))
    is_sample = models.BooleanField(
        _("sample record"), default=False,
        help_text=_("Invented for demonstration; announced as sample data wherever shown."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Freshness (members/freshness.py): when a curator last confirmed the record, or
    # approved its manager's check-in (HSDS ``assured_date``). Not editable: set by those
    # two paths only, never by a form, an import or a restore.
    assured_date = models.DateField(_("last checked"), null=True, blank=True, editable=False)
    assured_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("last checked by"))
    # The person's own member account, by invitation (members/accounts.py).
    account = models.OneToOneField(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="listed_person",
                                   verbose_name=_("account"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("individual activist")
        verbose_name_plural = _("individual activists")
        ordering = ["name"]
        constraints = [
            *visibility_constraints("members_person", PERSON_VISIBILITY_FIELDS),
            models.CheckConstraint(condition=models.Q(location_shown__in=["country", "city"]),
                                   name="members_person_location_shown_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("members:person-detail", self.slug)

    def current_consent(self, today=None):
        """The most recent active consent, or None."""
        return Consent.objects.active(today).filter(person=self).order_by(
            "-given_on", "-pk").first()


class ConsentQuerySet(models.QuerySet):
    def active(self, today=None):
        """Consents in force today: given, not withdrawn, review date not passed."""
        today = today or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, given_on__lte=today, review_on__gte=today)

    def due_for_review(self, within_days=30, today=None):
        today = today or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True,
                           review_on__lte=today + timedelta(days=within_days))


class Consent(Versioned, ChoiceLabels, models.Model):
    """A person's recorded consent to be listed publicly, field by field."""

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed form")
        EMAIL = "email", _("E-mail from the person")
        ONLINE = "online", _("Online form")
        VERBAL = "verbal", _("Spoken, witnessed by staff")

    # The fields a consent may cover; the name and country are covered by any consent.
    FIELDS = ["title", "organisation", "city", "bio", "email", "phone", "social", "messages"]

    person = models.ForeignKey(Person, models.CASCADE, related_name="consents",
                               verbose_name=_("person"))
    given_by = models.CharField(_("given by"), max_length=200,
                                help_text=_("The person, or who spoke for her or him."))
    method = models.CharField(_("how it was given"), max_length=10, choices=Method.choices)
    given_on = models.DateField(_("given on"))
    review_on = models.DateField(
        _("review by"), help_text=_("After this date the consent no longer counts until it "
                                    "is renewed."))
    show_title = models.BooleanField(_("role or title"), default=False)
    show_organisation = models.BooleanField(_("organisation"), default=False)
    show_city = models.BooleanField(_("city"), default=False)
    show_bio = models.BooleanField(_("biography"), default=False)
    show_email = models.BooleanField(_("email"), default=False)
    show_phone = models.BooleanField(_("phone"), default=False)
    show_social = models.BooleanField(_("personal social media"), default=False)
    show_messages = models.BooleanField(
        _("messages through the site"), default=False,
        help_text=_("Visitors may write to her or him through the site's form; the address "
                    "itself is never shown."))
    notes = models.TextField(_("notes"), blank=True, help_text=_("Never shown publicly."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("withdrawal recorded by"))

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "-given_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(review_on__gte=models.F("given_on")),
                                   name="members_consent_review_after_given"),
            models.CheckConstraint(
                condition=models.Q(method__in=["written", "email", "online", "verbal"]),
                name="members_consent_method_valid"),
        ]
        indexes = [
            # Person.objects.public(): active consents of a person.
            models.Index(fields=["person", "withdrawn_at", "review_on"],
                         name="members_consent_active"),
        ]

    def __str__(self):
        return _("Consent of %(person)s, %(date)s") % {"person": self.person,
                                                       "date": self.given_on}

    def clean(self):
        if self.given_on and self.review_on and self.review_on < self.given_on:
            raise ValidationError({"review_on": _("The review date cannot come before the "
                                                  "date the consent was given.")})

    def covers(self, field):
        return getattr(self, f"show_{field}")

    def withdraw(self, *, by):
        """Record the withdrawal; the person disappears from public pages at once."""
        self.withdrawn_at = timezone.now()
        self.withdrawn_recorded_by = by
        self.save(update_fields=["withdrawn_at", "withdrawn_recorded_by"])


#: What a list row (members/includes/_organisation_card.html) shows of an organisation.
LIST_FIELDS = ("slug", "name", "acronym", "kind", "country", "governorate", "women_led",
               "is_sample", "visibility")


def with_list_details(queryset):
    """Organisations with only what a list row shows, and ``list_memberships``: their
    memberships with the network's short name."""
    networks = Membership.objects.select_related("network").only(
        "organisation_id", "network__slug", "network__order",
        *(f"network__short_name_{code}" for code, _name in settings.LANGUAGES))
    return queryset.only(*LIST_FIELDS).prefetch_related(
        models.Prefetch("memberships", to_attr="list_memberships",
                        queryset=networks.order_by("network__order", "network__slug")))


class ProposalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Proposal.State.PENDING)


class Proposal(models.Model):
    """A manager's change to her organisation's profile that waits for a curator.

    ``changes`` holds, per model field (``name_ar``, ``email_visibility``, ``tracks``…),
    ``{"before": …, "after": …}`` as stored values (tracks: sorted ids). Changes that make
    something more private are not here: they apply at once (members/proposals.py).
    ``base_version`` is the organisation's version the proposal was made against: a
    different version at review time means the record changed since."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        PARTLY = "partly", _("Partly approved")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="proposals",
                                     verbose_name=_("organisation"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="proposals", verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    base_version = models.PositiveIntegerField(_("version of the record"))
    changes = models.JSONField(_("changes"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES,
                                help_text=_("The proposer is told of the review in this "
                                            "language."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.PENDING)
    approved_fields = models.JSONField(_("approved fields"), default=list, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    note = models.TextField(_("note to the proposer"), blank=True)

    objects = ProposalQuerySet.as_manager()
    # No public page shows a proposal: making or deciding one moves no page cache (the
    # organisation's own save does, when a decision changes it).
    shown_on_pages = False

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "approved", "partly", "rejected"]),
                name="members_proposal_state_valid"),
            models.CheckConstraint(
                condition=models.Q(state="pending") | models.Q(reviewed_at__isnull=False),
                name="members_proposal_reviewed_when_decided"),
        ]
        indexes = [models.Index(fields=["state", "-created_at"],
                                name="members_proposal_state")]

    def __str__(self):
        return _("Proposal %(number)s for %(name)s") % {"number": self.pk,
                                                        "name": self.organisation}

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @property
    def is_checkin(self):
        """A check-in: no change, the manager confirms the profile is still right."""
        return not self.changes


class MemberProfile(models.Model):
    """What a member account keeps beside Django's user: the language her mail is in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True,
                                related_name="member_profile", verbose_name=_("account"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return str(self.user)


class SingleUseLink(models.Model):
    """What every single-use link stores: the hash of its random token (the token itself
    is only in the mail), when it was made and when it stops working."""

    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        abstract = True

    @property
    def expired(self):
        return self.expires_at <= timezone.now()


class InvitationQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Invitations not yet accepted and not expired."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=now or timezone.now())


class Invitation(SingleUseLink):
    """A curator's invitation to manage an organisation's listing, or to a listed person
    to take her own: a link with a single-use token, of which only the hash is stored."""

    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES,
                                help_text=_("The invitation and later mail are in this "
                                            "language."))
    organisation = models.ForeignKey(Organisation, models.CASCADE, null=True, blank=True,
                                     related_name="invitations",
                                     verbose_name=_("organisation"))
    person = models.ForeignKey(Person, models.CASCADE, null=True, blank=True,
                               related_name="invitations",
                               verbose_name=_("individual activist"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("invited by"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="+",
                                verbose_name=_("account created"))

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False, person__isnull=True)
                           | models.Q(organisation__isnull=True, person__isnull=False)),
                name="members_invitation_one_record"),
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("created_at")),
                                   name="members_invitation_expires_after_created"),
        ]

    def __str__(self):
        return _("Invitation of %(email)s") % {"email": self.email}

    @property
    def record(self):
        return self.organisation or self.person


class ListingLink(SingleUseLink):
    """A link a curator sends to a listed person's recorded address: it opens, once, her
    own listing (what the public sees of her, withdrawing her consent, her record) for
    ``LISTING_LINK_MINUTES`` without an account. Only the token's hash is stored."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="listing_links",
                               verbose_name=_("individual activist"))
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("sent by"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("link to a listing")
        verbose_name_plural = _("links to listings")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Link to the listing of %(name)s") % {"name": self.person}


class ApplicationQuerySet(models.QuerySet):
    def in_queue(self):
        """Applications the curators see: confirmed by the applicant (decided or not)."""
        return self.exclude(state=Application.State.UNCONFIRMED)


class Application(SingleUseLink):
    """An organisation's request to join a network (members/applications.py), with its
    endorsement of the network's charter. The e-mail link (a single-use token of which
    only the hash is stored) confirms it; it then waits, with its draft organisation, for
    a curator of the network to accept or decline it."""

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail confirmation")
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    network = models.ForeignKey(Network, models.CASCADE, related_name="applications",
                                verbose_name=_("network"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.UNCONFIRMED)
    name_ar = models.CharField(_("name in Arabic"), max_length=250, blank=True)
    name_en = models.CharField(_("name in English"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Organisation.Kind.choices)
    country = CountryField(_("country"))
    governorate = models.CharField(_("governorate"), max_length=5, blank=True,
                                   choices=Governorate.choices)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    tracks = models.ManyToManyField(Track, related_name="+", blank=True,
                                    verbose_name=_("thematic tracks"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail address of the contact person"))
    motivation = models.TextField(_("why it wants to join"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES,
                                help_text=_("The page's language when applying: every "
                                            "message to the applicant is in it."))
    charter_endorsed_at = models.DateTimeField(_("charter endorsed"))
    charter_date = models.DateField(
        _("date of the charter endorsed"),
        help_text=_("The date of the charter's approval, or of its last change."))
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    organisation = models.ForeignKey(Organisation, models.SET_NULL, null=True, blank=True,
                                     related_name="applications",
                                     verbose_name=_("organisation"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = ApplicationQuerySet.as_manager()
    # No public page shows an application: saving one leaves the page cache alone
    # (network/core/generation.py); its organisation and membership move it as usual.
    shown_on_pages = False

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name_ar="", name_en=""),
                                   name="members_application_a_name"),
            models.CheckConstraint(
                condition=models.Q(governorate="") | models.Q(country="IQ"),
                name="members_application_governorate_only_in_iraq"),
            models.CheckConstraint(
                condition=models.Q(state__in=["unconfirmed", "pending", "accepted",
                                              "declined"]),
                name="members_application_state_valid"),
            models.CheckConstraint(
                condition=models.Q(state__in=["unconfirmed", "pending"])
                | models.Q(decided_at__isnull=False),
                name="members_application_decided_when"),
        ]
        indexes = [
            # The curators' queue: applications of a network by state.
            models.Index(fields=["network", "state"], name="members_application_queue"),
        ]

    def __str__(self):
        return self.name_ar or self.name_en

    @property
    def names(self):
        """Both names, the active language's first."""
        return [name for name in (self.name_ar, self.name_en) if name]


class MessageQuerySet(models.QuerySet):
    def purgeable(self, now=None):
        """Messages past ``MESSAGE_RETENTION_DAYS``, and unconfirmed ones whose link
        expired."""
        now = now or timezone.now()
        return self.filter(
            models.Q(created_at__lt=now - timedelta(days=settings.MESSAGE_RETENTION_DAYS))
            | models.Q(confirmed_at__isnull=True, expires_at__lte=now))


class Message(SingleUseLink):
    """A visitor's message to an organisation or a person through the contact relay
    (members/relay.py). It waits until the sender confirms her address by the link in
    her mail, is then forwarded to the recipient's recorded address (read at that moment,
    never copied here), and is kept for the staff ``MESSAGE_RETENTION_DAYS`` days."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, null=True, blank=True,
                                     related_name="messages",
                                     verbose_name=_("organisation"))
    person = models.ForeignKey(Person, models.CASCADE, null=True, blank=True,
                               related_name="messages",
                               verbose_name=_("individual activist"))
    sender_name = models.CharField(_("sender's name"), max_length=100)
    sender_email = models.EmailField(_("sender's e-mail"))
    text = models.TextField(_("message"), help_text=_("As forwarded: links and HTML removed."))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # A keyed hash of the sender's IP address, for the per-address limit only.
    client_hash = models.CharField(_("client hash"), max_length=64, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()
    # No public page shows a message: the public writing one moves no page cache.
    shown_on_pages = False

    class Meta:
        verbose_name = _("message through the site")
        verbose_name_plural = _("messages through the site")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False, person__isnull=True)
                           | models.Q(organisation__isnull=True, person__isnull=False)),
                name="members_message_one_recipient"),
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("created_at")),
                                   name="members_message_expires_after_created"),
        ]
        indexes = [
            # The rate limits: a sender's, a client's recent messages (members/relay.py).
            models.Index(fields=["sender_email", "created_at"], name="members_message_sender"),
            models.Index(fields=["client_hash", "created_at"], name="members_message_client"),
            # purge_messages.
            models.Index(fields=["created_at"], name="members_message_created"),
        ]

    def __str__(self):
        return _("Message from %(sender)s to %(recipient)s") % {
            "sender": self.sender_name, "recipient": self.recipient}

    @property
    def recipient(self):
        return self.organisation or self.person


class ImportJob(models.Model):
    """A spreadsheet import above the admin's limit of rows, run by a background task
    (members/import_jobs.py): the upload, its state, its progress, every row's outcome."""

    class Resource(models.TextChoices):
        ORGANISATIONS = "organisations", _("organisations")
        MEMBERSHIPS = "memberships", _("memberships")

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to be checked")
        PREVIEWING = "previewing", _("checking the file")
        AWAITING = "awaiting", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("waiting to be imported")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    #: The states in which a task has work to do: the page refreshes itself.
    RUNNING = (State.QUEUED, State.PREVIEWING, State.CONFIRMED, State.IMPORTING)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                              related_name="import_jobs", verbose_name=_("started by"))
    network = models.ForeignKey(Network, models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("network"))
    resource = models.CharField(_("records"), max_length=20, choices=Resource.choices)
    file_name = models.CharField(_("file"), max_length=255)
    # The upload itself (at most IMPORT_MAX_BYTES), never under a public media URL;
    # emptied once the job is done or has failed.
    content = models.BinaryField(editable=False)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("unchanged or blank"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    # [{"row": 2, "outcome": "new", "id": 17, "name": "…", "errors": ["…"]}, …]
    outcomes = models.JSONField(_("row outcomes"), default=list, blank=True)
    # {pk: version} of the records the preview read: the import writes only if they hold.
    versions = models.JSONField(_("versions read by the preview"), default=dict, blank=True)
    # Why it failed, in the job's language.
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # No public page shows a job: its progress moves no page cache.
    shown_on_pages = False

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(processed__lte=models.F("total")),
                                   name="members_importjob_processed_within_total"),
        ]

    def __str__(self):
        return self.file_name

    @property
    def running(self):
        return self.state in self.RUNNING

    @property
    def stalled(self):
        """Running, but not moved for ``IMPORT_JOB_STALLED_MINUTES``: the task's worker
        may have stopped (progress is written every few hundred rows)."""
        return self.running and self.updated_at < timezone.now() - timedelta(
            minutes=settings.IMPORT_JOB_STALLED_MINUTES)
