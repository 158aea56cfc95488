"""manage.py registry_import FILE: load an export into an empty database (architecture.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from architecture.backup import RestoreError, registry_import


class Command(BaseCommand):
    help = ("Load a registry_export FILE into an empty, migrated database of the same schema, all or "
            "nothing. Refuses a database that holds any entry.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            counts = registry_import(path=file)
        except RestoreError as error:
            raise CommandError(f"nothing restored: {error}") from error
        self.stdout.write(f"{sum(counts.values())} rows of {len(counts)} models restored from {file}")
