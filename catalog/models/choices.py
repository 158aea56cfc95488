"""Controlled vocabularies of the database register, each with the text it comes from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Shared with the lower layers, which define them: re-exported for the catalog's readers.
from architecture.vocabularies import DataLayer  # noqa: F401
from dictionary.models.status import Datatype  # noqa: F401


class DatabaseKind(models.TextChoices):
    NATIONAL = "national", _("National database")
    SPECIALIZED = "specialized", _("Specialized database")
    LOCAL = "local", _("Local database")


class Lifecycle(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    IN_OPERATION = "in_operation", _("In operation")
    RETIRED = "retired", _("Retired")


class ReviewState(models.TextChoices):
    """Review of databases under Resolution 214/NQ-CP (led by the Ministry of Public Security)."""

    NOT_REVIEWED = "not_reviewed", _("Not reviewed")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    REVIEWED = "reviewed", _("Reviewed")
    STANDARDIZED = "standardized", _("Standardized")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted for review")
    RETURN = "return", _("Returned with comments")
    MARK_REVIEWED = "mark_reviewed", _("Marked reviewed")
    MARK_STANDARDIZED = "mark_standardized", _("Marked standardized")


class TcvnStatus(models.TextChoices):
    """Status against TCVN 14423:2025, network security requirements for important information systems."""

    NOT_DECLARED = "not_declared", _("Not declared")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    IN_PROGRESS = "in_progress", _("Assessment in progress")
    COMPLIANT = "compliant", _("Compliant")
    PARTLY_COMPLIANT = "partly_compliant", _("Partly compliant")
    NON_COMPLIANT = "non_compliant", _("Not compliant")


class SyncMode(models.TextChoices):
    """Synchronization with the National Data Center."""

    REALTIME = "realtime", _("Real time")
    PERIODIC = "periodic", _("Periodic")
    NONE = "none", _("Not synchronized")


class SyncFrequency(models.TextChoices):
    """How often a periodic synchronization runs; maps onto the EU frequency vocabulary for DCAT."""

    CONTINUOUS = "continuous", _("Continuous")
    HOURLY = "hourly", _("Hourly")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")
    IRREGULAR = "irregular", _("Irregular")


class Conformance(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PARTIAL = "partial", _("Partly conformant")
    CONFORMANT = "conformant", _("Conformant")
    NON_CONFORMANT = "non_conformant", _("Not conformant")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class Protocol(models.TextChoices):
    REST = "rest", "REST/HTTP"
    SOAP = "soap", "SOAP"
    GRAPHQL = "graphql", "GraphQL"
    SPARQL = "sparql", "SPARQL"
    OGC = "ogc", "OGC (WMS/WFS)"
    SFTP = "sftp", "SFTP"
    FILE = "file", _("File download")
    DATABASE = "database", _("Direct database connection")
    MESSAGE = "message", _("Message queue")
    OTHER = "other", _("Other")
