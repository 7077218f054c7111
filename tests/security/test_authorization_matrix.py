"""The authorization matrix: every role against every admin and public URL and method.

Roles: anonymous, a curator signed in with her password but no second factor, the WASL
curator, the ICSSI curator, the librarian, a superuser, and member accounts: a member of
WASL (a listed person), of ICSSI (a manager), of both, and the manager of the WASL
organisation in the matrix. Members get no further into the admin than anonymous visitors.

Each cell is (role, method, URL) with the status the role must get: 200 for a page it
may see, 302 after a POST it may make (or to the login page for anonymous visitors),
and "denied" (403 or 404) otherwise. POSTs run in a rolled-back savepoint so every
cell starts from the same data.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Application, ImportJob, Proposal
from network.core.roles import CURATOR, LIBRARIAN
from tests.adminforms import form_data
from tests.factories import (
    ApproachPointFactory,
    ApproachSectionFactory,
    CharterValueFactory,
    ConsentFactory,
    KeyAreaFactory,
    MilestoneFactory,
    OrganisationFactory,
    PersonFactory,
    PublicationFactory,
    SeriesFactory,
)

DENIED = "denied"
#: What a curator's decision on an application posts.
DECISIONS = {"decline": {"reason": "Not now."}, "accept": {"since": "2026", "publish": "on"}}

CURATED = {"members.organisation", "members.membership", "members.person", "members.consent",
           "network.network", "network.chartervalue", "network.milestone",
           "network.approachsection", "network.approachpoint", "network.track"}
CURATOR_ADDS = CURATED - {"network.network", "network.track"}
LIBRARY = {"publications.publication", "publications.series", "publications.keyarea"}
# Not organisations: she chooses a brief's authors with the author picker, by their
# public names alone.
LIBRARIAN_READS = {"network.network", "network.track"}
SUPERUSER_ONLY = {"auth.user", "auth.group"}


def label(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def may_view(role, model, network):
    if role == "superuser":
        return True
    if role == "librarian":
        return model in LIBRARY | LIBRARIAN_READS
    if role.endswith("curator"):
        return model in CURATED and network == role.split()[0]
    return False


def may_change(role, model, network):
    if role == "superuser":
        return True
    if role == "librarian":
        return model in LIBRARY
    return role.endswith("curator") and model in CURATED and network == role.split()[0]


def may_list(role, model, adding=False):
    if role == "superuser":
        return True
    if role == "librarian":
        return model in LIBRARY if adding else model in LIBRARY | LIBRARIAN_READS
    if role.endswith("curator"):
        return model in (CURATOR_ADDS if adding else CURATED)
    return False


MEMBERS = ("wasl member", "icssi member", "both networks member", "organisation manager")


@pytest.fixture
def world(networks, make_staff, django_user_model):
    wasl, icssi = networks["wasl"], networks["icssi"]
    records = []  # (record, network slug or None)
    for network in (wasl, icssi):
        organisation = OrganisationFactory(networks=[network],
                                           tracks=list(network.tracks.all()[:1]))
        person = PersonFactory(networks=[network], organisation=organisation)
        section = ApproachSectionFactory(network=network, order=99)
        records += [
            (organisation, network.slug),
            (organisation.memberships.get(), network.slug),
            (person, network.slug),
            (ConsentFactory(person=person), network.slug),
            (network, network.slug),
            (CharterValueFactory(network=network, order=99), network.slug),
            (MilestoneFactory(network=network), network.slug),
            (section, network.slug),
            (ApproachPointFactory(section=section, order=99), network.slug),
            (network.tracks.first(), network.slug),
        ]
    publication = PublicationFactory(series=SeriesFactory(), networks=[wasl])
    # A series without briefs: one with briefs is protected from deletion, by design.
    records += [(publication, None), (SeriesFactory(), None),
                (KeyAreaFactory(publication=publication), None)]
    superuser = make_staff("superuser")
    records += [(superuser, None)]
    users = {
        "anonymous": None,
        # Signed in with the password alone: the admin still wants the second factor.
        "password only": make_staff(CURATOR, networks=[wasl]),
        "wasl curator": make_staff(CURATOR, networks=[wasl]),
        "icssi curator": make_staff(CURATOR, networks=[icssi]),
        "librarian": make_staff(LIBRARIAN),
        "superuser": superuser,
    }
    members = {
        "wasl member": django_user_model.objects.create_user("wasl-member", "w@example.org"),
        "icssi member": django_user_model.objects.create_user("icssi-member", "i@example.org"),
        "both networks member": django_user_model.objects.create_user("both", "b@example.org"),
        "organisation manager": django_user_model.objects.create_user("manager",
                                                                      "m@example.org"),
    }
    PersonFactory(networks=[wasl], account=members["wasl member"])
    OrganisationFactory(networks=[icssi]).managers.add(members["icssi member"])
    OrganisationFactory(networks=[wasl, icssi]).managers.add(members["both networks member"])
    records[0][0].managers.add(members["organisation manager"])
    users.update(members)
    draft = OrganisationFactory(networks=[wasl], status="draft")
    draft.managers.add(members["organisation manager"])
    # A manager's proposal in each network's review queue (members/proposals.py).
    proposals = {}
    for organisation, network in ((records[0][0], "wasl"), (records[10][0], "icssi")):
        proposals[network] = Proposal.objects.create(
            organisation=organisation, proposed_by=members["organisation manager"],
            base_version=organisation.version, language="ar",
            changes={"city_en": {"before": "", "after": "Basra"}})
    # An application to join each network, confirmed and waiting for its curators.
    applications = []
    for network in (wasl, icssi):
        now = timezone.now()
        applications.append((Application.objects.create(
            network=network, state="pending", name_en=f"Applicant to {network.slug}",
            kind="ngo", country="IQ", contact_name="Huda", email="huda@example.org",
            motivation="Why", language="ar", token_hash=f"{network.pk:064d}",
            expires_at=now + timedelta(days=7), charter_endorsed_at=now,
            charter_date=now.date(), confirmed_at=now,
            organisation=OrganisationFactory(status="draft")), network.slug))
    # A large import, checked and awaiting its owner's confirmation (members/import_jobs.py).
    job = ImportJob.objects.create(
        owner=users["wasl curator"], network=wasl, resource="organisations",
        file_name="organisations.csv", content=b"name_ar\n", language="ar",
        state="awaiting", total=1, processed=1)
    return {"records": records, "users": users, "draft": draft, "wasl": wasl,
            "public_org": records[0][0], "publication": publication,
            "applications": applications, "proposals": proposals, "job": job}


def admin_url(obj, action):
    info = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    return reverse(f"{info}_{action}", args=[obj.pk])


def cells(world):
    """Yield (role, method, url, expected, post_data_key)."""
    models = sorted({label(obj) for obj, _network in world["records"]} | SUPERUSER_ONLY)
    for role in world["users"]:
        anonymous = role in ("anonymous", "password only", *MEMBERS)
        for language in ("ar", "en"):
            # The account page: anyone signed in (it shows her own listings only); the
            # sign-in page for anonymous visitors.
            yield (role, "GET", f"/{language}/account/",
                   302 if role == "anonymous" else 200, None)
        yield role, "GET", reverse("admin:index"), 302 if anonymous else 200, None
        # A manager's profile form: hers only (404 for anyone else, staff included).
        for language in ("ar", "en"):
            yield (role, "GET",
                   f"/{language}/account/organisations/{world['public_org'].slug}/edit/",
                   302 if role == "anonymous" else (200 if role == "organisation manager"
                                                    else 404), None)
        # The review queue: the curators of the organisation's networks, and superusers.
        curates = role == "superuser" or role.endswith("curator")
        yield (role, "GET", reverse("admin:members_proposal_changelist"),
               302 if anonymous else (200 if curates else DENIED), None)
        for network, proposal in world["proposals"].items():
            allowed = role in ("superuser", f"{network} curator")
            url = admin_url(proposal, "change")
            yield role, "GET", url, 302 if anonymous else (200 if allowed else DENIED), None
            yield (role, "POST", url, 302 if anonymous else (302 if allowed else DENIED),
                   ("reject", proposal))
        yield (role, "GET", reverse("translation-dashboard"), 302 if anonymous else 200, None)
        # An import job: its owner's and the superusers' to see, its owner's to confirm
        # (a superuser's POST is turned back with a message).
        sees_job = role in ("superuser", "wasl curator")
        for name in ("import_job", "import_job_status"):
            yield (role, "GET", reverse(f"admin:members_organisation_{name}",
                                        args=[world["job"].pk]),
                   302 if anonymous else (200 if sees_job else DENIED), None)
        yield (role, "POST", reverse("admin:members_organisation_import_job",
                                     args=[world["job"].pk]),
               302 if anonymous else (302 if sees_job else DENIED), "confirm job")
        yield (role, "GET", reverse("admin:autocomplete") + "?app_label=members&model_name="
               "membership&field_name=organisation&term=a",
               302 if anonymous else (200 if may_list(role, "members.organisation")
                                      else DENIED), None)
        yield (role, "GET", reverse("admin:publications_publication_authors") + "?term=a",
               302 if anonymous else (200 if may_list(role, "publications.publication", True)
                                      else DENIED), None)
        for model in ("members.organisation", "members.membership"):
            # Spreadsheets: import needs add and change, export needs view.
            for action, adding in (("import", True), ("export", False)):
                url = reverse(f"admin:{model.replace('.', '_')}_{action}")
                expected = 302 if anonymous else (200 if may_list(role, model, adding)
                                                  else DENIED)
                yield role, "GET", url, expected, None
        for model in models:
            app_label, model_name = model.split(".")
            for action, adding in (("changelist", False), ("add", True)):
                url = reverse(f"admin:{app_label}_{model_name}_{action}")
                expected = 302 if anonymous else (200 if may_list(role, model, adding)
                                                  else DENIED)
                yield role, "GET", url, expected, None
        for obj, network in world["records"]:
            model = label(obj)
            view = may_view(role, model, network)
            change = may_change(role, model, network)
            superuser = role == "superuser"

            def expect(allowed, success, anonymous=anonymous):
                return 302 if anonymous else (success if allowed else DENIED)

            yield role, "GET", admin_url(obj, "change"), expect(view, 200), None
            yield role, "POST", admin_url(obj, "change"), expect(change, 302), obj
            yield role, "GET", admin_url(obj, "delete"), expect(superuser, 200), None
            yield role, "POST", admin_url(obj, "delete"), expect(superuser, 302), "delete"
            if hasattr(obj, "revisions"):
                yield role, "GET", admin_url(obj, "history"), expect(view, 200), None
                version = obj.revisions.first()
                revert = reverse(
                    f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history",
                    args=[obj.pk, version.history_id])
                yield role, "GET", revert, expect(view, 200), None
        # The queue of applications: a curator reads and decides her networks' only.
        yield (role, "GET", reverse("admin:members_application_changelist"),
               302 if anonymous else (200 if role == "superuser" or role.endswith("curator")
                                      else DENIED), None)
        for application, network in world["applications"]:
            allowed = role in ("superuser", f"{network} curator")
            for method, action, success in (("GET", "change", 200), ("POST", "decline", 302),
                                            ("POST", "accept", 302)):
                yield (role, method, admin_url(application, action),
                       302 if anonymous else (success if allowed else DENIED), action)
        # Public pages answer everyone alike, and never show a draft, even to staff or to
        # the organisation's own manager.
        for language in ("ar", "en"):
            for url in (f"/{language}/", f"/{language}/members/",
                        f"/{language}/networks/wasl/", f"/{language}/networks/icssi/",
                        f"/{language}/networks/wasl/join/", f"/{language}/networks/icssi/join/",
                        f"/{language}/publications/", f"/{language}/countries/",
                        f"/{language}/search/?q=a",
                        world["public_org"].get_absolute_url().replace("/ar/", f"/{language}/"),
                        world["publication"].get_absolute_url()
                        .replace("/ar/", f"/{language}/")):
                yield role, "GET", url, 200, None
            draft = world["draft"].get_absolute_url().replace("/ar/", f"/{language}/")
            yield role, "GET", draft, 404, None


def post_data(superuser_client, obj, cache):
    """The change form of ``obj`` as the superuser sees it, as POST data."""
    if obj.pk not in cache.setdefault(label(obj), {}):
        page = superuser_client.get(admin_url(obj, "change")).content.decode()
        cache[label(obj)][obj.pk] = form_data(page, f"{obj._meta.model_name}_form")
    return cache[label(obj)][obj.pk]


@pytest.mark.slow
def test_authorization_matrix(world, client, admin_login, django_user_model):
    superuser_client = admin_login(world["users"]["superuser"])
    forms = {}
    matrix = list(cells(world))
    data_for = {id(obj): post_data(superuser_client, obj, forms)
                for obj, _network in world["records"]}
    mismatches = []
    current = object()
    for role, method, url, expected, key in matrix:
        if role != current:
            client.logout()
            if role == "password only" or role in MEMBERS:
                client.force_login(world["users"][role])
            elif world["users"][role] is not None:
                admin_login(world["users"][role])
            current = role
        if method == "GET":
            response = client.get(url)
        else:
            if key == "delete":
                data = {"post": "yes"}
            elif isinstance(key, tuple):  # a proposal's rejection
                data = {"reject": "1", "note": "Not now.",
                        "version": key[1].organisation.version}
            elif key in DECISIONS:
                data = DECISIONS[key]
            elif key == "confirm job":
                data = {"confirm": "1"}
            else:
                data = data_for[id(key)]
            with transaction.atomic():
                response = client.post(url, data)
                transaction.set_rollback(True)
        status = response.status_code
        ok = status in (403, 404) if expected == DENIED else status == expected
        if not ok:
            mismatches.append((role, method, url, expected, status))
    print(f"authorization matrix: {len(matrix)} cells checked, {len(mismatches)} mismatches")
    assert mismatches == []
    assert len(matrix) > 600
