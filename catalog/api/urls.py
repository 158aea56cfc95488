from catalog.api.parts import DatabaseStandardViewSet, FieldViewSet, ServiceViewSet, StandardViewSet, TableViewSet
from catalog.api.views import DatabaseViewSet

# (prefix, viewset, basename) for config/api_urls.py's router.
routes = [
    ("databases", DatabaseViewSet, "database"),
    ("tables", TableViewSet, "table"),
    ("fields", FieldViewSet, "field"),
    ("services", ServiceViewSet, "service"),
    ("database-standards", DatabaseStandardViewSet, "database-standard"),
    ("standards", StandardViewSet, "standard"),
]

# Synchronization with the National Data Center, under a database (catalog.api.sync).
from catalog.api.sync import DatabaseSyncViewSet

routes.append((r"databases/(?P<identifier>[^/]+)", DatabaseSyncViewSet, "database-sync"))

# Bulk import of a body's databases (catalog.bulk_import) and its background jobs.
from catalog.api.imports import DatabasesImportViewSet, ImportJobViewSet  # noqa: E402

routes += [
    (r"bodies/(?P<code>[^/]+)/databases", DatabasesImportViewSet, "body-databases"),
    ("import-jobs", ImportJobViewSet, "import-job"),
]

# Automatic checks, quality scores, security posture and conformance assessments (issue #6).
from catalog.api.assessments import ConformanceAssessmentViewSet  # noqa: E402
from catalog.api.quality import DatabaseQualityViewSet, QualityListViewSet  # noqa: E402
from catalog.api.security import (  # noqa: E402
    SecurityApprovalViewSet, SecurityAssessmentViewSet, SecurityIncidentViewSet,
)

routes += [
    (r"databases/(?P<identifier>[^/]+)", DatabaseQualityViewSet, "database-quality-of"),
    ("database-quality", QualityListViewSet, "database-quality"),
    ("security-approvals", SecurityApprovalViewSet, "security-approval"),
    ("security-assessments", SecurityAssessmentViewSet, "security-assessment"),
    ("security-incidents", SecurityIncidentViewSet, "security-incident"),
    ("conformance-assessments", ConformanceAssessmentViewSet, "conformance-assessment"),
]

# The harvest: sources and their run reports (catalog.api.harvest).
from catalog.api.harvest import HarvestRunViewSet, HarvestSourceViewSet  # noqa: E402

routes += [("harvest-sources", HarvestSourceViewSet, "harvest-source"), ("harvest-runs", HarvestRunViewSet, "harvest-run")]
