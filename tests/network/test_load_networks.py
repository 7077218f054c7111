import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from network.management.commands.load_networks import DEFAULT_FILE
from network.models import ApproachPoint, ApproachSection, CharterValue, Milestone, Network, Track

LANGS = ("ar", "en")


def test_it_loads_both_networks_with_every_section(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]

    assert (wasl.name_ar, wasl.name_en) == (
        "التحالف النسائي من أجل القيادة الأمنية", "Women's Alliance for Security Leadership")
    assert (wasl.short_name_ar, wasl.short_name_en) == ("وصل", "WASL")
    assert (icssi.name_ar, icssi.name_en) == (
        "مبادرة التضامن مع المجتمع المدني العراقي", "Iraqi Civil Society Solidarity Initiative")
    assert wasl.values.count() == 8
    assert [s.slug for s in wasl.approach_sections.all()] == [
        "vertical", "horizontal", "cross-sector"]
    assert [s.points.count() for s in wasl.approach_sections.all()] == [4, 4, 2]
    assert (wasl.stated_partners, wasl.stated_countries) == (90, 29)
    assert "Nigeria" in wasl.stated_reach_en and "نيجيريا" in wasl.stated_reach_ar
    assert wasl.tracks.count() == 5

    assert icssi.values.count() == 14
    assert [s.slug for s in icssi.approach_sections.all()] == [
        "communication", "campaigns-advocacy", "solidarity"]
    assert icssi.tracks.count() == 9
    assert icssi.charter_approved_on == datetime.date(2022, 3, 15)
    assert (icssi.charter_approved_place_ar, icssi.charter_approved_place_en) == (
        "السليمانية", "Sulaymaniyah")
    assert [(m.date, m.precision) for m in icssi.milestones.all()] == [
        (datetime.date(2003, 2, 15), "day"),
        (datetime.date(2009, 1, 1), "year"),
        (datetime.date(2014, 1, 1), "year"),
        (datetime.date(2017, 1, 1), "year"),
        (datetime.date(2019, 1, 28), "day"),
        (datetime.date(2019, 10, 1), "month"),
        (datetime.date(2022, 3, 15), "day"),
    ]


@pytest.mark.parametrize("slug,fields", [
    ("wasl", ["name", "short_name", "tagline", "summary", "quote", "quote_source",
              "closing_quote", "charter_heading", "approach_heading", "approach_intro",
              "publications_intro", "stated_figures", "stated_reach"]),
    ("icssi", ["name", "short_name", "tagline", "summary", "civil_society_definition",
               "solidarity", "charter_heading", "charter_intro", "charter_outro",
               "funding_policy", "charter_approved_by", "charter_approved_place",
               "approach_heading", "history", "goal", "tracks_heading", "tracks_intro",
               "founded_place"]),
])
def test_it_fills_every_section_in_both_languages(networks, slug, fields):
    network = networks[slug]
    missing = [f"{field}_{lang}" for field in fields for lang in LANGS
               if not getattr(network, f"{field}_{lang}").strip()]
    assert missing == []


def test_it_fills_every_child_record_in_both_languages(networks):
    checks = [
        (CharterValue.objects.all(), "title"),
        (ApproachSection.objects.all(), "title"),
        (ApproachPoint.objects.all(), "text"),
        (Track.objects.all(), "name"),
        (Track.objects.all(), "description"),
        (Milestone.objects.all(), "title"),
        (Milestone.objects.all(), "text"),
        (CharterValue.objects.filter(network__slug="icssi"), "text"),
        (ApproachSection.objects.filter(network__slug="icssi"), "intro"),
    ]
    empty = [
        (str(obj), f"{field}_{lang}")
        for queryset, field in checks for obj in queryset for lang in LANGS
        if not getattr(obj, f"{field}_{lang}").strip()
    ]
    assert empty == []


def test_it_stores_the_data_file_text_unchanged(networks):
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    for item in data["networks"]:
        network = Network.objects.get(slug=item["slug"])
        for lang in LANGS:
            assert getattr(network, f"summary_{lang}") == item["summary"][lang].strip()
            titles = [getattr(v, f"title_{lang}") for v in network.values.all()]
            assert titles == [v["title"][lang] for v in item["values"]]


def test_it_is_idempotent(networks):
    counts = _counts()

    call_command("load_networks", verbosity=0)

    assert _counts() == counts == (2, 22, 6, 10, 14, 7)


def test_it_keeps_a_curators_edit_unless_asked_to_update(networks):
    wasl = networks["wasl"]
    wasl.tagline_en = "Edited by a curator"
    wasl.save()

    call_command("load_networks", verbosity=0)
    wasl.refresh_from_db()
    assert wasl.tagline_en == "Edited by a curator"

    call_command("load_networks", "--update", verbosity=0)
    wasl.refresh_from_db()
    assert wasl.tagline_en == "Countering extremism and promoting peace, rights and pluralism"


def test_it_never_deletes_a_record_a_curator_added(networks):
    extra = CharterValue.objects.create(network=networks["wasl"], order=99, title_ar="قيمة مضافة",
                                        title_en="An added value")

    call_command("load_networks", "--update", verbosity=0)

    assert CharterValue.objects.filter(pk=extra.pk).exists()


def test_it_rejects_an_unreadable_file_and_stores_nothing(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_networks", "--file", str(broken), verbosity=0)
    assert Network.objects.count() == 0


def test_it_rolls_back_a_file_missing_required_keys(db, tmp_path):
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    del data["tracks"]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="not a valid networks file"):
        call_command("load_networks", "--file", str(partial), verbosity=0)
    assert Network.objects.count() == 0


def _counts():
    return (Network.objects.count(), CharterValue.objects.count(),
            ApproachSection.objects.count(), ApproachPoint.objects.count(),
            Track.objects.count(), Milestone.objects.count())
