"""schema.org descriptions (JSON-LD) of organisation and person pages.

They are built from the public record (members.projection) only, so the structured data
can never carry a detail the page itself would not show, nor one a person's consent does
not cover.
"""

from django.utils.translation import get_language
from django_countries import countries

from network.core.jsonld import clean, network_ref, others, text
from network.core.links import absolute_url
from network.core.places import Governorate

from .models import Organisation
from .projection import public_organisation_record, public_person_record

NGO_KINDS = (Organisation.Kind.NGO, Organisation.Kind.INTERNATIONAL)


def person_data(request, person):
    """A ``PublicPerson`` (members.projection), from its public record: what the consent
    in force covers, nothing else."""
    record = public_person_record(person)
    active = get_language()
    city = person.city_ar if active == "ar" else person.city_en
    city = city or person.city_en or person.city_ar
    address = clean({"@type": "PostalAddress", "addressLocality": city,
                     "addressCountry": record["country"]})
    organisation = person.organisation
    return clean({
        "@context": "https://schema.org", "@type": "Person",
        "name": person.name,
        "alternateName": others(record, "name"),
        "url": absolute_url(request, record[f"url_{active}"]),
        "jobTitle": text(person, "title"),
        "description": text(person, "bio"),
        "address": address,
        "email": f"mailto:{record['email']}" if record["email"] else "",
        "telephone": record["phone"],
        "sameAs": [line for line in record["social"]
                   if line.startswith(("https://", "http://"))],
        "worksFor": clean({
            "@type": "Organization", "name": text(organisation, "name"),
            "url": absolute_url(request, organisation.get_absolute_url()),
        }) if organisation is not None else {},
        "memberOf": [network_ref(request, network) for network in person.networks],
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
    return clean({
        "@context": "https://schema.org",
        "@type": "NGO" if record["kind"] in NGO_KINDS else "Organization",
        "name": text(organisation, "name"),
        "alternateName": [*others(record, "name"), *([record["acronym"]]
                                                     if record["acronym"] else [])],
        "url": absolute_url(request, record[f"url_{get_language()}"]),
        "description": text(organisation, "description"),
        "foundingDate": str(record["founded_year"]) if record["founded_year"] else "",
        "sameAs": [url for url in [record["website"], *links] if url],
        "memberOf": [network_ref(request, network) for network in current],
        "areaServed": areas if len(areas) > 1 else country,
        "knowsLanguage": record["languages"],
        "email": record["email"], "telephone": record["phone"],
        "address": {"@type": "PostalAddress", "streetAddress": address} if address else "",
    })
