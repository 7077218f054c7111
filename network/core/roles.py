"""Staff roles and what each may touch.

Roles are groups kept in step with :data:`ROLES` by every ``migrate``, the first one
on an empty database included (and by ``manage.py sync_roles``). A network curator's
networks are ``Network.curators``.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q

CURATOR = "network curator"
LIBRARIAN = "librarian"

# Permission codenames per role, as "app_label.action_model". Nobody but a superuser
# deletes: curators and librarians archive instead.
ROLES = {
    CURATOR: [
        *(f"members.{action}_{model}" for model in ("organisation", "membership", "person",
                                                     "consent")
          for action in ("view", "add", "change")),
        # The queue of applications to join her networks: read and decided, never added.
        "members.view_application", "members.change_application",
        *(f"network.{action}_{model}" for model in ("chartervalue", "approachsection",
                                                     "approachpoint", "milestone")
          for action in ("view", "add", "change")),
        "network.view_network", "network.change_network",
        "network.view_track", "network.change_track",
        # The review queue of managers' proposals (members/proposals.py).
        "members.view_proposal", "members.change_proposal",
        # Messages through the contact relay, read-only (members/relay.py).
        "members.view_message",
    ],
    LIBRARIAN: [
        *(f"publications.{action}_{model}" for model in ("publication", "publicationfile",
                                                          "keyarea", "series")
          for action in ("view", "add", "change")),
        # To choose the networks and tracks of a brief. Not organisations: she picks a
        # brief's authors by their public names (publications.admin.AuthorPicker), and
        # never opens an organisation's page, contacts or export.
        "network.view_network", "network.view_track",
    ],
}


def role_models():
    """The ``(app_label, model_name)`` of every model a role's permission is about."""
    return {(app_label, codename.split("_", 1)[1])
            for codenames in ROLES.values()
            for app_label, codename in (dotted.split(".") for dotted in codenames)}


def role_permissions(codenames, using=DEFAULT_DB_ALIAS):
    """The permissions named ``app_label.codename``; raises on any that does not exist."""
    wanted = Q()
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.using(using).filter(wanted).select_related("content_type"))
    missing = set(codenames) - {f"{permission.content_type.app_label}.{permission.codename}"
                                for permission in found}
    if missing:
        # A typo in ROLES, or a database not migrated yet: a role silently short of a
        # permission is what this refuses.
        raise ImproperlyConfigured(
            "Unknown permissions in network.roles.ROLES (or the database is not migrated): "
            + ", ".join(sorted(missing)))
    return found


def sync_roles(using=DEFAULT_DB_ALIAS):
    """Create the role groups and give each exactly its permissions, or change nothing
    when any permission is unknown."""
    permissions = {name: role_permissions(codenames, using) for name, codenames in ROLES.items()}
    with transaction.atomic(using=using):
        for name, wanted in permissions.items():
            group, _created = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(wanted)


def has_role(user, role):
    return user.is_active and user.is_staff and any(
        group.name == role for group in user.groups.all())


def curated_networks(user):
    """The networks whose records ``user`` may edit: all for a superuser."""
    Network = apps.get_model("network", "Network")
    if not (user.is_active and user.is_staff):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    if not has_role(user, CURATOR):
        return Network.objects.none()
    return Network.objects.filter(curators=user)


def sees_everything(user):
    return user.is_active and user.is_superuser


def role_of(user):
    """``(role, networks)`` of ``user``: her role group's name ("" for none) and the
    networks she curates."""
    names = {group.name for group in user.groups.all()}
    role = next((name for name in (CURATOR, LIBRARIAN) if name in names), "")
    return role, user.curated_networks.all() if role == CURATOR else []


def assign_role(user, role, networks=()):
    """Make ``user`` a curator of ``networks``, a librarian, or neither (``role`` None):
    her role group, staff flag and curated networks, in one transaction."""
    Network = apps.get_model("network", "Network")
    with transaction.atomic():
        user.groups.remove(*Group.objects.filter(name__in=ROLES))
        if role:
            user.groups.add(Group.objects.get(name=role))
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        user.curated_networks.set(networks if role == CURATOR else Network.objects.none())
