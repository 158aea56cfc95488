"""Personal API tokens: created and revoked by their user, shown once, kept as a digest.

A token is "rgt_" + a prefix + "_" + a secret of 32 random bytes. With that much entropy a plain
SHA-256 digest is enough (a slow password hash protects guessable secrets, not random ones), and
it lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from architecture.access import is_administrator
from architecture.audit import audit_record
from architecture.models import ApiToken, AuditKind, User

SCHEME = "rgt"
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, expires_at: datetime.datetime | None = None,
                 request=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the plain text, which is never stored. Recorded in
    the audit log (with the request's address when given)."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Sign in to create a token."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    prefix = secrets.token_hex(4)
    plain = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, digest=_digest(plain), expires_at=expires_at)
    token.full_clean()
    token.save()
    audit_record(kind=AuditKind.TOKEN_CREATED, request=request, user=user, target=str(token),
                 detail={"token": token.pk, "expires_at": expires_at.isoformat() if expires_at else None})
    return token, plain


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken, request=None) -> ApiToken:
    if token.user_id != user.pk and not is_administrator(user):
        raise PermissionDenied(_("Only its owner may revoke a token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(kind=AuditKind.TOKEN_REVOKED, request=request, user=user, target=str(token),
                     detail={"token": token.pk, "owner": token.user.get_username()})
    return token


def token_authenticate(plain: str) -> ApiToken | None:
    """The live token matching `plain`, or None when it is unknown, revoked, expired or its user
    is inactive."""
    if not plain.startswith(f"{SCHEME}_"):
        return None
    token = ApiToken.objects.select_related("user", "user__body").filter(digest=_digest(plain)).first()
    now = timezone.now()
    if (token is None or token.revoked_at is not None or not token.user.is_active
            or (token.expires_at is not None and token.expires_at <= now)):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
