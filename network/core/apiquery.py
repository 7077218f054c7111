"""The API's query parameters, derived from a list's FilterSet: one declaration per filter.

Each filter of the FilterSet becomes a query parameter with the same name, its allowed
values as an OpenAPI ``enum`` (choices, country codes, and the slugs of a model choice,
read when the schema is generated), bounds and length limits, and its label as the
description. The FilterSet validates the request, so the page and the API accept and
refuse the same values, with the same messages.
"""

import django_filters
from django.utils.translation import override
from django_countries import countries
from ninja import Schema
from pydantic import Field, create_model

from .listing import CountryFilter


def _slugs(filter_):
    """The current slugs (or other ``to_field_name``) of a model choice filter's rows."""
    to_field = filter_.extra.get("to_field_name", "pk")
    queryset = filter_.queryset
    rows = queryset(None) if callable(queryset) else queryset
    return sorted(str(value) for value in rows.order_by().values_list(to_field, flat=True))


def _parameter(name, filter_):
    """``(description, JSON schema)`` of the query parameter of ``filter_``; the schema
    is a callable when it reads the database (a model choice's slugs)."""
    with override("en"):
        label = str(filter_.label or name)
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        queryset = filter_.queryset
        model = (queryset(None) if callable(queryset) else queryset).model
        with override("en"):
            noun = str(model._meta.verbose_name)
        return f"{label}: a {noun}'s slug.", lambda: {"type": "string", "enum": _slugs(filter_)}
    if isinstance(filter_, CountryFilter):
        return (f"{label}: ISO 3166-1 alpha-2 code.",
                {"type": "string", "enum": sorted(countries.countries)})
    if isinstance(filter_, django_filters.ChoiceFilter):
        choices = filter_.extra["choices"]
        choices = choices() if callable(choices) else choices
        with override("en"):
            listed = ", ".join(f"{value} ({text})" for value, text in choices)
        return (f"{label}: {listed}.",
                {"type": "string", "enum": [str(value) for value, _text in choices]})
    if isinstance(filter_, django_filters.NumberFilter):
        bounds = {key: filter_.extra[source] for key, source in
                  (("minimum", "min_value"), ("maximum", "max_value"))
                  if source in filter_.extra}
        return f"{label}.", {"type": "integer", **bounds}
    if isinstance(filter_, django_filters.CharFilter):
        schema = {"type": "string"}
        if filter_.extra.get("max_length"):
            schema["maxLength"] = filter_.extra["max_length"]
        return f"{label}: free text in both languages, Arabic folded.", schema
    raise TypeError(f"no query parameter for the filter {name!r} ({type(filter_)})")


def _field(description, schema):
    """An optional string parameter whose JSON schema is ``schema`` (the FilterSet, not
    pydantic, validates the value: the API answers as the pages do)."""
    def extra(field_schema):
        field_schema.clear()
        field_schema.update(schema() if callable(schema) else schema)
        field_schema["description"] = description

    return str | None, Field(None, description=description, json_schema_extra=extra)


def query_schema(filterset_class, exclude=("sort",)):
    """A ninja Schema with a query parameter for each filter of ``filterset_class``."""
    fields = {name: _field(*_parameter(name, filter_))
              for name, filter_ in filterset_class.base_filters.items()
              if name not in exclude}
    return create_model(f"{filterset_class.__name__}Query", __base__=Schema, **fields)


def parameter_names(filterset_class, exclude=("sort",)):
    """The query parameters ``query_schema`` gives, in the FilterSet's order."""
    return tuple(name for name in filterset_class.base_filters if name not in exclude)
