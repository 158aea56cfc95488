"""Writes to the register of bodies. body_save and body_create check nothing about the caller:
the admin and the reference-data loader, which call them, check permissions first; body_write and
body_delete (the API's) ask architecture.access and sign the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from architecture.access import can_manage_bodies
from architecture.models import Body
from architecture.models.bodies import PATH_SEPARATOR


def body_path(*, code: str, parent: Body | None) -> str:
    prefix = parent.path if parent is not None else ""
    return f"{prefix}{code}{PATH_SEPARATOR}"


def body_check_cycle(body: Body, parent: Body | None) -> None:
    """Refuse to place a stored body under itself or under a body below it."""
    if parent is not None and body.pk is not None and parent.path.startswith(body.path):
        raise ValidationError({"parent": _("A body cannot be placed under itself or under a body below it.")})


@transaction.atomic
def body_save(*, body: Body, check_constraints: bool = True) -> Body:
    """Validate and store a body, keeping the path of it and of every body under it current.

    check_constraints=False skips asking the database about each check constraint before the
    write (a query each): for loaders of files they have already checked. The constraints are
    still enforced by the database on the write itself.
    """
    old_path = None
    if body.pk is not None:
        old_path = Body.objects.filter(pk=body.pk).values_list("path", flat=True).first()
        if old_path is not None:
            body.path = old_path
            body_check_cycle(body, body.parent)
    body.path = body_path(code=body.code, parent=body.parent)
    body.full_clean(validate_constraints=check_constraints)
    body.save()
    if old_path is not None and old_path != body.path:
        Body.objects.filter(path__startswith=old_path).exclude(pk=body.pk).update(
            path=Concat(Value(body.path), Substr("path", len(old_path) + 1))
        )
    return body


def body_create(**fields) -> Body:
    return body_save(body=Body(**fields))


def _require_manage(user) -> None:
    if not can_manage_bodies(user):
        raise PermissionDenied(_("Only administrators change this register."))


@transaction.atomic
def body_write(*, user, body: Body, changes: dict) -> Body:
    """Create (body without pk) or change a body, keeping the paths under it current."""
    _require_manage(user)
    for name, value in changes.items():
        setattr(body, name, value)
    body._history_user = user
    return body_save(body=body)


@transaction.atomic
def body_delete(*, user, body: Body) -> None:
    """Delete a body nothing refers to (children, members, databases protect it: 409)."""
    _require_manage(user)
    body._history_user = user
    body.delete()
