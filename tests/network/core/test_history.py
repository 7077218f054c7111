"""Change history: every curated model keeps its versions, in both languages."""

from django.apps import apps
from django.utils import translation

from network.core.history import MANAGER
from tests.factories import CharterValueFactory, NetworkFactory

CURATED = {
    "network.network", "network.chartervalue", "network.approachsection",
    "network.approachpoint", "network.track", "network.milestone",
    "members.organisation", "members.membership", "members.person", "members.consent",
    "publications.series", "publications.publication", "publications.keyarea",
    "publications.publicationfile",
}


def test_every_curated_model_keeps_history():
    tracked = {model._meta.label_lower for model in apps.get_models()
               if hasattr(model._meta, "simple_history_manager_attribute")}
    assert tracked == CURATED
    for label in CURATED:
        assert hasattr(apps.get_model(label), MANAGER)


def test_restoring_a_version_under_either_language_keeps_each_column(db):
    value = CharterValueFactory(network=NetworkFactory(), title_ar="الكرامة",
                                title_en="Dignity", text_ar="نص", text_en="Text")
    value.title_ar, value.title_en = "عنوان آخر", "Another title"
    value.save()
    first = value.revisions.earliest("history_date")
    for language in ("ar", "en"):
        with translation.override(language):
            first.instance.save()
        value.refresh_from_db()
        assert (value.title_ar, value.title_en, value.text_ar, value.text_en) == (
            "الكرامة", "Dignity", "نص", "Text")
