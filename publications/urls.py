from django.conf import settings
from django.urls import path, register_converter

from . import downloads, feeds, views


class LanguageConverter:
    """One of the site's language codes, as in ``…/en.pdf``."""

    regex = "|".join(code for code, _name in settings.LANGUAGES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LanguageConverter, "lang")

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="publication-list"),
    path("download.<str:format>", downloads.publication_download,
         name="publication-download"),
    path("feed/", feeds.LatestPublicationsFeed(), name="publication-feed"),
    path("<slug:slug>/", views.publication_detail, name="publication-detail"),
    path("<slug:slug>/cite.ris", views.publication_ris, name="publication-ris"),
    path("<slug:slug>/cite.bib", views.publication_bibtex, name="publication-bibtex"),
    path("<slug:slug>/<lang:language>.pdf", views.file_download, name="file-download"),
    path("<slug:slug>/<lang:language>-cover.webp", views.file_cover, name="file-cover"),
]
