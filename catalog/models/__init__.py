from catalog.models.choices import (
    Conformance, DatabaseKind, DataLayer, Datatype, Lifecycle, Protocol, ReviewAction, ReviewState,
    SyncFrequency, SyncMode, TcvnStatus,
)
from catalog.models.databases import Database, DatabaseReview
from catalog.models.endpoints import Service
from catalog.models.harvest import (  # noqa: F401
    HarvestFormat, HarvestPage, HarvestRecord, HarvestReportLine, HarvestRun, HarvestSource, HarvestStatus,
)
from catalog.models.imports import ImportJob, ImportStatus  # noqa: F401
from catalog.models.standards import DatabaseStandard, Standard
from catalog.models.structure import Field, Table
from catalog.models.sync import SyncOutcome, SyncReport, SyncReporter  # noqa: F401
from catalog.models.themes import Theme

__all__ = [
    "Conformance", "Database", "DatabaseKind", "DatabaseReview", "DatabaseStandard", "DataLayer", "Datatype",
    "Field", "Lifecycle", "Protocol", "ReviewAction", "ReviewState", "Service", "Standard", "SyncFrequency",
    "SyncMode", "Table", "TcvnStatus", "Theme",
]
from catalog.models.conformance import Answer, AssessmentAnswer, AssessmentStatus, ConformanceAssessment  # noqa: E402,F401
from catalog.models.quality import CheckOutcome, DatabaseCheckResult, DatabaseQuality  # noqa: E402,F401
from catalog.models.security import (  # noqa: E402,F401
    AssessmentResult, IncidentSeverity, IncidentStatus, SecurityApproval, SecurityAssessment, SecurityIncident,
)
