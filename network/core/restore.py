"""Restoring a version from a record's history in the admin (django-simple-history).

:class:`SafeHistoryAdmin` replaces simple-history's views: the history of a record the
user may not see answers 404 like its change page; a restore saves through the admin's
own path (``save_model`` and ``save_related``, so the scoping keeps what the user cannot
see), is refused where the admin says ``restorable = False`` (consents: a restore could
revive a withdrawn one), needs an explicit tick when it would show the public more than
now, and its page lists, field by field and in both languages, what it changes.
"""

import dataclasses

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, router, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .choices import choice_label

#: The value that opens a field to the public, whichever field holds it: a visibility
#: level, a record's status, how much of a location is shown. The fields themselves are
#: found in the models (see :func:`opening_fields`).
OPEN_VALUES = ("public", "published", "city")

#: The box to tick to confirm a restore that shows the public more than now.
CONFIRM = "_confirm_widening"

EMPTY = "—"


def opening_fields(model):
    """``{field name: open value}`` for each field of ``model`` with choices among which
    one is an open value: the fields that decide what the public sees."""
    fields = {}
    for field in model._meta.concrete_fields:
        values = [str(value) for value, _label in field.flatchoices or ()]
        opening = [value for value in OPEN_VALUES if value in values]
        if opening:
            fields[field.name] = opening[0]
    return fields


def _openness(field, value, open_value):
    # Choices are declared from one end to the other (public, members, staff; draft,
    # published, archived; country, city): the nearer a value is to the open value in
    # that order, the more of the record the public sees.
    values = [str(choice) for choice, _label in field.flatchoices or ()]
    if str(value) not in values:
        return -len(values)
    return -abs(values.index(str(value)) - values.index(open_value))


def widened(current, restored):
    """``[(field label, current label, restored label)]`` for each field whose restored
    value would show the public more than the current one."""
    opts = type(current)._meta
    result = []
    for name, open_value in opening_fields(type(current)).items():
        field = opts.get_field(name)
        now, then = getattr(current, field.attname), getattr(restored, field.attname)
        if _openness(field, then, open_value) > _openness(field, now, open_value):
            result.append((str(capfirst(field.verbose_name)), display(field, current),
                           display(field, restored)))
    return result


def compared_fields(model):
    """The editable fields a version restores, each language's column on its own (the
    untranslated column of a translated field is one of them already)."""
    fields = model._meta.concrete_fields
    translated = {field.translated_field.name for field in fields
                  if hasattr(field, "translated_field")}
    return [field for field in fields if field.editable and not field.primary_key
            and field.name not in translated and field.name != "version"]


def display(field, obj):
    """The value of ``field`` on ``obj`` as a curator reads it: a choice's label, a
    linked record's name, yes or no."""
    value = getattr(obj, field.attname)
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        try:
            return str(getattr(obj, field.name))
        except ObjectDoesNotExist:
            return str(value)
    return display_value(field, value)


def display_value(field, value):
    if value is None or value == "":
        return EMPTY
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if field.flatchoices:
        return choice_label(field, str(value))
    return str(formats.localize(value))


def _stored(field, obj):
    # An empty text is stored as "" by a form and as NULL by some writes: the same.
    value = field.value_from_object(obj)
    return None if value == "" else value


def changes(current, restored):
    """``[(field label, current value, restored value)]`` for every field a restore of
    ``restored`` would change."""
    result = []
    for field in compared_fields(type(current)):
        if _stored(field, current) != _stored(field, restored):
            result.append((capfirst(field.verbose_name), display(field, current),
                           display(field, restored)))
    return result


class HistoryChanges(HistoricalRecordContextHelper):
    """The "changes" column of the history list: editable fields only, with the labels
    of choices and yes or no instead of stored values."""

    def context_for_delta_changes(self, delta):
        editable = {field.name for field in compared_fields(self.model)}
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=[
            change for change in delta.changes if change.field in editable
            and not (change.old in (None, "") and change.new in (None, ""))]))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.is_relation:
            return EMPTY if value is None else super().prepare_delta_change_value(change, value)
        return display_value(field, value)


class SafeHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with its history and restore views made safe."""

    #: False where no version may be restored: the history is only shown.
    restorable = True

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChanges(self.model, historical_record)

    def history_view_title(self, request, obj):
        return _("History: %(record)s") % {"record": obj}

    def history_form_view_title(self, request, obj):
        return _("A version of %(record)s") % {"record": obj}

    def revert_disabled(self, request, obj=None):
        return not self.restorable or super().revert_disabled(request, obj)

    def _live_object(self, request, object_id):
        # The change page's lookup: a record out of the user's reach answers 404, never
        # 403, which would say that it exists.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._live_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.current_app = self.admin_site.name
        live = self._live_object(request, object_id)
        if not str(version_id).isdigit():
            raise Http404
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        version = get_object_or_404(history.filter(**{self.model._meta.pk.attname: live.pk}),
                                    history_id=version_id)
        restored = version.instance
        restored._state.adding = False
        if hasattr(live, "version"):
            # The optimistic lock compares the form with the record as it is now.
            restored.version = live.version
        restorable = not self.revert_disabled(request, live)
        if request.method == "POST" and not restorable:
            raise PermissionDenied

        context = {"changes": changes(live, restored), "widened": widened(live, restored),
                   "confirm_name": CONFIRM, "restorable": self.restorable}
        form = None
        status = 200
        if restorable:
            form_class = self.get_form(request, restored, change=True)
            if request.method == "POST":
                # One transaction from the version check to the save: the row stays locked.
                with transaction.atomic(using=router.db_for_write(self.model)):
                    form = form_class(request.POST, request.FILES, instance=restored)
                    if form.is_valid():
                        # Checked against what the form would save, not the version shown.
                        context["widened"] = widened(live, form.instance)
                        if not context["widened"] or request.POST.get(CONFIRM):
                            return self._restore(request, form)
                if form.is_valid():
                    status = 400
                    self.message_user(request, _(
                        "This version shows the public more than the record does now. "
                        "Read the changes and tick the box to confirm, or nothing is "
                        "restored."), messages.ERROR)
            else:
                form = form_class(instance=restored)
        context.update(self._form_context(request, live, restored, form))
        context.update(extra_context or {})
        response = self.render_history_view(request, self.object_history_form_template,
                                            context)
        response.status_code = status
        return response

    def _restore(self, request, form):
        """Save the restored version through the admin's ordinary saving path."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self.save_form(request, form, change=True)
            self.save_model(request, obj, form, change=True)
            self.save_related(request, form, [], change=True)
            self.log_change(request, obj, self.construct_change_message(request, form, []))
        return self.response_change(request, obj)

    def _form_context(self, request, live, restored, form):
        opts = self.model._meta
        prefix = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        context = {
            "title": self.history_form_view_title(request, live),
            "object_id": live.pk,
            "original": live,
            "restored": restored,
            "is_popup": False,
            "media": self.media,
            "app_label": opts.app_label,
            "original_opts": opts,
            "changelist_url": reverse(f"{prefix}_changelist"),
            "change_url": reverse(f"{prefix}_change", args=[live.pk]),
            "history_url": reverse(f"{prefix}_history", args=[live.pk]),
            "change_history": False,
            "revert_disabled": form is None,
            "add": False,
            "change": True,
            "has_add_permission": self.has_add_permission(request),
            "has_view_permission": self.has_view_history_permission(request, live),
            "has_change_permission": self.has_change_history_permission(request, live),
            "has_delete_permission": self.has_delete_permission(request, live),
            "has_file_field": True,
            "has_absolute_url": False,
            "form_url": "",
            "opts": getattr(self.model, opts.simple_history_manager_attribute).model._meta,
            "save_as": False,
            "save_on_top": self.save_on_top,
            **self.admin_site.each_context(request),
        }
        if form is not None:
            admin_form = helpers.AdminForm(
                form, self.get_fieldsets(request, restored), self.prepopulated_fields,
                self.get_readonly_fields(request, restored), model_admin=self)
            context.update({"adminform": admin_form, "media": self.media + admin_form.media,
                            "errors": helpers.AdminErrorList(form, [])})
        return context
