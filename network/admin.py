"""Admin for the networks' content, with a tab per language."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from .core.completeness import MissingTranslationFilter
from .core.roles import CURATOR
from .core.scoping import ScopedAdmin, ScopedInline
from .core.staleness import OutdatedTranslationFilter
from .models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track

admin.site.site_header = _("WASL & ICSSI directory administration")
admin.site.site_title = _("Directory administration")
admin.site.index_title = _("Curation")

# The sections a curator works in, first, in this order; then the rest of the content.
CONTENT_APPS = ("members", "publications", "network")
# Accounts, lockouts, second factors and the background tasks (the mail queue, where
# failed sends are listed): for superusers only, after the content.
SECURITY_APPS = ("auth", "axes", "otp_static", "otp_totp", "django_tasks_database")
_default_app_list = admin.site.get_app_list


def get_app_list(request, app_label=None):
    """The admin's sections, content first and security last (superusers only)."""
    apps = _default_app_list(request, app_label)
    if not request.user.is_superuser:
        apps = [app for app in apps if app["app_label"] not in SECURITY_APPS]

    def rank(app):
        label = app["app_label"]
        if label in CONTENT_APPS:
            return (0, CONTENT_APPS.index(label))
        return (2, SECURITY_APPS.index(label)) if label in SECURITY_APPS else (1, 0)

    return sorted(apps, key=rank)


# An instance attribute, so the index and every app page use it without replacing
# Django's default site (which settings and third-party admins register on).
admin.site.get_app_list = get_app_list


class CharterValueInline(ScopedInline, TranslationStackedInline):
    model = CharterValue
    extra = 0


class MilestoneInline(ScopedInline, TranslationStackedInline):
    model = Milestone
    extra = 0


@admin.register(Network)
class NetworkAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "pk"
    readable_by_librarians = True
    list_display = ("name", "short_name", "slug", "order")
    list_filter = (MissingTranslationFilter, OutdatedTranslationFilter)
    filter_horizontal = ("curators",)
    search_fields = ("name_ar", "name_en", "short_name_ar", "short_name_en", "slug")
    prepopulated_fields = {"slug": ("short_name_en",)}
    inlines = [CharterValueInline, MilestoneInline]
    fieldsets = [
        (None, {"fields": ["slug", "order", "name", "short_name", "tagline", "website"]}),
        (_("Introduction"), {"fields": ["summary", "body", "civil_society_definition",
                                        "solidarity", "quote", "quote_source",
                                        "closing_quote"]}),
        (_("Charter"), {"fields": ["charter_heading", "charter_intro", "charter_outro",
                                   "funding_policy", "charter_approved_by",
                                   "charter_approved_place", "charter_approved_on"]}),
        (_("Approach, history and goal"), {"fields": ["approach_heading", "approach_intro",
                                                      "history", "goal", "tracks_heading",
                                                      "tracks_intro", "publications_intro"]}),
        (_("Stated figures"), {"fields": ["stated_figures", "stated_partners",
                                          "stated_countries", "stated_reach",
                                          "founded_year", "founded_place"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            # Who curates a network is the superuser's decision alone: her curators and
            # the way to add one at the top of the page, the full list at the bottom.
            first_title, first = fieldsets[0]
            fieldsets = [(first_title, {**first, "fields": ["curator_links",
                                                            *first["fields"]]}),
                         *fieldsets[1:], (_("Curators"), {"fields": ["curators"]})]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "curator_links") if request.user.is_superuser else fields

    @admin.display(description=_("Curators of this network"))
    def curator_links(self, obj):
        add_url = reverse("admin:auth_user_add")
        query = urlencode({"role": CURATOR, **({"network": obj.pk} if obj.pk else {})})
        curators = format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("admin:auth_user_change", args=[user.pk]), user.get_username())
             for user in obj.curators.order_by("username")) if obj.pk else ())
        return format_html('{}{}<a href="{}?{}" class="addlink">{}</a>', curators,
                           " — " if curators else "", add_url, query, _("add a curator"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "curators":
            kwargs["queryset"] = db_field.related_model.objects.filter(
                is_staff=True, groups__name=CURATOR).distinct()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ApproachPointInline(ScopedInline, TranslationTabularInline):
    model = ApproachPoint
    extra = 0


@admin.register(ApproachSection)
class ApproachSectionAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "network"
    list_display = ("title", "network", "order")
    list_filter = ("network", MissingTranslationFilter, OutdatedTranslationFilter)
    list_select_related = ("network",)
    inlines = [ApproachPointInline]


@admin.register(Track)
class TrackAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "networks"
    readable_by_librarians = True
    list_display = ("name", "slug", "order")
    list_filter = ("networks", MissingTranslationFilter, OutdatedTranslationFilter)
    search_fields = ("name_ar", "name_en", "slug")
    filter_horizontal = ("networks",)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        # A track may be shared; only a superuser moves it between networks.
        return ("networks",)


@admin.register(CharterValue)
class CharterValueAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "network"
    list_display = ("title", "network", "order")
    list_filter = ("network", MissingTranslationFilter, OutdatedTranslationFilter)
    list_select_related = ("network",)


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "network"
    list_display = ("__str__", "network")
    list_filter = ("network", MissingTranslationFilter, OutdatedTranslationFilter)
    list_select_related = ("network",)


@admin.register(ApproachPoint)
class ApproachPointAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "section__network"
    list_display = ("__str__", "section")
    list_filter = ("section__network", MissingTranslationFilter, OutdatedTranslationFilter)
    list_select_related = ("section__network",)
