"""Admin for organisations, memberships, individual activists and their consents.

Scoped to the curator's networks (see :mod:`network.core.scoping`), with a tab per
language, the change history of every record and spreadsheet import and export.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from network.core.completeness import MissingTranslationFilter
from network.core.roles import curated_networks
from network.core.scoping import (
    ScopedAdmin,
    ScopedInline,
    archive,
    locked_selection,
    unpublish,
)
from network.core.staleness import OutdatedTranslationFilter
from network.core.versioning import VersionedForm

from .accounts import InviteAdminMixin, ListingLinkAdminMixin
from .admin_import import MembershipImportExportMixin, OrganisationImportExportMixin
from .applications import ApplicationAdmin
from .duplicates import possible_duplicates
from .freshness import LastCheckedFilter, confirm_checked
from .models import (
    Application,
    Consent,
    Membership,
    Message,
    Organisation,
    Person,
    Proposal,
    Visibility,
    WorkingLanguage,
)
from .proposals import ProposalAdmin


class MembershipFormSet(forms.BaseInlineFormSet):
    """A curator's organisation must stay in at least one of her networks."""

    user = None

    def clean(self):
        super().clean()
        if self.user is None or self.user.is_superuser or any(self.errors):
            return
        kept = [form for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("Add a membership in one of your networks."))


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    scope = "network"
    extra = 0
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset


class WorkingLanguagesField(forms.MultipleChoiceField):
    """The working languages as checkboxes, stored as before: codes separated by commas."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=WorkingLanguage.choices, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [code for code in value.split(",") if code]
        return value

    def clean(self, value):
        codes = set(super().clean(value))
        return ",".join(code for code in WorkingLanguage.values if code in codes)

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial or ""), data)


def publish_organisations(modeladmin, request, queryset, *, make_public):
    """Publish the selected organisations, and make their profiles public when asked,
    each through ``save()`` (history, version); returns how many changed."""
    count = 0
    # As set_status: each row read again under a lock, only these fields written.
    with transaction.atomic(using=router.db_for_write(Organisation)):
        for organisation in locked_selection(modeladmin, request, queryset):
            changed = ["status"] if organisation.status != Organisation.Status.PUBLISHED else []
            if make_public and organisation.visibility != Visibility.PUBLIC:
                changed.append("visibility")
            if not changed:
                continue
            organisation.status = Organisation.Status.PUBLISHED
            if make_public:
                organisation.visibility = Visibility.PUBLIC
            organisation._history_user = request.user
            organisation.save(update_fields=[*changed, "updated_at"])
            count += 1
    return count


NOT_A_DUPLICATE = "not_a_duplicate"


class DuplicateCheckAdmin:
    """The add form shows the organisations the new one may duplicate (members/duplicates.py:
    folded name, website domain, country), with links, before anything is saved; ticking
    "not a duplicate" saves it. Records the curator cannot open are counted, not named."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None or NOT_A_DUPLICATE in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], NOT_A_DUPLICATE]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        visible = self.get_queryset(request)
        base = kwargs.get("form", self.form)

        class AddForm(base):
            not_a_duplicate = forms.BooleanField(
                required=False, label=_("It is none of these: add it anyway"),
                help_text=_("Shown when the new organisation resembles one already in the "
                            "directory."))

            def clean(form):
                cleaned_data = super().clean()
                if cleaned_data.get(NOT_A_DUPLICATE):
                    return cleaned_data
                found = possible_duplicates(
                    name_ar=cleaned_data.get("name_ar") or "",
                    name_en=cleaned_data.get("name_en") or "",
                    website=cleaned_data.get("website") or "",
                    country=cleaned_data.get("country") or "")
                if not found:
                    return cleaned_data
                seen = set(visible.filter(pk__in=[duplicate.organisation.pk
                                                  for duplicate in found])
                           .values_list("pk", flat=True))
                named = [duplicate for duplicate in found if duplicate.organisation.pk in seen]
                hidden = len(found) - len(named)
                items = format_html_join("", "<li><a href='{}'>{}</a> ({})</li>", (
                    (reverse("admin:members_organisation_change",
                             args=[duplicate.organisation.pk]),
                     duplicate.organisation.name,
                     ", ".join(str(reason) for reason in duplicate.reasons))
                    for duplicate in named))
                more = (ngettext("and %(count)d record of another network.",
                                 "and %(count)d records of other networks.", hidden)
                        % {"count": hidden}) if hidden else ""
                raise ValidationError(format_html(
                    "{}<ul>{}</ul>{}", gettext("It may already be in the directory. Check "
                                               "these, then tick “It is none of these” to "
                                               "add it anyway:"), items, more),
                    code="duplicate")

        kwargs["form"] = AddForm
        return super().get_form(request, obj, change=change, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(DuplicateCheckAdmin, InviteAdminMixin, OrganisationImportExportMixin,
                        ScopedAdmin, TabbedTranslationAdmin):
    scope = "memberships__network"
    change_form_template = "admin/members/change_form_invite.html"
    list_display = ("name", "acronym", "country", "governorate", "kind", "status",
                    "visibility", "is_sample", "assured_date", "updated_at")
    list_filter = ("status", "visibility", MissingTranslationFilter, OutdatedTranslationFilter,
                   LastCheckedFilter, "kind", "women_led", "is_sample", "memberships__network",
                   "country", "governorate")
    search_fields = ("name_ar", "name_en", "acronym", "search_text", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    filter_horizontal = ("tracks",)
    inlines = [MembershipInline]
    readonly_fields = ("created_at", "updated_at", "assured_date", "assured_by")
    actions = ["make_published", archive, unpublish, confirm_checked]
    fieldsets = [
        (None, {"fields": ["slug", "name", "acronym", "kind", "women_led", "status",
                           "visibility", "is_sample"]}),
        (_("Place"), {"fields": ["country", "governorate", "city"]}),
        (_("About"), {"fields": ["description", "founded_year", "tracks", "languages",
                                 "website", "social_links", "social_visibility"]}),
        (_("Contact"), {
            "fields": [("email", "email_visibility"), "accepts_messages",
                       ("phone", "phone_visibility"), ("address", "address_visibility")],
            "description": _("Shown publicly only where the visibility is public; "
                             "“Network members” shows it to the signed-in members of "
                             "the organisation's networks as well.")}),
        (_("Record"), {"fields": ["created_at", "updated_at", "assured_date", "assured_by"]}),
    ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Its managers' proposals awaiting review, linked above the form.
        pending = Proposal.objects.pending().filter(organisation_id=object_id).count() \
            if str(object_id).isdigit() else 0
        return super().change_view(request, object_id, form_url,
                                   {**(extra_context or {}), "pending_proposals": pending})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "languages":
            return WorkingLanguagesField(
                required=False, label=capfirst(db_field.verbose_name),
                help_text=_("Tick the languages the organisation works in."))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.action(description=_("Publish the selected records"), permissions=["change"])
    def make_published(self, request, queryset):
        """Ask first whether the profiles become public too, then publish."""
        if request.POST.get("post") == "yes":
            count = publish_organisations(self, request, queryset,
                                          make_public=bool(request.POST.get("make_public")))
            self.message_user(request, ngettext("%(count)d record changed.",
                                                "%(count)d records changed.", count)
                              % {"count": count}, messages.SUCCESS)
            return None
        organisations = [organisation for organisation in queryset.order_by("pk")
                         if self.has_change_permission(request, organisation)]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish organisations"),
            "opts": self.model._meta,
            "organisations": organisations,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/members/organisation/publish_selected.html",
                                context)


@admin.register(Membership)
class MembershipAdmin(MembershipImportExportMixin, ScopedAdmin):
    scope = "network"
    list_display = ("organisation", "network", "role", "since", "until")
    list_filter = ("network", "role")
    list_select_related = ("organisation", "network")
    search_fields = ("organisation__name_ar", "organisation__name_en", "organisation__slug")
    autocomplete_fields = ("organisation",)


class ConsentForm(VersionedForm):
    withdraw = forms.BooleanField(
        label=_("Consent withdrawn"), required=False,
        help_text=_("Tick when the person withdraws consent: she or he disappears from the "
                    "public pages at once."))

    class Meta:
        model = Consent
        fields = ["given_by", "method", "given_on", "review_on", "show_title",
                  "show_organisation", "show_city", "show_bio", "show_email", "show_phone",
                  "show_social", "show_messages", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.withdrawn_at:
            self.fields["withdraw"].initial = True
            self.fields["withdraw"].disabled = True


def record_consent(request, consent, form):
    """Who recorded the consent, and the withdrawal when it is ticked."""
    if consent.pk is None:
        consent.recorded_by = request.user
    if form.cleaned_data.get("withdraw") and not consent.withdrawn_at:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_recorded_by = request.user
    consent._history_user = request.user


class ConsentInline(ScopedInline, admin.StackedInline):
    model = Consent
    form = ConsentForm
    extra = 0
    readonly_fields = ("recorded_by", "recorded_at", "withdrawn_at", "withdrawn_recorded_by")


@admin.register(Person)
class PersonAdmin(ListingLinkAdminMixin, InviteAdminMixin, ScopedAdmin, TabbedTranslationAdmin):
    scope = "networks"
    change_form_template = "admin/members/change_form_invite.html"
    list_display = ("name", "country", "organisation", "visibility", "public_now",
                    "is_sample", "assured_date", "updated_at")
    list_filter = ("visibility", MissingTranslationFilter, OutdatedTranslationFilter,
                   LastCheckedFilter, "networks", "country", "is_sample")
    actions = [confirm_checked]
    search_fields = ("name_ar", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("networks",)
    inlines = [ConsentInline]
    readonly_fields = ("created_at", "updated_at", "assured_date", "assured_by")
    fieldsets = [
        (None, {"fields": ["slug", "name", "title", "organisation", "networks",
                           "visibility", "is_sample"],
                "description": _("Shown publicly only with a public profile and a consent "
                                 "in force, and then only the fields the consent covers.")}),
        (_("Place"), {"fields": ["country", "city", "location_shown"]}),
        (_("About"), {"fields": ["bio"]}),
        (_("Contact"), {"fields": [("email", "email_visibility"), ("phone", "phone_visibility"),
                                   ("social_handles", "social_visibility")]}),
        (_("Record"), {"fields": ["created_at", "updated_at", "assured_date", "assured_by"]}),
    ]

    def get_queryset(self, request):
        # The list's "public now" column without a query per row: whether the public sees
        # each person, and her consents for the reason why not.
        return super().get_queryset(request).annotate(public_now=Exists(
            Person.objects.public().filter(pk=OuterRef("pk")))).prefetch_related("consents")

    @admin.display(description=_("public now"))
    def public_now(self, obj):
        """Whether the public sees her, and if not, why: the curator sees a lapsed or
        withdrawn consent at a glance."""
        if obj.public_now:
            return gettext("yes")
        if obj.visibility != Visibility.PUBLIC:
            return gettext("no: the profile is not public")
        today = timezone.localdate()
        consents = sorted(obj.consents.all(), key=lambda consent: (consent.review_on,
                                                                   consent.pk), reverse=True)
        latest = next((consent for consent in consents if consent.withdrawn_at is None), None)
        if latest is None:
            return (gettext("no: her or his consent was withdrawn") if consents
                    else gettext("no: no consent recorded"))
        if latest.review_on < today:
            return gettext("no: the consent lapsed on %(date)s") % {
                "date": date_format(latest.review_on, "DATE_FORMAT")}
        if latest.given_on > today:
            return gettext("no: the consent counts from %(date)s") % {
                "date": date_format(latest.given_on, "DATE_FORMAT")}
        return gettext("no")

    def save_formset(self, request, form, formset, change):
        if formset.model is Consent:
            for inline_form in formset.forms:
                if inline_form.has_changed() and inline_form.cleaned_data:
                    record_consent(request, inline_form.instance, inline_form)
        super().save_formset(request, form, formset, change)


class ConsentStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("In force")), ("review", _("Due for review within 30 days")),
                ("lapsed", _("Past its review date")), ("withdrawn", _("Withdrawn"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "active":
                return queryset & Consent.objects.active(today)
            case "review":
                return queryset & Consent.objects.due_for_review(30, today)
            case "lapsed":
                return queryset.filter(withdrawn_at__isnull=True, review_on__lt=today)
            case "withdrawn":
                return queryset.filter(withdrawn_at__isnull=False)
        return queryset


@admin.register(Consent)
class ConsentAdmin(ScopedAdmin):
    scope = "person__networks"
    form = ConsentForm
    list_display = ("person", "given_by", "method", "given_on", "review_on", "withdrawn_at",
                    "recorded_by")
    list_filter = (ConsentStateFilter, "method")
    list_select_related = ("person", "recorded_by")
    search_fields = ("person__name_ar", "person__name_en", "given_by")
    autocomplete_fields = ("person",)
    readonly_fields = ("recorded_by", "recorded_at", "withdrawn_at", "withdrawn_recorded_by")
    fields = ["person", *ConsentForm.Meta.fields, "withdraw", *readonly_fields]
    actions = ["withdraw"]
    # A version from before a withdrawal would bring the person back: the history of a
    # consent is shown, never restored (a new consent is recorded instead).
    restorable = False

    def save_model(self, request, obj, form, change):
        record_consent(request, obj, form)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Withdraw the selected consents"), permissions=["change"])
    def withdraw(self, request, queryset):
        count = 0
        for consent in queryset.filter(withdrawn_at__isnull=True):
            consent._history_user = request.user
            consent.withdraw(by=request.user)
            count += 1
        self.message_user(request, ngettext("%(count)d consent withdrawn.",
                                            "%(count)d consents withdrawn.", count)
                          % {"count": count}, messages.SUCCESS)


admin.site.register(Proposal, ProposalAdmin)
# The curators' queue of applications to join a network (members/applications.py).
admin.site.register(Application, ApplicationAdmin)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The staff's copy of the messages through the contact relay, read-only: a curator
    sees those to her networks' organisations and people; another's answers 404."""

    list_display = ("created_at", "recipient", "sender_name", "sender_email", "language",
                    "confirmed_at", "forwarded_at")
    list_filter = ("language", ("confirmed_at", admin.EmptyFieldListFilter))
    list_select_related = ("organisation", "person")
    search_fields = ("sender_name", "sender_email", "organisation__search_names",
                     "person__name_ar", "person__name_en")
    fields = ("organisation", "person", "sender_name", "sender_email", "language", "text",
              "created_at", "expires_at", "confirmed_at", "forwarded_at")
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        networks = curated_networks(request.user)
        return queryset.filter(pk__in=Message.objects.filter(
            Q(organisation__memberships__network__in=networks)
            | Q(person__networks__in=networks)).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
