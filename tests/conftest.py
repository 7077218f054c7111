import pytest
from django.core.management import call_command


@pytest.fixture
def networks(db):
    """The real WASL and ICSSI content, loaded by the shipped command."""
    call_command("load_networks", verbosity=0)
    from network.models import Network

    return {network.slug: network for network in Network.objects.all()}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
