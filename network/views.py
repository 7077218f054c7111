"""Public pages of the network app: one page per network."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from members.projection import public_people_count
from members.stats import network_member_figures
from publications.search import network_publications

from .models import ApproachSection, Network


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
    return render(request, "network/network_detail.html", {
        "network": network, "directory": network_member_figures(network),
        "publications": publications})

