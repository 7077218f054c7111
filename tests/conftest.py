import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(items):
    """Browser tests are slow tests too: ``-m "not slow"`` leaves them out."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def networks(db):
    """The real WASL and ICSSI content, loaded by the shipped command."""
    call_command("load_networks", verbosity=0)
    from network.models import Network

    return {network.slug: network for network in Network.objects.all()}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_facet_indexes():
    """Each test's database is rolled back afterwards, without a signal: the facet
    indexes a test built must not outlive it."""
    from network.core.facets import mark_stale

    mark_stale()
    yield
    mark_stale()


@pytest.fixture
def make_staff(db):
    """``make_staff("network curator", networks=[wasl])``: an active staff user in that
    role group (``"superuser"`` for a superuser), with roles in step."""
    from django.contrib.auth.models import Group, User

    from network.core.roles import sync_roles

    sync_roles()

    def make(role, *, networks=(), username=None):
        username = username or f"{role.replace(' ', '-')}-{User.objects.count() + 1}"
        user = User.objects.create_user(username, f"{username}@example.org",
                                        "a-long-test-password-0", is_staff=True,
                                        is_superuser=role == "superuser")
        if role != "superuser":
            user.groups.add(Group.objects.get(name=role))
        for network in networks:
            network.curators.add(user)
        return user

    return make


@pytest.fixture
def wasl_curator(networks, make_staff):
    """A curator of WASL with an e-mail address, who gets the network's mails."""
    user = make_staff("network curator", networks=[networks["wasl"]])
    user.email = "curator@wasl.example.org"
    user.save()
    return user


@pytest.fixture
def admin_login(client):
    """Sign ``user`` into the test client as the admin requires, second factor
    included; returns the client."""
    from tests.signin import login_verified

    def login(user):
        login_verified(client, user)
        return client

    return login


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, with the second factor the admin requires."""
    from tests.signin import login_verified

    login_verified(client, admin_user)
    return client


WORKER_REPORTS = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """Keep what a pytest-xdist worker reported (tests/network/test_fuzz.py's count)."""
    if report := getattr(node, "workeroutput", {}).get("fuzz"):
        WORKER_REPORTS.append(f"[{node.workerinput['workerid']}] {report}")


def pytest_terminal_summary(terminalreporter):
    if WORKER_REPORTS:
        terminalreporter.write_sep("-", "fuzz")
        for report in sorted(WORKER_REPORTS):
            terminalreporter.write_line(report)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd) that Django's SMTP backend sends to;
    yields the list of envelopes it receives. Nothing leaves the machine."""
    import asyncio
    import socket

    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "directory@example.org"
    try:
        yield received
    finally:
        controller.stop()
        asyncio.set_event_loop(None)
