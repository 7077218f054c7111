"""Stale translations: the rule, its save paths, the admin, the dashboard, the pages."""

import pytest
from django.urls import reverse

from members.models import Organisation
from network.core.roles import CURATOR
from network.core.staleness import changes, translated_fields
from network.models import TranslationFlag
from tests.factories import (
    CharterValueFactory,
    KeyAreaFactory,
    MilestoneFactory,
    OrganisationFactory,
    PublicationFactory,
)
from tests.members.test_import import csv_file, row, run_import
from tests.members.test_projection import consented
from tests.network.core.test_restore import edit, first_version, restore_form, restore_url

FIELDS = {"description": {"ar": "description_ar", "en": "description_en"}}


def flags(obj):
    return set(TranslationFlag.objects.filter(object_id=obj.pk).values_list(
        "field", "language", "changed_language"))


# The rule ---------------------------------------------------------------------------------

def test_changes_flag_the_other_language_of_a_changed_text():
    before = {"description_ar": "نص", "description_en": "Text"}
    assert changes(FIELDS, before, {**before, "description_ar": "نص آخر"}) == (
        [("description", "en", "ar")], [("description", "ar")])


def test_changes_of_both_languages_together_flag_nothing():
    before = {"description_ar": "نص", "description_en": "Text"}
    after = {"description_ar": "نص آخر", "description_en": "Other text"}
    assert changes(FIELDS, before, after) == ([], [("description", "ar"),
                                                   ("description", "en")])


@pytest.mark.parametrize("before, after", [
    # A first text is a new translation, not a change.
    ({"description_ar": "", "description_en": "Text"}, {"description_ar": "نص"}),
    # Whitespace is no change.
    ({"description_ar": "نص  جديد", "description_en": "Text"}, {"description_ar": " نص\r\nجديد "}),
    # No other language yet: nothing to flag.
    ({"description_ar": "نص", "description_en": ""}, {"description_ar": "نص آخر"}),
    ({"description_ar": "نص", "description_en": None}, {"description_ar": "نص آخر"}),
    # A column the save does not write.
    ({"description_ar": "نص", "description_en": "Text"}, {}),
])
def test_changes_flag_nothing(before, after):
    assert changes(FIELDS, before, after)[0] == []


def test_translated_fields_of_an_unregistered_model_are_none():
    assert translated_fields(TranslationFlag) == {}


# Through save() ---------------------------------------------------------------------------

def test_a_changed_arabic_text_flags_the_english_one_until_it_is_saved(db):
    organisation = OrganisationFactory()
    organisation.description_ar = "وصف جديد للمنظمة."
    organisation.save()
    assert flags(organisation) == {("description", "en", "ar")}
    # Changing the Arabic again keeps the flag (and its date).
    since = TranslationFlag.objects.get().since
    organisation.description_ar = "وصف أحدث."
    organisation.save()
    assert TranslationFlag.objects.get().since == since
    organisation.description_en = "What the organisation does now."
    organisation.save()
    assert flags(organisation) == set()


def test_bringing_the_outdated_text_up_to_date_flags_nothing_back(db):
    organisation = OrganisationFactory()
    organisation.description_ar = "وصف جديد للمنظمة."
    organisation.save()
    organisation.description_en = "A new description."
    organisation.save()
    # The English caught up: the Arabic is not outdated for it.
    assert flags(organisation) == set()


def test_a_first_translation_and_a_lone_language_flag_nothing(db):
    organisation = OrganisationFactory(description_en="", city_en="")
    organisation.description_en = "Now in English."
    organisation.save()
    organisation.city_ar = "الموصل"
    organisation.save()
    assert flags(organisation) == set()


def test_each_field_is_flagged_apart(db):
    organisation = OrganisationFactory(city_ar="أربيل", city_en="Erbil")
    organisation.city_en = "Arbil"
    organisation.description_ar = "وصف جديد."
    organisation.save()
    assert flags(organisation) == {("city", "ar", "en"), ("description", "en", "ar")}


def test_whitespace_and_unchanged_saves_flag_nothing(db):
    organisation = OrganisationFactory()
    organisation.description_ar = "  " + organisation.description_ar + "\n"
    organisation.save()
    organisation.save()
    assert flags(organisation) == set()


def test_update_fields_only_reads_what_is_written(db):
    organisation = OrganisationFactory()
    organisation.description_ar = "وصف لم يُحفظ."
    organisation.save(update_fields=["status"])
    assert flags(organisation) == set()


def test_deleting_the_record_deletes_its_flags(db):
    organisation = OrganisationFactory()
    organisation.description_ar = "وصف جديد."
    organisation.save()
    organisation.delete()
    assert not TranslationFlag.objects.exists()


def test_a_new_record_is_never_flagged(db):
    organisation = OrganisationFactory.build()
    organisation.save()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert flags(organisation) == set()


# Through the spreadsheet import (bulk writes, no save()) ------------------------------------

def test_an_import_changing_the_arabic_flags_the_english(networks):
    organisation = OrganisationFactory(
        name_ar="منظمة التجربة", name_en="Test Organisation", networks=[networks["icssi"]],
        description_ar="وصف قديم.", description_en="An old description.")
    other = OrganisationFactory(name_ar="منظمة أخرى", name_en="Another Organisation",
                                networks=[networks["icssi"]], description_ar="نص.",
                                description_en="Text.")

    result = run_import(csv_file([
        row(description_ar="وصف جديد.", description_en="An old description."),
        # Both languages change together: nothing is flagged.
        row(name_ar="منظمة أخرى", name_en="Another Organisation", description_ar="نص آخر.",
            description_en="Other text."),
    ]))

    assert result.file_errors() == []
    assert flags(organisation) == {("description", "en", "ar")}
    assert flags(other) == set()
    # Importing the English brings it up to date.
    run_import(csv_file([row(description_ar="وصف جديد.",
                             description_en="A new description.")]))
    assert flags(organisation) == set()


# The round trip in the admin, the dashboard and the public pages ---------------------------

MARKER_EN = "(may be outdated)"
NOTE_EN = "May be outdated: the Arabic text was changed on"


def dashboard_row(client, model):
    response = client.get(reverse("translation-dashboard"), headers={"accept-language": "en"})
    rows = {str(row["model"]): row for row in response.context["rows"]}
    return rows[str(model._meta.verbose_name_plural)]


def test_round_trip_through_the_admin_the_dashboard_and_the_pages(networks, make_staff,
                                                                  admin_login, client):
    organisation = OrganisationFactory(networks=[networks["wasl"]])
    admin = admin_login(make_staff(CURATOR, networks=[networks["wasl"]]))
    change = reverse("admin:members_organisation_change", args=[organisation.pk])
    edit(admin, organisation, "organisation_form", description_ar="وصف جديد للمنظمة.")

    form = admin.get(change, headers={"accept-language": "en"})
    assert f'<strong class="stale-note">{NOTE_EN}' in form.content.decode()
    assert (form.context["adminform"].form.fields["description_en"].help_text
            .startswith(f'<strong class="stale-note">{NOTE_EN}'))
    assert "stale-note" not in str(form.context["adminform"].form.fields["description_ar"]
                                   .help_text)
    row = dashboard_row(admin, Organisation)
    assert [cell["count"] for cell in row["outdated"]] == [0, 1]
    changelist = reverse("admin:members_organisation_changelist")
    assert row["outdated"][1]["fields"] == [
        {"name": "description", "count": 1, "url": f"{changelist}?outdated=en.description"}]
    for query in ("outdated=en", "outdated=en.description"):
        listed = admin.get(f"{changelist}?{query}")
        assert list(listed.context["cl"].result_list) == [organisation]
    assert list(admin.get(f"{changelist}?outdated=ar").context["cl"].result_list) == []
    admin.logout()

    english = client.get(f"/en/members/{organisation.slug}/").content.decode()
    assert english.count(MARKER_EN) == 1
    assert 'title="The Arabic text was changed on' in english
    arabic = client.get(f"/ar/members/{organisation.slug}/").content.decode()
    assert "outdated-note" not in arabic

    admin = admin_login(make_staff("superuser"))
    organisation.refresh_from_db()
    edit(admin, organisation, "organisation_form",
         description_en="What the organisation does, now.")
    assert not TranslationFlag.objects.exists()
    form = admin.get(change)
    assert "stale-note" not in form.content.decode()
    assert [cell["count"] for cell in dashboard_row(admin, Organisation)["outdated"]] == [0, 0]
    admin.logout()
    assert "outdated-note" not in client.get(f"/en/members/{organisation.slug}/").content.decode()


def test_an_inline_row_says_its_text_may_be_outdated(networks, make_staff, admin_login):
    network = networks["icssi"]
    value = network.values.first()
    value.text_en = "A new English text of the value."
    value.save()
    admin = admin_login(make_staff("superuser"))
    page = admin.get(reverse("admin:network_network_change", args=[network.pk]),
                     headers={"accept-language": "en"})
    formset = next(inline.formset for inline in page.context["inline_admin_formsets"]
                   if inline.formset.model is type(value))
    notes = {form.instance.pk: str(form.fields["text_ar"].help_text) for form in formset}
    assert notes[value.pk].startswith('<strong class="stale-note">')
    assert "May be outdated: the English text was changed on" in notes[value.pk]
    assert all("stale-note" not in note for pk, note in notes.items() if pk != value.pk)


def test_a_history_restore_flags_and_clears(networks, make_staff, admin_login):
    organisation = OrganisationFactory(networks=[networks["wasl"]], city_ar="أربيل",
                                       city_en="Erbil")
    admin = admin_login(make_staff("superuser"))
    edit(admin, organisation, "organisation_form", city_en="Arbil")
    assert flags(organisation) == {("city", "ar", "en")}
    page = admin.get(restore_url(organisation, first_version(organisation)))
    assert admin.post(restore_url(organisation, first_version(organisation)),
                      restore_form(page)).status_code == 302
    # Back to "Erbil": the English changed again, and the Arabic is still the older text.
    assert flags(organisation) == {("city", "ar", "en")}
    edit(admin, organisation, "organisation_form", city_ar="اربيل")
    assert flags(organisation) == set()


def test_the_dashboard_counts_only_the_curators_records(networks, make_staff, admin_login):
    ours = OrganisationFactory(networks=[networks["wasl"]])
    theirs = OrganisationFactory(networks=[networks["icssi"]])
    for organisation in (ours, theirs):
        organisation.description_en = "Changed in English."
        organisation.save()
    admin = admin_login(make_staff(CURATOR, networks=[networks["wasl"]]))
    row = dashboard_row(admin, Organisation)
    assert [cell["count"] for cell in row["outdated"]] == [1, 0]
    assert [field["count"] for field in row["outdated"][0]["fields"]] == [1]
    changelist = reverse("admin:members_organisation_changelist")
    assert list(admin.get(f"{changelist}?outdated=ar").context["cl"].result_list) == [ours]


def test_the_dashboard_names_the_missing_fields(networks, make_staff, admin_login):
    OrganisationFactory(networks=[networks["wasl"]], description_en="", city_ar="البصرة",
                        city_en="")
    OrganisationFactory(networks=[networks["wasl"]], description_en="")
    admin = admin_login(make_staff("superuser"))
    row = dashboard_row(admin, Organisation)
    changelist = reverse("admin:members_organisation_changelist")
    assert row["cells"][1]["count"] == 2
    assert row["cells"][1]["fields"] == [
        {"name": "city", "count": 1, "url": f"{changelist}?missing=en.city"},
        {"name": "description", "count": 2, "url": f"{changelist}?missing=en.description"}]
    listed = admin.get(f"{changelist}?missing=en.city", headers={"accept-language": "en"})
    assert len(listed.context["cl"].result_list) == 1
    assert "Missing English: city" in listed.content.decode()
    # A field the model does not have filters nothing.
    assert len(admin.get(f"{changelist}?missing=en.nope").context["cl"].result_list) == (
        Organisation.objects.count())


def test_network_and_publication_pages_mark_their_outdated_texts(networks, client):
    network = networks["wasl"]
    value = CharterValueFactory(network=network, order=99, title_ar="قيمة", title_en="A value")
    milestone = MilestoneFactory(network=network)
    for record, field in ((network, "tagline_ar"), (value, "title_ar"),
                          (milestone, "title_en")):
        setattr(record, field, getattr(record, field) + " (2)")
        record.save()
    english = client.get(network.get_absolute_url().replace("/ar/", "/en/")).content.decode()
    arabic = client.get(network.get_absolute_url().replace("/en/", "/ar/")).content.decode()
    assert english.count(MARKER_EN) == 2  # the tagline and the value's title
    assert arabic.count("outdated-note") == 1  # the milestone's title

    publication = PublicationFactory(networks=[network])
    area = KeyAreaFactory(publication=publication)
    area.text_ar = area.text_ar + " (2)"
    area.save()
    page = client.get(f"/en/publications/{publication.slug}/").content.decode()
    assert page.count(MARKER_EN) == 1


def test_the_notes_in_arabic(networks, make_staff, admin_login, client):
    organisation = OrganisationFactory(networks=[networks["wasl"]])
    organisation.description_en = "A new English description."
    organisation.save()
    page = client.get(f"/ar/members/{organisation.slug}/").content.decode()
    assert "(قد تكون الترجمة غير محدّثة)" in page
    assert 'title="تغيّر النص الإنجليزي في' in page
    admin = admin_login(make_staff("superuser"))
    form = admin.get(reverse("admin:members_organisation_change", args=[organisation.pk]),
                     headers={"accept-language": "ar"})
    assert "قد يكون غير محدَّث: تغيّر النص الإنجليزي في" in str(
        form.context["adminform"].form.fields["description_ar"].help_text)
    dashboard = admin.get(reverse("translation-dashboard"), headers={"accept-language": "ar"})
    assert "قد يكون النص العربي غير محدَّث" in dashboard.content.decode()


def test_a_person_page_marks_only_the_consented_texts_that_may_be_outdated(networks, client):
    person = consented("bio", networks=[networks["wasl"]], bio_ar="نبذة.",
                       bio_en="A short bio.", title_ar="منسقة", title_en="Coordinator")
    person.bio_ar = "نبذة أطول."
    person.title_ar = "منسقة البرامج"  # flagged, but the consent does not show the title
    person.save()
    assert {flag[:2] for flag in flags(person)} == {("bio", "en"), ("title", "en")}
    english = client.get(f"/en/people/{person.slug}/").content.decode()
    assert english.count(MARKER_EN) == 1
    assert "outdated-note" not in client.get(f"/ar/people/{person.slug}/").content.decode()
