"""/sitemap.xml and /robots.txt.

The sitemap names every public page in both languages, each with its hreflang
alternates; addresses are absolute, from ``SITE_URL`` (else the request's host). It
reads the same QuerySet methods and projection as the pages, so a hidden profile is
never listed. One file holds at most 50,000 addresses: with two languages that is some
25,000 pages, far beyond the directory's size, so there is no sitemap index.
"""

from xml.sax.saxutils import quoteattr

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_GET

from members.models import Organisation
from members.projection import project_all, public_people
from network.core.i18n import LANGUAGE_CODES
from publications.models import Publication

from ..core.links import absolute_url
from ..models import Network


def public_pages():
    """``(url name, kwargs, lastmod)`` of every public page (eight queries: networks,
    organisations, their countries, publications and four for people)."""
    pages = [(name, {}, None) for name in (
        "network:home", "members:organisation-list", "members:country-list",
        "members:person-list", "publications:publication-list")]
    pages += [("network:network-detail", {"slug": slug}, None)
              for slug in Network.objects.values_list("slug", flat=True)]
    organisations = Organisation.objects.public().order_by("slug")
    codes = sorted(set(organisations.values_list("country", flat=True)))
    pages += [("members:country-detail", {"code": code.lower()}, None) for code in codes]
    pages += [("members:organisation-detail", {"slug": slug}, updated)
              for slug, updated in organisations.values_list("slug", "updated_at")]
    # No lastmod for people: it would tell when a hidden detail was edited.
    pages += [("members:person-detail", {"slug": person.slug}, None)
              for person in project_all(public_people().order_by("slug"))]
    pages += [("publications:publication-detail", {"slug": slug}, updated)
              for slug, updated in Publication.objects.published().order_by("slug")
              .values_list("slug", "updated_at")]
    return pages


def _paths(name, kwargs):
    paths = {}
    for code in LANGUAGE_CODES:
        with override(code):
            paths[code] = reverse(name, kwargs=kwargs)
    return paths


def _x_default(path, code):
    # As on the pages: the unprefixed path, which redirects by cookie and browser.
    return path.removeprefix(f"/{code}")


@require_GET
def sitemap(request):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for name, kwargs, lastmod in public_pages():
        paths = _paths(name, kwargs)
        alternates = [(code, absolute_url(request, path)) for code, path in paths.items()]
        first = LANGUAGE_CODES[0]
        alternates.append(("x-default",
                           absolute_url(request, _x_default(paths[first], first))))
        for code in LANGUAGE_CODES:
            lines.append(f"<url><loc>{_text(absolute_url(request, paths[code]))}</loc>")
            if lastmod is not None:
                lines.append(f"<lastmod>{lastmod.date().isoformat()}</lastmod>")
            lines += [f'<xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(url)}/>'
                      for lang, url in alternates]
            lines.append("</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines) + "\n", content_type="application/xml; charset=utf-8")


def _text(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /api/", "",
             f"Sitemap: {absolute_url(request, reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
