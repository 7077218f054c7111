"""Staff accounts in the admin: a person's role set in one place, every label in Arabic."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..core.admin_direction import TextDirection
from ..core.admin_strings import translate_third_party
from ..core.roles import CURATOR, LIBRARIAN, assign_role, role_of
from ..models import Network

translate_third_party()

# A group's name is its role's English key (network/core/roles.py); people read it translated.
Group.__str__ = lambda group: gettext(group.name)

PERMISSION_ACTIONS = {
    "add": gettext_lazy("Can add %(model)s"), "change": gettext_lazy("Can change %(model)s"),
    "delete": gettext_lazy("Can delete %(model)s"), "view": gettext_lazy("Can view %(model)s"),
}


def permission_label(permission):
    """A permission's name in the reader's language: Django stores it in English."""
    model_class = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model_class is None or action not in PERMISSION_ACTIONS:
        return gettext(permission.name)
    opts = model_class._meta
    model = opts.verbose_name
    # django-simple-history names its version tables "historical <model>", in English.
    recorded = getattr(model_class, "instance_type", None)
    if recorded is not None:
        model = gettext("past versions of %(model)s") % {"model": recorded._meta.verbose_name}
    return f"{opts.app_config.verbose_name} | {PERMISSION_ACTIONS[action] % {'model': model}}"


class PermissionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class TranslatedPermissions:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionField
            kwargs["queryset"] = Permission.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


ROLE_CHOICES = [("", _("None")), (CURATOR, _("network curator")), (LIBRARIAN, _("librarian"))]


def role_form(base):
    """``base`` (a user form) with the role and, for a curator, her networks: set
    together, in one save; filled from the user, or from the "add a curator" link."""

    class Form(base):
        role = forms.ChoiceField(
            label=_("Role"), choices=ROLE_CHOICES, required=False,
            help_text=_("A curator edits only her networks' records; a librarian keeps "
                        "the publications."))
        role_networks = forms.ModelMultipleChoiceField(
            label=_("Networks she curates"), queryset=Network.objects.all(),
            required=False, widget=forms.CheckboxSelectMultiple)

        def __init__(self, *args, initial_role=None, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk:
                role, networks = role_of(self.instance)
                self.initial.update(role=role, role_networks=list(networks))
            elif initial_role:
                self.initial.update(initial_role)

        def clean(self):
            cleaned = super().clean()
            if cleaned.get("role") == CURATOR and not cleaned.get("role_networks"):
                self.add_error("role_networks", _("Choose the networks she curates."))
            return cleaned

    return Form


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(User)
class UserAdmin(TextDirection, TranslatedPermissions, DjangoUserAdmin):
    form = role_form(DjangoUserAdmin.form)
    add_form = role_form(DjangoUserAdmin.add_form)
    role_fieldset = (_("Role"), {"fields": ("role", "role_networks")})
    fieldsets = (DjangoUserAdmin.fieldsets[0], role_fieldset, *DjangoUserAdmin.fieldsets[1:])
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, role_fieldset)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form
        # "Add a curator" on a network's page: the role and network chosen already.
        initial = {}
        if request.GET.get("role") in (CURATOR, LIBRARIAN):
            initial["role"] = request.GET["role"]
        if request.GET.get("network", "").isdigit():
            initial["role_networks"] = [int(request.GET["network"])]

        class AddForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, initial_role=initial, **kwargs)

        return AddForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the groups field is saved, so the role has the last word.
        assign_role(form.instance, form.cleaned_data.get("role") or None,
                    form.cleaned_data.get("role_networks") or ())


@admin.register(Group)
class GroupAdmin(TranslatedPermissions, DjangoGroupAdmin):
    list_display = ("__str__",)


class TranslatedFieldsets:
    """django-otp's fieldset titles, translated."""

    def get_fieldsets(self, request, obj=None):
        return [(gettext(title) if title else title, options)
                for title, options in super().get_fieldsets(request, obj)]


class OTPDeviceAdmin(TranslatedFieldsets):
    search_help_text = _("Search by the user's username or e-mail address.")


@admin.register(TOTPDevice)
class TranslatedTOTPDeviceAdmin(OTPDeviceAdmin, TOTPDeviceAdmin):
    @admin.display(description=_("QR Code"))
    def qrcode_link(self, device):
        try:
            href = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
        except NoReverseMatch:
            return ""
        return format_html('<a href="{}">{}</a>', href, _("Show the QR code"))


@admin.register(StaticDevice)
class TranslatedStaticDeviceAdmin(OTPDeviceAdmin, StaticDeviceAdmin):
    pass
