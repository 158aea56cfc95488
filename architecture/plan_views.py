"""The pages through which a body's editors keep its obligations current (issues #6 and #8): its
Data Strategy and Digital Transformation Strategy, its milestones (status, completion date,
evidence), its architecture, and the appointment of its chief engineers. Server-rendered forms
that work without JavaScript; each form is written by one architecture.plans service call, in one
transaction. Bodies and their obligations are public, so a missing body answers 404 and a body the
user may not change 403 (architecture.access.can_edit_body_plans decides)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from architecture import access, plans
from architecture.models import Body, BodyArchitecture, ChiefEngineer, Milestone, MilestoneState, Strategy
from architecture.plan_forms import BodyArchitectureForm, ChiefEngineerAppointForm, MilestoneForm, StrategyForm

FORM_TEMPLATE = "architecture/edit/entry_form.html"


def _editable_body(request, code: str) -> Body:
    body = get_object_or_404(Body, code=code)
    if not access.can_edit_body_plans(request.user, body=body):
        raise PermissionDenied(_("You may not change the plans of this body."))
    return body


def _apply_error(form, error: ValidationError) -> None:
    """Put a service's error next to the input it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
    if hasattr(form, "move_constraint_errors"):
        form.move_constraint_errors()


def _save_form(request, form, save, *, success: str):
    """Validate `form` and write it with `save(form)`; the response status of the page, or None once saved."""
    if not form.is_valid():
        return 400
    try:
        save(form)
    except ValidationError as error:
        _apply_error(form, error)
        return 400
    messages.success(request, success)
    return None


@login_required
@require_http_methods(["GET"])
def plans_overview(request, code):
    """Everything of the body's obligations an editor maintains, with a link to each form."""
    body = _editable_body(request, code)
    today = timezone.localdate()
    milestones = [(milestone, MilestoneState(milestone.state_now).label)
                  for milestone in body.milestones.with_state(today).order_by("target_date", "id")]
    return render(request, "architecture/edit/plans.html", {
        "body": body,
        "strategies": body.strategies.order_by("kind", "-period_start", "-id"),
        "milestones": milestones,
        "architectures": body.architectures.select_related("framework").order_by("-modified_at"),
        "engineers": body.chief_engineers.order_by("role", "end_date", "-start_date"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request, code, strategy_id=None):
    body = _editable_body(request, code)
    strategy = get_object_or_404(Strategy, pk=strategy_id, body=body) if strategy_id else Strategy(body=body)
    form = StrategyForm(request.POST or None, instance=strategy)
    status = 200
    if request.method == "POST":
        status = _save_form(request, form, lambda form: plans.strategy_save(
            user=request.user, strategy=form.instance), success=_("The strategy is saved."))
        if status is None:
            return redirect("architecture:plans", code=body.code)
    title = _("Edit the strategy") if strategy.pk else _("Record a strategy")
    return render(request, FORM_TEMPLATE, {"body": body, "form": form, "title": title, "entry": strategy},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, code, milestone_id):
    body = _editable_body(request, code)
    milestone = get_object_or_404(Milestone, pk=milestone_id, body=body)
    form = MilestoneForm(request.POST or None, instance=milestone)
    status = 200
    if request.method == "POST":
        status = _save_form(request, form, lambda form: plans.milestone_save(
            user=request.user, milestone=form.instance), success=_("The milestone is saved."))
        if status is None:
            return redirect("architecture:plans", code=body.code)
    return render(request, FORM_TEMPLATE, {
        "body": body, "form": form, "title": _("Progress of a milestone"), "entry": milestone,
        "facts": [(_("Milestone"), milestone.title), (_("Target date"), milestone.target_date.isoformat()),
                  (_("State"), MilestoneState(milestone.state).label)],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def architecture_edit(request, code, architecture_id=None):
    body = _editable_body(request, code)
    architecture = (get_object_or_404(BodyArchitecture, pk=architecture_id, body=body) if architecture_id
                    else BodyArchitecture(body=body))
    form = BodyArchitectureForm(request.POST or None, instance=architecture)
    status = 200
    if request.method == "POST":
        status = _save_form(request, form, lambda form: plans.body_architecture_save(
            user=request.user, architecture=form.instance), success=_("The architecture is saved."))
        if status is None:
            return redirect("architecture:plans", code=body.code)
    title = _("Edit the architecture") if architecture.pk else _("Record the body's architecture")
    return render(request, FORM_TEMPLATE, {"body": body, "form": form, "title": title, "entry": architecture},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def engineer_appoint(request, code):
    body = _editable_body(request, code)
    form = ChiefEngineerAppointForm(request.POST or None, initial={"role": request.GET.get("role", "")})
    status = 200
    if request.method == "POST":
        status = _save_form(request, form, lambda form: plans.chief_engineer_appoint(
            user=request.user, body=body, **form.cleaned_data), success=_("The chief engineer is appointed."))
        if status is None:
            return redirect("architecture:plans", code=body.code)
    return render(request, FORM_TEMPLATE, {
        "body": body, "form": form, "title": _("Appoint a chief engineer"),
        "engineers": body.chief_engineers.order_by("role", "end_date", "-start_date"),
    }, status=status)


# Milestones come from the law's templates (applied by administrators): they are not deleted here.
DELETABLE = {"strategy": Strategy, "architecture": BodyArchitecture, "engineer": ChiefEngineer}


@login_required
@require_POST
def entry_delete(request, code, kind, entry_id):
    """Delete an entry typed by mistake (its history keeps it); a former chief engineer is ended by
    the next appointment, not deleted."""
    body = _editable_body(request, code)
    model = DELETABLE.get(kind)
    if model is None:
        raise PermissionDenied(_("This entry is not deleted here."))
    entry = get_object_or_404(model, pk=entry_id, body=body)
    plans.plan_entry_delete(user=request.user, entry=entry)
    messages.success(request, _("Deleted: %(entry)s.") % {"entry": entry})
    return redirect("architecture:plans", code=body.code)
