"""Spreadsheet import and export of organisations and memberships (django-import-export).

An export has the import's columns, so it re-imports cleanly. Every import validates
each row (``full_clean``), stores all rows or none, and touches only the networks the
importing user curates. Row numbers are the spreadsheet's: the header is row 1.
"""

import csv
import hashlib
import io
import re
import zipfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override, pgettext
from django_countries import countries
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import Result, RowResult
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from network.core.downloads import FORMULA_LIKE, neutralise, unescape
from network.core.generation import invalidate_on_commit
from network.core.places import Governorate
from network.core.roles import curated_networks, sees_everything
from network.core.staleness import record_bulk, stored_texts
from network.core.text import normalize
from network.models import Network, Track

from .duplicates import DuplicateFinder, ranked
from .models import Membership, Organisation, Visibility

LIST_SEPARATOR = re.compile("[;\u061b]")  # ";" and the Arabic semicolon "؛"
YES = {"yes", "y", "true", "1", "نعم"}
NO = {"no", "n", "false", "0", "لا"}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported: unreadable, empty or wrong columns."""


class AboveWebLimit(ImportFileError):
    """The file has more rows than the admin imports at once: it may run as a job."""


class StaleRecords(ImportFileError):
    """Records the file changes were saved by someone else after they were read (or
    after the preview the curator confirmed): nothing is imported."""

    def __init__(self, records):
        names = pgettext("list separator", ", ").join(str(record) for record in records)
        super().__init__(ngettext(
            "Nothing was imported: %(names)s was changed by someone else after the file "
            "was checked. Look at it, then import the file again.",
            "Nothing was imported: %(names)s were changed by someone else after the file "
            "was checked. Look at them, then import the file again.",
            len(records)) % {"names": names})


#: Columns of the directory's CSV download that an import skips (members.downloads).
DOWNLOAD_ONLY_COLUMNS = ("url", "kind_label", "country_name", "governorate_label",
                         "is_sample")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def split_list(value):
    text = TextWidget().clean(value)
    return [part.strip() for part in LIST_SEPARATOR.split(text) if part.strip()]


# --- Formats --------------------------------------------------------------------------

class CSV(base_formats.CSV):
    """UTF-8 CSV, with or without a BOM; exported with a BOM, so that spreadsheet
    programs read the Arabic, and with formulae neutralised."""

    web = False  # read within the admin's limits

    def create_dataset(self, in_stream, **kwargs):
        limits = Limits.from_settings(web=self.web)
        limits.check_size(len(in_stream))
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ImportFileError(_("The file is not UTF-8 text. Save it as "
                                        "“CSV UTF-8” and try again.")) from error
        return read_csv(in_stream.removeprefix("\ufeff"), limits)

    def export_data(self, dataset, **kwargs):
        # Not import-export's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT: in 4.4.3 it only
        # deletes a leading "=" (changing the text), leaves + - @ alone and writes
        # empty cells as "None".
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([neutralise(cell) for cell in row])
        return "\ufeff" + stream.getvalue()


class XLSX(base_formats.XLSX):
    """The first sheet of a workbook; exported with every formula-like text stored as
    text, which the spreadsheet shows as typed and never runs."""

    web = False

    def create_dataset(self, in_stream, **kwargs):
        limits = Limits.from_settings(web=self.web)
        limits.check_size(len(in_stream))
        try:
            book = open_workbook(in_stream, limits)
            sheet = book.active
            # The sheet's declared dimension may claim a million rows of 16,384 columns:
            # forget it, and read rows as they come, only as wide as the limit.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True, max_col=limits.columns + 1)
            return dataset_from_rows(rows, limits, strict_width=False)
        except ImportFileError:
            raise
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error

    def export_data(self, dataset, **kwargs):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(dataset.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in dataset:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell) if isinstance(cell, str)
                          else cell for cell in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and FORMULA_LIKE.match(cell.value):
                    # A text cell, not a formula; the quote prefix keeps it text when
                    # someone edits it, as when typing '=… in Excel.
                    cell.data_type = "s"
                    cell.quotePrefix = True
        sheet.freeze_panes = "A2"
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()


class WebCSV(CSV):
    web = True


class WebXLSX(XLSX):
    web = True


FORMATS = [CSV, XLSX]
#: The admin's: the same formats, read within its smaller limit of rows.
WEB_FORMATS = [WebCSV, WebXLSX]


def open_workbook(content, limits):
    """The workbook, read only, once every part of it unpacks within the size limit."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        # zipfile stops each part at its declared size, so the declared sizes bound what
        # is read.
        for part in archive.infolist():
            limits.check_size(part.file_size)
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)


def read_csv(text, limits):
    first = text[:text.find("\n")] if "\n" in text else text
    # Spreadsheets in some locales save CSV with semicolons or tabs between columns.
    delimiter = max([",", ";", "\t"], key=first.count)
    return dataset_from_rows(csv.reader(io.StringIO(text), delimiter=delimiter), limits,
                             strict_width=True)


# --- Reading a file, within limits ------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    """How much of a file an import reads before refusing it (settings IMPORT_*)."""

    rows: int
    columns: int
    cells: int
    bytes: int
    web: bool = False  # the admin's limit of rows, with its own message

    @classmethod
    def from_settings(cls, *, web=False):
        rows = settings.IMPORT_MAX_ROWS
        if web:
            rows = min(rows, settings.IMPORT_WEB_MAX_ROWS)
        return cls(rows=rows, columns=settings.IMPORT_MAX_COLUMNS,
                   cells=settings.IMPORT_MAX_CELLS, bytes=settings.IMPORT_MAX_BYTES, web=web)

    def check_size(self, size):
        if size > self.bytes:
            raise ImportFileError(_("The file is larger than %(size)s: split it into smaller "
                                    "files.") % {"size": filesizeformat(self.bytes)})

    def too_many_rows(self):
        if self.web:
            return AboveWebLimit(ngettext(
                "The file has more than %(max)d row, more than the admin imports at once: "
                "import it with “manage.py import_members”, or split it into files of at "
                "most %(max)d row.",
                "The file has more than %(max)d rows, more than the admin imports at once: "
                "import it with “manage.py import_members”, or split it into files of at "
                "most %(max)d rows.", self.rows) % {"max": self.rows})
        return ImportFileError(ngettext(
            "The file has more than %(max)d row: split it into files of at most %(max)d row.",
            "The file has more than %(max)d rows: split it into files of at most %(max)d "
            "rows.", self.rows) % {"max": self.rows})

    def too_many_columns(self):
        return ImportFileError(ngettext(
            "The file has more than %(max)d column (empty ones included); the import reads "
            "at most %(max)d.",
            "The file has more than %(max)d columns (empty ones included); the import reads "
            "at most %(max)d.", self.columns) % {"max": self.columns})

    def too_many_cells(self):
        return ImportFileError(ngettext(
            "The file has more than %(max)d cell (rows × columns): split it into smaller "
            "files.",
            "The file has more than %(max)d cells (rows × columns): split it into smaller "
            "files.", self.cells) % {"max": self.cells})


def dataset_from_rows(rows, limits, *, strict_width):
    """A dataset of the header's columns, from an iterator of rows that is read only as far
    as the limits allow; blank rows are kept, so that row numbers stay the spreadsheet's.

    ``strict_width``: a row longer than the column limit is refused even when the cells
    beyond are empty (a CSV's); otherwise only a value beyond it is (an XLSX's rows are
    read ``limits.columns + 1`` wide, whatever the sheet declares)."""

    def check_width(row):
        if len(row) > limits.columns and (
                strict_width or any(not is_blank(cell) for cell in row[limits.columns:])):
            raise limits.too_many_columns()

    rows = iter(rows)
    header = list(next(rows, ()))
    check_width(header)
    while header and is_blank(header[-1]):
        header.pop()
    width = len(header)
    body = []
    for count, row in enumerate(rows, start=1):
        if count > limits.rows:
            raise limits.too_many_rows()
        if count * width > limits.cells:
            raise limits.too_many_cells()
        check_width(row)
        for index in range(width, len(row)):
            if not is_blank(row[index]):
                raise ImportFileError(
                    _("Column %(number)d has values but no name in the header row.")
                    % {"number": index + 1})
        cells = list(row[:width])
        body.append(cells + [None] * (width - len(cells)))
    while body and all(is_blank(cell) for cell in body[-1]):
        body.pop()
    if not width and not body:
        raise ImportFileError(_("The file is empty."))
    dataset = tablib.Dataset(headers=header)
    for cells in body:
        dataset.append(cells)
    return dataset


def read_dataset(content, name="", *, web=False):
    """The dataset of an uploaded or local file: XLSX or CSV by extension, else by content."""
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx" or (extension != "csv" and content.startswith(b"PK\x03\x04")):
        return (WebXLSX if web else XLSX)().create_dataset(content)
    return (WebCSV if web else CSV)().create_dataset(content)


# --- Widgets: one cell to one value -------------------------------------------------

class TextWidget(widgets.Widget):
    """Text as typed, trimmed; ``blank`` is what an empty cell gives (None: leave as is)."""

    def __init__(self, blank=""):
        super().__init__()
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.blank
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a phone number or a year typed into a number cell
        return unescape(str(value).strip())

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class URLWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and "://" not in text:
            text = "https://" + text
        return text


class ChoiceWidget(TextWidget):
    """A choice by its code or its label in any language; ``message`` names the column."""

    def __init__(self, choices, message, blank=None):
        super().__init__(blank=blank)
        self.choices = choices
        self.message = message

    @cached_property
    def lookup(self):
        keys = {}
        for code, _language in settings.LANGUAGES:
            with override(code):
                keys.update({normalize(str(label)): value
                             for value, label in self.choices.choices})
        keys.update({normalize(value): value for value in self.choices.values})
        return keys

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return text
        try:
            return self.lookup[normalize(text)]
        except KeyError:
            raise ValueError(self.message % {"value": text}) from None


@cache
def country_lookup():
    keys = {}
    for code, _language in settings.LANGUAGES:
        with override(code):
            keys.update({normalize(name): country for country, name in countries})
    keys.update({normalize(country): country for country in countries.countries})
    return keys


class CountryWidget(TextWidget):
    """A country by ISO 3166 alpha-2 code or its name in Arabic or English."""

    def __init__(self):
        super().__init__(blank=None)

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return text
        try:
            return country_lookup()[normalize(text)]
        except KeyError:
            raise ValueError(_("Unknown country “%(value)s”.")
                             % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, date):
            return value.year
        if isinstance(value, (int, float)) and float(value).is_integer():
            return int(value)
        # normalize() also turns Arabic-Indic digits into 0-9, and "1999.0" into "1999 0".
        match = re.fullmatch(r"(\d+)(?: 0+)?", normalize(value))
        if match is None:
            raise ValueError(_("“%(value)s” is not a year.") % {"value": value})
        return int(match[1])

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class YesNoWidget(widgets.Widget):
    """yes/no, true/false, 1/0, نعم/لا; an empty cell is no."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if is_blank(value):
            return False
        text = normalize(TextWidget().clean(value))
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


def _empty_as_blank(value):
    return "" if value is None else value


def remember(pk, names, index):
    for name in names:
        if normalize(name):
            index.setdefault(normalize(name), set()).add(pk)


def column(name, attribute=None, widget=None, field_class=fields.Field, **kwargs):
    return field_class(attribute=attribute, column_name=name,
                       widget=widget or TextWidget(), **kwargs)


ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff"
                           "\ufe70-\ufeff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def latin_city(row):
    """The ``city`` cell when it is written in Latin letters and no ``city_en`` is given:
    the English name, not the Arabic one (None otherwise)."""
    text = TextWidget().clean(row.get("city"))
    if (text and LATIN_LETTER.search(text) and not ARABIC_LETTER.search(text)
            and is_blank(row.get("city_en"))):
        return text
    return None


class CityField(fields.Field):
    """``city``: the Arabic name, or the English one when written in Latin letters."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        latin = latin_city(row)
        if latin is None:
            super().save(instance, row, is_m2m, **kwargs)
        else:
            instance.city_en = latin


class CityEnField(fields.Field):
    """``city_en``, left to the ``city`` column when blank beside a Latin-script city."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        if latin_city(row) is None:
            super().save(instance, row, is_m2m, **kwargs)


# --- Results --------------------------------------------------------------------------

@dataclass
class Outcome:
    """One row of the preview: its number, what happens to it, its name and errors."""

    number: int
    kind: str  # new, update, skip or error
    name: str
    errors: list = field(default_factory=list)
    #: Organisations (or earlier rows of the file) a new row may duplicate, the user's to
    #: name (members/duplicates.py), and how many more she may not see.
    duplicates: list = field(default_factory=list)
    hidden_duplicates: int = 0

    LABELS = {"new": gettext_lazy("new"), "update": gettext_lazy("update"),
              "skip": gettext_lazy("skip"), "error": gettext_lazy("error")}

    @property
    def label(self):
        return self.LABELS[self.kind]


class SpreadsheetResult(Result):
    """import-export's result, numbering rows as the spreadsheet does (header = 1)."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)

    def row_errors(self):
        return [(row.number, row.errors) for row in self.error_rows]

    def file_errors(self):
        return [str(error.error) for error in self.base_errors]

    def outcomes(self):
        """Every row, in order, with its outcome and its errors as "column: message"."""
        outcomes = []
        for row in self.rows:
            outcome = Outcome(row.number, row.import_type if row.is_valid() else "error",
                              row.name)
            if row.validation_error is not None:
                for key, messages in error_dict(row.validation_error).items():
                    prefix = "" if key == NON_FIELD_ERRORS else f"{key}: "
                    outcome.errors += [prefix + message for message in messages]
            outcome.errors += [str(error.error) for error in row.errors]
            outcome.duplicates = getattr(row, "possible_duplicates", [])
            outcome.hidden_duplicates = getattr(row, "hidden_duplicates", 0)
            outcomes.append(outcome)
        return outcomes

    def is_valid(self):
        return not (self.has_errors() or self.has_validation_errors())

    def has_duplicates(self):
        return any(getattr(row, "possible_duplicates", None)
                   or getattr(row, "hidden_duplicates", 0) for row in self.rows)


def out_of_scope_message(*, by_slug):
    """The error for a row naming an organisation outside the user's networks, which may
    be a draft of another network: it gives nothing of the organisation away."""
    if by_slug:
        return _("No organisation you may change has this slug.")
    return _("No organisation you may change has this name.")


def error_dict(validation_error):
    try:
        return validation_error.message_dict
    except AttributeError:
        return {NON_FIELD_ERRORS: validation_error.messages}


# --- Resources ------------------------------------------------------------------------

BATCH = 500
#: What an import's bulk update writes: every column but the key and the creation time.
UPDATED_FIELDS = [field.name for field in Organisation._meta.concrete_fields
                  if not field.primary_key and field.name != "created_at"]

class ScopedResource(resources.ModelResource):
    """A resource limited to the networks ``user`` curates (all for a superuser, or with
    ``all_networks=True`` for operators); ``network`` is added to every row."""

    #: Model field names whose errors belong to another column.
    error_columns = {}
    #: Header names skipped on import (informational columns of a download).
    ignored_columns = ()

    def __init__(self, *, user=None, network=None, all_networks=False,
                 checked_versions=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.network = network
        self.full_scope = all_networks or (user is not None and sees_everything(user))
        #: {pk: version} of the records the preview showed changing: the import that
        #: confirms it writes only if they are still at those versions.
        self.checked_versions = checked_versions
        #: Filled by a dry run: {pk: version} of the records the file would change.
        self.previewed_versions = {}

    @classmethod
    def get_result_class(cls):
        return SpreadsheetResult

    @cached_property
    def scope_ids(self):
        if self.full_scope:
            return None
        if self.user is None:
            return set()
        return set(curated_networks(self.user).values_list("pk", flat=True))

    def may_use(self, network):
        return self.scope_ids is None or network.pk in self.scope_ids

    @cached_property
    def network_lookup(self):
        keys = {}
        for network in Network.objects.all():
            for value in (network.slug, network.name_ar, network.name_en,
                          network.short_name_ar, network.short_name_en):
                if value:
                    keys.setdefault(normalize(value), network)
        return keys

    def find_network(self, text):
        return self.network_lookup.get(normalize(text))

    # Import ---------------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False,
                    **kwargs):
        """Import every row or none: any invalid row rolls the whole file back."""
        self.reset()
        self.previewing = dry_run
        try:
            dataset = self.prepare_dataset(dataset)
        except ImportFileError as error:
            result = self.get_result_class()()
            result.append_base_error(self.get_error_result_class()(error))
            return result
        if self.writes_at_the_end:
            # The rows write nothing, so need no savepoint each: every row is checked, then
            # all are written at once, in the same transaction, if all are valid.
            with transaction.atomic() if self.check_in_transaction else nullcontext():
                result = super().import_data(dataset, dry_run=False, raise_errors=raise_errors,
                                             use_transactions=False,
                                             collect_failed_rows=collect_failed_rows, **kwargs)
                if dry_run or not result.is_valid():
                    if self.check_in_transaction:
                        transaction.set_rollback(True)
                    self.previewed_versions = self.versions_read()
                else:
                    with transaction.atomic():
                        try:
                            self.write()
                        except StaleRecords as error:
                            transaction.set_rollback(True)
                            result.append_base_error(self.get_error_result_class()(error))
            if dry_run:
                self.after_preview(result)
            return result
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors,
                                   use_transactions=True,
                                   collect_failed_rows=collect_failed_rows,
                                   rollback_on_validation_errors=True, **kwargs)

    #: The rows are checked without saving, and saved together by ``write()``.
    writes_at_the_end = False
    #: Whether the import running is a preview (a dry run).
    previewing = False
    #: Check the rows in the write's transaction (a job checks them before it, so that its
    #: progress is seen: members/import_jobs.py); ``write()`` checks the versions read.
    check_in_transaction = True

    def after_preview(self, result):
        """What a resource adds to its preview's rows once every row is read."""

    #: What one import learns as it goes, forgotten before the next.
    import_caches = ("organisation_names",)

    def reset(self):
        """Forget what an earlier (perhaps rolled back) import of this resource learnt."""
        for name in self.import_caches:
            self.__dict__.pop(name, None)

    def prepare_dataset(self, dataset):
        """The dataset with tidy headers and without unnamed empty columns; raises
        :class:`ImportFileError` for a file that cannot be imported as a whole."""
        if not dataset.headers:
            raise ImportFileError(_("The file is empty."))
        known = {f.column_name for f in self.fields.values()}
        names = [TextWidget().clean(header).lower().replace(" ", "_")
                 for header in dataset.headers]
        unnamed = [index for index, name in enumerate(names) if not name]
        if unnamed:
            # One pass over the rows, whatever the number of unnamed columns.
            for row in dataset:
                for index in unnamed:
                    if not is_blank(row[index]):
                        raise ImportFileError(
                            _("Column %(number)d has values but no name in the header row.")
                            % {"number": index + 1})
        headers, keep = [], []
        for index, name in enumerate(names):
            if not name:
                continue
            if name in self.ignored_columns:
                continue
            if name in headers:
                raise ImportFileError(_("The column %(column)s appears twice.")
                                      % {"column": name})
            headers.append(name)
            keep.append(index)
        unknown = [name for name in headers if name not in known]
        if unknown:
            raise ImportFileError(
                ngettext("Unknown column: %(columns)s. The columns are: %(known)s.",
                         "Unknown columns: %(columns)s. The columns are: %(known)s.",
                         len(unknown))
                % {"columns": ", ".join(unknown),
                   "known": ", ".join(self.get_export_order())})
        self.check_columns(headers)
        tidy = tablib.Dataset(headers=headers)
        for row in dataset:
            tidy.append([row[index] for index in keep])
        if not len(tidy):
            raise ImportFileError(_("The file has a header row but no rows to import."))
        return tidy

    def check_columns(self, headers):
        """Raise :class:`ImportFileError` when a column the import needs is missing."""

    @cached_property
    def organisation_names(self):
        """Normalised Arabic and English names → organisation ids, for matching."""
        names = {}
        for pk, *values in Organisation.objects.values_list("pk", "name_ar", "name_en"):
            remember(pk, values, names)
        return names

    def import_row(self, row, instance_loader, **kwargs):
        if all(is_blank(value) for value in row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
        else:
            row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = kwargs["row_number"] + 1
        row_result.name = self.row_name(row)
        return row_result

    def row_name(self, row):
        raise NotImplementedError

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(self.errors_by_column(error.error_dict)) from None

    def errors_by_column(self, errors):
        """Errors keyed by the spreadsheet's column names rather than model fields."""
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        columns.update(self.error_columns)
        by_column = {}
        for key, messages in errors.items():
            by_column.setdefault(columns.get(key, key), []).extend(messages)
        return by_column

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: an existing record whose columns in the file all match it."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        # An empty translation is None or "" depending on how it was saved.
        return all(_empty_as_blank(f.get_value(instance)) == _empty_as_blank(f.get_value(original))
                   for f in self.get_import_fields() if f.attribute and f.column_name in row)

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user  # django-simple-history

    @cached_property
    def import_fields(self):
        return super().get_import_fields()

    def get_import_fields(self):
        # import-export asks for them on every row and every cell; they never change.
        return self.import_fields


class OrganisationResource(ScopedResource):
    """Organisations, matched by ``slug`` when the column is given, else by name."""

    slug = column("slug", "slug", TextWidget(blank=None), saves_null_values=False)
    name_ar = column("name_ar", "name_ar")
    name_en = column("name_en", "name_en")
    acronym = column("acronym", "acronym")
    kind = column("kind", "kind", ChoiceWidget(
        Organisation.Kind, gettext_lazy("Unknown kind “%(value)s”.")),
        saves_null_values=False)
    country = column("country", "country", CountryWidget(), saves_null_values=False)
    governorate = column("governorate", "governorate", ChoiceWidget(
        Governorate, gettext_lazy("Unknown governorate “%(value)s”."), blank=""))
    # An Arabic-script city goes to city_ar, a Latin-script one to city_en (unless the
    # file has a city_en value too).
    city = column("city", "city_ar", field_class=CityField)
    city_en = column("city_en", "city_en", field_class=CityEnField)
    website = column("website", "website", URLWidget())
    founded = column("founded", "founded_year", YearWidget())
    women_led = column("women_led", "women_led", YesNoWidget())
    networks = column("networks")
    tracks = column("tracks")
    description_ar = column("description_ar", "description_ar")
    description_en = column("description_en", "description_en")
    status = column("status", "status", ChoiceWidget(
        Organisation.Status, gettext_lazy("Unknown status “%(value)s”.")),
        saves_null_values=False)
    visibility = column("visibility", "visibility", ChoiceWidget(
        Visibility, gettext_lazy("Unknown visibility “%(value)s”.")),
        saves_null_values=False)
    # Contact details change only when their column is in the file.
    email = column("email", "email")
    phone = column("phone", "phone")
    address = column("address", "address")

    error_columns = {"name": "name_ar"}
    # The directory's CSV download adds these for its readers; they are read from the
    # codes beside them (or, for is_sample, never set by an import).
    ignored_columns = DOWNLOAD_ONLY_COLUMNS

    class Meta:
        model = Organisation
        fields = ["slug", "name_ar", "name_en", "acronym", "kind", "country", "governorate",
                  "city", "city_en", "website", "founded", "women_led", "networks", "tracks",
                  "description_ar", "description_en", "status", "visibility", "email",
                  "phone", "address"]
        import_order = export_order = fields
        clean_model_instances = True
        skip_html_diff = True
        skip_diff = True  # see after_init_instance
        name = gettext_lazy("Organisations")

    def check_columns(self, headers):
        if "name_ar" not in headers and "name_en" not in headers:
            raise ImportFileError(_("The file needs a name_ar or a name_en column."))

    def row_name(self, row):
        return (TextWidget().clean(row.get("name_ar"))
                or TextWidget().clean(row.get("name_en")))

    import_caches = ("organisation_names", "slugs", "loaded", "pending", "to_write",
                     "memberships_to_add", "duplicate_finder")

    @cached_property
    def duplicate_finder(self):
        """Every organisation's names and website, read once per preview."""
        return DuplicateFinder()

    def find_duplicates(self, instance, row_result):
        """The organisations, and earlier new rows of the file, that the new organisation of
        this row may duplicate; the rows after it are compared with it in turn."""
        described = {"name_ar": instance.name_ar or "", "name_en": instance.name_en or "",
                     "website": instance.website or "", "country": instance.country or ""}
        found = self.duplicate_finder.find(**described)
        for key, duplicate in found.items():
            if isinstance(key, tuple):
                duplicate.row = key[1]
        self.duplicate_finder.add(("row", row_result.number),
                                  acronym=instance.acronym or "", **described)
        return found

    def after_preview(self, result):
        """Name the possible duplicates the user may see, with their records (one query);
        count the others, saying nothing of them."""
        rows = [row for row in result.rows if getattr(row, "duplicates", None)]
        pks = {key for row in rows for key in row.duplicates if not isinstance(key, tuple)}
        organisations = Organisation.objects.prefetch_related("memberships").in_bulk(pks)
        for row in rows:
            named, hidden = [], 0
            for key, duplicate in row.duplicates.items():
                if not isinstance(key, tuple):
                    duplicate.organisation = organisations.get(key)
                    if duplicate.organisation is None or not self.in_scope(
                            duplicate.organisation):
                        hidden += 1
                        continue
                named.append(duplicate)
            row.possible_duplicates, row.hidden_duplicates = ranked(named), hidden

    def get_instance(self, instance_loader, row):
        slug = TextWidget().clean(row.get("slug"))
        if slug:
            return self.organisation(self.slugs.get(slug))
        matches = self.name_matches(row)
        if len(matches) > 1:
            raise ValidationError({"name_ar": _(
                "The names match more than one organisation; add a slug column to say which.")})
        return self.organisation(matches.pop()) if matches else None

    def name_matches(self, row):
        matches = set()
        for name in ("name_ar", "name_en"):
            key = normalize(TextWidget().clean(row.get(name)))
            matches |= self.organisation_names.get(key, set()) if key else set()
        return matches

    # Every organisation is referred to by its id; one that a dry run would have created,
    # by a negative number (``pending``), since a dry run writes nothing.

    @cached_property
    def slugs(self):
        """Slug → id of every organisation: for matching and for new slugs."""
        return dict(Organisation.objects.values_list("slug", "pk"))

    @cached_property
    def pending(self):
        return {}

    @cached_property
    def loaded(self):
        return {}

    @cached_property
    def to_write(self):
        """The organisations the rows create or change, by identity, in row order."""
        return {}

    @cached_property
    def memberships_to_add(self):
        return {}

    def before_import(self, dataset, **kwargs):
        """Load, in a few queries, every organisation the file names (by slug or name),
        with its memberships and tracks, rather than one row at a time."""
        wanted = set()
        for row in dataset.dict:
            slug = TextWidget().clean(row.get("slug"))
            wanted |= {self.slugs[slug]} if slug in self.slugs else (
                set() if slug else self.name_matches(row))
        wanted = sorted(wanted)
        for start in range(0, len(wanted), 500):
            for organisation in Organisation.objects.filter(
                    pk__in=wanted[start:start + 500]).prefetch_related("memberships", "tracks"):
                self.loaded[organisation.pk] = organisation

    def organisation(self, ref):
        """The organisation of an id (loaded once), or a pending one; None for None."""
        if ref is None:
            return None
        if ref < 0:
            return self.pending[ref]
        if ref not in self.loaded:  # changed earlier in this import: read it again
            self.loaded[ref] = Organisation.objects.prefetch_related(
                "memberships", "tracks").get(pk=ref)
        return self.loaded[ref]

    def ref(self, instance):
        return instance.pk if instance.pk is not None else getattr(instance, "import_ref", None)

    def register(self, instance):
        """Make a created or renamed organisation findable by the rows after."""
        if instance.pk is None and self.ref(instance) is None:
            instance.import_ref = -len(self.pending) - 1
            self.pending[instance.import_ref] = instance
        self.slugs[instance.slug] = self.ref(instance)
        remember(self.ref(instance), [instance.name_ar, instance.name_en],
                 self.organisation_names)

    def import_row(self, row, instance_loader, **kwargs):
        self.arrival = self.created = None
        row_result = super().import_row(row, instance_loader, **kwargs)
        # The state a new record will arrive in, for the preview to say.
        row_result.arrival = self.arrival
        if self.previewing and self.created is not None and row_result.is_valid():
            row_result.duplicates = self.find_duplicates(self.created, row_result)
        return row_result

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is not None and not self.in_scope(instance):
            # Say nothing of a record the user may not see: not its name, not its values.
            instance.import_hidden = True
            instance.import_networks, instance.import_tracks = [], None
            raise ValidationError({NON_FIELD_ERRORS: [out_of_scope_message(
                by_slug=bool(TextWidget().clean(row.get("slug"))))]})
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not (instance.name_ar or instance.name_en):
            errors["name"] = [_("Give the name in Arabic, in English or in both.")]
        instance.import_networks = self.networks_to_add(instance, row, errors)
        instance.import_tracks = self.tracks_wanted(instance, row, errors)
        if instance.pk is None and not instance.slug:
            instance.slug = self.new_slug(instance)
        if errors:
            raise ValidationError(errors)

    def in_scope(self, organisation):
        return self.scope_ids is None or any(
            membership.network_id in self.scope_ids
            for membership in organisation.memberships.all())

    def networks_to_add(self, instance, row, errors):
        wanted = [self.network] if self.network else []
        for name in split_list(row.get("networks")):
            network = self.find_network(name)
            if network is None:
                errors.setdefault("networks", []).append(
                    _("Unknown network “%(value)s”.") % {"value": name})
            else:
                wanted.append(network)
        held = {membership.network_id for membership in instance.memberships.all()} \
            if instance.pk else set()
        to_add = [network for network in dict.fromkeys(wanted) if network.pk not in held]
        for network in to_add:
            if not self.may_use(network):
                errors.setdefault("networks", []).append(
                    _("You may not add organisations to %(network)s.") % {"network": network})
        if instance.pk is None and self.scope_ids is not None and not any(
                self.may_use(network) for network in to_add):
            errors.setdefault("networks", []).append(
                _("Name at least one of your networks."))
        return to_add

    def tracks_wanted(self, instance, row, errors):
        """The organisation's tracks after the import (None: the column is absent);
        tracks outside the user's networks are kept but cannot be added."""
        if "tracks" not in row:
            return None
        wanted = set()
        for name in split_list(row.get("tracks")):
            track = self.track_lookup.get(normalize(name))
            if track is None:
                errors.setdefault("tracks", []).append(
                    _("Unknown track “%(value)s”.") % {"value": name})
            else:
                wanted.add(track)
        current = set(instance.tracks.all()) if instance.pk else set()
        instance.tracks_before = current
        if self.scope_ids is None:
            return wanted
        reachable = self.reachable_tracks
        for track in sorted(wanted - current - reachable, key=lambda track: track.slug):
            errors.setdefault("tracks", []).append(
                _("You may not use the track %(track)s.") % {"track": track})
        return wanted | (current - reachable)

    @cached_property
    def track_lookup(self):
        keys = {}
        for track in Track.objects.all():
            for value in (track.slug, track.name_ar, track.name_en):
                if value:
                    keys.setdefault(normalize(value), track)
        return keys

    @cached_property
    def reachable_tracks(self):
        """The tracks of the user's networks, as the admin offers them."""
        return set(Track.objects.filter(networks__in=self.scope_ids))

    def new_slug(self, instance):
        base = slugify(instance.name_en or "")[:100].strip("-")
        if not base:
            digest = hashlib.sha1(normalize(instance.name_ar).encode()).hexdigest()
            base = f"org-{digest[:8]}"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def after_init_instance(self, instance, new, row, **kwargs):
        # What skip_row compares with: the columns' values, cheaper to keep than the deep
        # copy of the record (and its prefetched rows) import-export makes otherwise.
        instance.import_before = None if new else self.column_values(instance)

    def column_values(self, instance):
        # An empty translation is None or "" depending on how it was saved.
        return {f.column_name: _empty_as_blank(f.get_value(instance))
                for f in self.get_import_fields() if f.attribute}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: an existing record whose columns, networks and tracks in the file
        all match it."""
        before = getattr(instance, "import_before", None)
        if import_validation_errors or before is None or instance.pk is None:
            return False
        if instance.import_networks or (instance.import_tracks is not None
                                        and instance.import_tracks != instance.tracks_before):
            return False
        after = self.column_values(instance)
        # A Latin-script city changes city_en, whether or not that column is in the file.
        compared = {*row, *(["city_en"] if "city" in row else [])}
        return all(after[name] == before[name] for name in after if name in compared)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean`` without a query: the slug's uniqueness is checked against the
        slugs read once, and the model's check constraints restate its fields' validators
        and ``clean()``, which run here (the database enforces them again on saving)."""
        errors = dict(import_validation_errors or {})
        if getattr(instance, "import_hidden", False):
            raise ValidationError(errors)
        # A country the widget accepted is a known code; Django would check it again
        # against 250 choices, on every row.
        exclude = {*errors, *(["country"] if instance.country else [])}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False,
                                validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        owner = self.slugs.get(instance.slug)
        if "slug" not in errors and owner is not None and owner != self.ref(instance):
            errors["slug"] = [instance.unique_error_message(Organisation, ["slug"])]
        if errors:
            raise ValidationError(self.errors_by_column(errors))

    writes_at_the_end = True

    def save_instance(self, instance, is_create, row, **kwargs):
        """Keep the row's changes for :meth:`write`; the rows after find what it creates."""
        self.before_save_instance(instance, row, **kwargs)
        if is_create:
            self.arrival = (instance.status, instance.visibility)
            self.created = instance
        self.register(instance)
        self.to_write[id(instance)] = instance
        for network in instance.import_networks:
            self.memberships_to_add[id(instance), network.pk] = (instance, network)
        if instance.import_tracks is not None:
            instance.tracks_to_set = instance.import_tracks

    def versions_read(self):
        return {instance.pk: instance.version for instance in self.to_write.values()
                if instance.pk is not None}

    def check_versions(self, changed):
        """Lock the rows the file changes; raise :class:`StaleRecords` when any was saved
        since it was read, or since the preview the curator confirmed."""
        expected = {**self.versions_read(), **(self.checked_versions or {})}
        stored = dict(Organisation.objects.select_for_update().filter(
            pk__in=[instance.pk for instance in changed]).values_list("pk", "version"))
        stale = [instance for instance in changed
                 if stored.get(instance.pk) != expected.get(instance.pk)]
        if stale:
            raise StaleRecords(stale)
        for instance in changed:
            instance.version += 1  # what save() does, which bulk writes skip

    def write(self):
        """Save every organisation the rows create or change, their new memberships and
        their tracks, a few statements for all of them, each record with its first
        version (or a new one) in the history, by the importing user."""
        instances = list(self.to_write.values())
        created = [instance for instance in instances if instance.pk is None]
        changed = [instance for instance in instances if instance.pk is not None]
        self.check_versions(changed)
        now = timezone.now()
        for instance in instances:
            instance.refresh_search_fields()  # what save() does, which bulk writes skip
        for instance in changed:
            instance.updated_at = now
        # The texts the rows replace: a translation whose other language changed is
        # flagged as a save would flag it (network/core/staleness.py).
        texts_before = stored_texts(Organisation, [instance.pk for instance in changed])
        bulk_create_with_history(created, Organisation, batch_size=BATCH)
        bulk_update_with_history(changed, Organisation, UPDATED_FIELDS, batch_size=BATCH)
        record_bulk(Organisation, texts_before, changed)
        memberships = []
        for instance, network in self.memberships_to_add.values():
            membership = Membership(organisation=instance, network=network)
            membership._history_user = self.user  # django-simple-history
            memberships.append(membership)
        bulk_create_with_history(memberships, Membership, batch_size=BATCH)
        with_tracks = [instance for instance in instances
                       if getattr(instance, "tracks_to_set", None) is not None]
        Through = Organisation.tracks.through
        changed_ids = {instance.pk for instance in changed}
        Through.objects.filter(organisation__in=[instance.pk for instance in with_tracks
                                                 if instance.pk in changed_ids]).delete()
        Through.objects.bulk_create(
            [Through(organisation_id=instance.pk, track_id=track.pk)
             for instance in with_tracks for track in instance.tracks_to_set],
            batch_size=BATCH)
        # Bulk writes send no post_save: move the page cache on as a save would.
        invalidate_on_commit()

    # Export ---------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("memberships__network", "tracks")

    def dehydrate_networks(self, organisation):
        return ";".join(membership.network.slug
                        for membership in organisation.memberships.all())

    def dehydrate_tracks(self, organisation):
        return ";".join(track.slug for track in organisation.tracks.all())


class MembershipResource(ScopedResource):
    """Memberships, matched by organisation and network."""

    organisation = column("organisation")
    network = column("network")
    role = column("role", "role", ChoiceWidget(
        Membership.Role, gettext_lazy("Unknown role “%(value)s”.")),
        saves_null_values=False)
    since = column("since", "since", YearWidget())
    until = column("until", "until", YearWidget())

    class Meta:
        model = Membership
        fields = ["organisation", "network", "role", "since", "until"]
        import_order = export_order = fields
        clean_model_instances = True
        skip_html_diff = True
        name = gettext_lazy("Memberships")

    def check_columns(self, headers):
        if "organisation" not in headers:
            raise ImportFileError(_("The file needs an organisation column."))
        if "network" not in headers and self.network is None:
            raise ImportFileError(_("The file needs a network column."))

    def row_name(self, row):
        network = TextWidget().clean(row.get("network")) or (self.network or "")
        return f"{TextWidget().clean(row.get('organisation'))} — {network}"

    def get_or_init_instance(self, instance_loader, row):
        organisation, network = self.find_organisation(row), self.find_network_of(row)
        membership = Membership.objects.filter(organisation=organisation,
                                               network=network).first()
        if membership is not None:
            if not self.may_use(network):
                raise ValidationError({"network": _(
                    "You may not change the memberships of %(network)s.")
                    % {"network": network}})
            return membership, False
        if not self.may_use(network):
            raise ValidationError({"network": _(
                "You may not add organisations to %(network)s.") % {"network": network}})
        if self.scope_ids is not None and not organisation.memberships.filter(
                network__in=self.scope_ids).exists():
            raise ValidationError({"organisation": out_of_scope_message(
                by_slug=organisation.slug == TextWidget().clean(row.get("organisation")))})
        return Membership(organisation=organisation, network=network), True

    def find_organisation(self, row):
        text = TextWidget().clean(row.get("organisation"))
        if not text:
            raise ValidationError({"organisation": _("Name the organisation.")})
        matches = list(Organisation.objects.filter(slug=text)) or list(
            Organisation.objects.filter(pk__in=self.organisation_names.get(normalize(text), ())))
        if len(matches) > 1:
            raise ValidationError({"organisation": _(
                "“%(value)s” matches more than one organisation; use its slug.")
                % {"value": text}})
        if not matches:
            raise ValidationError({"organisation": _(
                "Unknown organisation “%(value)s”.") % {"value": text}})
        return matches[0]

    def find_network_of(self, row):
        text = TextWidget().clean(row.get("network"))
        if not text and self.network is not None:
            return self.network
        network = self.find_network(text) if text else None
        if network is None:
            raise ValidationError({"network": _("Unknown network “%(value)s”.")
                                   % {"value": text}})
        return network

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "network")

    def dehydrate_organisation(self, membership):
        return membership.organisation.slug

    def dehydrate_network(self, membership):
        return membership.network.slug
