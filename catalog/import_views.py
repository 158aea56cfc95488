"""A long operation of the editing side (issue #8): the bulk import of a body's databases
(catalog.bulk_import, run as an ImportJob whose page shows progress, then the counts or every bad
row with its line, column and reason). Who may act is asked of architecture.access only.
(Harvesting a source now is on the harvest source's page: catalog.pages, administrators.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from architecture.access import can_edit, editable_filter, is_administrator
from catalog import bulk_import
from catalog.forms import ImportForm
from catalog.models import ImportJob, ImportStatus

REFRESH_SECONDS = 2


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    if editable_filter(request.user) is None:
        raise PermissionDenied(_("You may not register databases."))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if not can_edit(request.user, owner=body):  # the choices say so too; the rule decides
            raise PermissionDenied(_("You may not change the entries of this body."))
        data = form.cleaned_data["file"].read()
        job = ImportJob.objects.create(user=request.user, body=body, format=form.cleaned_data["format"], upload=data)
        from catalog.tasks import databases_import_run
        from config.queue import task_enqueue

        if bulk_import.is_large(data):
            task_enqueue(databases_import_run, job.pk)  # a worker runs it; its page polls (queued jobs are
            # sent again by import_jobs_requeue when the queue could not be reached)
        else:
            databases_import_run(job.pk)  # small files: at once, in this request
        return redirect("catalog-edit:import-job", job_id=job.pk)
    jobs = ImportJob.objects.filter(user=request.user).select_related("body").defer("upload")[:10]
    return render(request, "imports/import_form.html", {"form": form, "jobs": jobs},
                  status=400 if form.is_bound else 200)


@login_required
def import_job(request, job_id):
    """A job is seen by its user and by administrators (as in the API); others get 404."""
    jobs = ImportJob.objects.select_related("body").defer("upload")
    if not is_administrator(request.user):
        jobs = jobs.filter(user=request.user)
    job = get_object_or_404(jobs, pk=job_id)
    running = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(request, "imports/import_job.html", {
        "job": job, "running": running, "refresh": REFRESH_SECONDS if running else None})

