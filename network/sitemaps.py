"""The networks' pages in the sitemap."""

from .core.sitemaps import I18nSitemap
from .models import Network


class NetworkSitemap(I18nSitemap):
    def items(self):
        return Network.objects.only("slug")
