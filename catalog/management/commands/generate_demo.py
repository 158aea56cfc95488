"""Fill the register with a deterministic demo catalog over the real bodies (see catalog.demo)."""

from django.core.management.base import BaseCommand, CommandError

from catalog.demo import DemoError, demo_generate


class Command(BaseCommand):
    help = ("Generate demo database entries DEMO-000001... with tables and fields, owned by the bodies "
            "already loaded. Deterministic for a given --seed. Writes no history rows.")

    def add_arguments(self, parser):
        parser.add_argument("--databases", type=int, default=200, help="How many databases (default 200).")
        parser.add_argument("--fields-per-database", type=int, default=10, help="Fields in each database (default 10).")
        parser.add_argument("--tables-per-database", type=int, default=5,
                            help="Tables in each database, the fields spread over them (default 5).")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same catalog (default 1).")
        parser.add_argument("--reset", action="store_true", help="Delete earlier demo entries first, and only them.")

    def handle(self, *args, **options):
        try:
            result = demo_generate(
                databases=options["databases"], fields_per_database=options["fields_per_database"],
                tables_per_database=options["tables_per_database"], seed=options["seed"],
                reset=options["reset"], progress=self.stdout.write,
            )
        except DemoError as error:
            raise CommandError(str(error)) from error
        deleted = result["deleted"]
        if deleted["databases"] or deleted["standards"]:
            self.stdout.write(f"Deleted {deleted['databases']} demo databases and {deleted['standards']} demo standards.")
        if not options["databases"]:
            return
        self.stdout.write(self.style.SUCCESS(
            f"Generated {result['databases']} databases, {result['tables']} tables, {result['fields']} fields, "
            f"{result['standard_links']} standard links, {result['services']} services in {result['seconds']}s."
        ))
