"""Citations of a publication: Chicago author-date for the page, RIS and BibTeX to download.

Each is written in the active language: the title in it (or, failing that, the other
language), and the citation words ("n.d.", the series) translated. The author is the
publication's public authoring organisations or, when none is listed, its networks as
corporate author.
"""

import re

from django.utils.html import format_html
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from network.core.i18n import translated_value, without_bidi

#: Names of the languages in bibliographic data (BibTeX ``language``, RIS ``LA``).
BIBLIOGRAPHIC_LANGUAGE = {"ar": "arabic", "en": "english"}


def _text(obj, field):
    # No bidi control character: in a citation sentence (or a RIS or BibTeX file) nothing
    # could isolate it from the words around it.
    return without_bidi(translated_value(obj, field)[0]).strip() if obj is not None else ""


def join_names(names):
    """``A``, ``A and B``, ``A, B and C`` in the active language."""
    names = [name for name in names if name]
    if len(names) < 2:
        return "".join(names)
    separator = pgettext("list separator", ", ")
    return _("%(names)s and %(last)s") % {"names": separator.join(names[:-1]),
                                          "last": names[-1]}


def full_title(publication):
    """Title and subtitle, as a catalogue writes them: ``Title: Subtitle``."""
    title, language = translated_value(publication, "title")
    title = without_bidi(title)
    subtitle = getattr(publication, f"subtitle_{language}", "") if language else ""
    subtitle = without_bidi(subtitle or "")
    if subtitle:
        return _("%(title)s: %(subtitle)s") % {"title": title, "subtitle": subtitle}
    return title


def title_language(publication):
    return translated_value(publication, "title")[1] or get_language()


def creators(publication, authors):
    """Names of the authoring organisations, else of the networks."""
    names = [_text(organisation, "name") for organisation in authors]
    if names:
        return names
    return [_text(network, "name") for network in publication.networks.all()]


def publishers(publication):
    return [_text(network, "name") for network in publication.networks.all()]


def series_label(publication):
    """``Policy brief series 1``: the series and the number in it."""
    if publication.series is None:
        return ""
    name = _text(publication.series, "name")
    if publication.series_number is None:
        return name
    return _("%(series)s %(number)s") % {"series": name, "number": publication.series_number}


def _sentence(value):
    """``value`` closed by a full stop, unless it already ends one (``n.d.``, ``Inc.``)."""
    return value if value.endswith((".", "?", "!")) else f"{value}."


def chicago(publication, authors, url):
    """Chicago author-date, as HTML (the title in ``<cite>``)."""
    author = join_names(creators(publication, authors))
    year = str(publication.published_on.year) if publication.published_on else _("n.d.")
    publisher = join_names(publishers(publication))
    # The title keeps its own language and direction inside a sentence in the other one.
    parts = [format_html('{} {} <cite lang="{}" dir="auto">{}</cite>.', _sentence(author),
                         _sentence(year), title_language(publication), full_title(publication))]
    series = series_label(publication)
    if series:
        parts.append(format_html(" {}", _sentence(series)))
    if publisher and publisher != author:
        parts.append(format_html(" {}", _sentence(publisher)))
    parts.append(format_html(' <a href="{}"><bdi>{}</bdi></a>.', url, url))
    return format_html("{}" * len(parts), *parts)


def _ris_value(value):
    # One field per line: line breaks inside a value would start a new, bogus tag.
    return " ".join(str(value).split())


def ris(publication, authors, url):
    """A RIS record (type RPRT), lines ending in CRLF as the format asks."""
    lines = [("TY", "RPRT")]
    lines += [("AU", name) for name in creators(publication, authors)]
    lines.append(("TI", full_title(publication)))
    if publication.series is not None:
        lines.append(("T3", _text(publication.series, "name")))
        if publication.series_number is not None:
            # The number in the series as the volume: SN is the ISBN/ISSN tag, where
            # reference managers would file "1" as an ISBN.
            lines.append(("VL", publication.series_number))
    if publication.published_on:
        date = publication.published_on
        lines.append(("PY", date.year))
        precision = publication.published_precision
        month = f"{date.month:02d}" if precision in ("month", "day") else ""
        day = f"{date.day:02d}" if precision == "day" else ""
        lines.append(("DA", f"{date.year}/{month}/{day}/"))
    lines += [("PB", name) for name in publishers(publication)]
    summary = _text(publication, "summary")
    if summary:
        lines.append(("AB", summary))
    lines += [("KW", _text(track, "name")) for track in publication.tracks.all()]
    lines.append(("LA", BIBLIOGRAPHIC_LANGUAGE.get(title_language(publication), "")))
    lines.append(("UR", url))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines if tag == "ER"
                   or str(value).strip())


_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                        "^": r"\textasciicircum{}"}


def bibtex_escape(value):
    """``value`` safe inside a BibTeX field: LaTeX's special characters escaped."""
    value = " ".join(str(value).split())
    return _BIBTEX_SPECIAL.sub(
        lambda match: _BIBTEX_REPLACEMENTS.get(match.group(1), "\\" + match.group(1)), value)


def bibtex_key(publication):
    year = publication.published_on.year if publication.published_on else "nd"
    return re.sub(r"[^a-z0-9]+", "-", f"{publication.slug}-{year}".lower()).strip("-")


def bibtex(publication, authors, url):
    """A BibTeX ``@techreport`` entry; corporate names braced so they are not split."""
    fields = [("author", " and ".join("{" + bibtex_escape(name) + "}"
                                      for name in creators(publication, authors))),
              ("title", "{" + bibtex_escape(full_title(publication)) + "}")]
    publisher = join_names(publishers(publication))
    if publisher:
        fields.append(("institution", bibtex_escape(publisher)))
    # The kind of report ("Policy brief"), then the series it belongs to and its number.
    fields.append(("type", bibtex_escape(publication.get_kind_display())))
    if publication.series is not None:
        fields.append(("series", bibtex_escape(_text(publication.series, "name"))))
        if publication.series_number is not None:
            fields.append(("number", str(publication.series_number)))
    if publication.published_on:
        fields.append(("year", str(publication.published_on.year)))
        if publication.published_precision in ("month", "day"):
            fields.append(("month", str(publication.published_on.month)))
    fields.append(("language", BIBLIOGRAPHIC_LANGUAGE.get(title_language(publication), "")))
    fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@techreport{{{bibtex_key(publication)},\n{body}\n}}\n"
