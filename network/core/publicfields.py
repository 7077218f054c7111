"""Public fields declared once: each says how its value is read and how the record, the API
and the CSV show it, so a record, an API schema and CSV columns derive from one list
(``members.projection.ORGANISATION_FIELDS``, ``publications.projection.PUBLICATION_FIELDS``).

A field reads a row that the projection has already cleared for the public; hidden values
arrive empty. The record holds plain values in both languages (the JSON download); the API
gives a translated field in the request's language with ``_i18n`` beside it; the CSV's
cells are made from the record, with readable labels beside codes.
"""

from django.utils.translation import get_language, override
from django_countries import countries
from ninja import Schema
from pydantic import Field, create_model

from .api import I18n, api_link
from .i18n import LANGUAGE_CODES, translated_value
from .links import absolute_url


def _attribute(name):
    return lambda row: getattr(row, name)


def _yes_no(value):
    return "yes" if value else "no"


def _described(annotation, description):
    return (annotation, Field(description=description) if description else ...)


class Public:
    """A field shown as it is stored: one record key, one API property, one CSV column.

    ``get`` reads the value from a row; ``api``/``csv`` rename the property/column
    (``False`` leaves it out); ``null`` gives ``None`` for an empty value in the API;
    ``cell`` formats the CSV value."""

    def __init__(self, name, *, get=None, api=None, csv=None, annotation=str, null=False,
                 description=None, cell=None):
        self.name = name
        self.get = get or _attribute(name)
        self.api_name = name if api is None else api
        self.csv_name = name if csv is None else csv
        self.annotation = annotation | None if null else annotation
        self.null = null
        self.description = description
        self.cell = cell

    def record_keys(self):
        return [self.name]

    def record(self, row, request):
        return {self.name: self.get(row)}

    def schema(self):
        if not self.api_name:
            return {}
        return {self.api_name: _described(self.annotation, self.description)}

    def api(self, row, request):
        if not self.api_name:
            return {}
        value = self.get(row)
        return {self.api_name: (value or None) if self.null else value}

    def columns(self):
        return (self.csv_name,) if self.csv_name else ()

    def cells(self, record, request):
        if not self.csv_name:
            return {}
        value = record[self.name]
        return {self.csv_name: self.cell(value) if self.cell else value}


def Flag(name, **options):
    """A yes/no field: a boolean in the record and the API, ``yes``/``no`` in the CSV."""
    return Public(name, annotation=bool, cell=_yes_no, **options)


def Slugs(name, **options):
    """A list of slugs or codes: a list in the record and the API, ``a;b`` in the CSV."""
    return Public(name, annotation=list[str], cell=";".join, **options)


class Choice(Public):
    """A code from ``choices`` (TextChoices or pairs), with its label in the active language
    beside it: ``<api>_<label>`` in the API, ``<csv>_<csv_label>`` in the CSV
    (``csv_label=False``: the code alone)."""

    def __init__(self, name, choices=(), *, label="label", csv_label=None, **options):
        super().__init__(name, **options)
        self.labels = dict(getattr(choices, "choices", choices))
        self.label = label
        self.csv_label = label if csv_label is None else csv_label

    def label_text(self, value):
        return str(self.labels.get(value, value)) if value else ""

    def schema(self):
        fields = super().schema()
        if fields:
            fields[f"{self.api_name}_{self.label}"] = (self.annotation, ...)
        return fields

    def api(self, row, request):
        out = super().api(row, request)
        if out:
            label = self.label_text(self.get(row))
            out[f"{self.api_name}_{self.label}"] = (label or None) if self.null else label
        return out

    def columns(self):
        if not self.csv_name:
            return ()
        if not self.csv_label:
            return (self.csv_name,)
        return (self.csv_name, f"{self.csv_name}_{self.csv_label}")

    def cells(self, record, request):
        out = super().cells(record, request)
        if out and self.csv_label:
            out[f"{self.csv_name}_{self.csv_label}"] = self.label_text(record[self.name])
        return out


class Country(Choice):
    """An ISO 3166-1 code with the country's name in the active language (``_name``)."""

    def __init__(self, name, **options):
        super().__init__(name, label="name", get=lambda row: getattr(row, name).code,
                         description="ISO 3166-1 alpha-2 code.", **options)

    def label_text(self, value):
        return str(countries.name(value)) if value else ""


class Translated(Public):
    """A text in each language: ``<name>_ar``/``<name>_en`` in the record and the CSV
    (``csv`` renames these columns); in the API the text in the request's language,
    falling back to the other, and ``<api>_i18n`` with both (null where empty).
    ``alternate`` adds the other language's text as ``alternate_<api>``."""

    def __init__(self, name, *, csv=None, alternate=False, **options):
        super().__init__(name, **options)
        self.csv_names = csv or tuple(f"{name}_{code}" for code in LANGUAGE_CODES)
        self.alternate = alternate

    def record_keys(self):
        return [f"{self.name}_{code}" for code in LANGUAGE_CODES]

    def record(self, row, request):
        return {key: getattr(row, key) or "" for key in self.record_keys()}

    def schema(self):
        fields = super().schema()
        fields[f"{self.api_name}_i18n"] = (I18n, ...)
        if self.alternate:
            fields[f"alternate_{self.api_name}"] = _described(
                str | None, f"The {self.name} in the other language, or null.")
        return fields

    def api(self, row, request):
        values = {code: getattr(row, f"{self.name}_{code}") or None for code in LANGUAGE_CODES}
        out = {self.api_name: translated_value(row, self.name)[0],
               f"{self.api_name}_i18n": values}
        if self.alternate:
            language = get_language()
            other = next(code for code in LANGUAGE_CODES if code != language)
            out[f"alternate_{self.api_name}"] = values[other] if values[language] else None
        return out

    def columns(self):
        return self.csv_names

    def cells(self, record, request):
        pairs = zip(self.csv_names, self.record_keys(), strict=True)
        return {column: record[key] for column, key in pairs}


class Page(Public):
    """The record's public page in each language: ``url_ar``/``url_en`` in the record
    (paths, or absolute with ``absolute``); ``html_url`` in the request's language in the
    API (with ``html_url_i18n`` unless ``i18n=False``); in the CSV one absolute ``url`` in
    the reader's language, or ``url_ar``/``url_en`` with ``csv_per_language``."""

    def __init__(self, url_of, *, absolute=False, i18n=True, csv_per_language=False):
        super().__init__("url")
        self.url_of = url_of
        self.absolute = absolute
        self.i18n = i18n
        self.csv_per_language = csv_per_language

    def record_keys(self):
        return [f"url_{code}" for code in LANGUAGE_CODES]

    def _urls(self, row, request, absolute):
        urls = {}
        for code in LANGUAGE_CODES:
            with override(code):
                url = self.url_of(row)
            urls[code] = absolute_url(request, url) if absolute else url
        return urls

    def record(self, row, request):
        urls = self._urls(row, request, self.absolute)
        return {f"url_{code}": url for code, url in urls.items()}

    def schema(self):
        return {"html_url": (str, ...), **({"html_url_i18n": (I18n, ...)} if self.i18n else {})}

    def api(self, row, request):
        urls = self._urls(row, request, absolute=True)
        return {"html_url": urls[get_language()],
                **({"html_url_i18n": urls} if self.i18n else {})}

    def columns(self):
        return tuple(self.record_keys()) if self.csv_per_language else ("url",)

    def cells(self, record, request):
        if self.csv_per_language:
            return {key: record[key] for key in self.record_keys()}
        return {"url": absolute_url(request, record[f"url_{get_language()}"])}


class ApiLink(Public):
    """The record's own address in the API (``api_url``); not in the record or the CSV."""

    def __init__(self, collection):
        super().__init__("api_url", csv=False)
        self.collection = collection

    def record_keys(self):
        return []

    def record(self, row, request):
        return {}

    def schema(self):
        return {"api_url": (str, ...)}

    def api(self, row, request):
        return {"api_url": api_link(request, self.collection, row.slug)}


class PublicFields(tuple):
    """The public fields of one kind of record, in their order: the record, the API schema
    and the CSV columns derive from it."""

    def record_keys(self):
        return tuple(key for field in self for key in field.record_keys())

    def record(self, row, request=None):
        record = {}
        for field in self:
            record.update(field.record(row, request))
        return record

    def schema(self, name, base=Schema):
        fields = {}
        for field in self:
            fields.update(field.schema())
        return create_model(name, __base__=base, **fields)

    def api(self, row, request):
        out = {}
        for field in self:
            out.update(field.api(row, request))
        return out

    def columns(self):
        return tuple(column for field in self for column in field.columns())

    def csv_row(self, record, request):
        row = {}
        for field in self:
            row.update(field.cells(record, request))
        return row
