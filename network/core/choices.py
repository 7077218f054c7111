"""``get_FOO_display()`` without translating every label of the field on each call."""

from django.utils.encoding import force_str


def _labels(field):
    labels = field.__dict__.get("_display_labels")
    if labels is None:
        labels = field.__dict__["_display_labels"] = dict(field.flatchoices)
    return labels


def choice_label(field, value):
    """The label of ``value`` among ``field``'s choices, translated (the value itself when
    it is not one of them)."""
    return force_str(_labels(field).get(value, value), strings_only=True)


class ChoiceLabels:
    """A model mixin. Django's ``get_FOO_display()`` rebuilds a dict of the field's
    choices on every call, hashing each lazy label — which translates it: about a tenth
    of a directory page's time went there. This looks the value up in a dict of the same
    lazy labels, built once per field, and translates only the label it returns."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            return choice_label(field, value)
        except TypeError:  # an unhashable value: Django's way
            return super()._get_FIELD_display(field)
