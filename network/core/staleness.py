"""Stale translations: a translated text that may be outdated, field by field.

When a field's text changes in one language (it had a text, it gets another) while another
language's text of the same field, already written, stays as it was, that other text is
flagged "may be outdated" (``network.TranslationFlag``). Changing the flagged text clears
the flag; writing a language for the first time flags nothing; whitespace is no change.

Every ``save()`` of a model registered with django-modeltranslation goes through the
receivers below (admin forms and inlines, restores, proposals, scripts); the spreadsheet
import, which writes in bulk, calls :func:`record_bulk`.
"""

import copy

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .i18n import LANGUAGE_CODES

PARAMETER = "outdated"
# Whole phrases, so each translates naturally.
OUTDATED_LABELS = {"ar": _("Arabic may be outdated"), "en": _("English may be outdated")}
# Said on the flagged field of an admin form, by the language whose text changed.
ADMIN_NOTES = {
    "ar": _("May be outdated: the Arabic text was changed on %(date)s, after this was "
            "written."),
    "en": _("May be outdated: the English text was changed on %(date)s, after this was "
            "written."),
}
# Said on a public page, beside the flagged text, by the language whose text changed.
PAGE_TITLES = {
    "ar": _("The Arabic text was changed on %(date)s; this translation may not follow it "
            "yet."),
    "en": _("The English text was changed on %(date)s; this translation may not follow it "
            "yet."),
}
# What pre_save read of a record, for its post_save.
BEFORE = "_translations_before_save"


def _flag_model():
    return apps.get_model("network", "TranslationFlag")


def _content_type(model):
    # From the registry: this module is imported while the apps load (network/apps.py).
    return apps.get_model("contenttypes", "ContentType").objects.get_for_model(
        model, for_concrete_model=False)


def translated_fields(model):
    """``{field: {language: column}}`` for a model registered with modeltranslation
    (empty for any other)."""
    if model not in translator.get_registered_models(abstract=False):
        return {}
    return {field: {code: build_localized_fieldname(field, code) for code in LANGUAGE_CODES}
            for field in translator.get_options_for_model(model).fields}


def _text(value):
    return " ".join(str(value or "").split())


def changes(fields, before, after):
    """What one save does to the flags: ``(flag, clear)``, ``flag`` a list of ``(field,
    outdated language, changed language)``, ``clear`` a list of ``(field, language)``.

    ``before`` and ``after`` map columns to their texts; a column absent from ``after``
    was not written."""
    flag, clear = [], []
    for field, columns in fields.items():
        old = {code: _text(before.get(column)) for code, column in columns.items()}
        new = {code: _text(after[column]) if column in after else old[code]
               for code, column in columns.items()}
        changed = [code for code in columns if new[code] != old[code]]
        clear.extend((field, code) for code in changed)
        for code in changed:
            if not old[code] or not new[code]:
                continue  # a first text is a new translation; an emptied one is missing
            flag.extend((field, other, code) for other in columns
                        if other not in changed and old[other])
    return flag, clear


def _apply(model, per_object):
    """Write ``{pk: (flag, clear)}``: one query per (field, language) cleared, one for the
    flags already set, one inserting the new ones."""
    per_object = {pk: entry for pk, entry in per_object.items() if entry[0] or entry[1]}
    if not per_object:
        return
    Flag = _flag_model()
    content_type = _content_type(model)
    flagged = {pk for pk, (flag, _clear) in per_object.items() if flag}
    existing = set()
    if flagged:
        existing = set(Flag.objects.filter(content_type=content_type, object_id__in=flagged)
                       .values_list("object_id", "field", "language"))
    cleared = {}
    for pk, (_flag, clear) in per_object.items():
        for field, code in clear:
            cleared.setdefault((field, code), []).append(pk)
    for (field, code), pks in cleared.items():
        Flag.objects.filter(content_type=content_type, field=field, language=code,
                            object_id__in=pks).delete()
    now = timezone.now()
    new = []
    for pk, (flag, _clear) in per_object.items():
        for field, outdated, changed in flag:
            # Bringing an outdated text up to date clears its flag and flags nothing.
            if (pk, field, changed) in existing:
                continue
            new.append(Flag(content_type=content_type, object_id=pk, field=field,
                            language=outdated, changed_language=changed, since=now))
    if new:
        # A flag already set keeps the date it was first set.
        Flag.objects.bulk_create(new, ignore_conflicts=True)


def _read_before(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: the record's stored texts, one query, when it is stored already."""
    if raw or instance.pk is None or instance._state.adding:
        return
    fields = translated_fields(sender)
    columns = [column for each in fields.values() for column in each.values()
               if update_fields is None or column in update_fields]
    if not columns:
        return
    before = sender._base_manager.using(instance._state.db).filter(pk=instance.pk).values(
        *columns).first()
    if before is not None:
        setattr(instance, BEFORE, (before, columns))


def _write_flags(sender, instance, raw=False, **kwargs):
    """post_save: set and clear the record's flags from what pre_save read."""
    stored = instance.__dict__.pop(BEFORE, None)
    if raw or stored is None:
        return
    before, columns = stored
    after = {column: getattr(instance, column) for column in columns}
    _apply(sender, {instance.pk: changes(translated_fields(sender), before, after)})


def _delete_flags(sender, instance, **kwargs):
    """post_delete: a deleted record's flags go with it."""
    content_type = _content_type(sender)
    _flag_model().objects.filter(content_type=content_type, object_id=instance.pk).delete()


def stored_texts(model, pks):
    """``{pk: {column: text}}`` of the translated columns of ``model``'s rows ``pks``
    (one query), to give :func:`record_bulk` before a bulk update."""
    columns = [column for each in translated_fields(model).values() for column in each.values()]
    if not columns or not pks:
        return {}
    return {row.pop("pk"): row
            for row in model._base_manager.filter(pk__in=pks).values("pk", *columns)}


def record_bulk(model, before, instances):
    """Set and clear the flags of ``instances`` just written in bulk (no ``save()``),
    ``before`` their :func:`stored_texts` read before the write; a few queries for all."""
    fields = translated_fields(model)
    columns = [column for each in fields.values() for column in each.values()]
    _apply(model, {
        instance.pk: changes(fields, before[instance.pk],
                             {column: getattr(instance, column) for column in columns})
        for instance in instances if instance.pk in before})


def connect_signals():
    """Watch every save and delete of every model registered with modeltranslation."""
    for model in translator.get_registered_models(abstract=False):
        uid = f"staleness-{model._meta.label_lower}"
        pre_save.connect(_read_before, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_write_flags, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_delete_flags, sender=model, dispatch_uid=uid + "-delete")


# Reading ---------------------------------------------------------------------------------

def _day(moment):
    return date_format(timezone.localtime(moment).date(), "DATE_FORMAT")


def flags_of(model, pks):
    """The flags of ``model``'s records ``pks`` (a list or a subquery), one query."""
    content_type = _content_type(model)
    return _flag_model().objects.filter(content_type=content_type, object_id__in=pks)


def admin_notes(flags):
    """``{pk: {column: note}}``: what each flagged column of an admin form says."""
    notes = {}
    for flag in flags:
        note = ADMIN_NOTES.get(flag.changed_language)
        if note is not None:
            column = build_localized_fieldname(flag.field, flag.language)
            notes.setdefault(flag.object_id, {})[column] = note % {"date": _day(flag.since)}
    return notes


def _noted(formfield, note):
    help_text = formfield.help_text
    formfield.help_text = (format_html('<strong class="stale-note">{}</strong> {}', note,
                                       help_text) if help_text
                           else format_html('<strong class="stale-note">{}</strong>', note))


class OutdatedNotesAdmin:
    """Admin and inline mixin: a field whose text may be outdated says so in its help
    text, with the date the other language's text changed."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.pk is not None and translated_fields(self.model):
            # The form class is built for this request, but a field declared on its base
            # would be shared with every other request's: note a copy.
            notes = admin_notes(flags_of(self.model, [obj.pk])).get(obj.pk, {})
            for column, note in notes.items():
                if column in form.base_fields:
                    form.base_fields[column] = copy.deepcopy(form.base_fields[column])
                    _noted(form.base_fields[column], note)
        return form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not translated_fields(self.model):
            return formset

        class OutdatedNotesFormSet(formset):
            notes = None

            def add_fields(self, form, index):
                super().add_fields(form, index)
                if form.instance.pk is None:
                    return
                if self.notes is None:  # one query for every row
                    self.notes = admin_notes(
                        flags_of(self.model, self.get_queryset().values("pk")))
                for column, note in self.notes.get(form.instance.pk, {}).items():
                    if column in form.fields:
                        _noted(form.fields[column], note)

        return OutdatedNotesFormSet


def outdated_translation(model, language, field=None):
    """A Q matching records of ``model`` with a text (of ``field``, else any) flagged as
    possibly outdated in ``language``."""
    content_type = _content_type(model)
    flags = _flag_model().objects.filter(content_type=content_type, language=language)
    if field:
        flags = flags.filter(field=field)
    return Q(pk__in=flags.values("object_id"))


def parse(value, model):
    """``"en"`` or ``"en.description"`` → ``("en", None)`` or ``("en", "description")``;
    None when the value names no language (or no translated field) of ``model``."""
    code, _dot, field = (value or "").partition(".")
    if code not in dict(settings.LANGUAGES):
        return None
    if field and field not in translated_fields(model):
        return None
    return code, field or None


class TranslationFieldFilter(admin.SimpleListFilter):
    """A list filter by language (``?<parameter>=en``), or by language and field
    (``?<parameter>=en.description``, as the translations dashboard links it); a subclass
    gives ``labels`` per language and ``condition(model, language, field)``, a Q."""

    labels = {}

    def lookups(self, request, model_admin):
        choices = list(self.labels.items())
        chosen = parse(self.value(), model_admin.model)
        if chosen and chosen[1]:  # one field, from the dashboard
            code, field = chosen
            choices.append((self.value(), format_html(
                "{}: {}", self.labels[code],
                model_admin.model._meta.get_field(field).verbose_name)))
        return choices

    def queryset(self, request, queryset):
        chosen = parse(self.value(), queryset.model)
        if chosen:
            return queryset.filter(self.condition(queryset.model, *chosen))
        return queryset


class OutdatedTranslationFilter(TranslationFieldFilter):
    title = _("translation that may be outdated")
    parameter_name = PARAMETER
    labels = OUTDATED_LABELS
    condition = staticmethod(outdated_translation)


# Public pages ----------------------------------------------------------------------------

def _label(model):
    return model._meta.label_lower


class Outdated:
    """The flags, in one language, of the records a page shows: read in one query (its
    content types joined, so that the count does not hang on a warm cache)."""

    def __init__(self, language, records):
        """``records``: ``(model, pks)`` pairs, ``pks`` a list or a subquery."""
        condition = Q(pk__in=[])
        for model, pks in records:
            condition |= Q(content_type__app_label=model._meta.app_label,
                           content_type__model=model._meta.model_name, object_id__in=pks)
        self.flags = {
            (f"{flag.content_type.app_label}.{flag.content_type.model}", flag.object_id,
             flag.field): flag
            for flag in _flag_model().objects.filter(condition, language=language)
            .select_related("content_type")}

    def get(self, obj, field):
        """The flag of ``obj``'s ``field`` in this language, or None."""
        if not self.flags or getattr(obj, "_meta", None) is None:
            return None
        return self.flags.get((_label(obj), obj.pk, field))

    def fields(self, model):
        """``{field: flag}`` of ``model``'s flags (for a page showing one such record)."""
        return {field: flag for (label, _pk, field), flag in self.flags.items()
                if label == _label(model)}


def page_title(flag):
    """The hover text of a public page's marker: which language changed, and when."""
    title = PAGE_TITLES.get(flag.changed_language)
    return title % {"date": _day(flag.since)} if title is not None else ""
