"""The library's published publications in the sitemap."""

from network.core.sitemaps import I18nSitemap

from .models import Publication


class PublicationSitemap(I18nSitemap):
    def items(self):
        return Publication.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, publication):
        return publication.updated_at
