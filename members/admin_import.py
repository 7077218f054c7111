"""Spreadsheet import and export in the admin, as mixins for the members' model admins.

``class OrganisationAdmin(OrganisationImportExportMixin, ScopedAdmin, TabbedTranslationAdmin)``
gets CSV and XLSX import (with a preview, all rows or none, into the networks the user
curates) and export of its changelist's rows, in the import's columns.
"""

import json
from collections import Counter

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from network.core.roles import curated_networks
from network.models import Network

from .admin_jobs import ImportJobAdminMixin
from .models import ImportJob, Organisation, Visibility
from .resources import (
    FORMATS,
    WEB_FORMATS,
    AboveWebLimit,
    ImportFileError,
    Limits,
    MembershipResource,
    OrganisationResource,
    StaleRecords,
)


class SpreadsheetImportForm(ImportForm):
    """The upload form, refusing a file above the size limit before it is read."""

    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        try:
            Limits.from_settings(web=True).check_size(import_file.size)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return import_file


class NetworkImportForm(SpreadsheetImportForm):
    """The upload form, with the network every organisation in the file joins."""

    network = forms.ModelChoiceField(
        label=_("Network"), queryset=Network.objects.none(),
        help_text=_("Every organisation in the file becomes a member of this network, "
                    "besides any networks its row names."))
    field_order = ["resource", "network", "import_file", "format"]

    def __init__(self, formats, resources, *, networks, fixed=False, **kwargs):
        super().__init__(formats, resources, **kwargs)
        field = self.fields["network"]
        field.queryset = networks
        if fixed:
            # Her only network: shown, not asked.
            network = networks.get()
            field.initial, field.disabled = network.pk, True
            field.widget = ShownChoice(text=str(network))
            field.help_text = _("Every organisation in the file becomes a member of your "
                                "network, besides any networks its row names.")


class ShownChoice(forms.HiddenInput):
    """The one possible choice, as plain text beside its hidden value."""

    is_hidden = False  # listed with the visible fields, under its label

    def __init__(self, text, attrs=None):
        super().__init__(attrs)
        self.text = text

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("<strong>{}</strong>{}", self.text,
                           super().render(name, value, attrs, renderer))


class VersionsField(forms.CharField):
    """{pk: version} of the records a preview showed changing, as JSON, sent back on
    confirm."""

    widget = forms.HiddenInput

    def clean(self, value):
        value = super().clean(value)
        try:
            versions = json.loads(value) if value else {}
            if not isinstance(versions, dict):
                raise ValueError
            return {int(key): int(version) for key, version in versions.items()}
        except (TypeError, ValueError):
            raise forms.ValidationError(_("The preview's record versions are unreadable: "
                                          "upload the file again.")) from None


class CheckedConfirmImportForm(ConfirmImportForm):
    """The confirmation form, carrying the versions of the records the preview showed."""

    versions = VersionsField(required=False)


class NetworkConfirmImportForm(CheckedConfirmImportForm):
    """The confirmation form, carrying the network chosen on upload."""

    network = forms.ModelChoiceField(queryset=Network.objects.none(),
                                     widget=forms.HiddenInput)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class SpreadsheetMixin(ImportJobAdminMixin, ImportExportMixin):
    """CSV and XLSX only; import needs the add and change permissions, export the view
    permission; resources are scoped to ``request.user``. A file above the admin's limit
    of rows runs as a job (members/admin_jobs.py)."""

    formats = export_formats = FORMATS
    # Read within the admin's smaller limit of rows: a larger file becomes a job.
    import_formats = WEB_FORMATS
    # Every column, always: an export must re-import cleanly.
    export_form_class = ExportForm
    import_template_name = "admin/import_export/members_import.html"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    confirm_form_class = CheckedConfirmImportForm

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        if isinstance(form, ConfirmImportForm):
            # Confirming: write only if the records are as the preview showed them.
            return {"user": request.user,
                    "checked_versions": form.cleaned_data.get("versions") or {}}
        return {"user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        resource = getattr(request, "import_resource", None)
        if resource is not None:
            initial["versions"] = json.dumps(resource.previewed_versions)
        return initial

    def choose_import_resource_class(self, form, request):
        resource_class = super().choose_import_resource_class(form, request)

        def remembered(**kwargs):
            # The preview's resource, kept for the versions its dry run read.
            request.import_resource = resource_class(**kwargs)
            return request.import_resource

        return remembered

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def process_result(self, result, request):
        # The file was checked at upload, but the records may have changed since: the
        # import was rolled back, so say so rather than "Import finished".
        if not result.is_valid():
            stale = [error.error for error in result.base_errors
                     if isinstance(error.error, StaleRecords)]
            messages.error(request, str(stale[0]) if stale else _(
                "Nothing was imported: some rows are no longer valid. Upload the file "
                "again to see which."))
            app_label, model_name = self.get_model_info()
            return HttpResponseRedirect(reverse(
                f"{self.admin_site.name}:{app_label}_{model_name}_import",
                current_app=self.admin_site.name))
        return super().process_result(result, request)

    def add_data_read_fail_error_to_form(self, form, e):
        form.above_web_limit = isinstance(e, AboveWebLimit)  # it runs as a job
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        elif isinstance(e, UnicodeDecodeError):
            form.add_error("import_file", _("The file is not UTF-8 text. Save it as "
                                            "“CSV UTF-8” and try again."))
        else:
            super().add_data_read_fail_error_to_form(form, e)


class OrganisationImportExportMixin(SpreadsheetMixin):
    resource_classes = [OrganisationResource]
    job_resource = ImportJob.Resource.ORGANISATIONS
    import_form_class = NetworkImportForm
    confirm_form_class = NetworkConfirmImportForm

    def get_import_form_kwargs(self, request):
        networks = curated_networks(request.user)
        return {**super().get_import_form_kwargs(request), "networks": networks,
                "fixed": not request.user.is_superuser and networks.count() == 1}

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and "result" in response.context_data:
            response.context_data["arrivals"] = arrivals(response.context_data["result"])
        return response

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form),
                "networks": curated_networks(request.user)}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["network"] = import_form.cleaned_data["network"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        network = getattr(form, "cleaned_data", {}).get("network")
        return {**super().get_import_resource_kwargs(request, **kwargs), "network": network}


class MembershipImportExportMixin(SpreadsheetMixin):
    resource_classes = [MembershipResource]
    job_resource = ImportJob.Resource.MEMBERSHIPS
    import_form_class = SpreadsheetImportForm


STATUS_ARRIVALS = {
    Organisation.Status.DRAFT: ngettext_lazy(
        "%(count)d new organisation arrives as a draft.",
        "%(count)d new organisations arrive as drafts.", "count"),
    Organisation.Status.PUBLISHED: ngettext_lazy(
        "%(count)d new organisation arrives published.",
        "%(count)d new organisations arrive published.", "count"),
    Organisation.Status.ARCHIVED: ngettext_lazy(
        "%(count)d new organisation arrives archived.",
        "%(count)d new organisations arrive archived.", "count"),
}
VISIBILITY_ARRIVALS = {
    Visibility.PUBLIC: ngettext_lazy("Its profile is public.", "Their profiles are public.",
                                     "count"),
    Visibility.MEMBERS: ngettext_lazy(
        "Its profile is for network members: the signed-in members of its networks "
        "and the staff.",
        "Their profiles are for network members: the signed-in members of their "
        "networks and the staff.", "count"),
    Visibility.STAFF: ngettext_lazy("Its profile is visible to staff only.",
                                    "Their profiles are visible to staff only.", "count"),
}


def arrivals(result):
    """What the preview says of the state new organisations arrive in, one sentence per
    state, read from the records the rows make (the columns or the model's defaults)."""
    if not result.is_valid():
        return []
    states = Counter(row.arrival for row in result.rows
                     if getattr(row, "arrival", None) is not None)
    sentences = []
    for (status, visibility), count in sorted(states.items()):
        sentence = [STATUS_ARRIVALS[status] % {"count": count},
                    VISIBILITY_ARRIVALS[visibility] % {"count": count}]
        if status == Organisation.Status.PUBLISHED and visibility == Visibility.PUBLIC:
            sentence.append(ngettext("Visitors see it once the import is confirmed.",
                                     "Visitors see them once the import is confirmed.",
                                     count))
        else:
            sentence.append(ngettext(
                "Visitors do not see it until it is published with a public profile: "
                "use the list's action “Publish the selected records” once it is checked.",
                "Visitors do not see them until they are published with a public "
                "profile: use the list's action “Publish the selected records” once they "
                "are checked.",
                count))
        sentences.append(" ".join(sentence))
    return sentences
