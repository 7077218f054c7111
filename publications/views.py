"""Public pages of the library: the list, a page per publication, downloads, citations."""

import logging
import unicodedata
from urllib.parse import quote

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from members.filters import localized_name_order
from members.models import SEARCH_FIELDS as ORGANISATION_SEARCH_FIELDS
from members.models import Organisation
from network.core import downloads
from network.core.feeds import feed_link
from network.core.i18n import translated_value
from network.core.links import absolute_url
from network.core.listing import in_order, paginate, without_empty_parameters
from network.core.staleness import Outdated
from network.models import Network, Track

from . import citations
from .filters import PublicationFilter, library_facets
from .models import SEARCH_FIELDS, KeyArea, Publication, PublicationFile, list_cover

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
#: Headers of every stored file served: a download, never a page in this site's origin.
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def publication_list(request):
    """The library: filters, facet counts, sort and pagination, all in the URL.

    Invalid filter values answer 400 with a message beside the filter; the valid ones
    still apply, so the visitor keeps the rest of the search.
    """
    redirect = without_empty_parameters(request)
    if redirect is not None:
        return redirect
    facets = library_facets.get()
    filterset = PublicationFilter(request.GET, queryset=Publication.objects.published(),
                                  request=request)
    valid = filterset.is_valid()
    ordered, counts = filterset.from_facets(facets)
    page, page_error = paginate(request, ordered, PAGE_SIZE)
    publications = []
    if page is not None:
        # Evaluate the page once; templates test ``page`` and loop over its rows.
        publications = page.object_list = in_order(
            Publication.objects.published().with_list_details(), page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    options = filterset.facet_options(counts)
    context = {
        "filterset": filterset, "form": filterset.form, "sort": filterset.sort_choice,
        "options": options, "chips": filterset.chips(request, options),
        "page": page, "page_error": page_error, "publications": publications,
        "total": page.paginator.count if page is not None else 0,
        "query_without_page": query.urlencode(), "download_cap": downloads.MAX_ROWS,
    }
    context.update(feed_link("publications:publication-feed", PublicationFilter, request.GET),
                   follow_list="publications")
    status = 200 if valid and page is not None else 400
    return render(request, "publications/publication_list.html", context, status=status)


def publication_with_content(slug):
    """``(publication, files)``: one published publication with everything its page shows:
    the series (joined), key areas, files without their text, networks, tracks and public
    authors in the directory's order of names."""
    networks, tracks = Network.for_labels(), Track.for_labels()
    authors = (Organisation.objects.public().defer(*ORGANISATION_SEARCH_FIELDS)
               .order_by(localized_name_order(), "id"))
    queryset = (Publication.objects.published().select_related("series")
                .defer(*SEARCH_FIELDS).prefetch_related(
                    "key_areas",
                    Prefetch("files", queryset=PublicationFile.objects.defer("text")
                             .order_by("language")),
                    Prefetch("networks", queryset=networks),
                    Prefetch("tracks", queryset=tracks),
                    Prefetch("authors", queryset=authors, to_attr="public_authors")))
    publication = get_object_or_404(queryset, slug=slug)
    return publication, list(publication.files.all())


def publication_detail(request, slug):
    publication, files = publication_with_content(slug)
    language = get_language()
    url = absolute_url(request, publication.get_absolute_url())
    cover = list_cover(files, language)
    return render(request, "publications/publication_detail.html", {
        "og_image": absolute_url(request, cover.get_cover_url()) if cover else "",
        "publication": publication,
        "files": files,
        "active_file": next((f for f in files if f.language == language), None),
        "citation": citations.chicago(publication, publication.public_authors, url),
        "shows_sample": any(o.is_sample for o in publication.public_authors),
        # Texts in this language that may be outdated: one query.
        "outdated": Outdated(language, [
            (Publication, [publication.pk]),
            (KeyArea, [area.pk for area in publication.key_areas.all()])]),
    })


def _citable(slug):
    """A published publication with what a citation names, its authors in
    the order its page names them."""
    queryset = Publication.objects.published().select_related("series").prefetch_related(
        "networks", "tracks",
        Prefetch("authors", queryset=Organisation.objects.public()
                 .order_by(localized_name_order(), "id"), to_attr="public_authors"),
    )
    return get_object_or_404(queryset, slug=slug)


def _citation_response(content, content_type, filename):
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def publication_ris(request, slug):
    publication = _citable(slug)
    url = absolute_url(request, publication.get_absolute_url())
    return _citation_response(citations.ris(publication, publication.public_authors, url),
                              "application/x-research-info-systems",
                              f"{publication.slug}-{get_language()}.ris")


def publication_bibtex(request, slug):
    publication = _citable(slug)
    url = absolute_url(request, publication.get_absolute_url())
    return _citation_response(citations.bibtex(publication, publication.public_authors, url),
                              "application/x-bibtex", f"{publication.slug}-{get_language()}.bib")


def _published_file(slug, language):
    """A published publication's file with the publication, series and networks."""
    return get_object_or_404(
        PublicationFile.objects.defer("text")
        .select_related("publication__series").prefetch_related("publication__networks")
        .filter(publication__in=Publication.objects.published()),
        publication__slug=slug, language=language,
    )


_UNSAFE_IN_NAMES = dict.fromkeys(map(ord, '<>:"/\\|?*'), " ")


def download_name(record):
    """A readable file name in the file's language, such as
    ``WASL Policy brief 1 - Uncomfortable Truths, Unconventional Wisdom.pdf``."""
    publication = record.publication
    with override(record.language):
        title = translated_value(publication, "title")[0]
        networks = " ".join(translated_value(network, "short_name")[0]
                            for network in publication.networks.all())
        label = str(publication.get_kind_display())
        if publication.series_number is not None:
            label = f"{label} {publication.series_number}"
    name = " - ".join(part for part in (f"{networks} {label}".strip(), title) if part)
    # Vowel marks and control characters out, characters file systems refuse to spaces.
    name = "".join(ch for ch in unicodedata.normalize("NFC", name)
                   if unicodedata.category(ch) not in ("Mn", "Cc", "Cf"))
    name = " ".join(name.translate(_UNSAFE_IN_NAMES).split())[:150].rstrip(" .-")
    return f"{name or publication.slug}.pdf"


def _content_disposition(record):
    ascii_name = f"{record.publication.slug}-{record.language}.pdf"
    return (f'attachment; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(download_name(record), safe='')}")


def _open(field):
    try:
        return field.open("rb")
    except FileNotFoundError:
        logger.error("Stored file missing: %s", field.name)
        raise Http404(_("The file is missing.")) from None


def file_download(request, slug, language):
    """The PDF, as an attachment that never renders in this site's origin."""
    record = _published_file(slug, language)
    response = FileResponse(_open(record.pdf), content_type="application/pdf")
    response["Content-Disposition"] = _content_disposition(record)
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response


def file_cover(request, slug, language):
    """The cover thumbnail; its address changes with the file, so it is cached for long."""
    record = _published_file(slug, language)
    if not record.cover:
        raise Http404(_("This file has no cover."))
    response = FileResponse(_open(record.cover), content_type="image/webp")
    for header, value in FILE_HEADERS.items():
        response[header] = value
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
