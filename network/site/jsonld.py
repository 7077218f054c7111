"""schema.org descriptions (JSON-LD) of network, organisation, person and publication
pages.

Organisations and individual activists are described from their public record
(members.projection) only, so the structured data can never carry a detail the page
itself would not show, nor one a person's consent does not cover.
"""

import json

from django.utils.translation import get_language
from django_countries import countries

from members.models import Organisation
from members.projection import public_organisation_record, public_person_record
from network.core.i18n import LANGUAGE_CODES
from network.core.places import Governorate

from ..core.i18n import translated_value
from ..core.links import absolute_url

NGO_KINDS = (Organisation.Kind.NGO, Organisation.Kind.INTERNATIONAL)


def dumps(data):
    """JSON for a ``<script>`` element: readable Arabic, and no ``</`` or ``<!--`` that
    could end the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _text(obj, field):
    return translated_value(obj, field)[0]


def _others(record, field):
    """The names in the other languages, for ``alternateName``."""
    active = get_language()
    return [record[f"{field}_{code}"] for code in LANGUAGE_CODES
            if code != active and record.get(f"{field}_{code}")]


def _clean(data):
    """``data`` without empty values, so no property says "unknown" by being blank."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def _network_ref(request, network):
    return _clean({"@type": "Organization", "name": _text(network, "name"),
                   "url": absolute_url(request, network.get_absolute_url())})


def network_data(request, network):
    alternate = [_text(network, "short_name")]
    alternate += [getattr(network, f"name_{code}") for code in LANGUAGE_CODES
                  if code != get_language() and getattr(network, f"name_{code}", "")]
    return _clean({
        "@context": "https://schema.org", "@type": "Organization",
        "name": _text(network, "name"),
        "alternateName": [name for name in dict.fromkeys(alternate) if name],
        "url": absolute_url(request, network.get_absolute_url()),
        "description": _text(network, "tagline") or _text(network, "summary"),
        "foundingDate": str(network.founded_year) if network.founded_year else "",
        "sameAs": [network.website] if network.website else [],
    })


def person_data(request, person):
    """A ``PublicPerson`` (members.projection), from its public record: what the consent
    in force covers, nothing else."""
    record = public_person_record(person)
    active = get_language()
    city = person.city_ar if active == "ar" else person.city_en
    city = city or person.city_en or person.city_ar
    address = _clean({"@type": "PostalAddress", "addressLocality": city,
                      "addressCountry": record["country"]})
    organisation = person.organisation
    return _clean({
        "@context": "https://schema.org", "@type": "Person",
        "name": person.name,
        "alternateName": _others(record, "name"),
        "url": absolute_url(request, record[f"url_{active}"]),
        "jobTitle": _text(person, "title"),
        "description": _text(person, "bio"),
        "address": address,
        "email": f"mailto:{record['email']}" if record["email"] else "",
        "telephone": record["phone"],
        "sameAs": [line for line in record["social"]
                   if line.startswith(("https://", "http://"))],
        "worksFor": _clean({
            "@type": "Organization", "name": _text(organisation, "name"),
            "url": absolute_url(request, organisation.get_absolute_url()),
        }) if organisation is not None else {},
        "memberOf": [_network_ref(request, network) for network in person.networks],
    })


def organisation_data(request, organisation):
    """An organisation fetched with ``public_organisations()``, from its public record."""
    record = public_organisation_record(organisation)
    country = {"@type": "Country", "name": countries.name(record["country"]),
               "identifier": record["country"]}
    areas = [country]
    if record["country"] == "IQ" and record["governorate"]:
        areas.append({"@type": "AdministrativeArea",
                      "name": str(dict(Governorate.choices)[record["governorate"]]),
                      "identifier": record["governorate"], "containedInPlace": country})
    current = [membership.network for membership in organisation.memberships.all()
               if membership.until is None]
    links = [line for line in record["social"] if line.startswith(("https://", "http://"))]
    address = record["address"]
    return _clean({
        "@context": "https://schema.org",
        "@type": "NGO" if record["kind"] in NGO_KINDS else "Organization",
        "name": _text(organisation, "name"),
        "alternateName": [*_others(record, "name"), *([record["acronym"]]
                                                      if record["acronym"] else [])],
        "url": absolute_url(request, record[f"url_{get_language()}"]),
        "description": _text(organisation, "description"),
        "foundingDate": str(record["founded_year"]) if record["founded_year"] else "",
        "sameAs": [url for url in [record["website"], *links] if url],
        "memberOf": [_network_ref(request, network) for network in current],
        "areaServed": areas if len(areas) > 1 else country,
        "knowsLanguage": record["languages"],
        "email": record["email"], "telephone": record["phone"],
        "address": {"@type": "PostalAddress", "streetAddress": address} if address else "",
    })


def publication_data(request, publication, files):
    """A publication fetched as its page fetches it (public authors, networks, files)."""
    authors = [_clean({"@type": "NGO" if author.kind in NGO_KINDS else "Organization",
                       "name": _text(author, "name"),
                       "url": absolute_url(request, author.get_absolute_url())})
               for author in publication.public_authors]
    networks = [_network_ref(request, network) for network in publication.networks.all()]
    date = ""
    if publication.published_on:
        length = {"year": 4, "month": 7}.get(publication.published_precision, 10)
        date = publication.published_on.isoformat()[:length]
    cover = next((record for record in files if record.cover), None)
    return _clean({
        "@context": "https://schema.org", "@type": "Report",
        "name": _text(publication, "title"),
        "alternateName": [getattr(publication, f"title_{code}") for code in LANGUAGE_CODES
                          if code != get_language() and getattr(publication, f"title_{code}")],
        "url": absolute_url(request, publication.get_absolute_url()),
        "description": _text(publication, "summary"),
        "author": authors or networks,
        "publisher": networks,
        "datePublished": date,
        "inLanguage": [record.language for record in files],
        "image": absolute_url(request, cover.get_cover_url()) if cover else "",
        "encoding": [{"@type": "MediaObject",
                      "contentUrl": absolute_url(request, record.get_absolute_url()),
                      "encodingFormat": "application/pdf", "inLanguage": record.language,
                      "contentSize": f"{record.size} B"}
                     for record in files],
    })
