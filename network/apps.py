from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .core import staleness
from .core.generation import connect_signals


def sync_roles(sender, using, apps=global_apps, **kwargs):
    """Keep the role groups in step after every ``migrate``."""
    from django.contrib.auth.management import create_permissions

    from .core.roles import role_models
    from .core.roles import sync_roles as sync

    # A migrate that stops short of the groups or of some model a role names (``migrate
    # members 0001``) leaves the roles to the migrate that brings it. A model unknown to
    # the code is a typo in ROLES: sync() says so.
    for app_label, model_name in {("auth", "group"), ("auth", "permission"), *role_models()}:
        try:
            global_apps.get_model(app_label, model_name)
        except LookupError:
            continue
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return
    # Django creates an app's permissions in that app's own post_migrate, in the order
    # of INSTALLED_APPS: on an empty database, those of members and publications (after
    # network) do not exist yet. Create them now, so the first migrate completes every
    # role.
    for app_label in sorted({app_label for app_label, _model in role_models()}):
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using,
                           apps=apps)
    sync(using=using)


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Networks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="network.sync_roles")
        # First, so that a record's flags are written before its save moves the content
        # generation on (when no transaction defers that).
        staleness.connect_signals()
        # Any content change moves the content generation on (cached pages go stale).
        connect_signals()
