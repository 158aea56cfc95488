"""The editing pages of the database register (issue #8): an entry, its tables and fields (many at
once, with dictionary suggestions), its standards and services, and its review. Server-rendered
forms that work without JavaScript. Who may act is asked of architecture.access only: a database
the user may not see answers 404, one they may see but not change 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from architecture.access import can_edit, can_review, editable_filter
from catalog import editing
from catalog.forms import (
    DatabaseForm,
    FieldForm,
    ReviewForm,
    ServiceFormSet,
    StandardFormSet,
    TableForm,
    VersionedForm,
)
from catalog.models import Database, DatabaseStandard, Field, ReviewAction, ReviewState, Service, Table
from catalog.selectors import database_get_visible, database_list_visible
from catalog.services import REVIEW_STEPS, database_review_step

# What each review step's button says (ReviewAction's labels name the step once taken).
ACTION_LABELS = {
    ReviewAction.SUBMIT: gettext_lazy("Submit for review"),
    ReviewAction.RETURN: gettext_lazy("Return with comments"),
    ReviewAction.MARK_REVIEWED: gettext_lazy("Mark reviewed"),
    ReviewAction.MARK_STANDARDIZED: gettext_lazy("Mark standardized"),
}
NEW_TABLE_ROWS = 5
MORE_ROWS = 3
MAX_ROWS = 200


def _stale_message() -> str:
    return _("Someone else saved this entry after you opened the page. Nothing was saved: "
             "open the page again to see their changes, then make yours.")


def _visible(request, identifier: str) -> Database:
    try:
        return database_get_visible(user=request.user, identifier=identifier)
    except Database.DoesNotExist:
        raise Http404(_("No such database.")) from None


def _editable(request, identifier: str) -> Database:
    database = _visible(request, identifier)
    if not can_edit(request.user, owner=database.owner):
        raise PermissionDenied(_("You may not change the entries of this body."))
    return database


def _apply_error(form, error: ValidationError) -> None:
    """Put a service's error next to the input it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The entry ------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def database_new(request):
    if editable_filter(request.user) is None:
        raise PermissionDenied(_("You may not register databases."))
    form = DatabaseForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                database = editing.database_save(user=request.user, database=None, version=None,
                                                 changes=form.changes())
            except ValidationError as error:
                _apply_error(form, error)
            except PermissionDenied:
                form.add_error("owner", _("You may not change the entries of this body."))
            else:
                messages.success(request, _("The database is registered. Now describe its tables and fields."))
                return redirect("catalog-edit:table-new", identifier=database.identifier)
        status = 400
    return render(request, "catalog/edit/database_form.html", {"form": form, "database": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def database_edit(request, identifier):
    database = _editable(request, identifier)
    form = DatabaseForm(request.POST or None, instance=database, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                editing.database_save(user=request.user, database=Database.objects.get(pk=database.pk),
                                      version=form.cleaned_data["version"], changes=form.changes())
            except editing.StaleEntry:
                form.add_error(None, _stale_message())
                status = 409
            except ValidationError as error:
                _apply_error(form, error)
            except PermissionDenied:
                form.add_error("owner", _("You may not change the entries of this body."))
            else:
                messages.success(request, _("Saved."))
                return redirect("catalog-edit:database-edit", identifier=identifier)
        status = status if status != 200 else 400
    tables = database.tables.annotate(field_count=Count("fields")).order_by("position", "name")
    return render(request, "catalog/edit/database_form.html",
                  {"form": form, "database": database, "tables": tables}, status=status)


# --- Tables and their fields ----------------------------------------------------------------------

def _rows_wanted(request, default: int) -> int:
    try:
        return max(0, min(int(request.GET.get("rows", default)), MAX_ROWS))
    except ValueError:
        return default


def _field_rows(formset) -> tuple[list, list[editing.FieldRow]]:
    forms, rows = [], []
    for form in formset.forms:
        if not form.instance.pk and not form.has_changed():
            continue  # an empty row left blank
        delete = formset.can_delete and formset._should_delete_form(form)
        if delete and not form.instance.pk:
            continue
        values = {name: form.cleaned_data[name] for name in FieldForm.Meta.fields} if not delete else {}
        rows.append(editing.FieldRow(
            field=form.instance if form.instance.pk else None, values=values,
            mapping=None if delete else form.mapping(),
            local_reason="" if delete else form.cleaned_data.get("reason", ""), delete=delete))
        forms.append(form)
    return forms, rows


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request, identifier, table_id=None):
    database = _editable(request, identifier)
    table = get_object_or_404(Table, pk=table_id, database=database) if table_id is not None else None
    fields = table.fields.select_related("element").order_by("position", "name") if table else Field.objects.none()
    extra = _rows_wanted(request, MORE_ROWS if table else NEW_TABLE_ROWS)
    FormSet = modelformset_factory(Field, form=FieldForm, extra=extra, can_delete=True, max_num=MAX_ROWS,
                                   validate_max=True)
    data = request.POST if request.method == "POST" else None
    table_form = TableForm(data, instance=table or Table(database=database), prefix="table")
    formset = FormSet(data, queryset=fields, prefix="fields")
    lock = VersionedForm(data, initial={"version": database.version, "token": editing.table_token(table)},
                         prefix="lock")
    status = 200
    if request.method == "POST":
        valid = all([table_form.is_valid(), formset.is_valid(), lock.is_valid()])
        if valid:
            forms, rows = _field_rows(formset)
            try:
                saved = editing.table_save(
                    user=request.user, database=database, version=lock.cleaned_data["version"],
                    token=lock.cleaned_data["token"] or ("" if table is None else None), table=table,
                    table_values=dict(table_form.cleaned_data), rows=rows)
            except editing.StaleEntry:
                lock.add_error(None, _stale_message())
                status = 409
            except editing.RowError as error:
                _apply_error(forms[error.index], error.error)
                status = 400
            except ValidationError as error:
                _apply_error(table_form, error)
                status = 400
            else:
                messages.success(request, _("The table and its fields are saved."))
                return redirect("catalog-edit:table-edit", identifier=identifier, table_id=saved.pk)
        else:
            status = 400
    return render(request, "catalog/edit/table_form.html", {
        "database": database, "table": table, "table_form": table_form, "formset": formset, "lock": lock,
        "more_rows": extra + MORE_ROWS,
    }, status=status)


@login_required
@require_POST
def table_delete(request, identifier, table_id):
    database = _editable(request, identifier)
    table = get_object_or_404(Table, pk=table_id, database=database)
    lock = VersionedForm(request.POST, prefix="lock")
    lock.is_valid()
    try:
        editing.table_delete(user=request.user, database=database, version=lock.cleaned_data.get("version"),
                             token=lock.cleaned_data.get("token"), table=table)
    except editing.StaleEntry:
        messages.error(request, _stale_message())
        return redirect("catalog-edit:table-edit", identifier=identifier, table_id=table.pk)
    messages.success(request, _("The table “%(name)s” and its fields are deleted.") % {"name": table.name})
    return redirect("catalog-edit:database-edit", identifier=identifier)


# --- Standards followed and services --------------------------------------------------------------

def _part_rows(formset) -> tuple[list, list[editing.PartRow]]:
    forms, rows = [], []
    for form in formset.forms:
        if not form.instance.pk and not form.has_changed():
            continue
        delete = formset._should_delete_form(form)
        if delete and not form.instance.pk:
            continue
        rows.append(editing.PartRow(part=form.instance if form.instance.pk else None,
                                    values={} if delete else dict(form.cleaned_data), delete=delete))
        forms.append(form)
    for row in rows:
        for name in ("id", "DELETE"):
            row.values.pop(name, None)
    return forms, rows


@login_required
@require_http_methods(["GET", "POST"])
def database_links(request, identifier):
    database = _editable(request, identifier)
    data = request.POST if request.method == "POST" else None
    standards = StandardFormSet(data, prefix="standards", queryset=DatabaseStandard.objects.filter(
        database=database).select_related("standard"))
    services = ServiceFormSet(data, prefix="services", queryset=Service.objects.filter(database=database))
    lock = VersionedForm(data, prefix="lock",
                         initial={"version": database.version, "token": editing.links_token(database)})
    status = 200
    if request.method == "POST":
        if all([standards.is_valid(), services.is_valid(), lock.is_valid()]):
            standard_forms, standard_rows = _part_rows(standards)
            service_forms, service_rows = _part_rows(services)
            try:
                editing.database_links_save(
                    user=request.user, database=database, version=lock.cleaned_data["version"],
                    token=lock.cleaned_data["token"], standards=standard_rows, services=service_rows)
            except editing.StaleEntry:
                lock.add_error(None, _stale_message())
                status = 409
            except editing.RowError as error:
                forms = standard_forms if error.group == "standards" else service_forms
                _apply_error(forms[error.index], error.error)
                status = 400
            else:
                messages.success(request, _("Standards and services are saved."))
                return redirect("catalog-edit:database-links", identifier=identifier)
        else:
            status = 400
    return render(request, "catalog/edit/links_form.html", {
        "database": database, "standards": standards, "services": services, "lock": lock}, status=status)


# --- The review (Resolution 214/NQ-CP) ------------------------------------------------------------

def review_actions(user, database: Database) -> list[tuple[str, str]]:
    """The review steps `user` may take on `database` now: (action, label)."""
    steps = []
    for action, (allowed_from, _to) in REVIEW_STEPS.items():
        if database.review_state not in allowed_from:
            continue
        allowed = can_edit(user, owner=database.owner) if action == ReviewAction.SUBMIT else can_review(user)
        if allowed:
            steps.append((action, ACTION_LABELS[action]))
    return steps


@login_required
@require_http_methods(["GET", "POST"])
def database_review(request, identifier):
    database = _visible(request, identifier)
    if not (can_edit(request.user, owner=database.owner) or can_review(request.user)):
        raise PermissionDenied(_("You may neither submit nor review this entry."))
    form = ReviewForm(request.POST or None, initial={"version": database.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            action = form.cleaned_data["action"]
            if form.cleaned_data["version"] is not None and form.cleaned_data["version"] != database.version:
                form.add_error(None, _stale_message())
                status = 409
            elif action not in dict(review_actions(request.user, database)):
                if action != ReviewAction.SUBMIT and not can_review(request.user):
                    raise PermissionDenied(_("Only reviewers may decide on a review."))
                if action == ReviewAction.SUBMIT and not can_edit(request.user, owner=database.owner):
                    raise PermissionDenied(_("You may not change the entries of this body."))
                form.add_error("action", _("This step is not possible from the state “%(state)s”.")
                               % {"state": database.get_review_state_display()})
                status = 400
            else:
                try:
                    database_review_step(user=request.user, database=database, action=action,
                                         comment=form.cleaned_data["comment"])
                except ValidationError as error:
                    _apply_error(form, error)
                    status = 400
                else:
                    messages.success(request, _("Review step recorded: %(step)s.")
                                     % {"step": ReviewAction(action).label})
                    return redirect("catalog-edit:database-review", identifier=identifier)
        else:
            status = 400
    steps = database.reviews.select_related("actor").order_by("-at", "-id")
    return render(request, "catalog/edit/review.html", {
        "database": database, "form": form, "steps": steps, "actions": review_actions(request.user, database),
        "review_only": not can_edit(request.user, owner=database.owner)}, status=status)


@login_required
def review_queue(request):
    """The entries waiting for a reviewer (submitted), oldest first."""
    if not can_review(request.user):
        raise PermissionDenied(_("Only reviewers see the review queue."))
    waiting = database_list_visible(user=request.user).filter(
        review_state=ReviewState.SUBMITTED).order_by("submitted_on", "identifier")
    return render(request, "catalog/edit/review_queue.html", {"databases": waiting[:500]})

