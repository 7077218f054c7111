"""The schema.org description (JSON-LD) of a network's page."""

from django.utils.translation import get_language

from .core.i18n import LANGUAGE_CODES
from .core.jsonld import clean, text
from .core.links import absolute_url


def network_data(request, network):
    alternate = [text(network, "short_name")]
    alternate += [getattr(network, f"name_{code}") for code in LANGUAGE_CODES
                  if code != get_language() and getattr(network, f"name_{code}", "")]
    return clean({
        "@context": "https://schema.org", "@type": "Organization",
        "name": text(network, "name"),
        "alternateName": [name for name in dict.fromkeys(alternate) if name],
        "url": absolute_url(request, network.get_absolute_url()),
        "description": text(network, "tagline") or text(network, "summary"),
        "foundingDate": str(network.founded_year) if network.founded_year else "",
        "sameAs": [network.website] if network.website else [],
    })
