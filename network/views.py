"""Public pages of the network app: one page per network."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from members.projection import public_people_count
from members.stats import network_member_figures
from publications.search import network_publications

from .core.staleness import Outdated
from .models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track


def network_with_content(slug):
    """One network with everything its page shows, prefetched: the first
    also counts its ``public_people``."""
    queryset = Network.objects.annotate(public_people=public_people_count()).prefetch_related(
        "values",
        Prefetch("approach_sections",
                 queryset=ApproachSection.objects.prefetch_related("points")),
        "tracks",
        "milestones",
    )
    return get_object_or_404(queryset, slug=slug)


def network_detail(request, slug):
    network = network_with_content(slug)
    publications = network_publications(network)
    sections = network.approach_sections.all()
    # Its texts in this language that may be outdated, and those of what it shows: one query.
    outdated = Outdated(get_language(), [
        (Network, [network.pk]),
        (CharterValue, [value.pk for value in network.values.all()]),
        (ApproachSection, [section.pk for section in sections]),
        (ApproachPoint, [point.pk for section in sections for point in section.points.all()]),
        (Track, [track.pk for track in network.tracks.all()]),
        (Milestone, [milestone.pk for milestone in network.milestones.all()]),
    ])
    return render(request, "network/network_detail.html", {
        "network": network, "directory": network_member_figures(network),
        "publications": publications, "outdated": outdated})

