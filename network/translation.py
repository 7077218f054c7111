"""Translated fields of the network app (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .core.history import track
from .models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = (
        "name", "short_name", "tagline", "summary", "body", "civil_society_definition",
        "solidarity", "quote", "quote_source", "closing_quote", "charter_heading",
        "charter_intro", "charter_outro", "funding_policy", "charter_approved_by",
        "charter_approved_place", "approach_heading", "approach_intro", "history", "goal",
        "tracks_heading", "tracks_intro", "publications_intro", "stated_figures",
        "stated_reach", "founded_place",
    )
    required_languages = {"ar": ("name", "short_name")}


@register(CharterValue)
class CharterValueTranslation(TranslationOptions):
    fields = ("title", "text")


@register(ApproachSection)
class ApproachSectionTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(ApproachPoint)
class ApproachPointTranslation(TranslationOptions):
    fields = ("text",)


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "text")


# After the registrations above, so each version holds every language.
track(Network, CharterValue, ApproachSection, ApproachPoint, Track, Milestone)
