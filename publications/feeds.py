"""The Atom feed of the library, one per language and filter: the 20 newest published
publications the library's current filter keeps (network/core/feeds.py)."""

import datetime

from django.db.models import Prefetch
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from network.core.feeds import FilteredFeed
from network.core.i18n import translated_value

from . import citations
from .filters import PublicationFilter
from .models import Publication


class LatestPublicationsFeed(FilteredFeed):
    """The newest published publications under the library's current filter."""

    filterset_class = PublicationFilter
    list_view = "publications:publication-list"
    feed_view = "publications:publication-feed"

    def base_title(self):
        return _("New publications of WASL and ICSSI")

    def subtitle(self):
        return _("Policy briefs, reports and statements of the two networks, newest first.")

    def base_queryset(self):
        return Publication.objects.published()

    def order(self, queryset):
        """Newest first, with their series, networks, tracks and public authors."""
        return (queryset.newest_first().select_related("series")
                .prefetch_related("networks", "tracks",
                                  Prefetch("authors", queryset=Organisation.objects.public(),
                                           to_attr="public_authors")))

    def item_title(self, item):
        return citations.full_title(item)

    def item_description(self, item):
        summary = translated_value(item, "summary")[0]
        return linebreaks_filter(summary) if summary else ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        """The publication date; for an undated publication, when it was put on the site
        (never the time the feed is read)."""
        if item.published_on is None:
            return item.first_published_at or item.created_at
        midnight = datetime.datetime.combine(item.published_on, datetime.time())
        return timezone.make_aware(midnight, datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return citations.join_names(citations.creators(item, item.public_authors))

    def item_categories(self, item):
        return [str(item.get_kind_display())] + [translated_value(track, "name")[0]
                                                 for track in item.tracks.all()]

