"""A manager's profile edits: what narrows applies at once, the rest waits for a curator of
the organisation's networks, who approves all or some of it, or rejects it with a note.
Every rule through the real views: the member's form and the admin's review page."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from members.models import Organisation, Proposal
from tests.adminforms import form_data
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
EDIT = "/{language}/account/organisations/amal/edit/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def amal(networks):
    organisation = OrganisationFactory(
        slug="amal", name_ar="منظمة الأمل", name_en="Amal Organisation",
        networks=[networks["wasl"]], tracks=list(networks["wasl"].tracks.all()[:1]),
        email="info@amal.example.org", email_visibility="public",
        phone="+964 770 000 1111", phone_visibility="staff", city_en="Basra")
    return organisation


@pytest.fixture
def manager(amal):
    user = User.objects.create_user("huda@example.org", "huda@example.org", "x")
    amal.managers.add(user)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def icssi_curator(networks, make_staff):
    user = make_staff("network curator", networks=[networks["icssi"]])
    user.email = "curator@icssi.example.org"
    user.save()
    return user


def edit(client, language="en", **changes):
    """Post the manager's form as the page shows it, with ``changes``."""
    url = EDIT.format(language=language)
    data = form_data(client.get(url).content.decode(), "profile-edit")
    for name, value in changes.items():
        data[name] = value
    return client.post(url, data)


def reload(organisation):
    return Organisation.objects.get(pk=organisation.pk)


# --- the form -----------------------------------------------------------------------------

def test_the_form_is_hers_private_and_in_both_languages(client, amal, manager):
    _user, own = manager
    english = own.get(EDIT.format(language="en"))
    arabic = own.get(EDIT.format(language="ar"))

    assert english.status_code == arabic.status_code == 200
    assert "no-store" in english["Cache-Control"] and "private" in english["Cache-Control"]
    assert "Edit the profile of Amal Organisation" in english.content.decode()
    text = arabic.content.decode()
    assert "تعديل الملف التعريفي لـ منظمة الأمل" in text
    assert 'value="منظمة الأمل"' in text and 'value="info@amal.example.org"' in text
    # Nobody else's: another organisation, an unknown one, a signed-out visitor.
    OrganisationFactory(slug="other")
    assert own.get("/en/account/organisations/other/edit/").status_code == 404
    assert own.get("/en/account/organisations/nothing/edit/").status_code == 404
    response = client.get(EDIT.format(language="en"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_curator_who_is_not_a_manager_gets_404(amal, wasl_curator):
    client = Client()
    client.force_login(wasl_curator)
    assert client.get(EDIT.format(language="en")).status_code == 404


def test_narrowing_a_contact_applies_at_once_and_is_hers_in_the_history(amal, manager):
    user, own = manager
    assert "info@amal.example.org" in own.get("/en/members/amal/").content.decode()

    response = edit(own, email_visibility="staff")

    assert response.status_code == 302 and response["Location"] == "/en/account/"
    amal = reload(amal)
    assert amal.email_visibility == "staff"
    assert not Proposal.objects.exists()
    version = amal.revisions.first()
    assert version.history_user == user
    assert version.history_change_reason == "Made more private by a manager"
    assert "info@amal.example.org" not in Client().get("/en/members/amal/").content.decode()
    assert "1 change makes something more private: it applies now." in (
        own.get("/en/account/").content.decode())


def test_clearing_a_field_applies_at_once(amal, manager):
    _user, own = manager
    edit(own, description_en="", city_en="")
    amal = reload(amal)
    assert amal.description_en == "" and amal.city_en == ""
    assert not Proposal.objects.exists()


def test_widening_or_changing_waits_for_a_curator_who_is_told(amal, manager, wasl_curator,
                                                              icssi_curator):
    user, own = manager
    before = reload(amal)

    response = edit(own, language="ar", name_en="Amal Women's Organisation",
                    description_ar="وصف جديد.", phone_visibility="public")

    assert response.status_code == 302
    after = reload(amal)
    assert (after.name_en, after.description_ar, after.phone_visibility) == (
        before.name_en, before.description_ar, "staff")
    assert after.version == before.version
    proposal = Proposal.objects.get()
    assert proposal.proposed_by == user and proposal.language == "ar"
    assert proposal.base_version == before.version
    assert proposal.changes == {
        "name_en": {"before": "Amal Organisation", "after": "Amal Women's Organisation"},
        "description_ar": {"before": "وصف المنظمة.", "after": "وصف جديد."},
        "phone_visibility": {"before": "staff", "after": "public"},
    }
    # Only the curators of the organisation's networks hear of it.
    assert [message.to for message in mail.outbox] == [["curator@wasl.example.org"]]
    assert f"/admin/members/proposal/{proposal.pk}/change/" in mail.outbox[0].body
    # Her account page lists it, awaiting review; the form says it waits.
    account = own.get("/ar/account/").content.decode()
    assert "بانتظار المراجعة" in account
    assert "Awaiting a curator's review" in own.get(EDIT.format(language="en")).content.decode()


def test_one_save_can_narrow_one_thing_and_propose_another(amal, manager):
    _user, own = manager
    edit(own, email_visibility="members", phone_visibility="members")
    amal = reload(amal)
    assert amal.email_visibility == "members"  # narrowed: at once
    assert amal.phone_visibility == "staff"  # widened: proposed
    assert Proposal.objects.get().changes == {
        "phone_visibility": {"before": "staff", "after": "members"}}


def test_a_changed_track_list_is_proposed_and_another_networks_track_refused(amal, manager,
                                                                             networks):
    _user, own = manager
    wasl_tracks = list(networks["wasl"].tracks.order_by("pk"))
    icssi_track = networks["icssi"].tracks.first()
    version = reload(amal).version

    refused = edit(own, tracks=[str(icssi_track.pk)])
    assert refused.status_code == 400
    assert reload(amal).version == version and not Proposal.objects.exists()

    edit(own, tracks=[str(track.pk) for track in wasl_tracks[:2]])
    proposal = Proposal.objects.get()
    assert proposal.changes["tracks"]["after"] == sorted(track.pk for track in wasl_tracks[:2])


@pytest.mark.parametrize(("changes", "message"), [
    ({"name_ar": "", "name_en": ""}, "Give the organisation's name in at least one language."),
    ({"website": "not a web address"}, "Enter a valid URL."),
    ({"email": "huda@"}, "Enter a valid email address."),
    ({"languages": ["xx"]}, "Select a valid choice."),
    ({"email_visibility": "everyone"}, "Select a valid choice."),
])
def test_bad_input_is_refused_and_nothing_changes(amal, manager, changes, message):
    _user, own = manager
    version = reload(amal).version

    response = edit(own, **changes)

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert reload(amal).version == version
    assert not Proposal.objects.exists() and mail.outbox == []


def test_a_form_opened_before_a_curators_save_is_refused(amal, manager):
    _user, own = manager
    url = EDIT.format(language="en")
    data = form_data(own.get(url).content.decode(), "profile-edit")
    stored = reload(amal)
    stored.city_en = "Mosul"  # a curator's save meanwhile
    stored.save()

    response = own.post(url, {**data, "email_visibility": "staff", "name_en": "Amal Org"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Someone saved this record after you opened it" in text
    assert "Mosul" in text
    amal = reload(amal)
    assert amal.email_visibility == "public" and amal.name_en == "Amal Organisation"
    assert not Proposal.objects.exists()


# --- the review ---------------------------------------------------------------------------

@pytest.fixture
def proposal(amal, manager, networks):
    _user, own = manager
    edit(own, language="ar", name_en="Amal Women's Organisation", city_en="Basra city",
         phone_visibility="public")
    mail.outbox.clear()
    return Proposal.objects.get()


def review_url(proposal):
    return f"/admin/members/proposal/{proposal.pk}/change/"


def decide(client, proposal, **data):
    page = client.get(review_url(proposal))
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    return client.post(review_url(proposal), {"version": version, **data})


def test_approving_all_changes_the_public_page_and_tells_the_proposer(
        proposal, wasl_curator, admin_login):
    curator = admin_login(wasl_curator)
    page = curator.get(review_url(proposal)).content.decode()
    assert "Amal Women&#x27;s Organisation" in page and "Basra city" in page
    assert Client().get("/en/members/amal/").content.decode().count("Amal Women") == 0

    response = decide(curator, proposal, approve="1",
                      fields_=["name_en", "city_en", "phone_visibility"])

    assert response.status_code == 302
    amal = reload(proposal.organisation)
    assert (amal.name_en, amal.city_en, amal.phone_visibility) == (
        "Amal Women's Organisation", "Basra city", "public")
    proposal.refresh_from_db()
    assert proposal.state == "approved" and proposal.reviewed_by == wasl_curator
    version = amal.revisions.first()
    assert version.history_user == wasl_curator
    # In the admin's language (Arabic first).
    assert version.history_change_reason == f"اقتراح {proposal.pk} من huda@example.org، مقبول"
    public = Client().get("/en/members/amal/").content.decode()
    assert "Amal Women&#x27;s Organisation" in public and "+964 770 000 1111" in public
    # The proposer hears in her language (she proposed from the Arabic page).
    (message,) = mail.outbox
    assert message.to == ["huda@example.org"]
    assert message.subject.endswith("التغييرات التي اقترحتها على منظمة الأمل: مقبولة")


def test_approving_some_fields_declines_the_others(proposal, wasl_curator, admin_login):
    curator = admin_login(wasl_curator)

    decide(curator, proposal, approve="1", fields_=["city_en"], note="The name stays.")

    amal = reload(proposal.organisation)
    assert amal.city_en == "Basra city"
    assert amal.name_en == "Amal Organisation" and amal.phone_visibility == "staff"
    proposal.refresh_from_db()
    assert proposal.state == "partly" and proposal.approved_fields == ["city_en"]
    body = mail.outbox[0].body
    assert "The name stays." in body


def test_rejecting_needs_a_note_and_changes_nothing(proposal, wasl_curator, admin_login):
    curator = admin_login(wasl_curator)
    version = reload(proposal.organisation).version

    refused = decide(curator, proposal, reject="1", note="  ")
    assert refused.status_code == 400
    assert "اذكر سبب الرفض لصاحب الاقتراح كي ترفض الاقتراح." in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.is_pending and mail.outbox == []

    decide(curator, proposal, reject="1", note="Please send the registration first.")

    proposal.refresh_from_db()
    assert proposal.state == "rejected" and proposal.approved_fields == []
    assert reload(proposal.organisation).version == version
    (message,) = mail.outbox
    assert "Please send the registration first." in message.body


def test_approving_nothing_ticked_is_refused(proposal, wasl_curator, admin_login):
    curator = admin_login(wasl_curator)
    response = decide(curator, proposal, approve="1")
    assert response.status_code == 400
    assert "حدّد تغييرًا واحدًا على الأقل لقبوله" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_the_review_warns_when_the_record_changed_since(proposal, wasl_curator, admin_login):
    stored = reload(proposal.organisation)
    stored.city_en = "Najaf"
    stored.save()
    curator = admin_login(wasl_curator)

    page = curator.get(review_url(proposal)).content.decode()

    assert "تغيّرت المنظمة بعد تقديم هذا الاقتراح" in page
    assert "Najaf" in page
    assert curator.get("/admin/members/proposal/").status_code == 200


def test_a_decision_from_a_page_opened_before_a_save_is_refused(proposal, wasl_curator,
                                                                admin_login):
    curator = admin_login(wasl_curator)
    page = curator.get(review_url(proposal)).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    stored = reload(proposal.organisation)
    stored.city_en = "Najaf"
    stored.save()

    response = curator.post(review_url(proposal), {"version": version, "approve": "1",
                                                   "fields_": ["city_en"]})

    assert response.status_code == 409
    assert "حُفظت المنظمة بعد أن فتحت هذه الصفحة" in response.content.decode()
    assert reload(proposal.organisation).city_en == "Najaf"
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_a_proposal_is_decided_once(proposal, wasl_curator, admin_login):
    curator = admin_login(wasl_curator)
    decide(curator, proposal, reject="1", note="No.")
    version = reload(proposal.organisation).version

    response = curator.post(review_url(proposal), {"version": version, "approve": "1",
                                                   "fields_": ["city_en"]})

    assert response.status_code == 302
    assert reload(proposal.organisation).city_en == "Basra"
    proposal.refresh_from_db()
    assert proposal.state == "rejected"
    assert "سبقك قيّم آخر" in curator.get(response["Location"]).content.decode()


def test_another_networks_curator_cannot_see_or_decide(proposal, icssi_curator, admin_login):
    curator = admin_login(icssi_curator)
    version = reload(proposal.organisation).version

    assert curator.get(review_url(proposal)).status_code == 404
    response = curator.post(review_url(proposal), {"version": version, "approve": "1",
                                                   "fields_": ["city_en"]})
    assert response.status_code == 404
    listing = curator.get("/admin/members/proposal/").content.decode()
    assert "الأمل" not in listing and "Amal" not in listing
    assert reload(proposal.organisation).city_en == "Basra"
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_the_queue_opens_on_pending_proposals(proposal, wasl_curator, admin_login):
    curator = admin_login(wasl_curator)
    change = f"/admin/members/proposal/{proposal.pk}/change/"
    assert change in curator.get("/admin/members/proposal/").content.decode()
    decide(curator, proposal, reject="1", note="No.")

    # Decided: out of the queue, in "rejected" and "all".
    assert change not in curator.get("/admin/members/proposal/").content.decode()
    assert change in curator.get("/admin/members/proposal/?state=rejected").content.decode()
    listing = curator.get("/admin/members/proposal/?state=all").content.decode()
    assert change in listing and "منظمة الأمل" in listing  # the admin speaks Arabic first


def test_the_organisations_admin_page_links_its_pending_proposals(proposal, wasl_curator,
                                                                   admin_login):
    curator = admin_login(wasl_curator)
    url = f"/admin/members/organisation/{proposal.organisation.pk}/change/"

    page = curator.get(url).content.decode()

    assert "اقتراح واحد من مديريها بانتظار المراجعة." in page
    link = f"/admin/members/proposal/?organisation={proposal.organisation.pk}"
    assert link in page
    listing = curator.get(html.unescape(link)).content.decode()
    assert f"/admin/members/proposal/{proposal.pk}/change/" in listing
    decide(curator, proposal, reject="1", note="No.")
    assert "بانتظار المراجعة" not in curator.get(url).content.decode()


def test_turning_the_contact_relay_off_applies_at_once_and_on_waits(amal, manager):
    _user, own = manager
    assert reload(amal).accepts_messages is True

    data = form_data(own.get(EDIT.format(language="en")).content.decode(), "profile-edit")
    data.pop("accepts_messages", None)  # the box unticked
    own.post(EDIT.format(language="en"), data)

    assert reload(amal).accepts_messages is False
    assert not Proposal.objects.exists()

    edit(own, accepts_messages="on")
    assert reload(amal).accepts_messages is False
    assert Proposal.objects.get().changes == {
        "accepts_messages": {"before": False, "after": True}}
