"""The API's permission classes. They decide nothing themselves: each asks architecture.access,
as the admin and the pages do, and the services ask again before they write.

Reads are filtered by the views' querysets (access.visible_filter), so an entry the caller may
not see answers 404 exactly like a missing one; an entry they see but may not change answers 403.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from architecture import access


class OwnedEntryAccess(BasePermission):
    """Entries owned by a body: written by the editors of the owner chain and by administrators.
    The view names the owner of an entry with `owner_of(obj)`."""

    message = _("You may not change the entries of this body.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        # Checked before the body is read, so a monitor's or reviewer's write is 403, never 400.
        return request.user.is_authenticated and access.editable_filter(request.user) is not None

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return access.can_edit(request.user, owner=view.owner_of(obj))


class RegisterAccess(BasePermission):
    """A register everyone reads and a few change; the view names the rule with
    `may_change_register` (an architecture.access function of the user)."""

    message = _("Only administrators change this register.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return request.user.is_authenticated and view.may_change_register(request.user)


class SignedIn(BasePermission):
    """Any signed-in user; what they may do is the service's decision (it asks access)."""

    def has_permission(self, request, view):
        return request.user.is_authenticated
