from django.urls import path, register_converter

from monitoring import views


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ReportFormat(ExportFormat):
    regex = "xlsx|pdf"


class Month:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "export")
register_converter(ReportFormat, "report_format")
register_converter(Month, "month")

app_name = "monitoring"


def _scoped(prefix: str, suffix: str):
    """The same pages for the whole political system and for one body."""
    return [
        path(f"{prefix}", views.dashboard, name=f"dashboard{suffix}"),
        path(f"{prefix}export.<export:fmt>", views.dashboard_export, name=f"dashboard-export{suffix}"),
        path(f"{prefix}lists/<slug:name>/", views.figure_list, name=f"list{suffix}"),
        path(f"{prefix}lists/<slug:name>/export.<export:fmt>", views.figure_list_export, name=f"list-export{suffix}"),
    ]


urlpatterns = [
    *_scoped("monitoring/", ""),
    *_scoped("monitoring/bodies/<str:code>/", "-body"),
    path("monitoring/reports/", views.reports, name="reports"),
    path("monitoring/alerts/", views.alert_preference, name="alert-preference"),
    path("monitoring/reports/<month:month>.<report_format:fmt>", views.report_download, name="report-download"),
    path("monitoring/reports/files/<int:pk>.<report_format:fmt>", views.report_file_download, name="report-file"),
]
