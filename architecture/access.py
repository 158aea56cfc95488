"""Who may see and change what: the one place the admin, the pages and the API ask.

The rules (issue: foundation):
- public entries are seen by everyone, anonymous visitors included;
- entries "within the political system" by any signed-in user;
- restricted entries only by their owner chain (members of the owning body and of the bodies
  above it), reviewers, monitors and administrators;
- an editor changes the entries of their own body and of every body under it;
- a reviewer sets review states; a monitor reads everything and changes nothing;
- an assessor records conformance assessments for the bodies of their chain;
- a database's security posture (approval, TCVN 14423 assessments, incidents) is seen only by its
  owner chain, reviewers and administrators, not by monitors;
- an administrator may do everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from architecture.models import Body, User


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Within the political system")
    RESTRICTED = "restricted", _("Restricted")


def _active(user) -> bool:
    """A signed-in person. Service accounts (machines) count as anonymous readers: whatever a
    machine may do beyond reading public entries is granted by the feature that made it."""
    return bool(user is not None and user.is_authenticated and user.is_active
                and not getattr(user, "is_service_account", False))


def is_administrator(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.is_administrator)


def reads_everything(user: User) -> bool:
    """Reviewers, monitors and administrators see restricted entries of every body."""
    return _active(user) and (is_administrator(user) or user.is_reviewer or user.is_monitor)


def is_in_owner_chain(user: User, body: Body) -> bool:
    """The user belongs to the body or to one of the bodies above it."""
    if not _active(user) or user.body_id is None or body is None:
        return False
    return body.path.startswith(user.body.path)


def can_view(user: User, *, owner: Body, access_level: str) -> bool:
    if access_level == AccessLevel.PUBLIC:
        return True
    if access_level == AccessLevel.INTERNAL:
        return _active(user)
    return reads_everything(user) or is_in_owner_chain(user, owner)


def visible_filter(user: User, *, owner_field: str = "owner", access_field: str = "access_level") -> Q:
    """A filter keeping only the entries `user` may see, for any model with an owner and an access level."""
    public = Q(**{access_field: AccessLevel.PUBLIC})
    if not _active(user):
        return public
    if reads_everything(user):
        return Q()
    visible = public | Q(**{access_field: AccessLevel.INTERNAL})
    if user.body_id is not None:
        visible |= Q(**{f"{owner_field}__path__startswith": user.body.path})
    return visible


def can_edit(user: User, *, owner: Body) -> bool:
    """May the user change the entries owned by `owner` (create, edit, delete, submit for review)?"""
    if is_administrator(user):
        return True
    return _active(user) and user.is_editor and is_in_owner_chain(user, owner)


def editable_filter(user: User, *, owner_field: str | None = "owner") -> Q | None:
    """A filter keeping the entries `user` may change, or None when they may change nothing.
    With owner_field=None it filters bodies themselves: those whose entries the user may change."""
    if is_administrator(user):
        return Q()
    if not (_active(user) and user.is_editor and user.body_id is not None):
        return None
    path = f"{owner_field}__path" if owner_field else "path"
    return Q(**{f"{path}__startswith": user.body.path})


def can_review(user: User) -> bool:
    """May the user mark entries reviewed or standardized, or return them (Resolution 214/NQ-CP)?"""
    return is_administrator(user) or (_active(user) and user.is_reviewer)


def can_manage_bodies(user: User) -> bool:
    """The register of bodies follows the law; only administrators change it."""
    return is_administrator(user)


def can_decide_for_steward(user: User, steward: Body | None) -> bool:
    """May the user decide on dictionary items stewarded by `steward`: approve or reject change
    requests, move an element or code list through its statuses? The steward's reviewers may."""
    if is_administrator(user):
        return True
    return _active(user) and user.is_reviewer and is_in_owner_chain(user, steward)


def can_propose_dictionary_change(user: User) -> bool:
    """Any editor may propose a new or changed shared data element; the steward decides."""
    return is_administrator(user) or (_active(user) and user.is_editor)


def can_publish_dictionary(user: User) -> bool:
    """Publishing a numbered dictionary release is a reviewer's or an administrator's act."""
    return can_review(user)


def can_steward(user: User, steward: Body | None) -> bool:
    """May the user maintain the values of a code list stewarded by `steward` (import a file)?
    The steward's editors and reviewers may; a list without a steward, administrators only."""
    return can_edit(user, owner=steward) or can_decide_for_steward(user, steward)


def can_assess(user: User, *, owner: Body) -> bool:
    """May the user record a conformance assessment of `owner` or of one of its databases?
    Assessors of the body's chain may; an assessor without a body assesses every body."""
    if is_administrator(user):
        return True
    if not (_active(user) and user.is_assessor):
        return False
    return user.body_id is None or is_in_owner_chain(user, owner)


def can_view_security_posture(user: User, *, owner: Body) -> bool:
    """Security approvals, TCVN 14423:2025 assessments and incidents of a database: the owner
    chain, reviewers and administrators (not monitors: they read the register, not its weak points)."""
    if is_administrator(user):
        return True
    return _active(user) and (user.is_reviewer or is_in_owner_chain(user, owner))


def security_posture_filter(user: User, *, owner_field: str = "owner") -> Q | None:
    """The filter form of can_view_security_posture, or None when the user sees no posture at all."""
    if is_administrator(user) or (_active(user) and user.is_reviewer):
        return Q()
    if not _active(user) or user.body_id is None:
        return None
    return Q(**{f"{owner_field}__path__startswith": user.body.path})


# --- A body's own obligations (Resolution 214/NQ-CP): its architecture, strategies, milestones
# and chief engineers. They are public obligations: everyone reads them, anonymous visitors
# included, except the personal contacts of chief engineers (signed-in users only).

def can_edit_body_plans(user: User, *, body: Body) -> bool:
    """May the user change the architecture, strategies, milestones and chief engineers of `body`?
    The editors of the body's own chain (the body and the bodies above it) and administrators."""
    return can_edit(user, owner=body)


def body_plans_editable_filter(user: User, *, body_field: str = "body") -> Q | None:
    """The filter form of can_edit_body_plans, or None when the user may change no body's plans."""
    return editable_filter(user, owner_field=body_field)


def can_view_personal_contacts(user: User) -> bool:
    """E-mail and phone of a chief engineer: signed-in people only, never anonymous visitors or machines."""
    return _active(user)


def can_manage_frameworks(user: User) -> bool:
    """The framework register (versions and requirements) follows the law; administrators change it."""
    return is_administrator(user)


def can_apply_milestone_templates(user: User) -> bool:
    """Creating milestones for every matching body at once is an administrator's act; a template
    itself is a register entry only administrators change."""
    return is_administrator(user)


def can_read_harvest(user: User) -> bool:
    """Harvest sources and their run reports: any signed-in person (they name other catalogs and
    their problems, not data); machines and anonymous visitors read the published catalog instead."""
    return _active(user)


def can_manage_harvest(user: User) -> bool:
    """A source lets the harvester write entries on behalf of its body: administrators configure
    sources and start runs by hand."""
    return is_administrator(user)
