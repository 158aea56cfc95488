"""manage.py harvest <source id or name> | --all-due: harvest now and print the run's report."""

from django.core.management.base import BaseCommand, CommandError

from catalog.harvest.run import COUNTS, HarvestAlreadyRunning, source_harvest, sources_due
from catalog.models import HarvestSource, HarvestStatus


class Command(BaseCommand):
    help = "Harvest one DCAT-AP source (by id or name), or every enabled source that is due."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="The source's id or name.")
        parser.add_argument("--all-due", action="store_true", help="Every enabled source whose interval has passed.")

    def handle(self, *args, source=None, all_due=False, **options):
        if bool(source) == all_due:
            raise CommandError("Name one source, or give --all-due.")
        sources = sources_due() if all_due else [self.source_find(source)]
        if not sources:
            self.stdout.write("No source is due.")
        failed = False
        for one in sources:
            try:
                run = source_harvest(source=one)
            except HarvestAlreadyRunning as error:
                self.stderr.write(str(error))
                failed = True
                continue
            self.report_write(run)
            failed |= run.status == HarvestStatus.FAILED
        if failed:  # every due source was tried first; the exit status still says one failed
            raise CommandError("A harvest failed or could not start; see the report above.")

    def source_find(self, text: str) -> HarvestSource:
        found = HarvestSource.objects.filter(pk=int(text)) if text.isdigit() else HarvestSource.objects.none()
        found = found or HarvestSource.objects.filter(name=text)
        if not found:
            raise CommandError(f"No harvest source with the id or name “{text}”.")
        return found[0]

    def report_write(self, run) -> None:
        counts = ", ".join(f"{getattr(run, name):,} {name}" for name in COUNTS)
        whole = "whole feed read" if run.complete else "feed not read to the end"
        self.stdout.write(f"{run.source}: {run.get_status_display()} ({run.pages_read} pages, {whole}); {counts}")
        for line in run.lines.all():
            self.stdout.write(f"  {line}")
