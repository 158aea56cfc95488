from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """The reporting layer on top of the registers: dashboard, monthly report, snapshots, alerts."""

    name = "monitoring"
    verbose_name = _("Progress monitoring")
    default_auto_field = "django.db.models.BigAutoField"
