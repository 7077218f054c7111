"""Spreadsheet imports above the admin's limit of rows, as background jobs.

The admin stores the upload in an :class:`~members.models.ImportJob` and enqueues
:data:`run_job`; the task checks the file (the preview), records every row's outcome and
waits for the curator's confirmation; confirming enqueues it again for the import itself:
every row or none, with the preview's version check, history by the curator. The task
reads the curator and her networks again each time it runs.

Progress while the import's transaction is open: a transaction hides the rows it writes
from every other connection until it commits, and SQLite lets one connection write at a
time, so neither the same connection nor a second one (another database alias) could show
a row count to the page during a long transaction on both databases. The organisations'
import never needs one: its rows only check and write nothing
(``OrganisationResource.writes_at_the_end``), so a job checks them *before* the
transaction (``check_in_transaction = False``), each progress update committing at once,
and opens the transaction only for the bulk write, whose version check (rows locked,
versions compared with those the checks and the preview read) catches a record saved in
between. The memberships' import writes row by row in one transaction: its count moves
only when it ends (the page shows a bar without a value meanwhile).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from .models import ImportJob
from .resources import (
    ImportFileError,
    MembershipResource,
    OrganisationResource,
    read_dataset,
)

log = logging.getLogger("directory.imports")

#: Rows between two progress updates (one UPDATE each).
PROGRESS_EVERY = 500


class Progress:
    """A resource that calls ``on_progress(rows done)`` every ``every`` rows."""

    def __init__(self, *, on_progress, every=None, **kwargs):
        super().__init__(**kwargs)
        self.on_progress = on_progress
        self.every = every or PROGRESS_EVERY

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if kwargs["row_number"] % self.every == 0:
            self.on_progress(kwargs["row_number"])
        return row_result

    def after_import(self, dataset, result, **kwargs):
        # Every row checked: what remains is the organisations' bulk write.
        super().after_import(dataset, result, **kwargs)
        self.on_progress(len(dataset))


class ProgressOrganisationResource(Progress, OrganisationResource):
    pass


class ProgressMembershipResource(Progress, MembershipResource):
    pass


class OrganisationJobResource(ProgressOrganisationResource):
    check_in_transaction = False  # see the module's docstring


class MembershipJobResource(ProgressMembershipResource):
    pass


RESOURCES = {ImportJob.Resource.ORGANISATIONS: OrganisationJobResource,
             ImportJob.Resource.MEMBERSHIPS: MembershipJobResource}


def report(job, **fields):
    """Write ``fields`` of ``job`` at once, without reading or saving the rest of it."""
    ImportJob.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(job, name, value)


def start(*, owner, resource, file_name, content, total, network=None):
    """Store the upload as a job and enqueue its check; ``content`` was read within the
    limits already."""
    job = ImportJob.objects.create(
        owner=owner, resource=resource, file_name=file_name[:255], content=content,
        total=total, network=network, language=translation.get_language())
    run_job.enqueue(job_id=job.pk)
    return job


def confirm(job):
    """Enqueue the import of a checked job; False when it is not awaiting confirmation or
    its check found errors."""
    updated = ImportJob.objects.filter(
        pk=job.pk, state=ImportJob.State.AWAITING, errors=0).update(
        state=ImportJob.State.CONFIRMED, processed=0, updated_at=timezone.now())
    if updated:
        run_job.enqueue(job_id=job.pk)
    return bool(updated)


@task()
def run_job(job_id):
    """Check (preview) or import a job's file, as its state says; returns its new state."""
    job = claim(job_id)
    if job is None:
        return None
    with translation.override(job.language):
        try:
            run(job)
        except ImportFileError as error:
            fail(job, str(error))
        except IntegrityError:
            log.exception("Import job %s refused by the database", job.pk)
            fail(job, _("Nothing was imported: records were saved by someone else while "
                        "the file was being imported. Upload the file again."))
        except Exception:
            fail(job, _("Nothing was imported: the import stopped on an unexpected error. "
                        "Try again, or tell the site's administrators."))
            raise
    return job.state


def claim(job_id):
    """The job, moved from waiting to running; None when another worker has it, or it
    waits for nothing."""
    for waiting, running in ((ImportJob.State.QUEUED, ImportJob.State.PREVIEWING),
                             (ImportJob.State.CONFIRMED, ImportJob.State.IMPORTING)):
        if ImportJob.objects.filter(pk=job_id, state=waiting).update(
                state=running, processed=0, updated_at=timezone.now()):
            return ImportJob.objects.get(pk=job_id)
    return None


def importer(job):
    """The job's owner, read again now, if she may still import these records."""
    user = get_user_model().objects.filter(pk=job.owner_id, is_active=True,
                                           is_staff=True).first()
    name = "organisation" if job.resource == ImportJob.Resource.ORGANISATIONS else "membership"
    if user is None or not (user.has_perm(f"members.add_{name}")
                            and user.has_perm(f"members.change_{name}")):
        raise ImportFileError(_("Nothing was imported: your account may no longer import "
                                "these records."))
    return user


def run(job):
    dry_run = job.state == ImportJob.State.PREVIEWING
    user = importer(job)
    dataset = read_dataset(bytes(job.content), job.file_name)
    resource = RESOURCES[job.resource](
        on_progress=lambda done: report(job, processed=min(done, job.total)),
        user=user, network=job.network,
        checked_versions=None if dry_run else {
            int(pk): int(version) for pk, version in job.versions.items()})
    result = resource.import_data(dataset, dry_run=dry_run,
                                  retain_instance_in_row_result=True)
    if result.file_errors():
        raise ImportFileError(" ".join(result.file_errors()))
    outcomes = row_outcomes(result, dry_run=dry_run)
    counts = {"new": result.totals["new"], "updated": result.totals["update"],
              "skipped": result.totals["skip"],
              "errors": sum(outcome["outcome"] == "error" for outcome in outcomes)}
    fields = {**counts, "outcomes": outcomes, "processed": job.total}
    if dry_run:
        report(job, **fields, state=ImportJob.State.AWAITING,
               versions={str(pk): version
                         for pk, version in resource.previewed_versions.items()})
    elif result.is_valid():
        report(job, **fields, state=ImportJob.State.DONE, content=b"",
               finished_at=timezone.now())
    else:
        report(job, **fields)
        fail(job, _("Nothing was imported: some rows are no longer valid. The rows "
                    "with errors are listed below; correct them and upload the file again."))


def fail(job, reason):
    report(job, state=ImportJob.State.FAILED, reason=reason, content=b"",
           finished_at=timezone.now())


def expire_unconfirmed(now=None):
    """Fail the jobs awaiting confirmation for more than ``IMPORT_JOB_CONFIRM_DAYS``,
    dropping their files (up to ``IMPORT_MAX_BYTES`` each); their row outcomes stay.
    Returns how many. Production runs it daily (``manage.py expire_import_jobs``)."""
    before = (now or timezone.now()) - timedelta(days=settings.IMPORT_JOB_CONFIRM_DAYS)
    count = 0
    for job in ImportJob.objects.filter(state=ImportJob.State.AWAITING,
                                        updated_at__lt=before).defer("content"):
        with translation.override(job.language):
            reason = ngettext(
                "Nothing was imported: the preview was not confirmed within %(days)d day. "
                "Upload the file again.",
                "Nothing was imported: the preview was not confirmed within %(days)d days. "
                "Upload the file again.",
                settings.IMPORT_JOB_CONFIRM_DAYS) % {"days": settings.IMPORT_JOB_CONFIRM_DAYS}
        # Only if still awaiting: a confirmation at this moment wins.
        count += ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.AWAITING).update(
            state=ImportJob.State.FAILED, reason=reason, content=b"",
            finished_at=timezone.now(), updated_at=timezone.now())
    return count


def row_outcomes(result, *, dry_run):
    """Every row's outcome, as the job keeps it: the records' ids of those that exist."""
    outcomes = []
    for row_result, outcome in zip(result.rows, result.outcomes(), strict=True):
        entry = {"row": outcome.number, "outcome": outcome.kind, "name": outcome.name}
        instance = getattr(row_result, "instance", None)
        # A dry run's new records were never saved (or were rolled back).
        if instance is not None and instance.pk is not None and not (
                dry_run and outcome.kind == "new"):
            entry["id"] = instance.pk
        if outcome.errors:
            entry["errors"] = [str(message) for message in outcome.errors]
        if outcome.duplicates or outcome.hidden_duplicates:
            entry["duplicates"] = [duplicate.as_json() for duplicate in outcome.duplicates]
            entry["hidden_duplicates"] = outcome.hidden_duplicates
        outcomes.append(entry)
    return outcomes
