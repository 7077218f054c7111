"""THE projection: what a viewer may know of people and organisations.

Every channel reads people and contact details through this module and nothing else —
the pages, the site search, the JSON API, the CSV downloads, sitemaps and JSON-LD.
Templates receive :class:`PublicPerson` objects, never ``Person`` instances, so a
template cannot reach a field the projection dropped.

The viewer (members/viewer.py) is the public unless a page passes a signed-in member's;
the API, downloads, sitemaps and JSON-LD are public-only.

The rules (docs: DESIGN.md §7):

* A person is shown only with a consent in force (given, not withdrawn, review date not
  passed) and a profile the viewer may see: public, or "network members" for a member of
  one of her networks (``Person.objects.visible()``).
* Name, country, networks and the sample flag come with any consent. Title, biography,
  city and organisation only when the consent covers them; the city also needs
  ``location_shown == "city"``; the organisation must itself be visible to the viewer.
* E-mail, phone and social handles need both the consent and a visibility level the
  viewer sees: public, or "network members" for a member of one of her networks.
  "Staff only" is never shown on these pages.
* An organisation's e-mail, phone, address and social links likewise, by their own
  visibility and the networks the organisation is a member of.

A hidden field and an empty one look the same everywhere, so the output never hints
that something is withheld.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from ninja import Schema
from pydantic import Field

from network.core import publicfields
from network.core.i18n import LANGUAGE_CODES, translated_value
from network.core.links import slug_url
from network.core.places import Governorate
from network.models import Track

from .models import SEARCH_FIELDS, Consent, Membership, Organisation, Person, Visibility
from .viewer import PUBLIC

#: The keys of every person record, in this order: CSV columns follow it.
PERSON_RECORD_FIELDS = (
    "slug", "url_ar", "url_en", "name_ar", "name_en", "country", "city_ar", "city_en",
    "title_ar", "title_en", "bio_ar", "bio_en", "organisation", "email", "phone", "social",
    "networks", "is_sample",
)
# Rows fetched by public_organisations() carry this annotation; a record is built only
# from such rows, so a draft or hidden organisation cannot be exported by mistake.
_PUBLIC_ROW = "projection_public_row"


def _urls(name, slug):
    urls = {}
    for code in LANGUAGE_CODES:
        with override(code):
            urls[f"url_{code}"] = slug_url(name, slug)
    return urls


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _social_links(lines):
    # Only web addresses become links: a handle such as "@name" stays text, and no other
    # scheme (javascript:, data:) can reach an href.
    return [(line, line if line.startswith(("https://", "http://")) else "") for line in lines]


def tel_href(phone):
    """A ``tel:`` address for a phone number as written (spaces and dashes dropped)."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""


@dataclass(frozen=True)
class PublicOrganisationLink:
    """The little of a public organisation that a person's profile links to."""

    slug: str
    name_ar: str
    name_en: str
    acronym: str
    is_sample: bool

    @property
    def url(self):
        return reverse("members:organisation-detail", kwargs={"slug": self.slug})

    def get_absolute_url(self):
        return self.url


@dataclass(frozen=True)
class PublicPerson:
    """What anonymous visitors may see of one person; build it with :func:`project`."""

    slug: str
    name_ar: str
    name_en: str
    country: object  # a django_countries Country: its name follows the active language
    networks: list
    is_sample: bool
    title_ar: str = ""
    title_en: str = ""
    bio_ar: str = ""
    bio_en: str = ""
    city_ar: str = ""
    city_en: str = ""
    organisation: PublicOrganisationLink | None = None
    email: str = ""
    phone: str = ""
    social: list = field(default_factory=list)
    # She may be written to through the site (members/relay.py); her address stays hidden.
    accepts_messages: bool = False
    # When a curator last confirmed the record (members/freshness.py); None: never.
    assured_date: date | None = None

    @property
    def url(self):
        return reverse("members:person-detail", kwargs={"slug": self.slug})

    def get_absolute_url(self):
        return self.url

    @property
    def name(self):
        """The name in the active language, else the other one (plain text)."""
        return translated_value(self, "name")[0]

    @property
    def bio(self):
        return translated_value(self, "bio")[0]

    @property
    def has_city(self):
        return bool(self.city_ar or self.city_en)

    @property
    def has_contacts(self):
        return bool(self.email or self.phone or self.social)

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def social_links(self):
        """Social handles as ``(text, href)``; ``href`` only for web addresses."""
        return _social_links(self.social)


def public_people(today=None, viewer=PUBLIC):
    """The people ``viewer`` may see (``Person.objects.visible()``) with what
    :func:`project` needs prefetched: the active consents (newest first), the networks
    and the organisation if the viewer may see it — four queries for any number of
    people. Callers choose the order."""
    today = today or timezone.localdate()
    return Person.objects.visible(viewer.networks, today).prefetch_related(
        Prefetch("consents", queryset=Consent.objects.active(today).order_by("-given_on", "-pk"),
                 to_attr="active_consents"),
        "networks",
        # An organisation that is not public comes back as None: the projection cannot
        # name a draft or hidden organisation even by accident.
        Prefetch("organisation",
                 queryset=Organisation.objects.visible(viewer.networks).only(
                     "slug", "name_ar", "name_en", "acronym", "is_sample"),
                 to_attr="public_organisation"),
    )


def public_people_count(network_ref="pk"):
    """An expression for annotating networks: the number of public people in the network
    whose primary key is ``OuterRef(network_ref)`` (a subquery; no extra query). Networks
    are shown with any consent, so every public person of the network counts."""
    people = (Person.objects.public().filter(networks=OuterRef(network_ref)).order_by()
              .values("networks").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(people, output_field=IntegerField()), 0)


def project(person, viewer=PUBLIC):
    """The :class:`PublicPerson` that ``viewer`` may see of a ``Person`` row fetched with
    :func:`public_people` for the same viewer, or ``None`` when the row may not be shown
    at all."""
    consents = getattr(person, "active_consents", None)
    if consents is None or not hasattr(person, "public_organisation"):
        raise ValueError("project() needs a person fetched with public_people().")
    networks = list(person.networks.all())
    shown = viewer.shown({network.pk for network in networks})
    # public_people() already excludes these; checked again so that a row fetched some
    # other way and given the attributes by hand is still never shown.
    if not consents or person.visibility not in shown:
        return None
    consent = consents[0]
    values = {
        "slug": person.slug,
        "name_ar": person.name_ar or "", "name_en": person.name_en or "",
        "country": person.country,
        "networks": networks,
        "is_sample": person.is_sample,
        "assured_date": person.assured_date,
    }
    for name in ("title", "bio"):
        if consent.covers(name):
            values.update({f"{name}_{code}": getattr(person, f"{name}_{code}") or ""
                           for code in LANGUAGE_CODES})
    if consent.covers("city") and person.location_shown == Person.LocationShown.CITY:
        values.update({f"city_{code}": getattr(person, f"city_{code}") or ""
                       for code in LANGUAGE_CODES})
    organisation = person.public_organisation
    if consent.covers("organisation") and organisation is not None:
        values["organisation"] = PublicOrganisationLink(
            slug=organisation.slug, name_ar=organisation.name_ar or "",
            name_en=organisation.name_en or "", acronym=organisation.acronym,
            is_sample=organisation.is_sample)
    if consent.covers("email") and person.email_visibility in shown:
        values["email"] = person.email
    if consent.covers("phone") and person.phone_visibility in shown:
        values["phone"] = person.phone
    if consent.covers("social") and person.social_visibility in shown:
        values["social"] = _lines(person.social_handles)
    # Only for a public profile: the relay's form is public (members/relay.py).
    values["accepts_messages"] = (consent.covers("messages") and bool(person.email)
                                  and person.visibility == Visibility.PUBLIC)
    return PublicPerson(**values)


def project_all(people, viewer=PUBLIC):
    """:func:`project` over rows of :func:`public_people`, dropping any that may not be
    shown."""
    projected = (project(person, viewer) for person in people)
    return [public for public in projected if public is not None]


def public_person(slug, today=None, viewer=PUBLIC):
    """The :class:`PublicPerson` with this slug, or ``None`` — the same answer for a person
    who does not exist and one who may not be shown."""
    person = public_people(today, viewer).filter(slug=slug).first()
    return project(person, viewer) if person is not None else None


def public_person_record(person):
    """THE public record of a person, as exports and the API give it: a plain dict with
    the keys of ``PERSON_RECORD_FIELDS``, both languages, hidden fields empty.

    ``person`` is a :class:`PublicPerson`; a ``Person`` row is projected first (and must
    come from :func:`public_people`).
    """
    if isinstance(person, Person):
        person = project(person)
        if person is None:
            raise ValueError("This person may not be shown publicly.")
    record = {
        "slug": person.slug, **_urls("members:person-detail", person.slug),
        "name_ar": person.name_ar, "name_en": person.name_en,
        "country": person.country.code,
        "city_ar": person.city_ar, "city_en": person.city_en,
        "title_ar": person.title_ar, "title_en": person.title_en,
        "bio_ar": person.bio_ar, "bio_en": person.bio_en,
        "organisation": person.organisation.slug if person.organisation else "",
        "email": person.email, "phone": person.phone, "social": list(person.social),
        "networks": [network.slug for network in person.networks],
        "is_sample": person.is_sample,
    }
    return record


def organisation_relations():
    """The prefetches of what a profile and a record show of an organisation: memberships
    with their network and tracks."""
    languages = [code for code, _name in settings.LANGUAGES]
    networks = Membership.objects.select_related("network").only(
        "organisation_id", "role", "since", "until", "network__slug", "network__order",
        *(f"network__{field}_{code}" for field in ("name", "short_name")
          for code in languages))
    tracks = Track.objects.only("slug", "order", *(f"name_{code}" for code in languages))
    return [
        Prefetch("memberships", queryset=networks.order_by("network__order", "network__slug")),
        Prefetch("tracks", queryset=tracks),
    ]


def public_organisations(related=True):
    """``Organisation.objects.public()`` with what a profile and a record show
    (:func:`organisation_relations`; ``related=False`` leaves them to the caller)."""
    queryset = Organisation.objects.public().defer(*SEARCH_FIELDS).annotate(
        **{_PUBLIC_ROW: Value(True)})
    return queryset.prefetch_related(*organisation_relations()) if related else queryset


def visible_organisations(viewer):
    """The organisations ``viewer`` may see, with what a profile shows; the public's are
    :func:`public_organisations`. Only those rows make records (exports, the API)."""
    if viewer.is_public:
        return public_organisations()
    return (Organisation.objects.visible(viewer.networks).defer(*SEARCH_FIELDS)
            .prefetch_related(*organisation_relations()))


@dataclass(frozen=True)
class PublicContacts:
    """An organisation's contact details that anonymous visitors may see; hidden ones are
    empty."""

    email: str = ""
    phone: str = ""
    address: str = ""
    social: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.email or self.phone or self.address or self.social)

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def social_links(self):
        return _social_links(self.social)


def organisation_contacts(organisation, viewer=PUBLIC):
    """The :class:`PublicContacts` of an organisation that ``viewer`` may see, from the
    model's own rules (``public_contacts()`` and ``public_social_links()``) and the
    networks it is a member of this year (memberships prefetched)."""
    if viewer.is_public:
        # The public's: no need to read the memberships (four times a row in a download).
        shown = (Visibility.PUBLIC,)
    else:
        year = timezone.localdate().year
        shown = viewer.shown({m.network_id for m in organisation.memberships.all()
                              if m.is_current(year)})
    return PublicContacts(**organisation.public_contacts(shown),
                          social=organisation.public_social_links(shown))


class MembershipOut(Schema):
    organization: str = Field(description="Slug of the network (Popolo: the organization "
                                          "the member belongs to).")
    role: str
    role_label: str
    start_date: str | None = Field(description="Year the membership began, e.g. \"2017\".")
    end_date: str | None = Field(description="Year it ended, or null.")


class Memberships(publicfields.Public):
    """The networks an organisation is a member of: ``{network, role, since, until}`` in
    the record, Popolo memberships in the API, the networks' slugs in the CSV."""

    def __init__(self):
        super().__init__("networks", api="memberships", annotation=list[MembershipOut])

    def record(self, row, request):
        return {"networks": [{"network": m.network.slug, "role": m.role, "since": m.since,
                              "until": m.until} for m in row.memberships.all()]}

    def api(self, row, request):
        return {"memberships": [
            {"organization": m.network.slug, "role": m.role,
             "role_label": str(m.get_role_display()),
             "start_date": str(m.since) if m.since else None,
             "end_date": str(m.until) if m.until else None}
            for m in row.memberships.all()]}

    def cells(self, record, request):
        return {"networks": ";".join(m["network"] for m in record["networks"])}


def _contact(name):
    return lambda organisation: getattr(organisation_contacts(organisation), name)


_PUBLIC_ONLY = "Only when the organisation made it public."

#: THE public fields of an organisation, in the record's order: the record
#: (:func:`public_organisation_record`, the JSON download), the API's ``OrganisationOut``
#: and the CSV download's columns all derive from this list.
ORGANISATION_FIELDS = publicfields.PublicFields((
    publicfields.Public("slug"),
    publicfields.Page(lambda organisation: slug_url("members:organisation-detail",
                                                    organisation.slug)),
    publicfields.Translated("name", alternate=True),
    publicfields.Public("acronym", null=True),
    publicfields.Choice("kind", Organisation.Kind),
    publicfields.Flag("women_led"),
    publicfields.Country("country"),
    publicfields.Choice("governorate", Governorate, label="name", csv_label="label",
                        null=True, description="ISO 3166-2 code, for Iraq only."),
    publicfields.Translated("city", csv=("city", "city_en")),
    publicfields.Public("founded_year", api="year_incorporated", csv="founded",
                        annotation=int, null=True, description="Year founded."),
    publicfields.Public("website", api="url", null=True, description="Website."),
    publicfields.Translated("description"),
    publicfields.Public("languages", csv=False, annotation=list[str],
                        get=lambda organisation: [
                            code for code in organisation.languages.split(",") if code],
                        description="Working languages (codes)."),
    Memberships(),
    publicfields.Slugs("tracks", description="Slugs of thematic tracks.",
                       get=lambda organisation: [
                           track.slug for track in organisation.tracks.all()]),
    publicfields.Public("email", get=_contact("email"), csv=False, null=True,
                        description=_PUBLIC_ONLY),
    publicfields.Public("phone", get=_contact("phone"), csv=False, null=True,
                        description=_PUBLIC_ONLY),
    publicfields.Public("address", get=_contact("address"), csv=False, null=True,
                        description=_PUBLIC_ONLY),
    publicfields.Public("social", get=lambda organisation: list(
                            organisation_contacts(organisation).social),
                        csv=False, annotation=list[str],
                        description="Social links; empty unless made public."),
    publicfields.Public("assured_date", csv=False, null=True,
                        get=lambda organisation: organisation.assured_date.isoformat()
                        if organisation.assured_date else None,
                        description="Date a curator last confirmed the record (ISO 8601), "
                                    "as Open Referral HSDS names it."),
    publicfields.Flag("is_sample",
                      description="Invented sample record, not a real organisation."),
    publicfields.ApiLink("organisations"),
))
#: The keys of every organisation record, in this order.
ORGANISATION_RECORD_FIELDS = ORGANISATION_FIELDS.record_keys()


def _public_row(organisation):
    if not getattr(organisation, _PUBLIC_ROW, False):
        raise ValueError("A public record needs an organisation fetched with "
                         "public_organisations().")
    return organisation


def public_organisation_record(organisation):
    """THE public record of an organisation, as exports give it: a plain dict with the keys
    of ``ORGANISATION_RECORD_FIELDS``, both languages, hidden contact details empty.
    ``organisation`` must come from :func:`public_organisations`."""
    return ORGANISATION_FIELDS.record(_public_row(organisation))


def public_organisation_api(request, organisation):
    """The API's form of the same public fields (``OrganisationOut``), in the request's
    language; ``organisation`` must come from :func:`public_organisations`."""
    return ORGANISATION_FIELDS.api(_public_row(organisation), request)
