"""Every figure counts only what the reader may see (architecture.access.visible_filter)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from catalog.models import HarvestSource
from monitoring.figures import figures_compute
from monitoring.selectors import audience_key
from tests.monitoring.conftest import NOW

pytestmark = pytest.mark.django_db


def _totals(user, body=None):
    return figures_compute(user=user, body=body, now=NOW).totals


@pytest.mark.parametrize(("role", "total", "restricted"), [
    ("monitor", 7, 2),  # everything
    ("reviewer", 7, 2),
    ("owner", 6, 1),  # public and internal, plus the commune's own restricted C-RES
    ("parent", 6, 1),  # the province's editor: C-RES is under the province
    ("other", 6, 1),  # the Ministry of Health's editor: its own M-RES, not C-RES
    ("sibling", 5, 0),  # the other commune's editor: no restricted entry at all
])
def test_national_figures_per_role(register, users, role, total, restricted):
    totals = _totals(users[role])
    assert totals["databases_total"] == total
    assert totals["access_restricted"] == restricted


def test_anonymous_counts_public_entries_only(register):
    totals = _totals(AnonymousUser())
    assert totals["databases_total"] == 3
    assert totals["access_internal"] == totals["access_restricted"] == 0
    assert totals["review_reviewed"] == 0  # both reviewed databases are restricted


def test_a_restricted_entry_cannot_be_inferred_from_a_breakdown(register, users, bodies):
    """The sibling commune's editor looks at the province: the commune's row counts C-PUB and
    C-INT, not the restricted C-RES, and no share reveals that it is reviewed."""
    figures = figures_compute(user=users["sibling"], body=bodies["province"], now=NOW)
    row = next(row for row in figures.rows if row.body.code == "00004")
    assert row.values["databases_total"] == 2
    assert row.values["review_reviewed"] == 0
    assert row.values["reviewed_share"] == 50.0  # C-PUB standardized, out of the two it sees
    owner_row = next(row for row in figures_compute(user=users["owner"], body=bodies["province"], now=NOW).rows
                     if row.body.code == "00004")
    assert owner_row.values["databases_total"] == 3 and owner_row.values["review_reviewed"] == 1


def test_harvest_sources_are_counted_for_signed_in_readers_only(register, users, bodies):
    HarvestSource.objects.create(name="Hà Nội", url="https://dulieu.hanoi.gov.vn/catalog", owner=bodies["province"])
    assert _totals(users["sibling"])["harvest_sources"] == 1
    assert _totals(AnonymousUser())["harvest_sources"] == 0


def test_readers_who_see_the_same_entries_share_cached_figures(users, bodies):
    assert audience_key(users["monitor"]) == audience_key(users["reviewer"]) == "all"
    assert audience_key(AnonymousUser()) == "public"
    assert audience_key(users["owner"]) != audience_key(users["sibling"])
