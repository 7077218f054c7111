"""Translated fields of the members app (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from network.core.history import track

from .models import Consent, Membership, Organisation, Person


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "city", "description")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "title", "bio", "city")


# After the registrations above, so each version holds every language.
track(Organisation, Membership, Person, Consent)
