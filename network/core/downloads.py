"""What the directory's and the library's "download these results" links share: CSV and
JSON responses, the row cap and the answer to invalid filters."""

import csv
import io
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .listing import in_order

# A cell starting with one of "=+-@" is run as a formula by spreadsheet programs, even
# after spaces, tabs or line breaks (which they skip); one starting with a tab or a
# carriage return is neutralised too.
FORMULA_LIKE = re.compile(r"\s*[=+\-@]|[\t\r]")

#: A download gives at most this many rows; the response says when it stopped there.
MAX_ROWS = 10_000
FORMATS = ("csv", "json")


def neutralise(value):
    """Put an apostrophe before a text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and FORMULA_LIKE.match(value):
        return "'" + value
    return value


def unescape(text):
    """Undo :func:`neutralise`, so an exported file re-imports as it was."""
    if text.startswith("'") and FORMULA_LIKE.match(text, 1):
        return text[1:]
    return text


def capped(queryset, filterset, facets):
    """The first ``MAX_ROWS`` rows of ``queryset`` that ``filterset`` keeps, in the
    list page's order (from its ``facets``), and whether there were more."""
    ordered, _counts = filterset.from_facets(facets)
    return in_order(queryset, ordered[:MAX_ROWS]), len(ordered) > MAX_ROWS


def _attachment(response, stem, extension, truncated):
    date = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{date}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    if truncated:
        response["X-Truncated-At"] = str(MAX_ROWS)
    return response


def csv_response(columns, rows, *, stem, truncated=False):
    """UTF-8 CSV with a BOM (spreadsheets then read the Arabic), formula-like cells
    neutralised with an apostrophe, as the staff import expects them."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[column] is None else neutralise(row[column])
                         for column in columns])
    response = HttpResponse("\ufeff" + stream.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, stem, "csv", truncated)


def json_response(records, *, stem, truncated=False):
    payload = {"count": len(records), "truncated": truncated, "max_rows": MAX_ROWS,
               "results": records}
    response = HttpResponse(json.dumps(payload, ensure_ascii=False, cls=DjangoJSONEncoder,
                                       indent=1),
                            content_type="application/json; charset=utf-8")
    return _attachment(response, stem, "json", truncated)


def invalid_filters(form):
    """The answer to a download with invalid filters: 400 and the messages, as text."""
    lines = [_("These filters are not valid:")]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        lines += [f"{label}: {error}" for error in errors]
    return HttpResponse("\n".join(lines) + "\n", status=400,
                        content_type="text/plain; charset=utf-8")
