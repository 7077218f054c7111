"""The schema.org description (JSON-LD) of a publication's page."""

from django.utils.translation import get_language

from members.jsonld import NGO_KINDS
from network.core.i18n import LANGUAGE_CODES
from network.core.jsonld import clean, network_ref, text
from network.core.links import absolute_url


def publication_data(request, publication, files):
    """A publication fetched as its page fetches it (public authors, networks, files)."""
    authors = [clean({"@type": "NGO" if author.kind in NGO_KINDS else "Organization",
                      "name": text(author, "name"),
                      "url": absolute_url(request, author.get_absolute_url())})
               for author in publication.public_authors]
    networks = [network_ref(request, network) for network in publication.networks.all()]
    date = ""
    if publication.published_on:
        length = {"year": 4, "month": 7}.get(publication.published_precision, 10)
        date = publication.published_on.isoformat()[:length]
    cover = next((record for record in files if record.cover), None)
    return clean({
        "@context": "https://schema.org", "@type": "Report",
        "name": text(publication, "title"),
        "alternateName": [getattr(publication, f"title_{code}") for code in LANGUAGE_CODES
                          if code != get_language() and getattr(publication, f"title_{code}")],
        "url": absolute_url(request, publication.get_absolute_url()),
        "description": text(publication, "summary"),
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
