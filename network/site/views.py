"""Whole-site pages: the home page and the search over every app."""

from django import forms
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from members.viewer import per_viewer, viewer_of
from publications.search import latest_publications, search_publications

from ..core.search import MAX_QUERY_LENGTH
from ..models import CharterValue, Milestone, Network, Track
from .sitesearch import (
    RESULTS_PER_SECTION,
    search_networks,
    search_organisations,
    search_people,
    suggestions,
)


def networks_for_home():
    """Networks with their counts of charter values, tracks and milestones."""

    # A subquery per count: joining all three would multiply their rows.
    def count(model, link="network"):
        rows = (model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link)
                .annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return Network.objects.annotate(
        value_count=count(CharterValue),
        track_count=count(Track.networks.through),
        milestone_count=count(Milestone),
    )


def home(request):
    return render(request, "network/home.html", {"networks": networks_for_home(),
                                                  "latest_publications": latest_publications(3)})


def favicon(request):
    """Browsers and the admin ask for /favicon.ico whatever the page declares."""
    return redirect(static("favicon.svg"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True,
                        max_length=MAX_QUERY_LENGTH)


@per_viewer
def search(request):
    """One box over networks, organisations, individual activists and publications."""
    viewer = viewer_of(request)
    form = SearchForm(request.GET)
    context = {"form": form, "query": ""}
    if not form.is_valid():
        return render(request, "network/search.html", context, status=400)
    query = form.cleaned_data["q"]
    context["query"] = query
    if query:
        organisations, organisation_total, exact = search_organisations(
            query, RESULTS_PER_SECTION, viewer)
        network_hits = search_networks(query)
        context.update(
            network_hits=network_hits,
            organisations=organisations, organisation_total=organisation_total,
        )
        people, people_total, people_exact = search_people(query, viewer=viewer)
        context.update(people=people, people_total=people_total)
        context["shows_sample"] = any(o.is_sample for o in context["organisations"] + people)
        if not any(o.is_sample for o in context["organisations"]):
            context["sample_kind"] = "people"
        publications, publication_total, publications_exact = search_publications(
            query, RESULTS_PER_SECTION)
        context.update(publications=publications, publication_total=publication_total)
        if not (exact or people_exact or publications_exact or network_hits):
            context["suggestions"] = suggestions(query, organisations, people, publications)
    return render(request, "network/search.html", context)
