"""The Atom feed of the library, one per language: the 20 newest published publications."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from members.models import Organisation
from network.core.i18n import translated_value

from . import citations
from .models import Publication

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


class LatestPublicationsFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def title(self):
        return _("New publications of WASL and ICSSI")

    def subtitle(self):
        return _("Policy briefs, reports and statements of the two networks, newest first.")

    def link(self):
        return reverse("publications:publication-list")

    def feed_url(self):
        return reverse("publications:publication-feed")

    def author_name(self):
        return _("WASL & ICSSI network directory")

    def items(self):
        """The newest published publications with their series, networks, tracks and public
        authors."""
        return (Publication.objects.published().newest_first().select_related("series")
                .prefetch_related("networks", "tracks",
                                  Prefetch("authors", queryset=Organisation.objects.public(),
                                           to_attr="public_authors"))[:FEED_SIZE])

    def item_title(self, item):
        return citations.full_title(item)

    def item_description(self, item):
        summary = translated_value(item, "summary")[0]
        return linebreaks_filter(summary) if summary else ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        """The publication date; none for an undated publication (Atom needs only
        ``updated``)."""
        if item.published_on is None:
            return None
        midnight = datetime.datetime.combine(item.published_on, datetime.time())
        return timezone.make_aware(midnight, datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return citations.join_names(citations.creators(item, item.public_authors))

    def item_categories(self, item):
        return [str(item.get_kind_display())] + [translated_value(track, "name")[0]
                                                 for track in item.tracks.all()]

