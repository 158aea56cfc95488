from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person working in a body of the political system, with the roles they hold.

    What each role allows is decided in architecture.access, and only there.
    """

    body = models.ForeignKey(
        "architecture.Body", verbose_name=_("body"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="members",
    )
    is_editor = models.BooleanField(
        _("editor"), default=False,
        help_text=_("Maintains the entries of their body and of the bodies under it."),
    )
    is_reviewer = models.BooleanField(
        _("reviewer"), default=False,
        help_text=_("Sets review states of database entries (Resolution 214/NQ-CP; the Ministry of Public Security)."),
    )
    is_monitor = models.BooleanField(
        _("monitor"), default=False,
        help_text=_("Reads everything and changes nothing (the Government Office)."),
    )
    is_assessor = models.BooleanField(
        _("assessor"), default=False,
        help_text=_("Records conformance assessments against the architecture framework for the entries of "
                    "their body and of the bodies under it (an administrator's assessor: every body)."),
    )
    is_administrator = models.BooleanField(
        _("administrator"), default=False, help_text=_("Manages the whole registry."),
    )
    is_service_account = models.BooleanField(
        _("service account"), default=False,
        help_text=_("An account for a machine (such as a synchronization reporter): it reads only public "
                    "entries and cannot create tokens for itself."),
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An editor edits on behalf of a body; without one they could edit nothing.
            models.CheckConstraint(condition=Q(is_editor=False) | Q(body__isnull=False), name="user_editor_has_body",
                                   violation_error_message=_("An editor must belong to a body.")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
