"""Translation completeness: records with a translated field given in one language only.

A field is *missing in Arabic* when its Arabic column is empty while another
language has it; a field empty in every language is not a missing translation.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

PARAMETER = "missing"
# Whole phrases, so each translates naturally.
MISSING_LABELS = {"ar": _("Missing Arabic"), "en": _("Missing English")}


def _empty(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_translation(model, language):
    """A Q matching records of ``model`` with a translated field missing in ``language``."""
    condition = Q(pk__in=[])
    for field in translator.get_options_for_model(model).fields:
        others = Q(pk__in=[])
        for code, _name in settings.LANGUAGES:
            if code != language:
                others |= ~_empty(build_localized_fieldname(field, code))
        condition |= _empty(build_localized_fieldname(field, language)) & others
    return condition


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = PARAMETER

    def lookups(self, request, model_admin):
        return list(MISSING_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.filter(missing_translation(queryset.model, self.value()))
        return queryset


def dashboard_rows(request, site=admin.site):
    """Per translated model the user may view: records missing each language, with the
    link to the filtered list."""
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
        cells = []
        for code in MISSING_LABELS:
            count = queryset.filter(missing_translation(model, code)).count()
            cells.append({"count": count, "url": f"{changelist}?{PARAMETER}={code}"})
        rows.append({"model": model._meta.verbose_name_plural, "total": queryset.count(),
                     "cells": cells})
    rows.sort(key=lambda row: str(row["model"]))
    return rows


def dashboard(request, site=admin.site):
    """The staff page counting missing translations per model and language."""
    context = {
        **site.each_context(request),
        "title": _("Translation completeness"),
        "rows": dashboard_rows(request, site),
        "headings": list(MISSING_LABELS.values()),
    }
    return TemplateResponse(request, "admin/translation_dashboard.html", context)
