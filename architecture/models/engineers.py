"""The chief engineers each ministry, sector and province appoints (Resolution 214/NQ-CP): a
chief IT engineer and a chief engineer for professional activities, who build the body's digital
architecture. One current holder of each role per body, enforced by the database; former holders
stay as rows with an end date, and every change is in the history."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ChiefEngineerRole(models.TextChoices):
    IT = "it", _("Chief IT engineer")
    PROFESSIONAL = "professional", _("Chief engineer for professional activities")


class ChiefEngineer(models.Model):
    """One person holding one role for one body, from start_date until end_date (open: current).
    Appoint through architecture.plans.chief_engineer_appoint, which ends the previous holder."""

    body = models.ForeignKey(
        "architecture.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="chief_engineers",
    )
    role = models.CharField(_("role"), max_length=16, choices=ChiefEngineerRole.choices)
    person_name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    # Personal contacts: shown to signed-in users only (architecture.access.can_view_personal_contacts).
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    decision_number = models.CharField(_("appointment decision"), max_length=64, blank=True)
    decision_date = models.DateField(_("appointment decision date"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chief engineer")
        verbose_name_plural = _("chief engineers")
        ordering = ["body__path", "role", "-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=ChiefEngineerRole.values), name="chief_engineer_role_valid",
                violation_error_message=_("Choose a known role."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="chief_engineer_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["body", "role"], condition=Q(end_date__isnull=True), name="chief_engineer_one_current_per_role",
                violation_error_message=_("This body already has a current holder of this role; "
                                          "appoint the new one to end the previous holder's term."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return self.end_date is None
