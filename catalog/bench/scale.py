"""The benchmark's registry: the real bodies, frameworks and dictionary, plus a deterministic demo
dictionary and catalog of the requested size, the bodies' obligations (strategies, chief
engineers, milestones), conformance assessments of a share of the databases, and their computed
checks and quality. Built once; a later run with the same size and seed reuses it."""

from __future__ import annotations

import time

from django.db import connection
from django.db.models import Count

from architecture.demo import DEMO_NOTE, plans_demo_generate
from architecture.models import Body, Milestone, User
from architecture.reference_frameworks import frameworks_load
from catalog.checks import database_checks_refresh
from catalog.demo import DEMO_PREFIX, demo_generate, demo_reset
from catalog.demo_assessments import assessments_demo_generate
from catalog.models import Database, Field
from catalog.reference_data import reference_data_load
from dictionary.demo import dictionary_demo_generate, dictionary_demo_state

# databases, fields per database, dictionary elements, code values
SCALES = {"small": (300, 10, 500, 1_000), "medium": (2_000, 50, 5_000, 10_000),
          "national": (20_000, 100, 50_000, 100_000)}
MONITOR = "bench.monitor"


def scale_state() -> dict:
    demo = Database.objects.filter(identifier__startswith=DEMO_PREFIX)
    return {"databases": demo.count(), "fields": Field.objects.filter(table__database__in=demo).count(),
            **dictionary_demo_state()}


def scale_build(*, databases: int, fields_per_database: int, elements: int, code_values: int, seed: int,
                progress=print) -> dict:
    """Make sure the registry holds exactly the requested demo scale; returns what was done.
    The dictionary comes first: the demo catalog maps a share of its fields to its elements."""
    if not Body.objects.exists():
        progress("loading the reference data")
        reference_data_load()
    state = scale_state()
    wanted = {"databases": databases, "fields": databases * fields_per_database, "elements": elements,
              "code_values": code_values}
    built = state != wanted
    if built and {key: state[key] for key in ("elements", "code_values")} != {"elements": elements,
                                                                              "code_values": code_values}:
        demo_reset(progress=progress)  # fields mapped to demo elements protect them
        progress(f"building a dictionary of {elements} elements and {code_values} code values (seed {seed})")
        dictionary_demo_generate(elements=elements, values=code_values, seed=seed, progress=progress)
    if built:
        progress(f"building {databases} databases x {fields_per_database} fields (seed {seed})")
        demo_generate(databases=databases, fields_per_database=fields_per_database, seed=seed, reset=True,
                      progress=progress)
    if built or not Milestone.objects.filter(note=DEMO_NOTE).exists():
        frameworks_load()  # idempotent; a registry loaded before the frameworks existed gets them here
        progress(f"obligations: {plans_demo_generate(seed=seed)}")
        progress(f"assessments: {assessments_demo_generate(seed=seed)}")
        started = time.monotonic()
        refreshed = database_checks_refresh()
        progress(f"checks and quality of {refreshed} databases refreshed in {time.monotonic() - started:.1f}s")
    if connection.vendor == "postgresql":
        # A freshly bulk-loaded table has no statistics and no visibility map yet: measure the
        # registry as it runs in production, after autovacuum has passed.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    User.objects.update_or_create(username=MONITOR, defaults={"is_monitor": True, "body": None})
    by_access = dict(Database.objects.filter(withdrawn_at__isnull=True).values_list("access_level")
                     .annotate(n=Count("id")).values_list("access_level", "n"))
    return {"built": built, **wanted, "bodies": Body.objects.count(), "by_access_level": by_access}
