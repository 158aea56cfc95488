"""Pages of conformance assessments and of a database's security posture (issues #6 and #8).

- Assessors (architecture.access.can_assess) record an assessment of a body or of a database
  against a framework version: a first form chooses the version and the date (a draft), then one
  form holds every applicable requirement with its answer, evidence (link or file) and comment,
  the automatic check shown beside it (catalog.conformance.answers_with_checks); the draft is
  edited until it is finalized. Everyone reads the assessments of what they may see.
- The owner chain's editors record a database's security approval, TCVN 14423:2025 assessments and
  incidents (catalog.security); the posture is seen only by those can_view_security_posture allows.

What the user may not see answers 404, what they see but may not change 403. Each form is written
in one transaction: nothing is half-saved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from architecture.access import can_assess, can_edit, can_view_security_posture
from architecture.models import AppliesTo, Body
from catalog import conformance, security
from catalog.assessment_forms import (
    AnswerForm,
    AssessmentHeaderForm,
    AssessmentNewForm,
    SecurityApprovalForm,
    SecurityAssessmentForm,
    SecurityIncidentForm,
    SecurityIncidentUpdateForm,
)
from catalog.models import AssessmentStatus, ConformanceAssessment, Database, SecurityIncident
from catalog.selectors import database_get_visible

LIST_ROWS = 200


def _visible_database(request, identifier: str) -> Database:
    try:
        return database_get_visible(user=request.user, identifier=identifier)
    except Database.DoesNotExist:
        raise Http404(_("No such database.")) from None


def _visible_assessment(request, pk: int) -> ConformanceAssessment:
    try:
        return conformance.assessments_visible(user=request.user).get(pk=pk)
    except ConformanceAssessment.DoesNotExist:
        raise Http404(_("No such assessment.")) from None


def _require_assess(request, body: Body) -> None:
    if not can_assess(request.user, owner=body):
        raise PermissionDenied(_("Only assessors of this body record its conformance assessments."))


def _apply_error(form, error: ValidationError) -> None:
    """Put a service's error next to the input it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
    if hasattr(form, "move_constraint_errors"):
        form.move_constraint_errors()


# --- lists ------------------------------------------------------------------------------------------

@require_safe
def body_assessments(request, code):
    """The assessments of a body and of its databases the user sees; the newest first."""
    body = get_object_or_404(Body, code=code)
    rows = (conformance.assessments_visible(user=request.user).filter(body=body)
            .order_by("-assessed_on", "-id")[:LIST_ROWS])
    return render(request, "catalog/assessments/list.html", {
        "body": body, "database": None, "assessments": rows,
        "can_assess": can_assess(request.user, owner=body),
    })


@require_safe
def database_assessments(request, identifier):
    database = _visible_database(request, identifier)
    rows = (conformance.assessments_visible(user=request.user).filter(database=database)
            .order_by("-assessed_on", "-id")[:LIST_ROWS])
    return render(request, "catalog/assessments/list.html", {
        "body": database.owner, "database": database, "assessments": rows,
        "can_assess": can_assess(request.user, owner=database.owner),
    })


# --- a new assessment (its draft) -----------------------------------------------------------------

def _assessment_new(request, *, body: Body, database: Database | None):
    _require_assess(request, body)
    form = AssessmentNewForm(request.POST or None,
                             applies_to=AppliesTo.DATABASE if database is not None else AppliesTo.BODY)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                assessment = conformance.assessment_create(
                    user=request.user, framework=form.cleaned_data["framework"], body=None if database else body,
                    database=database, assessed_on=form.cleaned_data["assessed_on"],
                    comment=form.cleaned_data["comment"])
            except ValidationError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("The draft assessment is recorded. Now answer each requirement."))
                return redirect("catalog-assess:assessment-edit", pk=assessment.pk)
    return render(request, "catalog/assessments/new.html",
                  {"form": form, "body": body, "database": database}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def body_assessment_new(request, code):
    return _assessment_new(request, body=get_object_or_404(Body, code=code), database=None)


@login_required
@require_http_methods(["GET", "POST"])
def database_assessment_new(request, identifier):
    database = _visible_database(request, identifier)
    return _assessment_new(request, body=database.owner, database=database)


# --- one assessment -------------------------------------------------------------------------------

@require_safe
def assessment_detail(request, pk):
    assessment = _visible_assessment(request, pk)
    return render(request, "catalog/assessments/detail.html", {
        "assessment": assessment, "rows": conformance.answers_with_checks(user=request.user, assessment=assessment),
        "can_assess": can_assess(request.user, owner=assessment.body),
    })


@require_safe
def evidence_file(request, pk, answer_id):
    """An answer's evidence file, to those who see the assessment (media files are not served as
    such: the evidence of a restricted database is as restricted as the database)."""
    assessment = _visible_assessment(request, pk)
    answer = get_object_or_404(assessment.answers.exclude(evidence_file=""), pk=answer_id)
    try:
        handle = answer.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such file.")) from None
    return FileResponse(handle, as_attachment=True, filename=answer.evidence_file.name.rsplit("/", 1)[-1])


def _answer_forms(request, rows) -> list[tuple]:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return [(row, AnswerForm(data, files, requirement=row.requirement, existing=row.answer)) for row in rows]


def _answers_write(request, assessment, pairs) -> None:
    """Every answer of the form, in the caller's transaction: a cleared answer is deleted."""
    for row, form in pairs:
        data = form.cleaned_data
        try:
            if data["answer"]:
                conformance.answer_save(
                    user=request.user, assessment=assessment, requirement=row.requirement, answer=data["answer"],
                    evidence_url=data["evidence_url"], evidence_file=data["evidence_file"] or None,
                    comment=data["comment"])
            elif row.answer is not None:
                conformance.answer_delete(user=request.user, answer=row.answer)
        except ValidationError as error:
            _apply_error(form, error)
            raise


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    """The draft's date, comment and the answer to every applicable requirement, in one form. With
    "finalize", every requirement must be answered; the assessment is then final and kept as is."""
    assessment = _visible_assessment(request, pk)
    _require_assess(request, assessment.body)
    if assessment.status == AssessmentStatus.FINAL:
        messages.error(request, _("A final assessment is not changed; record a new one."))
        return redirect("catalog-assess:assessment", pk=assessment.pk)
    rows = conformance.answers_with_checks(user=request.user, assessment=assessment)
    header = AssessmentHeaderForm(request.POST or None, initial={"assessed_on": assessment.assessed_on,
                                                                 "comment": assessment.comment})
    pairs = _answer_forms(request, rows)
    status = 200
    if request.method == "POST":
        status = 400
        finalize = "finalize" in request.POST
        valid = all([header.is_valid(), *[form.is_valid() for _row, form in pairs]])
        if valid and finalize:
            for _row, form in pairs:
                if not form.cleaned_data["answer"]:
                    form.add_error("answer", _("Answer every requirement before finalizing."))
                    valid = False
        if valid:
            try:
                with transaction.atomic():
                    conformance.assessment_update(user=request.user, assessment=assessment,
                                                  assessed_on=header.cleaned_data["assessed_on"],
                                                  comment=header.cleaned_data["comment"].strip())
                    _answers_write(request, assessment, pairs)
                    if finalize:
                        assessment.refresh_from_db()  # the answers stored the new score
                        conformance.assessment_update(user=request.user, assessment=assessment,
                                                      status=AssessmentStatus.FINAL)
            except ValidationError as error:
                if not any(form.errors for _row, form in pairs):
                    _apply_error(header, error)
                assessment.refresh_from_db()
            else:
                messages.success(request, _("The assessment is final.") if finalize else _("The draft is saved."))
                return redirect("catalog-assess:assessment", pk=assessment.pk)
    return render(request, "catalog/assessments/form.html", {
        "assessment": assessment, "header": header, "pairs": pairs,
        "has_errors": status == 400,
    }, status=status)


@login_required
@require_POST
def assessment_finalize(request, pk):
    """Finalize a draft as it stands (every requirement answered)."""
    assessment = _visible_assessment(request, pk)
    _require_assess(request, assessment.body)
    rows = conformance.answers_with_checks(user=request.user, assessment=assessment)
    if any(row.answer is None for row in rows):
        messages.error(request, _("Answer every requirement before finalizing."))
        return redirect("catalog-assess:assessment-edit", pk=assessment.pk)
    try:
        conformance.assessment_update(user=request.user, assessment=assessment, status=AssessmentStatus.FINAL)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment is final."))
    return redirect("catalog-assess:assessment", pk=assessment.pk)


# --- security posture -----------------------------------------------------------------------------

def _posture_database(request, identifier: str) -> Database:
    """A database whose posture the user may see (404 otherwise: the posture's existence is not told)."""
    database = _visible_database(request, identifier)
    if not can_view_security_posture(request.user, owner=database.owner):
        raise Http404(_("No such database."))
    return database


def _posture_editable(request, identifier: str) -> Database:
    database = _posture_database(request, identifier)
    if not can_edit(request.user, owner=database.owner):
        raise PermissionDenied(_("Only the editors of the owning body record its security posture."))
    return database


@login_required
@require_safe
def security_posture(request, identifier):
    database = _posture_database(request, identifier)
    return render(request, "catalog/assessments/security.html", {
        "database": database,
        "approvals": database.security_approvals.select_related("recorded_by").order_by("-decided_on", "-id"),
        "assessments": database.security_assessments.order_by("-assessed_on", "-id"),
        "incidents": database.security_incidents.order_by("-occurred_at", "-id"),
        "can_edit": can_edit(request.user, owner=database.owner),
    })


def _posture_form(request, database, form, *, title: str, save, success: str, incident=None):
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                _apply_error(form, error)
            else:
                messages.success(request, success)
                return redirect("catalog-assess:security", identifier=database.identifier)
    return render(request, "catalog/assessments/security_form.html",
                  {"database": database, "form": form, "title": title, "incident": incident}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def security_approval_new(request, identifier):
    database = _posture_editable(request, identifier)
    form = SecurityApprovalForm(request.POST or None)
    return _posture_form(request, database, form, title=_("Record a security level approval"),
                         success=_("The approval is recorded."),
                         save=lambda data: security.security_approval_record(user=request.user, database=database,
                                                                             **data))


@login_required
@require_http_methods(["GET", "POST"])
def security_assessment_new(request, identifier):
    database = _posture_editable(request, identifier)
    form = SecurityAssessmentForm(request.POST or None)
    return _posture_form(request, database, form, title=_("Record a TCVN 14423:2025 assessment"),
                         success=_("The assessment is recorded."),
                         save=lambda data: security.security_assessment_record(user=request.user, database=database,
                                                                               **data))


@login_required
@require_http_methods(["GET", "POST"])
def security_incident_new(request, identifier):
    database = _posture_editable(request, identifier)
    form = SecurityIncidentForm(request.POST or None, database=database)

    def save(data):
        return security.security_incident_record(
            user=request.user, owner=database.owner, databases=list(data["databases"]),
            occurred_at=data["occurred_at"], severity=data["severity"], summary=data["summary"],
            response=data["response"])

    return _posture_form(request, database, form, title=_("Record a security incident"),
                         success=_("The incident is recorded."), save=save)


@login_required
@require_http_methods(["GET", "POST"])
def security_incident_edit(request, identifier, incident_id):
    database = _posture_editable(request, identifier)
    incident = get_object_or_404(SecurityIncident, pk=incident_id, databases=database)
    form = SecurityIncidentUpdateForm(request.POST or None, initial={
        "status": incident.status, "severity": incident.severity, "response": incident.response,
        "resolved_at": incident.resolved_at})

    def save(_data):
        return security.security_incident_update(user=request.user, incident=incident, **form.changes())

    return _posture_form(request, database, form, title=_("Update the incident"),
                         success=_("The incident is updated."), save=save,
                         incident=SecurityIncident.objects.get(pk=incident.pk))
