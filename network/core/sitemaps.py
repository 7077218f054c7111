"""What every app's sitemap shares: each page in every language, with its hreflang
alternates and x-default, at an address that starts with ``SITE_URL`` when it is set."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class I18nSitemap(Sitemap):
    """A sitemap of pages in each of ``settings.LANGUAGES``, with their alternates."""

    i18n = True
    alternates = True
    # The unprefixed address, which redirects by cookie and browser, as on the pages.
    x_default = True

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[0]
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[1]
        return super().get_domain(site)
