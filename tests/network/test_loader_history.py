"""Every record a loader writes has its first version, so that a first edit can be undone."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from members.models import Organisation
from network.core.history import MANAGER
from network.core.roles import CURATOR
from tests.adminforms import form_data


def records_without_a_version():
    missing = {}
    for model in apps.get_models():
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        pk = model._meta.pk.attname
        versioned = getattr(model, MANAGER).values(pk)
        count = model._default_manager.exclude(**{f"{pk}__in": versioned}).count()
        if count:
            missing[model._meta.label] = count
    return missing


@pytest.mark.parametrize("commands", [
    [("load_networks", {})],
    [("load_networks", {}), ("load_publications", {})],
    [("load_sample_directory", {"count": 5})],
    [("load_sample_directory", {"count": 5}), ("load_sample_publications", {"count": 4})],
])
def test_every_record_a_loader_writes_has_a_first_version(db, commands):
    for name, options in commands:
        call_command(name, verbosity=0, **options)
    assert records_without_a_version() == {}


def test_first_edit_of_a_sample_organisation_can_be_undone(db, make_staff, admin_login):
    call_command("load_sample_directory", count=3, verbosity=0)
    organisation = Organisation.objects.filter(is_sample=True).order_by("slug").first()
    original = (organisation.name_ar, organisation.name_en)
    networks = [membership.network for membership in organisation.memberships.all()]
    client = admin_login(make_staff(CURATOR, networks=networks))
    url = reverse("admin:members_organisation_change", args=[organisation.pk])
    data = form_data(client.get(url).content.decode(), "organisation_form")
    data.update({"name_ar": ["اسم خاطئ"], "name_en": ["A wrong name"]})
    assert client.post(url, data).status_code == 302

    first = organisation.revisions.order_by("history_date", "history_id").first()
    restore = reverse("admin:members_organisation_simple_history",
                      args=[organisation.pk, first.history_id])
    page = client.get(restore)
    assert client.post(restore, form_data(page.content.decode(),
                                          "historicalorganisation_form")).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name_ar, organisation.name_en) == original
