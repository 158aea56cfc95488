"""Create one sign-in per role for trying the registry on the embedded (SQLite) set-up."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from architecture.models import Body, User

DEV_PASSWORD = "dangky-thu-2025"
# username, body code, roles, what the person is
DEV_USERS = [
    ("admin", None, {"is_administrator": True, "is_staff": True, "is_superuser": True}, "administrator"),
    ("bca.reviewer", "GOV-M02", {"is_reviewer": True, "is_staff": True}, "reviewer, Ministry of Public Security"),
    ("vpcp.monitor", "GOV-ML3", {"is_monitor": True, "is_staff": True}, "monitor, Government Office"),
    ("byt.editor", "GOV-M13", {"is_editor": True, "is_staff": True}, "editor, Ministry of Health"),
    ("hanoi.editor", "01", {"is_editor": True, "is_staff": True}, "editor, Hanoi (and its communes)"),
    ("badinh.editor", "00004", {"is_editor": True, "is_staff": True}, "editor, Ba Dinh ward"),
]


class Command(BaseCommand):
    help = "Create demo users, one per role, with a shared password (embedded SQLite set-up only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also on a database other than SQLite.")

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        if connection.vendor != "sqlite" and not force:
            raise CommandError("Demo users with a known password are for the embedded SQLite set-up only.")
        codes = [code for _, code, _, _ in DEV_USERS if code]
        bodies = Body.objects.in_bulk(codes, field_name="code")
        missing = sorted(set(codes) - set(bodies))
        if missing:
            raise CommandError(f"Load the reference data first (missing bodies: {', '.join(missing)}).")
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/admin/ with password {DEV_PASSWORD!r} as:")
        for username, code, roles, who in DEV_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"body": bodies.get(code), **roles})
            if created:
                user.set_password(DEV_PASSWORD)
                user.save()
            self.stdout.write(f"  {username:<15} {who}")
