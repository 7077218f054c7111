"""Public pages of the network app: home and one page per network."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static

from .models import ApproachSection, Network


def networks_for_home():
    """Networks with their counts of charter values, tracks and milestones (one query)."""
    return Network.objects.annotate(
        value_count=Count("values", distinct=True),
        track_count=Count("tracks", distinct=True),
        milestone_count=Count("milestones", distinct=True),
    )


def network_with_content(slug):
    """One network with everything its page shows, prefetched (six queries)."""
    queryset = Network.objects.prefetch_related(
        "values",
        Prefetch("approach_sections",
                 queryset=ApproachSection.objects.prefetch_related("points")),
        "tracks",
        "milestones",
    )
    return get_object_or_404(queryset, slug=slug)


def home(request):
    return render(request, "network/home.html", {"networks": networks_for_home()})


def network_detail(request, slug):
    return render(request, "network/network_detail.html",
                  {"network": network_with_content(slug)})


def favicon(request):
    """Browsers and the admin ask for /favicon.ico whatever the page declares."""
    return redirect(static("favicon.svg"))
