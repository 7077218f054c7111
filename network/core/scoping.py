"""Admin scoping: a network curator sees and edits only the records of her networks.

Every admin path goes through :class:`ScopedAdmin`: list and detail querysets,
view/change/delete permissions (so a URL typed by hand answers 404 or 403), the
choices of foreign keys and many-to-many fields, inlines, autocomplete (which uses
the target admin's queryset), history views and restores (:mod:`network.core.restore`),
export, actions, and a last check when saving. Saving keeps the links the user cannot
see: many-to-many links outside her choices, and a foreign key whose value is outside
them. Only superusers delete; curators and librarians archive instead.
"""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import ForeignKey, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_direction import TextDirection
from .restore import SafeHistoryAdmin
from .roles import LIBRARIAN, curated_networks, has_role
from .staleness import OutdatedNotesAdmin
from .versioning import VersionedAdmin


class SuperuserDeletes:
    """Only superusers delete; everyone else archives."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def network_choices(user):
    return curated_networks(user)


def track_choices(user):
    Track = apps.get_model("network", "Track")
    if user.is_superuser:
        return Track.objects.all()
    return Track.objects.filter(networks__in=curated_networks(user)).distinct()


class ScopedChoices:
    """Foreign keys and many-to-many fields offer only the user's networks and their
    tracks; on save, links the user may not see (another network's) are kept."""

    # By model label: core takes the network app's models from the app registry.
    limited_choices = {"network.network": network_choices, "network.track": track_choices}
    scope = None

    def _limit(self, db_field, request, kwargs):
        if self.scope is None or request.user.is_superuser:
            return kwargs
        model = db_field.related_model
        choices = self.limited_choices.get(model._meta.label_lower)
        if choices is not None:
            kwargs["queryset"] = choices(request.user)
            return kwargs
        # Any other scoped record (a section, an organisation, a person) is offered
        # only where the user may edit it.
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, ScopedAdmin):
            scope = related_admin.edit_scope(request)
            if scope is not None:
                kwargs["queryset"] = model._default_manager.filter(
                    pk__in=model._default_manager.filter(scope).values("pk"))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request,
                                                **self._limit(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request,
                                                **self._limit(db_field, request, kwargs))


class ScopedAdmin(TextDirection, OutdatedNotesAdmin, VersionedAdmin, SuperuserDeletes,
                  ScopedChoices, SafeHistoryAdmin):
    """Base of every curated model's admin; ``scope`` is the lookup from the model to
    its Network (``None``: not scoped by network, e.g. the library)."""

    # Librarians read (never edit) these, to choose a brief's authors and networks.
    readable_by_librarians = False

    def edit_scope(self, request):
        """A Q limiting the records ``request.user`` may edit, or None for all."""
        user = request.user
        if self.scope is None or user.is_superuser:
            return None
        return Q(**{f"{self.scope}__in": curated_networks(user)})

    def view_scope(self, request):
        if self.readable_by_librarians and has_role(request.user, LIBRARIAN):
            return None
        return self.edit_scope(request)

    def in_scope(self, obj, scope):
        if scope is None or obj.pk is None:
            return True
        return self.model._default_manager.filter(scope, pk=obj.pk).exists()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = self.view_scope(request)
        if scope is None:
            return queryset
        # A subquery, so a record in two of the user's networks is listed once.
        return queryset.filter(pk__in=self.model._default_manager.filter(scope).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Not the admin's usual redirect with "does not exist": out of scope and
            # missing answer alike, without saying which.
            raise Http404
        return obj

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return self.in_scope(obj, self.view_scope(request))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return self.in_scope(obj, self.edit_scope(request))

    def save_model(self, request, obj, form, change):
        if change and not self.in_scope(obj, self.edit_scope(request)):
            raise PermissionDenied
        if change:
            self._keep_links_out_of_choices(request, obj, form)
        super().save_model(request, obj, form, change)

    def _keep_links_out_of_choices(self, request, obj, form):
        """A foreign key the form left empty keeps its stored value when that value, or
        the one the form showed, is not among the user's choices: the field was shown
        empty, so an empty answer is no choice of hers."""
        if request.user.is_superuser:
            return
        for field in self.model._meta.concrete_fields:
            formfield = form.fields.get(field.name)
            if (not isinstance(field, ForeignKey) or formfield is None
                    or form.cleaned_data.get(field.name) is not None):
                continue
            stored = self.model._default_manager.filter(pk=obj.pk).values_list(
                field.attname, flat=True).first()
            shown = form.initial.get(field.name)
            if any(value is not None and not formfield.queryset.filter(pk=value).exists()
                   for value in (stored, shown)):
                setattr(obj, field.attname, stored)

    def save_related(self, request, form, formsets, change):
        kept = self._links_out_of_reach(request, form.instance)
        super().save_related(request, form, formsets, change)
        for name, pks in kept.items():
            getattr(form.instance, name).add(*pks)
        # Re-checked after the inlines are saved: a new record must belong to one of
        # the user's networks. The admin's transaction rolls everything back.
        if not self.in_scope(form.instance, self.edit_scope(request)):
            raise PermissionDenied(_("This record must belong to one of your networks."))

    def _links_out_of_reach(self, request, obj):
        """Many-to-many links to records the user's choices do not offer."""
        if self.scope is None or request.user.is_superuser or obj.pk is None:
            return {}
        kept = {}
        for field in self.model._meta.many_to_many:
            choices = self.limited_choices.get(field.related_model._meta.label_lower)
            if choices is None:
                continue
            pks = set(getattr(obj, field.name).exclude(
                pk__in=choices(request.user).values("pk")).values_list("pk", flat=True))
            if pks:
                kept[field.name] = pks
        return kept


class ScopedInline(TextDirection, OutdatedNotesAdmin, VersionedAdmin, SuperuserDeletes,
                   ScopedChoices):
    """An inline shows and edits only the rows of the user's networks (all rows of the
    parent when ``scope`` is None: the parent admin is scoped already)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.scope is None or request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.scope}__in": curated_networks(request.user)})


def locked_selection(modeladmin, request, queryset):
    """The records an action selected, each read again under a lock (call it inside a
    transaction), refusing the whole action on one the user may not change: what an
    action then writes overwrites nothing saved meanwhile, and forms opened before
    become stale."""
    model = queryset.model
    for obj in model._default_manager.select_for_update().filter(
            pk__in=queryset.values("pk")).order_by("pk"):
        if not modeladmin.has_change_permission(request, obj):
            raise PermissionDenied
        yield obj


def set_status(modeladmin, request, queryset, status):
    """Give the selected records ``status`` through ``save()``, so that history records
    who did it and the version counts it; returns how many changed."""
    count = 0
    with transaction.atomic(using=router.db_for_write(queryset.model)):
        for obj in locked_selection(modeladmin, request, queryset):
            if obj.status != status:
                obj.status = status
                obj._history_user = request.user
                obj.save(update_fields=["status", "updated_at"])
                count += 1
    return count


def _status_action(status, description):
    def action(modeladmin, request, queryset):
        count = set_status(modeladmin, request, queryset, status)
        modeladmin.message_user(
            request, ngettext("%(count)d record changed.", "%(count)d records changed.",
                              count) % {"count": count}, messages.SUCCESS)

    action.__name__ = f"make_{status}"
    return admin.action(description=description, permissions=["change"])(action)


publish = _status_action("published", _("Publish the selected records"))
archive = _status_action("archived", _("Archive the selected records"))
unpublish = _status_action("draft", _("Return the selected records to draft"))
