"""Translation completeness: records with a translated field given in one language only,
and (network/core/staleness.py) those with a text that may be outdated.

A field is *missing in Arabic* when its Arabic column is empty while another
language has it; a field empty in every language is not a missing translation.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from . import staleness

PARAMETER = "missing"
# Whole phrases, so each translates naturally.
MISSING_LABELS = {"ar": _("Missing Arabic"), "en": _("Missing English")}


def _empty(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_translation(model, language, field=None):
    """A Q matching records of ``model`` with a translated field (``field``, else any)
    missing in ``language``."""
    condition = Q(pk__in=[])
    for name in [field] if field else translator.get_options_for_model(model).fields:
        others = Q(pk__in=[])
        for code, _name in settings.LANGUAGES:
            if code != language:
                others |= ~_empty(build_localized_fieldname(name, code))
        condition |= _empty(build_localized_fieldname(name, language)) & others
    return condition


class MissingTranslationFilter(staleness.TranslationFieldFilter):
    title = _("translation")
    parameter_name = PARAMETER
    labels = MISSING_LABELS
    condition = staticmethod(missing_translation)


def _cell(counts, key, fields, url, parameter, code):
    """One language's count of records, with its link, and the fields behind it."""
    return {
        "count": counts[key],
        "url": f"{url}?{parameter}={code}",
        "fields": [{"name": name, "count": fields[field],
                    "url": f"{url}?{parameter}={code}.{field}"}
                   for field, name in fields["names"] if fields[field]],
    }


def model_counts(model, queryset):
    """Records of ``queryset`` in all, missing each language and with a text that may be
    outdated in each, in all and field by field: two queries."""
    # In the order of the model's fields, as its form shows them.
    fields = sorted(translator.get_options_for_model(model).fields,
                    key=lambda field: model._meta.get_field(field).creation_counter)
    names = [(field, model._meta.get_field(field).verbose_name) for field in fields]
    aggregates = {"total": Count("pk")}
    for code in MISSING_LABELS:
        aggregates[f"missing_{code}"] = Count("pk", filter=missing_translation(model, code))
        aggregates[f"outdated_{code}"] = Count(
            "pk", filter=staleness.outdated_translation(model, code))
        for field, _name in names:
            aggregates[f"missing_{code}.{field}"] = Count(
                "pk", filter=missing_translation(model, code, field))
    counts = queryset.aggregate(**aggregates)
    outdated = {(row["language"], row["field"]): row["count"] for row in
                staleness.flags_of(model, queryset.order_by().values("pk")).order_by()
                .values("language", "field").annotate(count=Count("object_id"))}
    missing_fields, outdated_fields = {}, {}
    for code in MISSING_LABELS:
        missing_fields[code] = {"names": names, **{
            field: counts[f"missing_{code}.{field}"] for field, _name in names}}
        outdated_fields[code] = {"names": names, **{
            field: outdated.get((code, field), 0) for field, _name in names}}
    return counts, missing_fields, outdated_fields


def dashboard_rows(request, site=admin.site):
    """Per translated model the user may view: records missing each language, and with a
    text that may be outdated in each, field by field, with the links to the filtered
    list."""
    rows = []
    for model in translator.get_registered_models(abstract=False):
        model_admin = site._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(request):
            continue
        queryset = model_admin.get_queryset(request)
        try:
            changelist = reverse(
                f"{site.name}:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        counts, missing, outdated = model_counts(model, queryset)
        rows.append({
            "model": model._meta.verbose_name_plural, "total": counts["total"],
            "cells": [_cell(counts, f"missing_{code}", missing[code], changelist, PARAMETER,
                            code) for code in MISSING_LABELS],
            "outdated": [_cell(counts, f"outdated_{code}", outdated[code], changelist,
                               staleness.PARAMETER, code) for code in MISSING_LABELS],
        })
    rows.sort(key=lambda row: str(row["model"]))
    return rows


def dashboard(request, site=admin.site):
    """The staff page counting missing translations per model and language."""
    context = {
        **site.each_context(request),
        "title": _("Translation completeness"),
        "rows": dashboard_rows(request, site),
        "headings": [*MISSING_LABELS.values(), *staleness.OUTDATED_LABELS.values()],
    }
    return TemplateResponse(request, "admin/translation_dashboard.html", context)
