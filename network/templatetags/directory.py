"""Template tags shared by every page: translated content with a visible fallback."""

import html

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_bidi, get_language_info, pgettext
from django.utils.translation import gettext as _

from network.core import sorting
from network.core.i18n import BIDI_CONTROLS, translated_value, without_bidi
from network.core.staleness import page_title

register = template.Library()


@register.filter
def isolated(value):
    """``{{ name|isolated }}``: the text, in a ``<bdi>`` when it holds a bidi control
    character, so that it cannot reorder the text around it."""
    if BIDI_CONTROLS.search(str(value)):
        return format_html("<bdi>{}</bdi>", value)
    return conditional_escape(value)


register.filter("without_bidi", without_bidi)


def _fallback_note(active):
    # Whole sentences, one per active language, so each translates naturally.
    if active == "ar":
        return _("Not yet available in Arabic; shown in English.")
    return _("Not yet available in English; shown in Arabic.")


@register.simple_tag(takes_context=True)
def translated(context, obj, field, block=False, flags=None):
    """Render ``obj.<field>`` in the active language, marking a fallback to the other one.

    A fallback is wrapped in its own ``lang``/``dir`` and followed by a short note;
    ``block=True`` renders paragraphs (blank-line separated) as ``<p>``. A text that may be
    outdated (in the view's ``outdated``, or ``flags``, ``{field: flag}``, for an object
    that is no model row) is followed by a discreet note saying so.
    """
    value, code = translated_value(obj, field)
    if code is None:
        return ""
    if block:
        value = linebreaks_filter(value, autoescape=True)
    text = _marked(value, code, block)
    if code != get_language():
        return text
    if flags is not None:
        flag = flags.get(field)
    else:
        outdated = context.get("outdated")
        flag = outdated.get(obj, field) if outdated is not None else None
    return _outdated_note(text, flag, block) if flag is not None else text


def _text_of(obj, field):
    """``translated`` outside a template: no note of an outdated text."""
    value, code = translated_value(obj, field)
    return _marked(value, code) if code is not None else ""


def _outdated_note(text, flag, block):
    if block:
        return format_html('{}<p class="outdated-note"><small title="{}">({})</small></p>',
                           text, page_title(flag), _("may be outdated"))
    return format_html('{} <small class="outdated-note" title="{}">({})</small>', text,
                       page_title(flag), _("may be outdated"))


@register.simple_tag
def translated_excerpt(obj, field, words):
    """Like ``translated``: the first ``words`` words of ``obj.<field>`` (plain text)."""
    value, code = translated_value(obj, field)
    if code is None:
        return ""
    return _marked(Truncator(str(value)).words(words), code)


def _marked(value, code, block=False):
    active = get_language()
    if code == active:
        if block:
            return value
        return isolated(value)
    direction = "rtl" if get_language_info(code)["bidi"] else "ltr"
    note_dir = "rtl" if get_language_bidi() else "ltr"
    if block:
        return format_html(
            '<div class="fallback" lang="{}" dir="{}">{}</div>'
            '<p class="fallback-note" dir="{}">{}</p>',
            code, direction, value, note_dir, _fallback_note(active),
        )
    return format_html(
        '<span class="fallback" lang="{}" dir="{}">{}</span>'
        ' <small class="fallback-note">({})</small>',
        code, direction, value, _fallback_note(active),
    )


@register.filter
def country_name(country):
    """``{{ organisation.country|country_name }}``: the name of a country (or code) in the
    active language."""
    return sorting.country_name(country) if country else ""


def _escaped(value):
    """``conditional_escape`` without its lazy-string machinery: an option list calls it
    hundreds of times a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.simple_tag
def facet_options(options):
    """The ``<option>`` elements of a filter's select: "label (count)", the chosen one
    selected. Built here rather than in a template loop: a list page has a hundred."""
    return mark_safe("\n".join(
        f'<option value="{_escaped(option["value"])}"'
        f'{" selected" if option["selected"] else ""}>'
        f'{_escaped(without_bidi(option["label"]))} ({_escaped(option["count"])})</option>'
        for option in options))


# A publication's line in a list, built here rather than by template includes and loops:
# a library page has twenty rows, and each template tag costs tens of microseconds.

@register.simple_tag
def publication_date(publication):
    """The publication date to its precision in a ``<time>``, or "date not stated"."""
    if publication.published_on is None:
        return format_html('<span class="pub-nodate">{}</span>', _("date not stated"))
    return format_html('<time datetime="{}">{}</time>', publication.date_iso(),
                       publication.date_display())


@register.simple_tag
def kind_series(publication):
    """The kind of publication, and its series and number when it has them."""
    kind = format_html("<span>{}</span>", publication.get_kind_display())
    series = publication.series
    if not series:
        return kind
    value, code = translated_value(series, "name")
    name = _marked(value, code) if code else ""
    if publication.series_number is not None:
        name = mark_safe(_("%(series)s, no. <bdi>%(number)s</bdi>") % {
            "series": conditional_escape(name),
            "number": conditional_escape(publication.series_number)})
    return format_html('{} · <span class="pub-series">{}</span>', kind, name)


@register.simple_tag
def network_short_names(networks):
    """" · WASL, ICSSI": the networks' short names after a separator (nothing if none)."""
    if not networks:
        return ""
    names = [format_html("<bdi>{}</bdi>", _text_of(network, "short_name"))
             for network in networks]
    return format_html(" · {}", mark_safe(
        conditional_escape(pgettext("list separator", ", ")).join(names)))


@register.simple_tag
def file_languages(files):
    """The languages a publication's PDF comes in, or that it has none yet."""
    if not files:
        return _("PDF not yet available")
    return format_html(
        '<span class="pub-card__files-label">{}</span> {}', _("PDF:"),
        format_html_join(" · ", "<span>{}</span>",
                         ((record.get_language_display(),) for record in files)))
