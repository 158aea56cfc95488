"""Timing helpers for the benchmark: repeated runs summarized as median and spread, and work
measured in a child process so its peak memory is its own."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Figure:
    scenario: str
    metric: str
    unit: str
    samples: list[float]
    target: str = ""
    meets: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    def percentile(self, share: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")

    def as_dict(self) -> dict:
        return {"scenario": self.scenario, "metric": self.metric, "unit": self.unit, "median": self.median,
                "min": min(self.samples, default=None), "max": max(self.samples, default=None),
                "p95": self.percentile(0.95), "runs": len(self.samples), "target": self.target,
                "meets": self.meets, "note": self.note, **self.extra}


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def child_run(probe: str, *args: str, env: dict | None = None, timeout: float = 1800) -> dict:
    """Run catalog.bench.probe in a fresh interpreter and return the JSON it prints last."""
    result = subprocess.run(
        [sys.executable, "-m", "catalog.bench.probe", probe, *args], cwd=ROOT,
        env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"probe {probe} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
