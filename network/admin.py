"""Admin for the networks' content, with a tab per language."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from .models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track

admin.site.site_header = _("WASL & ICSSI directory administration")
admin.site.site_title = _("Directory administration")
admin.site.index_title = _("Curation")


class CharterValueInline(TranslationStackedInline):
    model = CharterValue
    extra = 0


class MilestoneInline(TranslationStackedInline):
    model = Milestone
    extra = 0


@admin.register(Network)
class NetworkAdmin(TabbedTranslationAdmin):
    list_display = ("name", "short_name", "slug", "order")
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


class ApproachPointInline(TranslationTabularInline):
    model = ApproachPoint
    extra = 0


@admin.register(ApproachSection)
class ApproachSectionAdmin(TabbedTranslationAdmin):
    list_display = ("title", "network", "order")
    list_filter = ("network",)
    list_select_related = ("network",)
    inlines = [ApproachPointInline]


@admin.register(Track)
class TrackAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    list_filter = ("networks",)
    search_fields = ("name_ar", "name_en", "slug")
    filter_horizontal = ("networks",)
