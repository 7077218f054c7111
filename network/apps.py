from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles(sender, **kwargs):
    # Permissions are created by post_migrate too; ours runs after theirs because
    # the network app comes after django.contrib.auth in INSTALLED_APPS.
    from .roles import sync_roles

    sync_roles()


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Networks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="network.sync_roles")
        # Connects the security log's signal receivers.
        from . import security  # noqa: F401

        # Any content change invalidates the cached pages.
        from .pagecache import connect_signals

        connect_signals()
