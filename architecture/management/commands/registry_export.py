"""manage.py registry_export FILE: the whole registry with its history (architecture.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from architecture.backup import registry_export


class Command(BaseCommand):
    help = ("Export the whole registry, with the change history and the audit log, to FILE as JSON lines "
            "(gzip-compressed when FILE ends in .gz). Restore with registry_import.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        counts = registry_export(path=file)
        self.stdout.write(f"{sum(counts.values())} rows of {sum(1 for c in counts.values() if c)} models "
                          f"written to {file}")
