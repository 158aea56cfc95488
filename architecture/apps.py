from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchitectureConfig(AppConfig):
    name = "architecture"
    verbose_name = _("Bodies and architecture")

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.contrib.auth import signals as auth_signals
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, post_save

        from architecture import audit

        auth_signals.user_logged_in.connect(audit.on_signed_in, dispatch_uid="audit_sign_in")
        auth_signals.user_logged_out.connect(audit.on_signed_out, dispatch_uid="audit_sign_out")
        auth_signals.user_login_failed.connect(audit.on_sign_in_failed, dispatch_uid="audit_sign_in_failed")
        post_save.connect(audit.on_admin_log_entry, sender=LogEntry, dispatch_uid="audit_admin_log_entry")
        connection_created.connect(audit.on_connection_created, dispatch_uid="audit_sqlite_guard")
        post_migrate.connect(audit.on_post_migrate, sender=self, dispatch_uid="audit_immutable")
