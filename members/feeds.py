"""The directory's Atom feed, one per language and filter: the public organisations the
directory's current filter keeps, most recently added or updated first
(network/core/feeds.py). The public projection only, whoever asks."""

from django.template.defaultfilters import linebreaks_filter
from django.utils.translation import gettext as _

from network.core.feeds import FilteredFeed
from network.core.i18n import translated_value

from .filters import OrganisationFilter
from .models import Organisation


class DirectoryFeed(FilteredFeed):
    filterset_class = OrganisationFilter
    list_view = "members:organisation-list"
    feed_view = "members:organisation-feed"

    def base_title(self):
        return _("New and updated organisations of WASL and ICSSI")

    def subtitle(self):
        return _("Organisations in the networks' directory, the most recently added or "
                 "updated first.")

    def base_queryset(self):
        return Organisation.objects.public()

    def order(self, queryset):
        return queryset.order_by("-updated_at", "-pk").prefetch_related("tracks")

    def item_title(self, item):
        return translated_value(item, "name")[0]

    def item_description(self, item):
        description = translated_value(item, "description")[0]
        return linebreaks_filter(description) if description else ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(item.get_kind_display()), str(item.country.name)] + [
            translated_value(track, "name")[0] for track in item.tracks.all()]
