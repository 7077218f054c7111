"""Stale translations: the rule, its save paths, the admin, the dashboard, the pages."""

import pytest

from members.models import Organisation
from network.core.staleness import changes, translated_fields
from network.models import TranslationFlag
from tests.factories import OrganisationFactory
from tests.members.test_import import csv_file, row, run_import

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
