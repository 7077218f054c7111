"""Sorting names the way readers of the active language expect (pyuca for Arabic)."""

from functools import cache, lru_cache

from django.utils.translation import get_language, override
from django_countries import countries
from pyuca import Collator


@cache
def _collator():
    return Collator()


def sort_key(text):
    """A Unicode Collation Algorithm key: Arabic letters in dictionary order, Latin
    case-insensitive, accents secondary."""
    return _sort_key(str(text))


@lru_cache(maxsize=8192)
def _sort_key(text):
    # Names repeat on every page (countries, governorates): compute each key once.
    return _collator().sort_key(text)


def sort_by_name(items, name=lambda item: item):
    return sorted(items, key=lambda item: sort_key(name(item)))


@cache
def _country_order(language):
    with override(language):
        return tuple(sort_by_name([(code, str(label)) for code, label in countries],
                                  name=lambda pair: pair[1]))


def country_order():
    """Every ISO country code, ordered by its name in the active language."""
    return [code for code, _label in _country_order(get_language())]


def country_name(code):
    """The name of the country ``code`` in the active language (cached: django-countries
    looks it up afresh on every call, about 50 µs)."""
    return _country_name(get_language(), str(code))


@lru_cache(maxsize=4096)
def _country_name(language, code):
    return str(countries.name(code))
