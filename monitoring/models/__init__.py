from monitoring.models.alerts import AlertKind, AlertPreference, AlertSent
from monitoring.models.coverage import DatabaseFieldCounts
from monitoring.models.reports import MonthlyReport, ReportFile
from monitoring.models.snapshots import FigureSnapshot

__all__ = ["AlertKind", "AlertPreference", "AlertSent", "DatabaseFieldCounts", "FigureSnapshot", "MonthlyReport", "ReportFile"]
