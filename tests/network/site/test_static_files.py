"""Static files as production serves them: collectstatic with WhiteNoise's manifest
storage gives hashed names, gzip and Brotli copies, and far-future immutable caching."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.slow

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = MANIFEST
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_pages_link_hashed_compressed_immutable_assets(collected, networks):
    client = Client()  # a new handler: WhiteNoise reads the collected files at start
    html = client.get("/ar/").content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    font = re.search(r'href="(/static/fonts/vazirmatn[^"]+\.[0-9a-f]{12}\.woff2)"', html)
    assert font, "the Arabic font is preloaded under its hashed name"

    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    plain = client.get(stylesheet)
    assert "Content-Encoding" not in plain
    assert int(response["Content-Length"]) < int(plain["Content-Length"]) / 2

    assert (collected / stylesheet.removeprefix("/static/")).with_suffix(".css.gz").exists()
    # The font is already compressed: served as is, cached as long.
    woff = client.get(font.group(1), HTTP_ACCEPT_ENCODING="br, gzip")
    assert woff.status_code == 200 and "Content-Encoding" not in woff
    assert "immutable" in woff["Cache-Control"]
    # The unhashed name still answers, but may change: not cached for long.
    unhashed = client.get("/static/css/site.css")
    assert unhashed.status_code == 200 and "immutable" not in unhashed["Cache-Control"]
