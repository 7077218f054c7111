import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from . import pdfs


@pytest.fixture(scope="session")
def font_directory(tmp_path_factory):
    return str(tmp_path_factory.mktemp("fonts"))


@pytest.fixture
def upload():
    """An upload made from bytes, named like a curator's file."""
    def make(data, name="brief.pdf"):
        return ContentFile(data, name=name)
    return make


@pytest.fixture
def arabic_pdf(font_directory):
    return pdfs.arabic_pdf(font_directory, marker="ar")


@pytest.fixture
def english_pdf():
    return pdfs.english_pdf(marker="en")


@pytest.fixture
def seeded(networks):
    """The real networks and the library's seed brief, loaded by the shipped commands."""
    call_command("load_publications", verbosity=0)
    from publications.models import Publication

    return Publication.objects.get(slug="uncomfortable-truths-unconventional-wisdom")
