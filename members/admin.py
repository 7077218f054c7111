"""Admin for organisations and their memberships, with a tab per language."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["network"]


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ("name", "acronym", "country", "governorate", "kind", "women_led", "status",
                    "is_sample", "updated_at")
    list_filter = ("status", "kind", "women_led", "is_sample", "memberships__network",
                   "country", "governorate")
    search_fields = ("name_ar", "name_en", "acronym", "search_text", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    filter_horizontal = ("tracks",)
    inlines = [MembershipInline]
    readonly_fields = ("created_at", "updated_at")
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "acronym", "kind", "women_led", "status",
                           "is_sample"]}),
        (_("Place"), {"fields": ["country", "governorate", "city"]}),
        (_("About"), {"fields": ["description", "founded_year", "tracks", "languages",
                                 "website", "social_links"]}),
        (_("Contact (never public)"), {"fields": ["email", "phone", "address"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.action(description=_("Publish the selected organisations"))
    def publish(self, request, queryset):
        queryset.update(status=Organisation.Status.PUBLISHED)

    @admin.action(description=_("Archive the selected organisations"))
    def archive(self, request, queryset):
        queryset.update(status=Organisation.Status.ARCHIVED)
