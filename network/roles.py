"""Staff roles and what each may touch.

Roles are groups kept in step with :data:`ROLES` after every ``migrate`` (and by
``manage.py sync_roles``). A network curator's networks are ``Network.curators``.
"""

from django.contrib.auth.models import Group, Permission
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
        *(f"network.{action}_{model}" for model in ("chartervalue", "approachsection",
                                                     "approachpoint", "milestone")
          for action in ("view", "add", "change")),
        "network.view_network", "network.change_network",
        "network.view_track", "network.change_track",
    ],
    LIBRARIAN: [
        *(f"publications.{action}_{model}" for model in ("publication", "publicationfile",
                                                          "keyarea", "series")
          for action in ("view", "add", "change")),
        # To choose the authoring organisations and the networks of a brief.
        "members.view_organisation",
        "network.view_network", "network.view_track",
    ],
}


def sync_roles():
    """Create the role groups and give each exactly its permissions."""
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q()
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


def has_role(user, role):
    return user.is_active and user.is_staff and any(
        group.name == role for group in user.groups.all())


def curated_networks(user):
    """The networks whose records ``user`` may edit: all for a superuser."""
    from .models import Network

    if not (user.is_active and user.is_staff):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    if not has_role(user, CURATOR):
        return Network.objects.none()
    return Network.objects.filter(curators=user)


def sees_everything(user):
    return user.is_active and user.is_superuser
