"""Spreadsheet imports above the admin's limit of rows, as background jobs with a page."""

import io
import json
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone, translation
from django_tasks import task_backends

from members import import_jobs
from members.models import ImportJob, Membership, Organisation
from members.resources import StaleRecords
from tests.factories import OrganisationFactory
from tests.members.test_import import csv_file, row

IMPORT_URL = "/admin/members/organisation/import/"
MEMBERSHIP_IMPORT_URL = "/admin/members/membership/import/"


@pytest.fixture
def worker(settings):
    """Tasks wait in a queue until ``worker()`` runs them, as ``manage.py db_worker``
    would; returns how many it ran."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                  "QUEUES": ["default"]}}

    def run():
        backend = task_backends["default"]
        ran = 0
        while backend.results:
            result = backend.results.pop(0)
            result.task.call(*result.args, **result.kwargs)
            ran += 1
        return ran

    return run


def organisations(count, start=0, **values):
    return csv_file([row(name_ar=f"منظمة رقم {n}", name_en=f"Organisation number {n}",
                         networks="", **values)
                     for n in range(start, start + count)])


def upload(client, content, network=None, name="organisations.csv", language="en",
           url=IMPORT_URL):
    upload_file = io.BytesIO(content)
    upload_file.name = name
    data = {"resource": "0", "import_file": upload_file, "format": "0"}
    if network is not None:
        data["network"] = network.pk
    return client.post(url, data, headers={"accept-language": language})


def page(client, job, language="en"):
    return client.get(f"/admin/members/organisation/import/jobs/{job.pk}/",
                      headers={"accept-language": language})


def status(client, job):
    return client.get(f"/admin/members/organisation/import/jobs/{job.pk}/status/",
                      headers={"accept-language": "en"})


def confirm(client, job):
    return client.post(f"/admin/members/organisation/import/jobs/{job.pk}/",
                       {"confirm": "1"}, headers={"accept-language": "en"})


@pytest.fixture
def curator(networks, make_staff):
    return make_staff("network curator", networks=[networks["icssi"]])


@pytest.mark.slow
def test_a_20000_row_file_imports_as_a_job(networks, curator, admin_login, worker, settings,
                                           monkeypatch):
    client = admin_login(curator)
    content = organisations(20_000)
    reported = []
    report = import_jobs.report
    monkeypatch.setattr(import_jobs, "report", lambda job, **fields: (
        reported.append(fields.get("processed")), report(job, **fields)))

    started = time.perf_counter()
    response = upload(client, content, networks["icssi"])
    uploaded = time.perf_counter()

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/members/organisation/import/jobs/{job.pk}/"
    assert (job.owner, job.network, job.state, job.total) == (
        curator, networks["icssi"], "queued", 20_000)
    assert bytes(job.content) == content
    queued = page(client, job)
    html = queued.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert '<progress max="20000"' in html
    assert "0 of 20,000 rows" in html
    assert 'src="/static/js/import-job.js"' in html
    assert json.loads(status(client, job).content) == {
        "state": "queued", "state_label": "waiting to be checked", "running": True,
        "stalled": False, "total": 20_000, "processed": 0, "text": "0 of 20,000 rows"}

    assert worker() == 1
    previewed = time.perf_counter()

    job.refresh_from_db()
    assert (job.state, job.new, job.updated, job.skipped, job.errors, job.processed) == (
        "awaiting", 20_000, 0, 0, 0, 20_000)
    assert reported[:3] == [500, 1000, 1500]
    assert Organisation.objects.count() == 0
    preview = page(client, job)
    html = preview.content.decode()
    assert "refresh" not in html
    assert 'value="Confirm import"' in html
    assert "منظمة رقم 0" in html and "منظمة رقم 99" in html and "منظمة رقم 100<" not in html
    assert "Page 1 of 200" in html

    assert confirm(client, job).status_code == 302
    job.refresh_from_db()
    assert job.state == "confirmed"
    assert "0 of 20,000 rows" in page(client, job).content.decode()
    reported.clear()
    assert worker() == 1
    imported = time.perf_counter()

    job.refresh_from_db()
    assert (job.state, job.new, job.errors, job.processed) == ("done", 20_000, 0, 20_000)
    assert reported[:2] == [500, 1000]
    assert bytes(job.content) == b""
    assert Organisation.objects.count() == 20_000
    assert Membership.objects.filter(network=networks["icssi"]).count() == 20_000
    assert Organisation.revisions.filter(history_user=curator).count() == 20_000
    assert Membership.revisions.filter(history_user=curator).count() == 20_000
    first = Organisation.objects.get(name_ar="منظمة رقم 0")
    assert job.outcomes[0] == {"row": 2, "outcome": "new", "id": first.pk,
                               "name": "منظمة رقم 0"}
    done = page(client, job).content.decode()
    assert "Imported" in done and "20,000" in done
    assert f'href="/admin/members/organisation/{first.pk}/change/"' in done
    assert "Confirm import" not in done
    print(f"\n20,000 rows: upload {uploaded - started:.1f} s, preview "
          f"{previewed - uploaded:.1f} s, import {imported - previewed:.1f} s")


def test_the_page_refreshes_itself_only_while_the_job_runs(networks, curator, admin_login,
                                                           worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    client = admin_login(curator)
    upload(client, organisations(3), networks["icssi"])
    job = ImportJob.objects.get()

    assert 'content="3"' in page(client, job).content.decode()
    worker()
    html = page(client, job).content.decode()
    assert 'content="3"' not in html and "import-job.js" not in html
    assert json.loads(status(client, job).content)["running"] is False


def test_a_file_within_the_web_limit_is_imported_as_before(networks, curator, admin_login,
                                                           worker):
    client = admin_login(curator)

    response = upload(client, organisations(3), networks["icssi"])

    assert response.status_code == 200
    assert "confirm_form" in response.context
    assert ImportJob.objects.count() == 0


def test_one_bad_row_among_many_imports_nothing_and_is_listed(networks, curator, admin_login,
                                                              worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 10
    client = admin_login(curator)
    rows = [row(name_ar=f"منظمة رقم {n}", name_en=f"Organisation number {n}", networks="",
                founded="1700" if n == 17 else "") for n in range(40)]
    upload(client, csv_file(rows), networks["icssi"])
    job = ImportJob.objects.get()

    worker()

    job.refresh_from_db()
    assert (job.state, job.new, job.errors) == ("awaiting", 39, 1)
    [bad] = [outcome for outcome in job.outcomes if outcome["outcome"] == "error"]
    assert bad["row"] == 19
    html = page(client, job).content.decode()
    assert "Nothing will be imported" in html
    assert "Confirm import" not in html
    assert "منظمة رقم 17" in html and "منظمة رقم 16" not in html
    assert confirm(client, job).status_code == 302
    job.refresh_from_db()
    assert job.state == "awaiting"
    assert worker() == 0
    assert Organisation.objects.count() == 0


def test_a_row_that_became_invalid_after_the_preview_imports_nothing(
        networks, curator, admin_login, worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 10
    client = admin_login(curator)
    upload(client, organisations(30), networks["icssi"])
    job = ImportJob.objects.get()
    worker()
    # Another network's organisation by the name of row 9, created since the preview.
    OrganisationFactory(name_ar="منظمة رقم 7", name_en="Organisation number 7",
                        networks=[networks["wasl"]])

    confirm(client, job)
    worker()

    job.refresh_from_db()
    assert job.state == "failed"
    assert job.reason.startswith("Nothing was imported: some rows are no longer valid.")
    assert [outcome["row"] for outcome in job.outcomes if outcome["outcome"] == "error"] == [9]
    assert Organisation.objects.count() == 1
    html = page(client, job).content.decode()
    assert "some rows are no longer valid" in html
    assert "No organisation you may change has this name." in html


def test_a_record_changed_since_the_preview_imports_nothing(networks, curator, admin_login,
                                                            worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    changed = OrganisationFactory(slug="changed", networks=[networks["icssi"]])
    client = admin_login(curator)
    content = csv_file([["changed", "منظمة", "Renamed by the file", "IQ"],
                        ["", "منظمة جديدة", "New one", "IQ"],
                        ["", "منظمة أخرى", "Another", "IQ"]],
                       headers=["slug", "name_ar", "name_en", "country"])
    upload(client, content, networks["icssi"], language="ar")
    job = ImportJob.objects.get()
    worker()
    job.refresh_from_db()
    assert (job.state, job.new, job.updated, job.versions) == (
        "awaiting", 2, 1, {str(changed.pk): changed.version})

    changed.refresh_from_db()
    changed.description_en = "Edited by someone else meanwhile."
    changed.save()
    confirm(client, job)
    worker()

    job.refresh_from_db()
    changed.refresh_from_db()
    assert job.state == "failed"
    with translation.override("ar"):
        # The record as the file names it.
        assert job.reason == str(StaleRecords(["منظمة"]))
    assert changed.name_en != "Renamed by the file"
    assert Organisation.objects.count() == 1
    assert job.reason in page(client, job, language="ar").content.decode()


def test_a_job_is_seen_by_its_owner_and_superusers_only(networks, curator, make_staff,
                                                        admin_login, worker, settings, client):
    settings.IMPORT_WEB_MAX_ROWS = 2
    admin_login(curator)
    upload(client, organisations(3), networks["icssi"])
    job = ImportJob.objects.get()

    admin_login(make_staff("network curator", networks=[networks["icssi"]]))
    assert page(client, job).status_code == 404
    assert status(client, job).status_code == 404
    assert confirm(client, job).status_code == 404
    # Under the memberships' admin, an organisations' job is unknown.
    assert client.get(f"/admin/members/membership/import/jobs/{job.pk}/").status_code == 404

    admin_login(make_staff("superuser"))
    assert page(client, job).status_code == 200
    assert status(client, job).status_code == 200


def test_a_row_naming_a_network_she_does_not_curate_is_refused(networks, curator,
                                                               admin_login, worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    client = admin_login(curator)
    content = csv_file([row(name_ar=f"منظمة رقم {n}", name_en=f"Organisation number {n}",
                            networks="wasl" if n == 1 else "") for n in range(3)])
    upload(client, content, networks["icssi"])
    job = ImportJob.objects.get()
    worker()

    job.refresh_from_db()
    [bad] = [outcome for outcome in job.outcomes if outcome["outcome"] == "error"]
    assert bad["row"] == 3
    assert bad["errors"] == [f"networks: You may not add organisations to {networks['wasl']}."]
    assert Organisation.objects.count() == 0


def test_the_task_reads_her_networks_again(networks, curator, admin_login, worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    client = admin_login(curator)
    upload(client, organisations(3), networks["icssi"])
    job = ImportJob.objects.get()
    worker()
    confirm(client, job)
    networks["icssi"].curators.remove(curator)

    worker()

    job.refresh_from_db()
    assert job.state == "failed"
    assert job.errors == 3
    assert Organisation.objects.count() == 0


def test_a_job_fails_in_the_language_it_was_started_in(networks, curator, admin_login,
                                                       worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    client = admin_login(curator)
    upload(client, csv_file([["x"]] * 3, headers=["colour"]), networks["icssi"],
           language="ar")
    job = ImportJob.objects.get()
    assert job.language == "ar"

    worker()

    job.refresh_from_db()
    assert job.state == "failed"
    assert job.reason.startswith("عمود غير معروف: colour.")
    assert bytes(job.content) == b""


@pytest.mark.parametrize("limit, message", [
    ("IMPORT_MAX_ROWS", "The file has more than 4 rows: split it into files of at most 4 "
                        "rows."),
    ("IMPORT_MAX_CELLS", "The file has more than 60 cells (rows × columns)"),
])
def test_the_import_limits_refuse_before_storing_anything(networks, curator, admin_login,
                                                          worker, settings, limit, message):
    settings.IMPORT_WEB_MAX_ROWS = 2
    setattr(settings, limit, 4 if limit == "IMPORT_MAX_ROWS" else 60)
    client = admin_login(curator)

    response = upload(client, organisations(5), networks["icssi"])

    assert response.status_code == 200
    [error] = response.context["form"].errors["import_file"]
    assert error.startswith(message)
    assert ImportJob.objects.count() == 0
    assert worker() == 0


def test_the_size_limit_refuses_before_storing_anything(networks, curator, admin_login,
                                                        worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    settings.IMPORT_MAX_BYTES = 200
    client = admin_login(curator)

    response = upload(client, organisations(5), networks["icssi"])

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"][0].startswith(
        "The file is larger than 200")
    assert ImportJob.objects.count() == 0


def test_memberships_import_as_a_job(networks, curator, admin_login, worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    orgs = OrganisationFactory.create_batch(3, networks=[networks["icssi"]])
    client = admin_login(curator)
    content = csv_file([[org.slug, "icssi", "partner", "2020"] for org in orgs],
                       headers=["organisation", "network", "role", "since"])

    response = upload(client, content, url=MEMBERSHIP_IMPORT_URL)

    job = ImportJob.objects.get()
    assert response.url == f"/admin/members/membership/import/jobs/{job.pk}/"
    assert job.resource == "memberships"
    worker()
    job.refresh_from_db()
    assert (job.state, job.updated, job.errors) == ("awaiting", 3, 0)
    client.post(response.url, {"confirm": "1"})
    worker()
    job.refresh_from_db()
    assert job.state == "done"
    assert set(Membership.objects.values_list("since", flat=True)) == {2020}
    assert client.get(response.url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_by_other_connections_while_the_job_runs(
        networks, curator, worker, settings, monkeypatch):
    """Each progress update commits: another connection (the page's) reads it while the
    task is still checking the rows, on the preview and on the import."""
    monkeypatch.setattr(import_jobs, "PROGRESS_EVERY", 2)
    seen = []
    report = import_jobs.report
    other = connections.create_connection("default")

    def report_and_look(job, **fields):
        report(job, **fields)
        if "state" not in fields:  # a progress update, not the job's end
            with other.cursor() as cursor:
                cursor.execute("SELECT state, processed FROM members_importjob WHERE id = %s",
                               [job.pk])
                seen.append(cursor.fetchone())

    monkeypatch.setattr(import_jobs, "report", report_and_look)
    content = csv_file([row(name_ar=f"منظمة رقم {n}", name_en=f"Organisation number {n}",
                            networks="") for n in range(5)])
    with translation.override("en"):
        job = import_jobs.start(owner=curator, resource="organisations", file_name="o.csv",
                                content=content, total=5, network=networks["icssi"])
    worker()
    import_jobs.confirm(job)
    worker()
    other.close()

    job.refresh_from_db()
    assert job.state == "done"
    assert seen == [("previewing", 2), ("previewing", 4), ("previewing", 5),
                    ("importing", 2), ("importing", 4), ("importing", 5)]
    assert Organisation.objects.count() == 5



def test_the_import_page_lists_her_latest_jobs(networks, curator, make_staff, admin_login,
                                               worker, settings, client):
    settings.IMPORT_WEB_MAX_ROWS = 2
    admin_login(curator)
    upload(client, organisations(3), networks["icssi"], name="mine.csv")
    mine = ImportJob.objects.get()
    other = make_staff("network curator", networks=[networks["icssi"]])
    ImportJob.objects.create(owner=other, resource="organisations", file_name="theirs.csv",
                             content=b"-", language="en", total=3)

    html = client.get(IMPORT_URL, headers={"accept-language": "en"}).content.decode()

    assert "A file of more than 2 rows is checked and imported in the background" in html
    assert f'href="/admin/members/organisation/import/jobs/{mine.pk}/"' in html
    assert "mine.csv" in html and "theirs.csv" not in html


def test_the_job_page_names_possible_duplicates(networks, curator, admin_login, worker,
                                                settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    nour = OrganisationFactory(slug="nour", name_ar="جمعية النور للتنمية", name_en="",
                               networks=[networks["icssi"]])
    client = admin_login(curator)
    upload(client, csv_file([
        row(name_ar="جمعية النور للتنمية في الموصل", name_en="", networks=""),
        row(name_ar="بيت الحكمة", name_en="House of Wisdom", networks=""),
        row(name_ar="", name_en="House of Wisdom Iraq", networks=""),
    ]), networks["icssi"])
    job = ImportJob.objects.get()

    worker()

    job.refresh_from_db()
    assert job.state == "awaiting"
    html = page(client, job).content.decode()
    assert "Possible duplicates" in html
    assert f'href="/admin/members/organisation/{nour.pk}/change/"' in html
    assert "row 3 of this file" in html
    assert "Confirm import" in html  # a warning, not a refusal


def test_a_job_that_stopped_moving_says_the_worker_may_have_stopped(
        networks, curator, admin_login, worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    client = admin_login(curator)
    upload(client, organisations(3), networks["icssi"])
    job = ImportJob.objects.get()
    assert status(client, job).json()["stalled"] is False
    assert "may have stopped" not in page(client, job).content.decode()

    # The worker died while checking: the job still says it is checking.
    ImportJob.objects.filter(pk=job.pk).update(
        state="previewing", updated_at=timezone.now() - timedelta(minutes=11))

    assert status(client, job).json() | {"text": ""} == {
        "state": "previewing", "state_label": "checking the file", "running": True,
        "stalled": True, "total": 3, "processed": 0, "text": ""}
    html = page(client, job).content.decode()
    assert "the background worker may have stopped" in html
    assert 'data-stalled="true"' in html
    assert "قد يكون العامل في الخلفية متوقفًا" in page(client, job, language="ar").content.decode()


def test_a_preview_never_confirmed_expires_and_drops_its_file(networks, curator, admin_login,
                                                             worker, settings):
    settings.IMPORT_WEB_MAX_ROWS = 2
    client = admin_login(curator)
    upload(client, organisations(3), networks["icssi"], language="ar")
    worker()
    job = ImportJob.objects.get()
    assert job.state == "awaiting" and job.content
    out = io.StringIO()
    call_command("expire_import_jobs", stdout=out)
    assert out.getvalue() == "0 import jobs expired.\n"  # not a week old yet

    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(days=8))
    call_command("expire_import_jobs", stdout=out)

    job.refresh_from_db()
    assert (job.state, bytes(job.content)) == ("failed", b"")
    assert "لم تُؤكَّد المعاينة" in job.reason and len(job.outcomes) == 3  # in her language
    assert confirm(client, job).status_code == 302
    assert worker() == 0 and Organisation.objects.count() == 0
