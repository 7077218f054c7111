"""Translated fields of the publications app (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from network.core.history import track

from .models import KeyArea, Publication, PublicationFile, Series


@register(Series)
class SeriesTranslation(TranslationOptions):
    fields = ("name",)


@register(Publication)
class PublicationTranslation(TranslationOptions):
    fields = ("title", "subtitle", "summary", "consultation_who")
    # A publication may exist in one language only; the database requires a title in
    # at least one (publications_publication_has_title).
    required_languages = ()


@register(KeyArea)
class KeyAreaTranslation(TranslationOptions):
    fields = ("text", "detail")


# After the registrations above, so each version holds every language.
track(Series, Publication, KeyArea, PublicationFile)
