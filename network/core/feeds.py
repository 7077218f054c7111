"""Atom feeds of a list's current filter: the directory's and the library's.

A list page links the feed of the filter it shows (``?network=wasl&track=…``; the page
number and the sort are not part of it). :class:`FilteredFeed` reads the same FilterSet as
the page; its title says which filters it follows, in the feed's language, and a filter
value the page would refuse answers 400 here too, with the reason, rather than a feed of
everything.
"""

import re

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from .i18n import translated_value
from .listing import CountryFilter
from .sorting import country_name

FEED_SIZE = 20
# The control characters XML 1.0 forbids: text pasted from a word processor can hold one
# (a vertical tab), and the feed would fail on it.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value):
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, list | tuple):
        return [_xml_text(item) for item in value]
    return value


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom, without the control characters XML cannot hold in any item's text."""

    def add_item(self, **kwargs):
        super().add_item(**{key: _xml_text(value) for key, value in kwargs.items()})


def feed_query(filterset_class, query):
    """The part of ``query`` (a QueryDict) a feed follows: the filters and the text query,
    not the page or the sort. Returns a QueryDict."""
    kept = QueryDict(mutable=True)
    for name in ("q", *filterset_class.FACETS):
        values = [value for value in query.getlist(name) if value != ""]
        if values:
            kept.setlist(name, values)
    return kept


def filter_summary(filterset):
    """``"Network: WASL · Country: Iraq"``: the valid filters of ``filterset`` as a person
    reads them, in the active language ("" for none)."""
    parts = []
    data = filterset.form.cleaned_data
    if data.get("q"):
        parts.append(gettext("Search: %(text)s") % {"text": data["q"]})
    for name in filterset.FACETS:
        value = data.get(name)
        if value in (None, ""):
            continue
        filter_ = filterset.filters[name]
        if hasattr(value, "_meta"):  # a network (by its short name) or a track
            text = (hasattr(value, "short_name") and translated_value(value, "short_name")[0]
                    or translated_value(value, "name")[0])
        elif isinstance(filter_, CountryFilter):
            text = country_name(value)
        else:
            choices = filter_.extra.get("choices") or ()
            choices = choices() if callable(choices) else choices
            text = str(dict(choices).get(value, value))
        parts.append(f"{filterset.form.fields[name].label}: {text}")
    return " · ".join(parts)


class FilteredFeed(Feed):
    """The newest rows of a list under its current filter.

    Subclasses set ``filterset_class``, ``list_view`` and ``feed_view`` (URL names) and
    define ``base_queryset()``, ``order(queryset)`` and ``base_title()``."""

    feed_type = XmlSafeAtom1Feed
    filterset_class = None
    list_view = None
    feed_view = None

    def __call__(self, request, *args, **kwargs):
        filterset = self.get_object(request)
        if not filterset.is_valid():
            reasons = "; ".join(f"{filterset.form.fields[name].label}: {' '.join(errors)}"
                                for name, errors in filterset.form.errors.items())
            return HttpResponseBadRequest(
                gettext("This feed's filter is not valid, so it has no entries. %(reasons)s")
                % {"reasons": reasons}, content_type="text/plain; charset=utf-8")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        if hasattr(request, "feed_filterset"):  # validated in __call__
            return request.feed_filterset
        query = feed_query(self.filterset_class, request.GET)
        filterset = self.filterset_class(query, queryset=self.base_queryset(), request=request)
        filterset.query_string = query.urlencode()
        request.feed_filterset = filterset
        return filterset

    def _with_query(self, view, filterset):
        url = reverse(view)
        return f"{url}?{filterset.query_string}" if filterset.query_string else url

    def title(self, filterset):
        summary = filter_summary(filterset)
        return f"{self.base_title()} — {summary}" if summary else self.base_title()

    def link(self, filterset):
        return self._with_query(self.list_view, filterset)

    def feed_url(self, filterset):
        return self._with_query(self.feed_view, filterset)

    def author_name(self):
        return gettext("WASL & ICSSI network directory")

    def items(self, filterset):
        return self.order(filterset.qs)[:FEED_SIZE]


def feed_link(view, filterset_class, query):
    """``{"feed_url", "feed_filtered", "feed_query"}``: the feed of the list's current
    filter, whether it filters, and the filter's query string (the e-mail alert's too)."""
    kept = feed_query(filterset_class, query).urlencode()
    url = reverse(view)
    return {"feed_url": f"{url}?{kept}" if kept else url, "feed_filtered": bool(kept),
            "feed_query": kept}
