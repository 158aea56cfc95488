"""Harvesting the catalogs of provinces (and other bodies) that keep their own, from DCAT-AP feeds.

A source is a feed URL and the body its entries belong to; each run reads the whole feed page by
page and leaves a report; each record ties one remote dataset to the register entry made from it.
The harvester decides and writes (catalog.harvest.run and .store); these models keep what it did.
"""

from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class HarvestFormat(models.TextChoices):
    AUTO = "auto", _("From the Content-Type")
    TURTLE = "turtle", "Turtle"
    JSONLD = "jsonld", "JSON-LD"
    RDFXML = "rdfxml", "RDF/XML"


class HarvestStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    PARTIAL = "partial", _("Partly succeeded")
    FAILED = "failed", _("Failed")


class HarvestSource(models.Model):
    """A DCAT-AP feed the national catalog harvests.

    The schedule is a plain interval in minutes, not a cron string: "every N minutes since the last
    run" needs no parser and survives missed beats (catalog.tasks.harvest_due_sources checks it).
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    url = models.URLField(
        _("feed URL"), max_length=1000, validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The first page of the DCAT-AP catalog."),
    )
    format = models.CharField(_("format"), max_length=8, choices=HarvestFormat.choices, default=HarvestFormat.AUTO)
    owner = models.ForeignKey(
        "architecture.Body", verbose_name=_("owning body"), on_delete=models.PROTECT, related_name="harvest_sources",
        help_text=_("The body the harvested entries belong to."),
    )
    interval_minutes = models.PositiveIntegerField(
        _("interval (minutes)"), default=24 * 60, validators=[MinValueValidator(5)],
        help_text=_("A new run starts once this long has passed since the last one started."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    # A catalog that publishes more than its public entries to authorised harvesters (as this
    # registry does for a monitor's token) is read with this token. Kept as given: it must be sent.
    access_token = models.CharField(
        _("access token"), max_length=200, blank=True,
        help_text=_("Sent as “Authorization: Bearer …” to the feed's own host only."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"), default=7,
        help_text=_("How long an entry may be missing from complete runs before it is withdrawn."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(format__in=HarvestFormat.values), name="harvest_source_format_valid"),
            models.CheckConstraint(condition=Q(interval_minutes__gte=5), name="harvest_source_interval_min_5"),
            models.CheckConstraint(condition=Q(url__regex=r"^https?://"), name="harvest_source_url_http"),
        ]

    def __str__(self) -> str:
        return self.name


class HarvestRun(models.Model):
    """One reading of a source, with its counts. Runs are kept: they are the harvest's report."""

    source = models.ForeignKey(HarvestSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="runs")
    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=HarvestStatus.choices, default=HarvestStatus.RUNNING)
    complete = models.BooleanField(_("whole feed read"), default=False)
    pages_read = models.PositiveIntegerField(_("pages read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=HarvestStatus.values), name="harvest_run_status_valid"),
            # Runs of one source never overlap: the database refuses a second running one.
            models.UniqueConstraint(
                fields=["source"], condition=Q(status=HarvestStatus.RUNNING), name="harvest_run_one_running_per_source",
            ),
            models.CheckConstraint(
                condition=Q(status=HarvestStatus.RUNNING, finished_at__isnull=True)
                | (~Q(status=HarvestStatus.RUNNING) & Q(finished_at__gte=F("started_at"))),
                name="harvest_run_finished_when_not_running",
            ),
            models.CheckConstraint(
                condition=~Q(status=HarvestStatus.SUCCEEDED) | Q(complete=True, errors=0),
                name="harvest_run_succeeded_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}: {self.get_status_display()}"


class HarvestReportLine(models.Model):
    """A problem met in a run: a page that could not be read or a record that could not be stored."""

    run = models.ForeignKey(HarvestRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="lines")
    subject = models.CharField(_("record or page"), max_length=1000, blank=True,
                               help_text=_("The dataset's identifier or IRI, or the page URL."))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.reason}" if self.subject else self.reason


class HarvestRecord(models.Model):
    """Which register entry a remote dataset became, and what it looked like when last stored.

    Whether the entry is withdrawn is Database.withdrawn_at, the one place that says so.
    """

    source = models.ForeignKey(
        HarvestSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="records",
    )
    database = models.OneToOneField(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="harvest_record",
    )
    remote_iri = models.CharField(_("remote IRI"), max_length=1000, blank=True)
    remote_identifier = models.CharField(_("remote identifier"), max_length=255, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    last_seen_run = models.ForeignKey(
        HarvestRun, verbose_name=_("last seen in run"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    missing_since = models.DateTimeField(
        _("missing since"), null=True, blank=True,
        help_text=_("First complete run that no longer listed the dataset; withdrawn after the grace period."),
    )

    class Meta:
        verbose_name = _("harvested record")
        verbose_name_plural = _("harvested records")
        ordering = ["source", "remote_identifier", "remote_iri"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "remote_identifier"], condition=~Q(remote_identifier=""),
                name="harvest_record_identifier_unique_in_source",
            ),
            models.UniqueConstraint(
                fields=["source", "remote_iri"], condition=~Q(remote_iri=""),
                name="harvest_record_iri_unique_in_source",
            ),
            # A dataset is found again by its identifier or its IRI: it has at least one.
            models.CheckConstraint(
                condition=~Q(remote_identifier="") | ~Q(remote_iri=""), name="harvest_record_has_remote_key",
            ),
        ]

    def __str__(self) -> str:
        return self.remote_identifier or self.remote_iri


class HarvestPage(models.Model):
    """A page of a source as last read cleanly, so that an unchanged page costs neither parsing nor
    writing in the next run: the server answers 304 to the validators kept here, or sends the same
    bytes again; the run then counts the records listed here as unchanged."""

    source = models.ForeignKey(HarvestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="pages")
    url = models.CharField(_("URL"), max_length=1000)
    etag = models.CharField(_("ETag"), max_length=255, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=64, blank=True)
    digest = models.CharField(_("content digest"), max_length=64, help_text=_("SHA-256 of the page as received."))
    mapped_with = models.CharField(
        _("mapping key"), max_length=64,
        help_text=_("What the page was mapped with (mapping version, owner, kind, themes): a change reads it afresh."),
    )
    next_url = models.CharField(_("next page"), max_length=1000, blank=True)
    records = models.JSONField(_("records"), default=list, help_text=_("The harvested records the page lists."))
    read_at = models.DateTimeField(_("read"))

    class Meta:
        verbose_name = _("harvested page")
        verbose_name_plural = _("harvested pages")
        ordering = ["source", "id"]
        constraints = [models.UniqueConstraint(fields=["source", "url"], name="harvest_page_unique_in_source")]

    def __str__(self) -> str:
        return self.url
