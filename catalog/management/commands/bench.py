"""manage.py bench: build the national-scale catalog once, then measure the registry against the
speeds the issues name. Prints a table with the target beside each figure, and writes JSON."""

import json
import platform
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.module_loading import import_string

from catalog.bench.scale import SCALES, scale_build
from catalog.bench.scenarios import SCENARIOS


def scenarios() -> dict:
    """The catalog's scenarios, and those of the layers above it, named in settings
    (BENCH_MORE_SCENARIOS: the catalog does not import the apps built on it)."""
    more = {name: import_string(path) for name, path in getattr(settings, "BENCH_MORE_SCENARIOS", {}).items()}
    return {**SCENARIOS, **more}


class Command(BaseCommand):
    help = "Benchmark the registry (DCAT feed, harvesting, ...) at a chosen scale."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="small", help=(
            "small (300 databases x 10 fields, 500 elements, 1,000 code values), medium (2,000 x 50, 5,000, "
            "10,000) or national (20,000 x 100, 50,000, 100,000)."))
        parser.add_argument("--databases", type=int, help="Override the number of databases.")
        parser.add_argument("--fields", type=int, help="Override the fields per database.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scenario", action="append", choices=scenarios(), help="Repeat to pick; default all.")
        parser.add_argument("--repeat", type=int, default=3, help="Runs of each measurement.")
        parser.add_argument("--json", type=Path, default=Path("test-output/bench.json"))

    def handle(self, *args, scale, databases, fields, seed, scenario, repeat, json: Path, **options):
        if repeat < 1:
            raise CommandError("--repeat must be 1 or more.")
        default_databases, default_fields, elements, code_values = SCALES[scale]
        catalog = scale_build(databases=databases or default_databases, fields_per_database=fields or default_fields,
                              elements=elements, code_values=code_values, seed=seed,
                              progress=lambda line: self.stdout.write(f"  {line}"))
        figures = []
        available = scenarios()
        for name in scenario or list(available):
            self.stdout.write(f"measuring {name} ...")
            figures += available[name](repeat=repeat)
        self.table_write(figures)
        report = {"machine": {"python": platform.python_version(), "database": connection.vendor,
                              "cpus": __import__("os").cpu_count(), "platform": platform.platform()},
                  "catalog": catalog, "figures": [figure.as_dict() for figure in figures]}
        json.parent.mkdir(parents=True, exist_ok=True)
        json.write_text(__import__("json").dumps(report, indent=2, ensure_ascii=False, default=str))
        self.stdout.write(f"JSON written to {json}")

    def table_write(self, figures) -> None:
        self.stdout.write(f"\n{'scenario':<50} {'metric':<13} {'median':>9} {'p95':>9} {'spread':>17} "
                          f"{'target':>10}  ok")
        for figure in figures:
            spread = f"{min(figure.samples):.1f}–{max(figure.samples):.1f}"
            verdict = {True: "yes", False: "NO", None: "-"}[figure.meets]
            self.stdout.write(f"{figure.scenario:<50} {figure.metric:<13} {figure.median:>9.1f} "
                              f"{figure.percentile(0.95):>9.1f} {spread:>17} {figure.target:>10}  {verdict}  "
                              f"{figure.unit} {figure.note}")
