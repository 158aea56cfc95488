"""Pages of the dictionary's change requests (issue #8): the list (signed-in users, as in the API),
a proposal (any editor: architecture.access.can_propose_dictionary_change) and one request with its
decision (the steward's reviewers: can_decide_for_steward) or its withdrawal (the proposer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from architecture.access import can_decide_for_steward, can_propose_dictionary_change, is_administrator
from dictionary.change_forms import DecisionForm, ProposalForm
from dictionary.models import ChangeRequest, ChangeStatus, DataElement
from dictionary.services import change_request_decide, change_request_propose, change_request_withdraw

PAGE_SIZE = 50


def _requests():
    return ChangeRequest.objects.select_related("element", "steward", "proposed_by", "decided_by")


def _apply_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def change_list(request):
    status = request.GET.get("status", ChangeStatus.OPEN)
    requests = _requests().order_by("-created_at", "-id")
    if status in ChangeStatus.values:
        requests = requests.filter(status=status)
    else:
        status = ""
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dictionary/change_list.html", {
        "page": page, "status": status, "statuses": ChangeStatus.choices,
        "may_propose": can_propose_dictionary_change(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def change_new(request):
    if not can_propose_dictionary_change(request.user):
        raise PermissionDenied(_("Only editors may propose changes to the dictionary."))
    element = None
    identifier = request.POST.get("element") or request.GET.get("element")
    if identifier:
        element = get_object_or_404(DataElement.objects.select_related("steward"), identifier=identifier)
    form = ProposalForm(request.POST or None, element=element)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                change = change_request_propose(user=request.user, proposed=form.proposed(), element=element,
                                                reason=form.cleaned_data["reason"],
                                                due_date=form.cleaned_data["due_date"])
            except ValidationError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Your proposal is recorded; the steward body decides."))
                return redirect("dictionary:change-detail", change_id=change.pk)
        status = 400
    return render(request, "dictionary/change_form.html", {"form": form, "element": element}, status=status)


def _rows(change: ChangeRequest) -> list[tuple[str, object, object]]:
    """(field, current value, proposed value) for each proposed field."""
    rows = []
    for name, value in change.proposed.items():
        current = ""
        if change.element is not None:
            current = getattr(change.element, name, "")
            if name == "steward":
                current = change.element.steward.code if change.element.steward_id else ""
        rows.append((name, current, value))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def change_detail(request, change_id):
    change = get_object_or_404(_requests(), pk=change_id)
    may_decide = change.status == ChangeStatus.OPEN and can_decide_for_steward(request.user, change.steward)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_decide_for_steward(request.user, change.steward):
            raise PermissionDenied(_("Only a reviewer of the steward body may decide."))
        if form.is_valid():
            try:
                change_request_decide(user=request.user, change_request=change,
                                      approve=form.cleaned_data["decision"] == "approve",
                                      comment=form.cleaned_data["comment"])
            except ValidationError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("dictionary:change-detail", change_id=change.pk)
        status = 400
    may_withdraw = change.status == ChangeStatus.OPEN and (
        change.proposed_by_id == request.user.pk or is_administrator(request.user))
    return render(request, "dictionary/change_detail.html", {
        "change": change, "rows": _rows(change), "form": form if may_decide else None,
        "may_withdraw": may_withdraw}, status=status)


@login_required
@require_POST
def change_withdraw(request, change_id):
    change = get_object_or_404(_requests(), pk=change_id)
    try:
        change_request_withdraw(user=request.user, change_request=change)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change request is withdrawn."))
    return redirect("dictionary:change-detail", change_id=change.pk)


urlpatterns = [  # appended to dictionary/urls.py, inside its "dictionary" namespace
    path("dictionary/change-requests/", change_list, name="change-list"),
    path("dictionary/change-requests/new/", change_new, name="change-new"),
    path("dictionary/change-requests/<int:change_id>/", change_detail, name="change-detail"),
    path("dictionary/change-requests/<int:change_id>/withdraw/", change_withdraw, name="change-withdraw"),
]
