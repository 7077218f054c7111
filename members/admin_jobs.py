"""The admin's pages of an import job (members/import_jobs.py): a file above the admin's
limit of rows becomes a job on upload; its page follows it (refreshing itself, or with a
progress bar kept current by static/js/import-job.js), shows the preview and its
confirmation button, then every row's outcome. Only its owner and superusers see a job.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import import_jobs
from .models import ImportJob
from .resources import ImportFileError, read_dataset

#: Row outcomes listed on one page of a job.
OUTCOMES_PER_PAGE = 100
#: Her latest jobs listed on the import page.
RECENT_JOBS = 5


def progress_text(job):
    """ "1,234 of 20,000 rows", in the active language's numbers."""
    return ngettext("%(processed)s of %(total)s row", "%(processed)s of %(total)s rows",
                    job.total) % {"processed": number_format(job.processed, force_grouping=True),
                                  "total": number_format(job.total, force_grouping=True)}


def shown_outcomes(job):
    """The rows the page lists: while awaiting confirmation, those with errors (if any)
    or changes; afterwards, the rows with errors of a failed job, or every row."""
    if job.errors:
        return [outcome for outcome in job.outcomes if outcome["outcome"] == "error"]
    if job.state == ImportJob.State.AWAITING:
        return [outcome for outcome in job.outcomes if outcome["outcome"] != "skip"]
    return job.outcomes


class ImportJobAdminMixin:
    """For a spreadsheet admin: the job's pages, and an upload above the admin's limit of
    rows (within the import's other limits) turned into a job."""

    job_resource = None  # an ImportJob.Resource
    import_job_template_name = "admin/import_export/members_import_job.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/jobs/<int:job_id>/", self.admin_site.admin_view(self.import_job_view),
                 name="{}_{}_import_job".format(*info)),
            path("import/jobs/<int:job_id>/status/",
                 self.admin_site.admin_view(self.import_job_status_view),
                 name="{}_{}_import_job_status".format(*info)),
            *super().get_urls(),
        ]

    def import_action(self, request, **kwargs):
        # ``above_web_limit``: set on the form by add_data_read_fail_error_to_form.
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is None:
            return response
        if getattr(context.get("form"), "above_web_limit", False):
            redirect = self.start_import_job(request, context["form"])
            if redirect is not None:
                return redirect
        # Her latest jobs, to come back to their pages.
        context["import_jobs"] = [
            (job, self.import_job_url(job)) for job in ImportJob.objects.filter(
                owner=request.user, resource=self.job_resource).only(
                "file_name", "state", "created_at")[:RECENT_JOBS]]
        context["import_web_max_rows"] = settings.IMPORT_WEB_MAX_ROWS
        return response

    def start_import_job(self, request, form):
        """The redirect to a new job's page, or None (and the form's error) when the file
        is beyond the import's other limits: nothing is stored then."""
        upload = form.files["import_file"]  # valid, but refused by the web's limit of rows
        upload.seek(0)
        content = upload.read()
        try:
            dataset = read_dataset(content, upload.name)
        except ImportFileError as error:
            form.errors["import_file"] = form.error_class([str(error)])
            return None
        job = import_jobs.start(owner=request.user, resource=self.job_resource,
                                file_name=upload.name, content=content, total=len(dataset),
                                network=form.cleaned_data.get("network"))
        return HttpResponseRedirect(self.import_job_url(job))

    def admin_url(self, name, *args):
        site, opts = self.admin_site.name, self.opts
        return reverse(f"{site}:{opts.app_label}_{opts.model_name}_{name}", args=args,
                       current_app=site)

    def import_job_url(self, job, name="import_job"):
        return self.admin_url(name, job.pk)

    def get_import_job(self, request, job_id, *fields):
        """The job, if the user may see it (its owner, or a superuser); 404 otherwise."""
        jobs = ImportJob.objects.filter(resource=self.job_resource)
        if not request.user.is_superuser:
            jobs = jobs.filter(owner=request.user)
        jobs = jobs.only(*fields) if fields else jobs.defer("content")
        return get_object_or_404(jobs, pk=job_id)

    def import_job_view(self, request, job_id):
        job = self.get_import_job(request, job_id)
        if request.method == "POST":
            if job.owner_id == request.user.pk and import_jobs.confirm(job):
                messages.success(request, _("The import is queued: this page follows it."))
            else:
                messages.error(request, _("This import cannot be confirmed."))
            return HttpResponseRedirect(self.import_job_url(job))
        page = Paginator(shown_outcomes(job), OUTCOMES_PER_PAGE).get_page(
            request.GET.get("page"))
        for outcome in page:
            outcome["url"] = self.record_url(outcome.get("id"))
            for duplicate in outcome.get("duplicates", ()):
                duplicate["url"] = self.record_url(duplicate["id"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "progress": progress_text(job),
            "status_url": self.import_job_url(job, "import_job_status"),
            "import_url": self.admin_url("import"),
            "may_confirm": (job.state == ImportJob.State.AWAITING and not job.errors
                            and job.owner_id == request.user.pk),
            "page_obj": page,
            "stalled_minutes": settings.IMPORT_JOB_STALLED_MINUTES,
            "has_duplicates": any(outcome.get("duplicates") or outcome.get("hidden_duplicates")
                                  for outcome in job.outcomes),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_job_template_name, context)

    def record_url(self, pk):
        if pk is None:
            return None
        try:
            return self.admin_url("change", pk)
        except NoReverseMatch:
            return None

    def import_job_status_view(self, request, job_id):
        job = self.get_import_job(request, job_id, "state", "total", "processed",
                                  "updated_at")
        return JsonResponse({
            "state": job.state, "state_label": job.get_state_display(),
            "running": job.running, "stalled": job.stalled, "total": job.total,
            "processed": job.processed, "text": progress_text(job)})
