"""The site's languages and the fallback from one language's text to the other's."""

import re

from django.conf import settings
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

#: The codes of the site's languages, in the order of ``settings.LANGUAGES``.
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)

# Characters that reorder the text around them: the Arabic letter mark, the left-to-right
# and right-to-left marks, embeddings, overrides and isolates.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_bidi(value):
    """The text without bidi control characters, for where no element can isolate it."""
    text = BIDI_CONTROLS.sub("", str(value))
    return mark_safe(text) if isinstance(value, SafeData) else text


def translated_value(obj, field):
    """Return ``(text, language)`` for ``field`` in the active language, else the first
    other language that has it; ``("", None)`` when no language has it."""
    active = get_language()
    codes = [active] + [code for code in LANGUAGE_CODES if code != active]
    for code in codes:
        value = getattr(obj, build_localized_fieldname(field, code), "") or ""
        if str(value).strip():
            return value, code
    return "", None


def per_language(item, *fields):
    """``{"name": {"ar": a, "en": e}}`` → ``{"name_ar": a, "name_en": e}``."""
    values = {}
    for field in fields:
        texts = item.get(field) or {}
        for code in LANGUAGE_CODES:
            values[f"{field}_{code}"] = (texts.get(code) or "").strip()
    return values
