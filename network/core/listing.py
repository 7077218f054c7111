"""What the directory and the library share: faceted filter sets and validated pages."""

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from .facets import plain
from .i18n import translated_value
from .search import (
    MAX_QUERY_LENGTH,
    closest,
    forgiving_ranks,
    match,
    name_rank,
    needs_fuzzy,
)
from .sorting import country_name, sort_by_name
from .text import terms

RELEVANCE = "relevance"


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 country code, refused as a choice field refuses an unknown choice.

    Validated against the codes only: a choice field would translate and sort every
    country's name, and copy the list, on each request."""

    default_error_messages = {"invalid_choice": forms.ChoiceField.default_error_messages[
        "invalid_choice"]}

    def __init__(self, *, strip=False, **kwargs):
        super().__init__(strip=strip, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value not in countries.countries:
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": value})


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose every field is optional, with free text (``q``), a ``sort``
    choice that filters nothing, and its order and facet counts from a
    :class:`network.core.facets.Facets` of ids (``from_facets``).

    Subclasses declare ``FACETS`` (``{filter: lookup path or callable}``, in the order
    shown: how to read each filter's values), ``facet_orders``, ``fuzzy_field`` (a short
    folded column for ranking and typo-tolerant matching), ``label_field`` (the translated
    field naming a row in "did you mean"), ``default_sort`` and ``order_rows``.
    """

    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="filter_text",
                                  max_length=MAX_QUERY_LENGTH, strip=True)
    FACETS = {}
    fuzzy_field = None
    label_field = "name"
    default_sort = None
    #: The primary keys of the closest rows when nothing matches the text query exactly.
    closest_pks = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty selection means "any", not "invalid".
        for field in self.form.fields.values():
            field.required = False

    def filter_text(self, queryset, name, value):
        return match(queryset, value, rank=False, **self.text_options)

    def filter_nothing(self, queryset, name, value):
        return queryset

    @cached_property
    def text_options(self):
        """Exact matching, or typo-tolerant matching when nothing matches exactly."""
        return {"fuzzy": needs_fuzzy(self.queryset, self.query),
                "fuzzy_field": self.fuzzy_field}

    @classmethod
    def facet_orders(cls, queryset):
        """``{order name: primary keys of queryset in that order}``."""
        raise NotImplementedError

    def facet_key(self, name, value):
        """The value of filter ``name`` among the facets' bitmaps: the field a model choice
        is named by (its slug), else the cleaned value."""
        to_field = self.filters[name].extra.get("to_field_name")
        return getattr(value, to_field) if to_field else value

    def within(self, facets, text=None, skip=None):
        """The rows that every valid filter but ``skip`` keeps, within the rows matching
        the text query (``text``, a bitmap) when there is one."""
        within = facets.all if text is None else text
        for name, value in self.form.cleaned_data.items():
            if name in (skip, "sort", "q") or value in (None, ""):
                continue
            within &= facets.bits(name, self.facet_key(name, value))
        return within

    def text_ranks(self, order=()):
        """``({primary key: rank}, exact)`` of the rows matching the text query, in
        ``order`` (expressions for ``order_by``) when given.

        The database finds the rows whose folded text holds every term (a trigram index
        on PostgreSQL, ``LIKE`` elsewhere); they rank by how the terms match their folded
        names (:func:`network.core.search.name_rank`). When none does, the names are matched
        within a typo (:func:`network.core.search.forgiving_ranks`), the same on every database,
        and the closest rows are kept for ``suggestions``."""
        words = terms(self.query)
        queryset = plain(self.queryset).order_by(*order)
        found = match(queryset, self.query, rank=False).values_list("pk", self.fuzzy_field)
        ranks = {pk: name_rank(words, names or "") for pk, names in found}
        if ranks or not words:
            return ranks, True
        names = {pk: text or "" for pk, text in queryset.values_list("pk", self.fuzzy_field)}
        forgiven = forgiving_ranks(words, names)
        ranks = {pk: forgiven[pk] for pk in names if pk in forgiven}
        self.closest_pks = closest(ranks)
        return ranks, False

    @cached_property
    def suggestions(self):
        """The closest rows' names when nothing matched the text query exactly ("did you
        mean"), in the active language; read only when a page shows them."""
        if not self.closest_pks:
            return []
        labelled = {row.pk: row for row in self.queryset.filter(pk__in=self.closest_pks)}
        return list(dict.fromkeys(translated_value(labelled[pk], self.label_field)[0]
                                  for pk in self.closest_pks if pk in labelled))

    def from_facets(self, facets, order=None):
        """``(primary keys in the chosen order, or in ``order``, facet counts)``: the same
        rows, counts and order as the SQL filters give."""
        ranks = None
        text = None
        if self.query:
            ranks, _exact = self.text_ranks()
            text = facets.bits_of(ranks)
        counts = {name: facets.counts(name, self.within(facets, text, skip=name))
                  for name in self.FACETS}
        within = self.within(facets, text)
        if order is not None:
            return facets.ordered(within, order), counts
        return self.order_rows(facets, within, ranks), counts

    # Options ---------------------------------------------------------------------------

    #: Filters offering only the choices some row has (or the chosen one); the others
    #: offer every choice, with its count, zero included. Countries and numbers (years)
    #: are always those some row has.
    OFFER_ONLY_FOUND = ()
    #: Filters whose choices are sorted by their label in the active language (countries
    #: always are; numbers go newest first).
    SORT_BY_LABEL = ()

    def chosen(self, name):
        """The facet value of filter ``name`` in the request, or ``None``."""
        value = self.form.cleaned_data.get(name) if hasattr(self.form, "cleaned_data") else None
        return None if value in (None, "") else self.facet_key(name, value)

    def choices(self, name, counts):
        """``(value, label)`` of every choice of filter ``name``, as its declaration says:
        a model choice's rows, a choice list, or the values found (``counts``)."""
        filter_ = self.filters[name]
        chosen = self.chosen(name)
        if isinstance(filter_, django_filters.ModelChoiceFilter):
            to_field = filter_.extra.get("to_field_name", "pk")
            return [(getattr(row, to_field), translated_value(row, "name")[0])
                    for row in self.form.fields[name].queryset]
        if isinstance(filter_, CountryFilter):
            codes = {*counts, chosen} - {None}
            return sort_by_name([(code, country_name(code)) for code in codes],
                                name=lambda item: item[1])
        if isinstance(filter_, django_filters.ChoiceFilter):
            choices = filter_.extra["choices"]
            choices = list(choices() if callable(choices) else choices)
            if name in self.SORT_BY_LABEL:
                choices = sort_by_name(choices, name=lambda item: str(item[1]))
            return choices
        values = sorted({*counts, chosen} - {None, 0}, reverse=True)
        return [(value, value) for value in values]

    def facet_options(self, counts):
        """``{filter: [{"value", "label", "count", "selected"}]}`` for every facet, in the
        active language."""
        options = {}
        for name in self.FACETS:
            found = counts[name]
            chosen = self.chosen(name)
            options[name] = [
                {"value": value, "label": label, "count": found.get(value, 0),
                 "selected": value == chosen}
                for value, label in self.choices(name, found)
                if name not in self.OFFER_ONLY_FOUND or found.get(value) or value == chosen]
        return options

    def chips(self, request, options):
        """The active filters as chips, each a link to the list without it."""
        labels = {"q": (_("Search"), {})}
        for name in self.FACETS:
            labels[name] = (self.form.fields[name].label,
                            {str(option["value"]): option["label"] for option in options[name]})
        return active_filters(request, labels)

    def order_rows(self, facets, within, ranks):
        """The primary keys of the rows ``within`` in the chosen order (``ranks``: the
        text query's rank of each matching row, by primary key)."""
        raise NotImplementedError

    @property
    def query(self):
        return self.form.cleaned_data.get("q") or ""

    @property
    def sort_choice(self):
        chosen = self.form.cleaned_data.get("sort")
        if chosen == RELEVANCE and not self.query:
            chosen = None
        return chosen or (RELEVANCE if self.query else self.default_sort)


class PageForm(forms.Form):
    page = forms.IntegerField(
        min_value=1, required=False,
        error_messages={"invalid": gettext_lazy("The page must be a whole number.")})


def paginate(request, queryset, per_page):
    """The requested page, or ``(None, message)`` when the page number is invalid."""
    form = PageForm(request.GET)
    if not form.is_valid():
        return None, form.errors["page"][0]
    paginator = Paginator(queryset, per_page)
    number = form.cleaned_data["page"] or 1
    if number > paginator.num_pages:
        return None, _("There is no page %(page)s: the results have %(pages)s pages.") % {
            "page": number, "pages": paginator.num_pages}
    return paginator.page(number), None


def in_order(queryset, ids):
    """The rows of ``queryset`` with primary keys ``ids``, in that order (one query and
    the queryset's prefetches); ids no longer in the queryset are left out."""
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def without_empty_parameters(request):
    """A redirect to the same address without its empty parameters, or ``None``.

    A filter form sends every field, most of them empty; the clean address is the one
    to bookmark and share, and it works without JavaScript."""
    if not any(value == "" for values in request.GET.lists() for value in values[1]):
        return None
    query = request.GET.copy()
    for key in list(query):
        kept = [value for value in query.getlist(key) if value != ""]
        if kept:
            query.setlist(key, kept)
        else:
            del query[key]
    clean = query.urlencode()
    return HttpResponseRedirect(request.path + (f"?{clean}" if clean else ""))


def active_filters(request, labels):
    """Chips for the filters in the URL: ``{"label", "value", "url"}``, where ``url`` is
    the page without that filter (and without the page number).

    ``labels`` maps each filter to ``(label, {value: text})``; a value not in it (an
    invalid one) is shown as typed, so the visitor can still remove it."""
    chips = []
    for key, (label, texts) in labels.items():
        value = request.GET.get(key, "")
        if not value:
            continue
        query = request.GET.copy()
        query.pop(key, None)
        query.pop("page", None)
        rest = query.urlencode()
        chips.append({"label": label, "value": texts.get(value, value),
                      "url": request.path + (f"?{rest}" if rest else "")})
    return chips
