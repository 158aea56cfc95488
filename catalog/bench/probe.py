"""Work the benchmark measures in a child process (python -m catalog.bench.probe NAME ...).
Each probe prints one JSON line with its figures; peak memory is the child's own maximum RSS."""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dcat_stream(username: str) -> dict:
    """Stream the whole catalog as Turtle, as `username` sees it."""
    from architecture.models import User
    from catalog.dcat_stream import catalog_turtle_stream

    user = User.objects.get(username=username)
    before = _peak_mb()
    started = time.perf_counter()
    size = datasets = 0
    for text in catalog_turtle_stream(user=user):
        size += len(text)
        datasets += text.count(" a dcat:Dataset")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "datasets": datasets, "bytes": size, "peak_mb": _peak_mb(),
            "startup_mb": before}


def harvest_prepare(url: str, token: str) -> dict:
    """Register the benchmark's harvest source in this (second) catalog, reading the first one
    with a monitor's token so that the whole national catalog comes across, not its public part."""
    from architecture.models import Body
    from catalog.models import HarvestSource

    source, _ = HarvestSource.objects.update_or_create(
        name="bench", defaults={"url": url, "owner": Body.objects.get(code="01"), "enabled": True,
                                "access_token": token})
    return {"source": source.pk}


def harvest_run() -> dict:
    from catalog.harvest.run import source_harvest
    from catalog.models import HarvestSource

    started = time.perf_counter()
    run = source_harvest(source=HarvestSource.objects.get(name="bench"), time_limit=120)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "status": run.status, "created": run.created, "updated": run.updated,
            "unchanged": run.unchanged, "errors": run.errors, "pages": run.pages_read, "peak_mb": _peak_mb()}


PROBES = {"dcat_stream": dcat_stream, "harvest_prepare": harvest_prepare, "harvest_run": harvest_run}

if __name__ == "__main__":
    _setup()
    name, *arguments = sys.argv[1:]
    print(json.dumps(PROBES[name](*arguments)))
