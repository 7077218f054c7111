"""Public pages of the directory: the list, profiles, countries, individual activists."""

from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from network.core import downloads
from network.core.feeds import feed_link
from network.core.listing import active_filters, in_order, paginate, without_empty_parameters
from network.core.places import Governorate
from network.core.sorting import sort_by_name
from network.core.staleness import Outdated
from network.models import Network

from .filters import (
    OrganisationFilter,
    PersonFilter,
    directory_facets,
    facets_for,
    localized_name_order,
)
from .geo import map_buckets, world_map_svg
from .models import Membership, Organisation, Person, Visibility, with_list_details
from .projection import (
    organisation_contacts,
    project_all,
    public_people,
    public_person,
    visible_organisations,
)
from .relay import organisation_receives
from .viewer import per_viewer, viewer_of

PAGE_SIZE = 24


@per_viewer
def organisation_list(request):
    """The directory: filters, facet counts, sort and pagination, all in the URL.

    Invalid filter values answer 400 with a message beside the filter; the valid ones
    still apply, so the visitor keeps the rest of the search.
    """
    redirect = without_empty_parameters(request)
    if redirect is not None:
        return redirect
    viewer = viewer_of(request)
    visible = Organisation.objects.visible(viewer.networks)
    facets = facets_for(viewer)
    filterset = OrganisationFilter(request.GET, queryset=visible, request=request)
    valid = filterset.is_valid()
    ordered, counts = filterset.from_facets(facets)
    page, page_error = paginate(request, ordered, PAGE_SIZE)
    organisations = []
    if page is not None:
        # Evaluate the page once; templates test ``page`` and loop over its rows.
        organisations = page.object_list = in_order(with_list_details(visible),
                                                    page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    options = filterset.facet_options(counts)
    context = {
        "filterset": filterset, "form": filterset.form, "sort": filterset.sort_choice,
        "options": options, "chips": filterset.chips(request, options),
        "page": page, "page_error": page_error, "organisations": organisations,
        "total": page.paginator.count if page is not None else 0,
        "shows_sample": any(o.is_sample for o in organisations),
        "query_without_page": query.urlencode(), "download_cap": downloads.MAX_ROWS,
    }
    context.update(feed_link("members:organisation-feed", OrganisationFilter, request.GET),
                   follow_list="members")
    status = 200 if valid and page is not None else 400
    return render(request, "members/organisation_list.html", context, status=status)


@per_viewer
def organisation_detail(request, slug):
    """One organisation as the viewer may see it, with its memberships (and networks),
    tracks, contact details, the publications it authored and the people who agreed to be
    shown with it."""
    viewer = viewer_of(request)
    organisation = get_object_or_404(visible_organisations(viewer), slug=slug)
    people = project_all(public_people(viewer=viewer).filter(organisation=organisation)
                         .order_by(localized_name_order(), "id"), viewer)
    # The projection drops the organisation when the consent does not cover it; such
    # a person may be public, but not as one of this organisation's people.
    people = [person for person in people if person.organisation is not None]
    contacts = organisation_contacts(organisation, viewer)
    return render(request, "members/organisation_detail.html", {
        "organisation": organisation, "contacts": contacts, "people": people,
        "viewer": viewer, "receives_messages": organisation_receives(organisation),
        # Said on the page: what is shown to this network's members only.
        "members_tier": not viewer.is_public and (
            organisation.visibility != Visibility.PUBLIC
            or contacts != organisation_contacts(organisation)),
        "shows_sample": organisation.is_sample or any(p.is_sample for p in people),
        "sample_kind": "organisations" if organisation.is_sample else "people",
        # Through the reverse relation: members knows nothing of the publications app.
        "publications": organisation.publications.published().newest_first()
                        .select_related("series"),
        # Its texts in this language that may be outdated: one query.
        "outdated": Outdated(get_language(), [(Organisation, [organisation.pk])]),
    })


def country_counts(networks, network=None):
    """Public organisations per country, in total and per network, from the directory's
    facet counts; only ``network``'s members when it is given."""
    facets = directory_facets.get()
    within = facets.all if network is None else facets.bits("network", network.slug)
    totals = facets.counts("country", within)
    per_network = {each.slug: facets.counts("country", within & facets.bits("network", each.slug))
                   for each in networks}
    result = [{"code": code, "name": countries.name(code), "total": total,
               "per_network": [(each, per_network[each.slug].get(code, 0))
                               for each in networks]}
              for code, total in totals.items()]
    return sort_by_name(result, name=lambda item: item["name"])


def country_list(request):
    """Partners per country as a table and a map, for both networks or one of them
    (``?network=<slug>``, a plain link)."""
    redirect = without_empty_parameters(request)
    if redirect is not None:
        return redirect
    networks = list(Network.objects.all())
    slug = request.GET.get("network")
    network = next((each for each in networks if each.slug == slug), None)
    error = None
    if slug is not None and network is None:
        error = _("Unknown network: choose one of the links above.")
    rows = country_counts(networks, network)
    counts = {row["code"]: row["total"] for row in rows}
    if network is not None:
        title = _("Partners of %(network)s by country") % {"network": network.short_name}
    else:
        title = _("Partners by country")
    world_map = world_map_svg(
        counts,
        title=title,
        description=_("World map: countries are shaded by their number of partner "
                      "organisations. The same figures are in the table above."),
        link=lambda code: f"{request.path}{code.lower()}/",
    )
    return render(request, "members/country_list.html", {
        "networks": networks, "network": network, "network_error": error,
        "rows": rows, "world_map": world_map,
        "buckets": map_buckets(counts), "total": sum(counts.values()),
        "shows_sample": Organisation.objects.public().filter(is_sample=True).exists(),
    }, status=400 if error else 200)


def country_detail(request, code):
    """One country's partners, paginated; for Iraq, counted and grouped by governorate."""
    code = code.upper()
    if code not in dict(countries):
        raise Http404(_("Unknown country code."))
    base = Organisation.objects.public().filter(country=code)
    ordering = [localized_name_order(), "id"]
    governorates = []
    if code == "IQ":
        labels = dict(Governorate.choices)
        counts = dict(base.order_by().values_list("governorate").annotate(n=Count("id")))
        governorates = sort_by_name(
            [{"code": key, "name": str(labels[key]), "count": counts[key]}
             for key in counts if key],
            name=lambda group: group["name"])
        if governorates:
            # Without any When, Case() is a bare constant: "ORDER BY 0" on PostgreSQL.
            positions = Case(*(When(governorate=g["code"], then=Value(i))
                               for i, g in enumerate(governorates)),
                             default=Value(len(governorates)), output_field=IntegerField())
            ordering.insert(0, positions)
    page, page_error = paginate(request, base.order_by(*ordering), PAGE_SIZE)
    # One page of the country's public activists; the people list has the rest.
    people = project_all(public_people().filter(country=code)
                         .order_by(localized_name_order(), "id")[:PAGE_SIZE])
    if page is not None and page.paginator.count == 0 and not people:
        raise Http404(_("No partner is listed in this country."))
    organisations = []
    if page is not None:
        organisations = page.object_list = list(with_list_details(page.object_list))
    per_network = (Membership.objects.filter(organisation__in=base.values("id"))
                   .order_by("network__order").values("network__slug", "network__order")
                   .annotate(n=Count("organisation", distinct=True)))
    networks = {network.slug: network for network in Network.objects.all()}
    return render(request, "members/country_detail.html", {
        "people": people, "people_more": len(people) == PAGE_SIZE,
        "code": code, "name": countries.name(code), "page": page, "page_error": page_error,
        "organisations": organisations, "governorates": governorates,
        "governorate_labels": dict(Governorate.choices),
        "per_network": [(networks[row["network__slug"]], row["n"]) for row in per_network],
        "shows_sample": any(o.is_sample for o in organisations + people),
    }, status=200 if page is not None else 400)


# Individual activists --------------------------------------------------------------------

@per_viewer
def person_list(request):
    """Public individual activists by name, searched by name and filtered by network and
    country with counts, paginated.

    Invalid filter values answer 400 with a message, as in the directory.
    """
    redirect = without_empty_parameters(request)
    if redirect is not None:
        return redirect
    viewer = viewer_of(request)
    filterset = PersonFilter(request.GET, queryset=public_people(viewer=viewer),
                             request=request)
    valid = filterset.is_valid()
    page, page_error = paginate(request, filterset.qs.order_by(localized_name_order(), "id"),
                                PAGE_SIZE)
    people = []
    if page is not None:
        people = page.object_list = project_all(page.object_list, viewer)
    data = filterset.form.cleaned_data
    # Counts over the people the viewer may see only: the network and country are shown
    # under any consent, so counting them reveals nothing the list does not.
    public = Person.objects.visible(viewer.networks)
    by_country = dict(filterset.filtered_except(public, "country").order_by()
                      .values_list("country").annotate(n=Count("pk", distinct=True)))
    if data.get("country"):
        by_country.setdefault(data["country"], 0)
    in_network = (filterset.filtered_except(public, "network")
                  .filter(networks=OuterRef("pk")).order_by().values("networks")
                  .annotate(n=Count("pk", distinct=True)).values("n"))
    networks = Network.objects.annotate(
        people_count=Coalesce(Subquery(in_network, output_field=IntegerField()), 0))
    country_names = {code: countries.name(code) for code in by_country}
    network_options = [
        {"value": network.slug, "label": network.name, "count": network.people_count,
         "selected": data.get("network") == network} for network in networks]
    country_options = [
        {"value": code, "label": country_names[code], "count": by_country[code],
         "selected": data.get("country") == code}
        for code in sort_by_name(by_country, name=country_names.get)]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": filterset.form, "page": page, "page_error": page_error, "people": people,
        "total": page.paginator.count if page is not None else 0,
        "options": {"network": network_options, "country": country_options},
        "chips": active_filters(request, {
            "q": (_("Name"), {}),
            "network": (_("Network"), {o["value"]: o["label"] for o in network_options}),
            "country": (_("Country"), country_names),
        }),
        "shows_sample": any(person.is_sample for person in people),
        "query_without_page": query.urlencode(),
    }
    status = 200 if valid and page is not None else 400
    return render(request, "members/person_list.html", context, status=status)


@per_viewer
def person_detail(request, slug):
    """One person as the projection shows her or him to the viewer. Anyone else —
    hidden, without consent, consent withdrawn or lapsed — is simply not found."""
    viewer = viewer_of(request)
    person = public_person(slug, viewer=viewer)
    if person is None:
        raise Http404(_("No page at this address."))
    # The projection carries no key: her texts that may be outdated are found by her slug,
    # in one query.
    outdated = Outdated(get_language(), [(Person, Person.objects.filter(slug=slug).values("pk"))])
    return render(request, "members/person_detail.html", {
        "person": person, "shows_sample": person.is_sample, "viewer": viewer,
        "members_tier": not viewer.is_public and person != public_person(slug),
        "person_outdated": outdated.fields(Person)})
