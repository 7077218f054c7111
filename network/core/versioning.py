"""Optimistic concurrency: no curator's save silently overwrites a newer one.

Every curated model carries a ``version`` that each save increments (:class:`Versioned`).
Every admin form and inline form sends the version it was opened at
(:class:`VersionedForm`); on save, the row is read again under a lock and a stale
form is refused with the newer values beside hers, ready to be saved again.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FIELD = "_version"


class Versioned(models.Model):
    """A model whose every save counts in ``version``."""

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the saves of this record, so that a stale form is refused."))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


def current_row(instance):
    """The stored row of ``instance``, locked until the transaction ends where one is open."""
    model = type(instance)
    queryset = model._default_manager.filter(pk=instance.pk)
    if connections[router.db_for_write(model)].in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.first()


def display(value):
    """``value`` as text a curator reads, the same whichever side it comes from."""
    if value in (None, "", [], ()):
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return ", ".join(sorted(str(item) for item in value))
    if isinstance(value, models.Model):
        return str(value)
    # A browser sends a textarea's line breaks as CRLF, whatever is stored.
    return str(localize(value)).replace("\r\n", "\n").strip()


def stored_value(row, name):
    """What ``row`` holds for the form field ``name``, shown as a person reads it."""
    try:
        field = row._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_many:
        return list(getattr(row, name).all())
    if field.choices and not field.many_to_one:
        display_method = getattr(row, f"get_{name}_display", None)
        try:
            return display_method()
        except TypeError:  # a field of several values (country lists): the values
            pass
    return getattr(row, name)


def submitted_value(form, name):
    field = form.fields[name]
    value = form.cleaned_data.get(name)
    if value in (None, ""):
        return value
    choices = getattr(field, "choices", None)
    if choices and not isinstance(value, models.Model | models.QuerySet | list | tuple):
        labels = {str(key): label for key, label in choices
                  if not isinstance(label, list | tuple)}
        return labels.get(str(value), value)
    if isinstance(value, models.QuerySet):
        return list(value)
    return value


class VersionedForm(forms.ModelForm):
    """Refuses a save made from a form opened before the record's latest save."""

    _version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD].initial = getattr(self.instance, "version", None)

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        expected = cleaned_data.get(FIELD)
        if instance.pk is None or instance._state.adding or not hasattr(instance, "version"):
            return cleaned_data
        row = current_row(instance)
        if row is None or row.version == expected:
            return cleaned_data
        # Stale: show what is stored now beside her values, and accept her next save.
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD)] = row.version
        raise ValidationError(self.stale_message(row), code="stale")

    def stale_message(self, row):
        differences = []
        for name in self.fields:
            if name == FIELD or name not in self.cleaned_data:
                continue
            try:
                row._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            stored, mine = stored_value(row, name), submitted_value(self, name)
            if display(stored) != display(mine):
                differences.append((self.fields[name].label or name, display(stored),
                                    display(mine)))
        intro = gettext("Someone saved this record after you opened it, so your changes were "
                        "not saved. Check the values saved since, then save again to keep "
                        "yours.")
        if not differences:
            return intro
        return format_html(
            "{}<ul class='stale-values'>{}</ul>", intro,
            format_html_join("", "<li>{}</li>", (
                (format_html(gettext("{field}: saved now “{stored}”, yours “{mine}”"),
                             field=label, stored=stored, mine=mine),)
                for label, stored, mine in differences)))


class VersionedAdmin:
    """Admin and inline mixin: each form (each inline row) carries and checks its version."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], FIELD]}), *rest]
