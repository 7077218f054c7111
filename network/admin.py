"""Admin for the networks' content, with a tab per language."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from .completeness import MissingTranslationFilter
from .models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track
from .roles import CURATOR
from .scoping import ScopedAdmin, ScopedInline

admin.site.site_header = _("WASL & ICSSI directory administration")
admin.site.site_title = _("Directory administration")
admin.site.index_title = _("Curation")


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
    list_filter = (MissingTranslationFilter,)
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
            # Who curates a network is the superuser's decision alone.
            fieldsets = [*fieldsets, (_("Curators"), {"fields": ["curators"]})]
        return fieldsets

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
    list_filter = ("network", MissingTranslationFilter)
    list_select_related = ("network",)
    inlines = [ApproachPointInline]


@admin.register(Track)
class TrackAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "networks"
    readable_by_librarians = True
    list_display = ("name", "slug", "order")
    list_filter = ("networks", MissingTranslationFilter)
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
    list_filter = ("network", MissingTranslationFilter)
    list_select_related = ("network",)


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "network"
    list_display = ("__str__", "network")
    list_filter = ("network", MissingTranslationFilter)
    list_select_related = ("network",)


@admin.register(ApproachPoint)
class ApproachPointAdmin(ScopedAdmin, TabbedTranslationAdmin):
    scope = "section__network"
    list_display = ("__str__", "section")
    list_filter = ("section__network", MissingTranslationFilter)
    list_select_related = ("section__network",)
