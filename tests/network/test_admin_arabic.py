"""The admin in Arabic for curators and superusers: every page in her language, the
content first, contacts left to right, and a role given in one save."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse

from network.core.roles import CURATOR, LIBRARIAN
from tests import factories
from tests.adminforms import form_data

AR = {"accept-language": "ar"}

# English an Arabic reader met in the admin; whole words, as shown.
ENGLISH = [
    "AXES", "Axes", "OTP_STATIC", "Otp_Static", "OTP_TOTP", "Otp_Totp", "Static devices",
    "static device", "TOTP devices", "TOTP device", "Static tokens", "QR Code", "Identity",
    "Configuration", "Throttling", "Timestamps", "Created at", "Last used at", "Confirmed",
    "Locked Out", "Password-based authentication", "Reset password", "Set password",
    "Raw passwords are not stored", "Enabled", "Disabled", "Can add", "Can change",
    "Can view", "Can delete", "network curator", "librarian", "Import finished",
    "This exporter will export", "Import", "Export", "History", "Save", "Filter",
    "Choose all", "Remove all", "Add another", "Show", "Hide", "salt", "hash",
    "The user that this device belongs to", "Is this device ready for use", "historical",
    "access attempt expiration", "Search by user", "qrcode",
]
ENGLISH_PATTERN = re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, ENGLISH))
                             + r")(?![A-Za-z])")


class _VisibleText(HTMLParser):
    """The text a reader sees, options of a list included: no tags, attributes, scripts
    or styles."""

    HIDDEN = ("script", "style", "template", "textarea")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(" ".join(data.split()))


def english_in(html):
    """The known English strings in ``html``'s visible text."""
    parser = _VisibleText()
    parser.feed(html)
    return {match for chunk in parser.chunks for match in ENGLISH_PATTERN.findall(chunk)}


def admin_pages(client):
    """Every admin page the signed-in user reaches: the index, each app index and
    changelist, the add, change, history and version pages of one record per model,
    import, export, password change and the translations dashboard."""
    request = client.get(reverse("admin:index")).wsgi_request
    urls = [reverse("admin:index"), reverse("admin:password_change"), "/admin/translations/"]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls += [reverse("admin:app_list", args=[opts.app_label]),
                 reverse(f"{base}_changelist")]
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{base}_add"))
        obj = model_admin.get_queryset(request).order_by("pk").last()
        if obj is not None:
            urls += [reverse(f"{base}_change", args=[obj.pk]),
                     reverse(f"{base}_history", args=[obj.pk])]
            revisions = getattr(obj, "revisions", None)
            if revisions is not None and revisions.exists():
                urls.append(reverse(f"{base}_simple_history",
                                    args=[obj.pk, revisions.first().history_id]))
        for view in ("import", "export"):
            try:
                urls.append(reverse(f"{base}_{view}"))
            except NoReverseMatch:
                continue
    return list(dict.fromkeys(urls))


@pytest.fixture
def records(networks):
    """One record of every model, English data free of the words looked for."""
    wasl = networks["wasl"]
    organisation = factories.OrganisationFactory(
        networks=[wasl], phone="+52 000 000 0102", email="info@example.org",
        website="https://example.org/")
    organisation.name_en = "Tigris Association"
    organisation.save()  # a second version, for the history pages
    person = factories.PersonFactory(networks=[wasl])
    factories.ConsentFactory(person=person, given_by="ناشطة")
    publication = factories.PublicationFactory(networks=[wasl])
    factories.KeyAreaFactory(publication=publication)
    factories.PublicationFileFactory(publication=publication)
    return {"organisation": organisation, "person": person}


@pytest.mark.slow
@pytest.mark.parametrize("role", ["superuser", CURATOR])
def test_every_admin_page_is_in_arabic(role, records, networks, make_staff, admin_login):
    client = admin_login(make_staff(role, networks=[networks["wasl"]]))

    pages = admin_pages(client)
    english = {}
    for url in pages:
        response = client.get(url, headers=AR)
        assert response.status_code == 200, url
        for text in english_in(response.content.decode()):
            english.setdefault(text, url)

    assert len(pages) > (60 if role == "superuser" else 40)
    assert english == {}


def test_the_admin_scripts_speak_arabic(admin_client):
    catalogue = admin_client.get("/admin/jsi18n/", headers=AR).content.decode()

    for msgid in ('Choose %s by selecting them and then select the \\"Choose\\" arrow button.',
                  "Choose all %s", "Remove all %s"):
        assert f'"{msgid}": "' in catalogue, msgid
    assert "\\u0627\\u062e\\u062a\\u0631 %s" in catalogue or "اختر %s" in catalogue


def test_saving_a_change_says_changed_not_added(records, networks, make_staff, admin_login):
    client = admin_login(make_staff(CURATOR, networks=[networks["wasl"]]))
    url = reverse("admin:members_organisation_change", args=[records["organisation"].pk])
    data = form_data(client.get(url, headers=AR).content.decode(), "organisation_form")

    response = client.post(url, data, headers=AR, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages and "عُدِّل" in messages[0] and "إضافة" not in messages[0]


def test_import_messages_are_arabic(networks, admin_client):
    client = admin_client
    csv = Path(__file__).parents[1] / "members" / "data" / "organisations.csv"
    upload = io.BytesIO(csv.read_bytes())
    upload.name = "organisations.csv"
    preview = client.post("/admin/members/organisation/import/",
                          {"resource": "0", "network": networks["wasl"].pk,
                           "import_file": upload, "format": "0"}, headers=AR)
    assert english_in(preview.content.decode()) == set()
    assert "إستيراد" not in preview.content.decode()

    response = client.post("/admin/members/organisation/process_import/",
                           {**preview.context["confirm_form"].initial, "confirm": "1"},
                           headers=AR, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["اكتمل استيراد المنظمات: 3 جديدة، و0 محدَّثة، و0 محذوفة، و0 "
                        "متروكة دون تغيير."]


# --- The index: content first, security for superusers only --------------------------

def section_positions(html):
    return re.findall(r'class="app-([a-z_]+) module', html)


def test_index_puts_content_first_and_security_last_for_superusers_only(
        networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    html = client.get("/admin/", headers=AR).content.decode()

    apps = section_positions(html[html.index('id="content-main"'):])

    assert apps[:3] == ["members", "publications", "network"]
    assert apps[-5:] == ["auth", "axes", "otp_static", "otp_totp", "django_tasks_database"]

    client = admin_login(make_staff(CURATOR, networks=[networks["wasl"]]))
    apps = section_positions(client.get("/admin/", headers=AR).content.decode())

    assert apps[0] == "members"
    assert not {"auth", "axes", "otp_static", "otp_totp", "django_tasks_database"} & set(apps)


# --- Direction ----------------------------------------------------------------------

def test_contacts_and_english_fields_are_edited_left_to_right(records, admin_client):
    url = reverse("admin:members_organisation_change", args=[records["organisation"].pk])
    html = admin_client.get(url, headers=AR).content.decode()

    def tag(name):
        return re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)

    for name in ("phone", "email", "website", "slug", "name_en", "description_en"):
        assert 'dir="ltr"' in tag(name), name
    for name in ("name_ar", "description_ar"):
        assert 'dir="rtl"' in tag(name), name
    assert 'dir="ltr"' not in tag("address")


# --- One path to making someone a curator -------------------------------------------

def test_superuser_makes_a_curator_in_one_save(networks, make_staff, admin_client):
    wasl = networks["wasl"]
    network_page = admin_client.get(
        reverse("admin:network_network_change", args=[wasl.pk]), headers=AR).content.decode()
    link = re.search(r'<a href="([^"]+)"[^>]*>أضف أمين شبكة</a>', network_page)
    assert link, "no 'add a curator' link on the network's page"
    assert network_page.index(link.group(0)) < network_page.index('name="slug"')

    add_url = link.group(1).replace("&amp;", "&")
    add_page = admin_client.get(add_url, headers=AR).content.decode()
    data = form_data(add_page, "user_form")
    assert data["role"] == [CURATOR] and data["role_networks"] == [str(wasl.pk)]
    data.update(username=["huda"], password1=["a-long-test-password-0"],
                password2=["a-long-test-password-0"], usable_password=["true"])
    response = admin_client.post(add_url, data, headers=AR)

    assert response.status_code == 302, response.content.decode()[:3000]
    huda = User.objects.get(username="huda")
    assert huda.is_staff
    assert [group.name for group in huda.groups.all()] == [CURATOR]
    assert list(huda.curated_networks.all()) == [wasl]
    # Her name is then on the network's page, among its curators.
    assert "huda" in admin_client.get(
        reverse("admin:network_network_change", args=[wasl.pk]), headers=AR).content.decode()


def test_changing_the_role_moves_groups_and_networks_together(networks, make_staff,
                                                               admin_client):
    wasl, icssi = networks["wasl"], networks["icssi"]
    user = make_staff(CURATOR, networks=[wasl])
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = form_data(admin_client.get(url, headers=AR).content.decode(), "user_form")
    assert data["role"] == [CURATOR] and data["role_networks"] == [str(wasl.pk)]

    admin_client.post(url, {**data, "role_networks": [str(icssi.pk)]}, headers=AR)
    assert list(user.curated_networks.all()) == [icssi]

    data = form_data(admin_client.get(url, headers=AR).content.decode(), "user_form")
    response = admin_client.post(url, {**data, "role": [LIBRARIAN]}, headers=AR)
    assert response.status_code == 302
    assert [group.name for group in user.groups.all()] == [LIBRARIAN]
    assert not user.curated_networks.exists()


def test_a_curator_without_networks_is_refused(networks, make_staff, admin_client):
    user = make_staff(LIBRARIAN)
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = form_data(admin_client.get(url, headers=AR).content.decode(), "user_form")

    response = admin_client.post(url, {**data, "role": [CURATOR], "role_networks": []},
                                 headers=AR)

    assert response.status_code == 200
    assert "اختر الشبكات التي يتولّاها أمين الشبكة." in response.content.decode()
    assert [group.name for group in user.groups.all()] == [LIBRARIAN]
