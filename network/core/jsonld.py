"""What the apps' schema.org descriptions (JSON-LD) share: the script-safe JSON, the
translated text of a field, and the reference to a network."""

import json

from django.utils.translation import get_language

from .i18n import LANGUAGE_CODES, translated_value
from .links import absolute_url


def dumps(data):
    """JSON for a ``<script>`` element: readable Arabic, and no ``</`` or ``<!--`` that
    could end the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def text(obj, field):
    """The translated ``field`` of ``obj`` in the active language, or its fallback."""
    return translated_value(obj, field)[0]


def others(record, field):
    """The names in the other languages, for ``alternateName``."""
    active = get_language()
    return [record[f"{field}_{code}"] for code in LANGUAGE_CODES
            if code != active and record.get(f"{field}_{code}")]


def clean(data):
    """``data`` without empty values, so no property says "unknown" by being blank."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def network_ref(request, network):
    """A network as the organisation a record belongs to or is published by."""
    return clean({"@type": "Organization", "name": text(network, "name"),
                  "url": absolute_url(request, network.get_absolute_url())})
