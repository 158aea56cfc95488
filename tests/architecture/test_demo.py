"""The benchmark's demo obligations (strategies, chief engineers, architectures, milestones):
deterministic, never touching real entries, removed exactly by a reset."""

from datetime import date

from architecture.demo import DEMO_NOTE, plans_demo_generate, plans_demo_reset
from architecture.models import Body, ChiefEngineer, Milestone, MilestoneTemplate, Strategy
from architecture.reference_frameworks import frameworks_load


def _snapshot():
    return [list(model.objects.order_by("id").values_list(*fields)) for model, fields in (
        (Milestone, ("body__code", "template__code", "status", "completion_date")),
        (Strategy, ("body__code", "kind", "status", "decision_date")),
        (ChiefEngineer, ("body__code", "role", "person_name", "start_date")))]


def test_it_covers_the_bodies_of_the_templates_deterministically(bodies):
    frameworks_load()
    counts = plans_demo_generate(seed=5)
    ministry, province = bodies["ministry"], bodies["province"]
    for body in (ministry, province):
        applying = {template.pk for template in MilestoneTemplate.objects.all()
                    if Body.objects.filter(template.body_filter(), pk=body.pk).exists()}
        assert applying and set(Milestone.objects.filter(body=body).values_list("template", flat=True)) == applying
        assert Strategy.objects.filter(body=body).count() == 2
    assert not Milestone.objects.filter(body=bodies["commune"]).exists()
    assert counts["milestones"] == Milestone.objects.count() > 0
    first = _snapshot()
    plans_demo_generate(seed=5)
    assert _snapshot() == first


def test_real_entries_are_kept_and_not_doubled(bodies):
    frameworks_load()
    real = ChiefEngineer.objects.create(body=bodies["ministry"], role="it", person_name="Người thật",
                                        start_date=date(2025, 1, 1))
    plans_demo_generate(seed=1)
    assert ChiefEngineer.objects.filter(body=bodies["ministry"], role="it", end_date__isnull=True).get() == real
    removed = plans_demo_reset()
    assert removed["milestone"] > 0
    assert not any(model.objects.filter(note=DEMO_NOTE).exists() for model in (Milestone, Strategy, ChiefEngineer))
    assert list(ChiefEngineer.objects.all()) == [real]
