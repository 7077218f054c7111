"""Figures computed from the directory (as opposed to the figures a network states)."""

from django.db.models import Count, Q

from .models import Membership, Organisation


def network_member_figures(network):
    """Public member organisations of ``network``: the total, how many of them are
    invented sample records, the count per track of the network, largest first, and the
    countries they are in."""
    members = Organisation.objects.public().filter(
        id__in=Membership.objects.filter(network=network).values("organisation_id"))
    per_track = dict(
        members.filter(tracks__networks=network).order_by().values_list("tracks")
        .annotate(n=Count("id", distinct=True))
    )
    counts = members.aggregate(total=Count("id"), samples=Count("id", filter=Q(is_sample=True)))
    tracks = sorted(((track, per_track.get(track.pk, 0)) for track in network.tracks.all()),
                    key=lambda pair: (-pair[1], pair[0].order))
    largest = max((n for _track, n in tracks), default=0)
    return {
        "total": counts["total"],
        "samples": counts["samples"],
        "countries": members.order_by().values("country").distinct().count(),
        "tracks": [{"track": track, "count": n,
                    "percent": round(100 * n / largest) if largest else 0}
                   for track, n in tracks],
    }
