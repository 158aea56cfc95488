"""The audit log: who signed in, who failed to, who was refused, which tokens were made or
revoked, who exported restricted data, who changed a harvest source.

Written only by architecture.audit; never changed or deleted. The database refuses UPDATE and
DELETE on the table (triggers in migration 0008, kept by architecture.audit.ensure_immutable), the
admin only reads it. TCVN 14423:2025 and Decree 85/2016 ask an important information system to
keep such a trail of access and administration (not checked against the official text here)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    PERMISSION_DENIED = "permission_denied", _("Permission refused")
    TOKEN_CREATED = "token_created", _("Token created")
    TOKEN_REVOKED = "token_revoked", _("Token revoked")
    EXPORT = "export", _("Export of restricted data")
    HARVEST_SOURCE_CHANGED = "harvest_source_changed", _("Harvest source changed")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=AuditKind.choices, db_index=True)
    # No database constraint: the log outlives the user (and a cascade would have to change it).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    username = models.CharField(_("user name"), max_length=150, blank=True,
                                help_text=_("As typed, for a failed sign-in."))
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("address requested"), max_length=500, blank=True)
    target = models.CharField(_("entry"), max_length=300, blank=True,
                              help_text=_("What the event was about: a token, an export, a source."))
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=AuditKind.values), name="audit_event_kind_valid",
                                   violation_error_message=_("Choose a known event.")),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"
