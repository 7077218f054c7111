"""Each admin input in its text's direction, whatever the page's."""

from django.db import models

# Read and typed left to right in every language: "+52 000 000 0102" reversed by the
# Arabic page's direction reads "0102 000 000 52+".
LEFT_TO_RIGHT_FIELDS = (models.EmailField, models.URLField, models.SlugField,
                        models.GenericIPAddressField)
LANGUAGE_DIRECTIONS = {"ar": "rtl", "en": "ltr"}


def field_direction(db_field):
    """``"ltr"``, ``"rtl"`` or None (the page's direction) for a model field's input."""
    language = getattr(db_field, "language", None)  # a modeltranslation field
    if language in LANGUAGE_DIRECTIONS:
        return LANGUAGE_DIRECTIONS[language]
    if isinstance(db_field, LEFT_TO_RIGHT_FIELDS):
        return "ltr"
    if isinstance(db_field, models.CharField) and (
            db_field.name == "phone" or db_field.name.endswith("_phone")):
        return "ltr"
    return None


class TextDirection:
    """Gives the inputs of phones, e-mails, URLs, slugs and per-language text their
    own ``dir``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        direction = field_direction(db_field)
        if formfield is not None and direction:
            formfield.widget.attrs["dir"] = direction
        return formfield
