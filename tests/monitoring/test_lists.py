"""The lists behind the figures: late and overdue entries, exactly as many as the figure counts."""

import pytest
from django.contrib.auth.models import AnonymousUser

from monitoring.figures import EVERYTHING, figures_compute
from monitoring.figures_plans import milestone_progress_by_deadline
from monitoring.lists import UnknownList, entries_for_figure
from tests.monitoring.conftest import NOW

pytestmark = pytest.mark.django_db


def _identifiers(name, user=EVERYTHING, body=None, sort=None):
    entries, _columns, _sort = entries_for_figure(user=user, body=body, name=name, now=NOW, sort_param=sort)
    return list(entries)


def test_overdue_synchronizations_are_listed_with_as_many_rows_as_the_figure(register, bodies):
    listed = [database.identifier for database in _identifiers("sync_overdue")]
    assert listed == ["C-PUB", "O-INT"]
    assert figures_compute(user=EVERYTHING, now=NOW).totals["sync_overdue"] == len(listed)
    assert [d.identifier for d in _identifiers("sync_overdue", body=bodies["other_commune"])] == ["O-INT"]


def test_a_list_shows_only_what_the_reader_may_see(register):
    assert [d.identifier for d in _identifiers("not_reviewed_yet", user=AnonymousUser())] == ["M-PUB", "P-PUB"]


def test_lists_sort_by_any_column_both_ways(register):
    paths = [d.owner.path for d in _identifiers("databases_total", sort="owner")]
    assert paths == sorted(paths) and paths[0] == "01/"  # Hanoi before its communes
    descending = [d.identifier for d in _identifiers("databases_total", sort="-identifier")]
    assert descending == sorted(descending, reverse=True)
    # An unknown column falls back to the first one, not an error.
    assert [d.identifier for d in _identifiers("databases_total", sort="nope")] == sorted(descending)


def test_unknown_list_is_refused(register):
    with pytest.raises(UnknownList):
        _identifiers("drop table")


def test_late_and_overdue_milestones(plans, bodies):
    totals = figures_compute(user=EVERYTHING, now=NOW).totals
    assert (totals["milestones_late"], totals["milestones_overdue"], totals["milestones_done"]) == (1, 1, 1)
    assert totals["milestones_on_time"] == 1 and totals["milestones_total"] == 4
    assert [m.title for m in _identifiers("milestones_late")] == ["Rà soát (Hà Nội)"]
    assert [m.title for m in _identifiers("milestones_overdue")] == ["Rà soát (Bộ Y tế)"]
    assert {m.title for m in _identifiers("milestones_behind")} == {"Rà soát (Hà Nội)", "Rà soát (Bộ Y tế)"}
    assert _identifiers("milestones_late", body=bodies["other_ministry"]) == []


def test_strategies_and_chief_engineers_of_obligated_bodies(plans, bodies):
    totals = figures_compute(user=EVERYTHING, now=NOW).totals
    # Obligated: two ministries, the Government Office (ministerial-level agency) and Hanoi.
    assert totals["bodies_obligated"] == 4
    assert (totals["strategy_data_issued"], totals["strategy_dx_issued"]) == (2, 1)
    assert totals["strategies_share"] == 25.0
    assert (totals["chief_it_appointed"], totals["chief_professional_appointed"]) == (2, 1)
    assert totals["chief_engineers_share"] == 25.0
    missing = {body.code for body in _identifiers("strategies_missing")}
    assert missing == {"GOV-M02", "GOV-M13", "GOV-ML3"}


def test_progress_against_each_deadline(plans):
    [row] = milestone_progress_by_deadline(body=None, now=NOW)
    assert (row["template__code"], row["total"], row["done"], row["behind"]) == ("NQ214-REVIEW", 3, 1, 2)
    assert row["done_share"] == 33.3


def test_failing_harvest_sources_are_listed_for_signed_in_readers(register, bodies, users):
    import datetime

    from catalog.models import HarvestRun, HarvestSource, HarvestStatus

    failing = HarvestSource.objects.create(name="Hà Nội", url="https://dulieu.hanoi.gov.vn/catalog",
                                           owner=bodies["province"])
    HarvestSource.objects.create(name="Bộ Y tế", url="https://moh.gov.vn/catalog", owner=bodies["other_ministry"])
    HarvestRun.objects.create(source=failing, started_at=NOW - datetime.timedelta(hours=1), finished_at=NOW,
                              status=HarvestStatus.FAILED)
    assert [s.name for s in _identifiers("harvest_failing", user=users["sibling"])] == ["Hà Nội"]
    assert len(_identifiers("harvest_sources", user=users["sibling"])) == 2
    assert _identifiers("harvest_failing", user=AnonymousUser()) == []
    assert figures_compute(user=users["sibling"], now=NOW).totals["harvest_failing"] == 1
