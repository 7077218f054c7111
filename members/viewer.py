"""Who is looking: the networks whose "network members" tier a request's user may see.

* Anonymous visitors, and accounts that belong to no network, see the public tier only.
* A member account sees the member tier of the networks she belongs to: those of the
  organisations she manages (memberships not ended before this year) and those her own
  listing is in.
* Staff who passed the second factor see it for the networks they curate (every network
  for a superuser). Staff-only fields are never shown on public pages, to anyone: they
  are for the admin.

Pages that depend on the viewer are sent ``Cache-Control: private`` (:func:`per_viewer`);
the shared page cache already skips any request with a session. The API and the downloads
stay public-only: they never take a viewer.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.utils.cache import patch_cache_control, patch_vary_headers

from network.core.roles import curated_networks

from .models import Membership, Person, Visibility


@dataclass(frozen=True)
class Viewer:
    """The ids of the networks whose member tier this viewer sees (none: the public)."""

    networks: frozenset = field(default_factory=frozenset)

    @property
    def is_public(self):
        return not self.networks

    def shown(self, network_ids):
        """The visibility levels shown of a record in the networks ``network_ids``."""
        if self.networks.isdisjoint(network_ids):
            return (Visibility.PUBLIC,)
        return (Visibility.PUBLIC, Visibility.MEMBERS)


PUBLIC = Viewer()


def member_networks(user):
    """The ids of the networks ``user`` belongs to as a member (see the module's text)."""
    ids = set(Membership.objects.current().filter(organisation__managers=user)
              .values_list("network_id", flat=True))
    ids.update(Person.networks.through.objects.filter(person__account=user)
               .values_list("network_id", flat=True))
    return ids


def viewer_of(request):
    """The :class:`Viewer` of this request (worked out once per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    viewer = getattr(request, "_directory_viewer", None)
    if viewer is None:
        networks = member_networks(user)
        # Staff only once past the second factor: a curator's password alone (before she
        # enrols a device) shows nothing beyond her own memberships.
        if user.is_staff and getattr(user, "is_verified", lambda: False)():
            networks.update(curated_networks(user).values_list("pk", flat=True))
        viewer = request._directory_viewer = Viewer(frozenset(networks))
    return viewer


def per_viewer(view):
    """For a page whose content depends on who is signed in: ``Cache-Control: private``
    and ``Vary: Cookie`` whenever a user is signed in, so that no shared cache keeps it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response

    return wrapped
