"""/sitemap.xml and /robots.txt.

The sitemap (``django.contrib.sitemaps``) assembles the apps' sitemaps: every public page
in both languages, each with its hreflang alternates; addresses are absolute, from
``SITE_URL`` (else the request's host). The apps' sitemaps read the same QuerySet methods
and projection as the pages, so a hidden profile is never listed. One file holds at most
50,000 addresses: with two languages that is some 25,000 pages, far beyond the
directory's size, so there is no sitemap index.
"""

from django.contrib.sitemaps import views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from members.sitemaps import CountrySitemap, OrganisationSitemap, PersonSitemap
from network.core.links import absolute_url
from network.core.sitemaps import I18nSitemap
from network.sitemaps import NetworkSitemap
from publications.sitemaps import PublicationSitemap


class PageSitemap(I18nSitemap):
    """The home page and the lists."""

    def items(self):
        return ["network:home", "members:organisation-list", "members:country-list",
                "members:person-list", "publications:publication-list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "networks": NetworkSitemap,
    "countries": CountrySitemap,
    "organisations": OrganisationSitemap,
    "people": PersonSitemap,
    "publications": PublicationSitemap,
}


@require_GET
def sitemap(request):
    return views.sitemap(request, sitemaps=SITEMAPS,
                         content_type="application/xml; charset=utf-8")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /api/", "",
             f"Sitemap: {absolute_url(request, reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
