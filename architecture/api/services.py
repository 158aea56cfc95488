"""Writes to the register of bodies from the API. architecture.services.body_save checks nothing
about its caller (the admin and the loaders check first); these wrappers are that check for the
API, asked of architecture.access, and sign the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from architecture.access import can_manage_bodies
from architecture.models import Body
from architecture.services import body_save


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
