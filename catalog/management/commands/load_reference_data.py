"""manage.py load_reference_data: the bodies of the political system, then the national databases
named in law, in one transaction. Safe to run again: unchanged rows are not written."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from architecture.reference_data import ReferenceDataError
from catalog.reference_data import reference_data_load

OUTCOMES = ("created", "updated", "unchanged")


def summary_line(label: str, counts: dict[str, int]) -> str:
    return f"{label}: " + ", ".join(f"{counts[outcome]:,} {outcome}" for outcome in OUTCOMES)


class Command(BaseCommand):
    help = ("Load the reference lists (bodies, provinces, communes, national databases, architecture frameworks, "
            "milestone templates, the dictionary's code lists). Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", type=Path, default=None,
            help="Folder holding the reference files (default: architecture/fixtures/reference).",
        )

    def handle(self, *args, directory=None, **options):
        try:
            counts = reference_data_load(directory=directory)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for label, outcome in counts.items():
            # "bodies.commune" is a detail line under "bodies", named by the body kind's code.
            label = "  " + label.removeprefix("bodies.") if label.startswith("bodies.") else label.replace("_", " ")
            self.stdout.write(summary_line(label, outcome))
