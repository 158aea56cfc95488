"""Milestones of a body's obligations, and the templates of the Resolution 214/NQ-CP deadlines
that create them for every matching body in one step (architecture.plans.milestone_templates_apply).

The state of a milestone is derived from its dates and status, never typed in. On a given day
("today", the local date):

- ``cancelled``: the milestone was cancelled;
- ``done``: done on or before its target date;
- ``done_late``: done after its target date;
- ``overdue``: not done and the target date passed more than OVERDUE_AFTER_DAYS (30) days ago;
- ``late``: not done and the target date passed, at most OVERDUE_AFTER_DAYS days ago;
- ``due_soon``: not done and the target date is today or within DUE_SOON_DAYS (30) days;
- ``on_time``: not done and the target date is further away.

The same rule exists twice, in Python (Milestone.state_on, Milestone.state) and in SQL
(milestone_state_expression, milestone_state_filter, MilestoneQuerySet.with_state), so a page
shows one milestone's state and the dashboard counts millions of them in the database; the tests
check that they agree.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from architecture.models.bodies import BodyKind, BodyLevel
from architecture.models.frameworks import IDENTIFIER_PATTERN, identifier_validator

DUE_SOON_DAYS = 30
OVERDUE_AFTER_DAYS = 30


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MilestoneState(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    LATE = "late", _("Late")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done late")
    CANCELLED = "cancelled", _("Cancelled")


# States of a milestone still open and past its target date: what the dashboard calls "behind".
BEHIND_STATES = (MilestoneState.LATE, MilestoneState.OVERDUE)
OPEN_STATUSES = (MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS)


def milestone_state(*, status: str, target_date: date, completion_date: date | None, today: date) -> str:
    """The state of a milestone on `today` (the rule of the module's docstring)."""
    if status == MilestoneStatus.CANCELLED:
        return MilestoneState.CANCELLED
    if status == MilestoneStatus.DONE:
        late = completion_date is not None and completion_date > target_date
        return MilestoneState.DONE_LATE if late else MilestoneState.DONE
    if target_date < today - timedelta(days=OVERDUE_AFTER_DAYS):
        return MilestoneState.OVERDUE
    if target_date < today:
        return MilestoneState.LATE
    if target_date <= today + timedelta(days=DUE_SOON_DAYS):
        return MilestoneState.DUE_SOON
    return MilestoneState.ON_TIME


def _state_conditions(today: date) -> dict[str, Q]:
    """Each state as a filter; the conditions are disjoint and cover every row."""
    done, cancelled = Q(status=MilestoneStatus.DONE), Q(status=MilestoneStatus.CANCELLED)
    open_ = ~done & ~cancelled
    overdue_before = today - timedelta(days=OVERDUE_AFTER_DAYS)
    due_soon_until = today + timedelta(days=DUE_SOON_DAYS)
    return {
        MilestoneState.CANCELLED: cancelled,
        MilestoneState.DONE_LATE: done & Q(completion_date__gt=F("target_date")),
        MilestoneState.DONE: done & (Q(completion_date__isnull=True) | Q(completion_date__lte=F("target_date"))),
        MilestoneState.OVERDUE: open_ & Q(target_date__lt=overdue_before),
        MilestoneState.LATE: open_ & Q(target_date__lt=today, target_date__gte=overdue_before),
        MilestoneState.DUE_SOON: open_ & Q(target_date__gte=today, target_date__lte=due_soon_until),
        MilestoneState.ON_TIME: open_ & Q(target_date__gt=due_soon_until),
    }


def milestone_state_filter(*states: str, today: date | None = None) -> Q:
    """A filter keeping the milestones in any of `states` on `today` (default: the local date)."""
    conditions = _state_conditions(today or timezone.localdate())
    combined = Q(pk__in=[])
    for state in states:
        combined |= conditions[state]
    return combined


def milestone_state_expression(today: date | None = None) -> Case:
    """The state as an SQL expression, for annotations and GROUP BY at national scale."""
    conditions = _state_conditions(today or timezone.localdate())
    return Case(*(When(condition, then=Value(str(state))) for state, condition in conditions.items()),
                output_field=models.CharField())


class MilestoneQuerySet(models.QuerySet):
    def with_state(self, today: date | None = None) -> MilestoneQuerySet:
        """Annotate each milestone with `state` computed by the database."""
        return self.annotate(state_now=milestone_state_expression(today))

    def in_state(self, *states: str, today: date | None = None) -> MilestoneQuerySet:
        return self.filter(milestone_state_filter(*states, today=today))

    def behind(self, today: date | None = None) -> MilestoneQuerySet:
        """Open milestones past their target date (late or overdue)."""
        return self.in_state(*BEHIND_STATES, today=today)


class MilestoneTemplate(models.Model):
    """A deadline set by law for a class of bodies (for example Resolution 214/NQ-CP: every
    ministry and province issues its Data Strategy by September 2025). Applying a template creates
    one milestone for each current body whose kind and level it names (empty list: any)."""

    code = models.CharField(_("code"), max_length=64, unique=True, validators=[identifier_validator])
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"))
    body_kinds = models.JSONField(
        _("body kinds"), default=list, blank=True, help_text=_("The kinds of bodies it applies to; empty: any kind."),
    )
    body_levels = models.JSONField(
        _("body levels"), default=list, blank=True, help_text=_("The levels of bodies it applies to; empty: any level."),
    )
    legal_source = models.TextField(_("legal source"))
    source_verified = models.BooleanField(_("source verified"), default=False)
    source_note = models.TextField(_("source note"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=IDENTIFIER_PATTERN), name="milestone_template_code_format",
                violation_error_message=_("Use letters, digits, '-', '_' and '.' only."),
            ),
        ]

    def __str__(self) -> str:
        return self.title_vi

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        for name, allowed in (("body_kinds", BodyKind.values), ("body_levels", BodyLevel.values)):
            values = getattr(self, name)
            if not isinstance(values, list) or any(value not in allowed for value in values):
                raise ValidationError({name: _("Give a list of known values.")})

    def body_filter(self) -> Q:
        """The current bodies the template applies to."""
        condition = Q(effective_to__isnull=True)
        if self.body_kinds:
            condition &= Q(kind__in=self.body_kinds)
        if self.body_levels:
            condition &= Q(level__in=self.body_levels)
        return condition


class Milestone(models.Model):
    """A dated obligation of one body, with its status and the evidence of completion."""

    body = models.ForeignKey(
        "architecture.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="milestones",
    )
    template = models.ForeignKey(
        MilestoneTemplate, verbose_name=_("template"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"))
    status = models.CharField(_("status"), max_length=16, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.NOT_STARTED)
    completion_date = models.DateField(_("completion date"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What shows the milestone is done."))
    note = models.TextField(_("note"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["target_date", "body__path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values), name="milestone_status_valid",
                violation_error_message=_("Choose a known status."),
            ),
            models.CheckConstraint(
                condition=~Q(status=MilestoneStatus.DONE) | Q(completion_date__isnull=False),
                name="milestone_done_has_completion_date",
                violation_error_message=_("A milestone marked done needs its completion date."),
            ),
            models.CheckConstraint(
                condition=Q(status=MilestoneStatus.DONE) | Q(completion_date__isnull=True),
                name="milestone_completion_date_only_when_done",
                violation_error_message=_("Only a milestone marked done has a completion date."),
            ),
            # Applying a template twice creates nothing twice.
            models.UniqueConstraint(
                fields=["body", "template"], condition=Q(template__isnull=False), name="milestone_body_template_unique",
                violation_error_message=_("This body already has a milestone from this template."),
            ),
        ]
        indexes = [models.Index(fields=["status", "target_date"])]

    def __str__(self) -> str:
        return self.title

    def state_on(self, today: date) -> str:
        return milestone_state(status=self.status, target_date=self.target_date,
                               completion_date=self.completion_date, today=today)

    @property
    def state(self) -> str:
        """The state today (the local date); see the module's docstring for the rule."""
        return self.state_on(timezone.localdate())
