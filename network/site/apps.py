from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "network.site"
    label = "network_site"
    verbose_name = _("Whole site")

    def ready(self):
        # Connects the security log's signal receivers.
        from . import security  # noqa: F401
