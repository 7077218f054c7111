import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from network.management.commands.load_networks import DEFAULT_FILE as NETWORKS_FILE
from publications.models import KeyArea, Publication, Series


def _seed_paragraphs():
    """The WASL publications paragraphs as the network data file carries them."""
    data = json.loads(NETWORKS_FILE.read_text(encoding="utf-8"))
    wasl = next(item for item in data["networks"] if item["slug"] == "wasl")
    return {code: wasl["publications_intro"][code].split("\n\n")
            for code in ("ar", "en")}


def test_it_loads_wasl_s_first_policy_brief_as_the_seed_text_describes_it(seeded):
    brief = seeded
    paragraphs = _seed_paragraphs()

    assert (brief.kind, brief.status) == ("policy-brief", "published")
    assert brief.title_ar == "حقائقُ مقلِقة، حِكَمٌ استثنائية"
    assert brief.subtitle_ar == "رأي المرأة بشأن التطرف العنيف والتدخل الأمني"
    assert f"{brief.title_en}: {brief.subtitle_en}" == (
        "Uncomfortable Truths, Unconventional Wisdom: Women's Perspectives on Violent "
        "Extremism & Security Interventions")
    # The Arabic title as given, without the decorative tatweel of the seed page.
    assert f"{brief.title_ar}: {brief.subtitle_ar}" in paragraphs["ar"][1]
    assert (brief.summary_ar, brief.summary_en) == (paragraphs["ar"][0], paragraphs["en"][0])
    assert (brief.series.name_ar, brief.series.name_en) == (
        "سلسلة التقارير المعنية بالسياسات", "Policy brief series")
    assert brief.series.network.slug == "wasl"
    assert brief.series_number == 1
    assert [area.text_ar for area in brief.key_areas.all()] == [
        "المخاوف الأمنية التي تعتري المدنيين ومنظمات المجتمع المدني",
        "التجارب والعمل مع الشرطة المحلية",
        "استقطاب الميليشيات والتجارب المتعلقة باجتثاث التطرف",
        "وجهات النظر بشأن الوجود الدولي على الصعيدين العسكري والأمني",
    ]
    for area in brief.key_areas.all():
        assert area.text_ar in paragraphs["ar"][1]
        assert area.text_en.lower() in paragraphs["en"][1].lower()
    assert (brief.consultation_on, brief.consultation_precision) == (
        datetime.date(2015, 11, 1), "month")
    assert (brief.consultation_participants, brief.consultation_participants_more_than,
            brief.consultation_countries) == (70, True, 15)
    assert brief.region_codes == ["mena", "asia"]
    assert list(brief.countries) == []
    assert [network.slug for network in brief.networks.all()] == ["wasl"]
    assert {track.slug for track in brief.tracks.all()} == {
        "preventing-violent-extremism", "human-security"}
    # The seed names no publication date and ships no PDF: none is invented.
    assert brief.published_on is None
    assert brief.files.count() == 0
    assert "uncomfortable truths" in brief.search_text
    assert "حقايق مقلقه" in brief.search_text


def test_it_is_idempotent_and_keeps_curators_edits(seeded):
    seeded.title_en = "Edited by a curator"
    seeded.save()

    call_command("load_publications", verbosity=0)

    assert Publication.objects.count() == 1
    assert KeyArea.objects.count() == 4
    assert Series.objects.count() == 1
    assert Publication.objects.get().title_en == "Edited by a curator"


def test_update_restores_the_seed_text(seeded):
    seeded.title_en = "Edited by a curator"
    seeded.save()

    call_command("load_publications", "--update", verbosity=0)

    assert Publication.objects.get().title_en == "Uncomfortable Truths, Unconventional Wisdom"
    assert KeyArea.objects.count() == 4


def test_it_needs_the_networks_first(db):
    with pytest.raises(CommandError, match="run load_networks first"):
        call_command("load_publications", verbosity=0)
    assert Publication.objects.count() == 0


def test_it_reports_an_unreadable_file(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_publications", "--file", str(broken), verbosity=0)


def test_it_refuses_invalid_records_and_stores_none(networks, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"publications": [
        {"slug": "fine", "kind": "report", "title": {"en": "Fine"}, "networks": ["wasl"]},
        {"slug": "feed", "kind": "report", "title": {"en": "Reserved"}, "networks": ["wasl"]},
    ]}), encoding="utf-8")

    with pytest.raises(CommandError, match="not a valid publications file"):
        call_command("load_publications", "--file", str(bad), verbosity=0)
    assert Publication.objects.count() == 0
