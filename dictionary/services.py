"""Writes to the Shared Data Dictionary: elements, their statuses, and change requests.

An element is changed in one of two ways: an administrator edits it (admin), or an editor
proposes a change that a reviewer of the steward body approves. Either way it goes through
element_save, which keeps the search text and records who changed it.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from architecture.access import can_decide_for_steward, can_propose_dictionary_change, is_administrator
from architecture.models import Body, LegalDocument
from architecture.text import fold
from dictionary.models import (
    STATUS_TRANSITIONS, ChangeKind, ChangeRequest, ChangeStatus, CodeList, DataElement, ItemStatus, Topic,
)

# Fields a change request may propose, and how a reference is named in the proposal.
PROPOSABLE_FIELDS = {
    "identifier", "name_vi", "name_en", "definition", "examples", "synonyms", "datatype", "format", "max_length",
    "unit", "value_domain", "min_value", "max_value", "legal_source", "maintenance_rule", "master_source",
    "data_layer",
}
PROPOSABLE_REFERENCES = {
    "topic": (Topic, "identifier"), "code_list": (CodeList, "identifier"), "steward": (Body, "code"),
}
NULLABLE_FIELDS = {"max_length", "min_value", "max_value"}
DEFAULT_DECISION_DAYS = 30


def element_search_text(element: DataElement) -> str:
    """Names and synonyms without diacritics, plus the names written without spaces, so that a
    column called "ngaysinh" finds "Ngày sinh"."""
    names = [element.name_vi, element.name_en, *element.synonym_list()]
    compact = [fold(name).replace(" ", "") for name in names if name]
    identifier = re.sub(r"[-._]", " ", element.identifier)
    return fold(" ".join([identifier, *names, *compact]))


@transaction.atomic
def element_save(*, element: DataElement, user, reason: str = "", legal_basis=None) -> DataElement:
    element.search_text = element_search_text(element)
    element.full_clean()
    element._history_user = user
    if reason:
        element._change_reason = reason
    element.save()
    if legal_basis is not None:
        element.legal_basis.set(legal_basis)
    return element


def _check_transition(item, to_status: str, successor) -> None:
    if to_status not in STATUS_TRANSITIONS.get(item.status, ()):
        raise ValidationError({"status": _("A %(kind)s cannot go from “%(old)s” to “%(new)s”.") % {
            "kind": item._meta.verbose_name, "old": item.get_status_display(),
            "new": ItemStatus(to_status).label if to_status in ItemStatus.values else to_status}})
    if to_status == ItemStatus.SUPERSEDED:
        if successor is None or successor.pk == item.pk or not isinstance(successor, type(item)):
            raise ValidationError({"successor": _("A superseded item names the item that replaces it.")})
        if successor.status != ItemStatus.VALID:
            raise ValidationError({"successor": _("The successor must be valid.")})


@transaction.atomic
def item_transition(*, user, item: DataElement | CodeList, to_status: str, successor=None) -> DataElement | CodeList:
    """Move an element or a code list to its next status; only allowed transitions happen."""
    if not can_decide_for_steward(user, item.steward):
        raise PermissionDenied(_("Only a reviewer of the steward body may change the status."))
    item = type(item).objects.select_for_update().get(pk=item.pk)
    _check_transition(item, to_status, successor)
    item.status = to_status
    if to_status == ItemStatus.SUPERSEDED:
        item.successor = successor
    reason = f"status: {to_status}"
    if isinstance(item, DataElement):
        return element_save(element=item, user=user, reason=reason)
    item.full_clean()
    item._history_user, item._change_reason = user, reason
    item.save()
    return item


def _plain(value):
    """A proposal is stored as JSON: dates and decimals as text."""
    if isinstance(value, (datetime.date, Decimal)):
        return str(value)
    return value


def _apply_proposal(element: DataElement, proposed: dict) -> tuple[DataElement, list[LegalDocument] | None]:
    """Set the proposed values on `element` (unsaved), resolving references; raise on anything unknown."""
    errors = {}
    legal_basis = None
    for key, value in proposed.items():
        if key in PROPOSABLE_FIELDS:
            if key in {"min_value", "max_value"} and value not in (None, ""):
                try:
                    value = Decimal(str(value))
                except InvalidOperation:
                    errors[key] = _("Not a number.")
                    continue
            if value is None and key not in NULLABLE_FIELDS:
                value = ""
            setattr(element, key, value)
        elif key in PROPOSABLE_REFERENCES:
            model, lookup = PROPOSABLE_REFERENCES[key]
            target = None
            if value not in (None, ""):
                target = model.objects.filter(**{lookup: value}).first()
                if target is None:
                    errors[key] = _("“%(value)s” does not exist.") % {"value": value}
                    continue
            setattr(element, key, target)
        elif key == "legal_basis":
            numbers = list(value or [])
            legal_basis = list(LegalDocument.objects.filter(number__in=numbers))
            missing = set(numbers) - {doc.number for doc in legal_basis}
            if missing:
                errors[key] = _("Unknown legal documents: %(numbers)s") % {"numbers": ", ".join(sorted(missing))}
        else:
            errors[key] = _("This field cannot be proposed.")
    if errors:
        raise ValidationError(errors)
    element.search_text = element_search_text(element)
    return element, legal_basis


def _validated(proposed: dict, element: DataElement | None) -> tuple[DataElement, list[LegalDocument] | None]:
    if element is not None and "identifier" in proposed and proposed["identifier"] != element.identifier:
        raise ValidationError({"identifier": _("An element's identifier never changes; propose a new element.")})
    base = DataElement.objects.get(pk=element.pk) if element is not None else DataElement()
    candidate, legal_basis = _apply_proposal(base, proposed)
    candidate.full_clean(exclude=["status", "successor"])
    return candidate, legal_basis


@transaction.atomic
def change_request_propose(*, user, proposed: dict, reason: str, element: DataElement | None = None,
                           due_date: datetime.date | None = None) -> ChangeRequest:
    if not can_propose_dictionary_change(user):
        raise PermissionDenied(_("Only editors may propose changes to the dictionary."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the change is needed.")})
    candidate, _legal = _validated(proposed, element)
    if candidate.steward is None:
        raise ValidationError({"steward": _("Name the steward body of the new element.")})
    return ChangeRequest.objects.create(
        kind=ChangeKind.UPDATE if element is not None else ChangeKind.CREATE, element=element,
        proposed={key: _plain(value) for key, value in proposed.items()}, reason=reason.strip(),
        steward=element.steward if element is not None and element.steward else candidate.steward,
        proposed_by=user,
        due_date=due_date or timezone.localdate() + datetime.timedelta(days=DEFAULT_DECISION_DAYS),
    )


@transaction.atomic
def change_request_decide(*, user, change_request: ChangeRequest, approve: bool, comment: str = "") -> ChangeRequest:
    """Approve (apply the proposal) or reject (leave the element as it was) an open change request."""
    if not can_decide_for_steward(user, change_request.steward):
        raise PermissionDenied(_("Only a reviewer of the steward body may decide."))
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if change_request.status != ChangeStatus.OPEN:
        raise ValidationError({"status": _("This change request has already been decided.")})
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"decision_comment": _("Say why the change is rejected.")})
    if approve:
        element, legal_basis = _validated(change_request.proposed, change_request.element)
        if change_request.kind == ChangeKind.CREATE:
            element.status = ItemStatus.VALID
        element = element_save(element=element, user=user, reason=f"change request #{change_request.pk}",
                               legal_basis=legal_basis)
        change_request.element = element
    change_request.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change_request.decided_by = user
    change_request.decided_at = timezone.now()
    change_request.decision_comment = comment
    change_request._history_user = user
    change_request.save()
    return change_request


@transaction.atomic
def change_request_withdraw(*, user, change_request: ChangeRequest) -> ChangeRequest:
    if change_request.proposed_by_id != user.pk and not is_administrator(user):
        raise PermissionDenied(_("Only the proposer may withdraw a change request."))
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if change_request.status != ChangeStatus.OPEN:
        raise ValidationError({"status": _("This change request has already been decided.")})
    change_request.status = ChangeStatus.WITHDRAWN
    change_request._history_user = user
    change_request.save()
    return change_request
