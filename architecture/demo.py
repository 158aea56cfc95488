"""Demo obligations of Resolution 214/NQ-CP for the benchmark and demonstrations: for the bodies
the milestone templates apply to, a data strategy and a digital transformation strategy, the two
chief engineers, a body architecture, and a milestone from each template in a drawn state (done on
time, done late, in progress, not started). Deterministic for a seed, written in bulk.

Every demo row carries DEMO_NOTE in its note, so a reset removes exactly them; a (body, template)
pair that already has a real milestone, or a role that already has a real holder, is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from architecture.models import (
    Body,
    BodyArchitecture,
    ChiefEngineer,
    ChiefEngineerRole,
    FrameworkVersion,
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
    Strategy,
    StrategyKind,
    StrategyStatus,
)

DEMO_NOTE = "generate_demo"
DEMO_MODELS = (Milestone, Strategy, ChiefEngineer, BodyArchitecture)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Hải", "Ngọc Lan", "Thanh Sơn", "Hữu Tâm"]


def plans_demo_reset() -> dict[str, int]:
    with transaction.atomic():
        return {model._meta.model_name: model.objects.filter(note=DEMO_NOTE).delete()[0] for model in DEMO_MODELS}


def _bodies() -> list[Body]:
    """The bodies some template applies to (ministries, agencies, provinces), in code order."""
    applies = Q(pk__in=[])
    for template in MilestoneTemplate.objects.all():
        applies |= template.body_filter()
    return list(Body.objects.filter(applies).order_by("code"))


def _milestones(bodies: list[Body], rng: random.Random) -> list[Milestone]:
    taken = set(Milestone.objects.values_list("body_id", "template_id"))
    rows = []
    for template in MilestoneTemplate.objects.order_by("code"):
        matching = set(Body.objects.filter(template.body_filter()).values_list("pk", flat=True))
        for body in bodies:
            if body.pk not in matching or (body.pk, template.pk) in taken:
                continue
            draw = rng.random()
            status, completed = MilestoneStatus.NOT_STARTED, None
            if draw < 0.55:
                status, completed = MilestoneStatus.DONE, template.target_date + timedelta(days=rng.randint(-60, 20))
            elif draw < 0.65:
                status, completed = MilestoneStatus.DONE, template.target_date + timedelta(days=rng.randint(21, 200))
            elif draw < 0.9:
                status = MilestoneStatus.IN_PROGRESS
            rows.append(Milestone(body=body, template=template, title=template.title_vi,
                                  target_date=template.target_date, status=status, completion_date=completed,
                                  note=DEMO_NOTE))
    return rows


def _strategies(body: Body, rng: random.Random) -> list[Strategy]:
    rows = []
    for kind, title in ((StrategyKind.DATA, "Chiến lược dữ liệu"),
                        (StrategyKind.DIGITAL_TRANSFORMATION, "Chiến lược chuyển đổi số")):
        issued = rng.random() < 0.7
        rows.append(Strategy(
            body=body, kind=kind, title=f"{title} của {body.name_vi} giai đoạn 2026-2030", period_start=2026,
            period_end=2030, status=StrategyStatus.ISSUED if issued else StrategyStatus.DRAFTING,
            decision_number=f"{rng.randint(100, 3999)}/QĐ-DEMO" if issued else "",
            decision_date=date(2025, 9, 1) + timedelta(days=rng.randint(-40, 120)) if issued else None,
            note=DEMO_NOTE))
    return rows


def _engineers(body: Body, rng: random.Random, held: set) -> list[ChiefEngineer]:
    rows = []
    for role in ChiefEngineerRole.values:
        if (body.pk, role) in held or rng.random() >= 0.85:
            continue
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        rows.append(ChiefEngineer(body=body, role=role, person_name=name, position="Kỹ sư trưởng (dữ liệu mẫu)",
                                  start_date=date(2025, 6, 1) + timedelta(days=rng.randint(0, 300)), note=DEMO_NOTE))
    return rows


def plans_demo_generate(*, seed: int = 1) -> dict[str, int]:
    """Replace the demo obligations; returns the rows created per register."""
    plans_demo_reset()
    rng = random.Random(f"{seed}:plans")
    bodies = _bodies()
    framework = FrameworkVersion.objects.order_by("code").first()
    held = set(ChiefEngineer.objects.filter(end_date__isnull=True).values_list("body_id", "role"))
    has_strategy = set(Strategy.objects.values_list("body_id", "kind"))
    has_architecture = set(BodyArchitecture.objects.values_list("body_id", flat=True))
    strategies, engineers, architectures = [], [], []
    for body in bodies:
        strategies += [row for row in _strategies(body, rng) if (body.pk, row.kind) not in has_strategy]
        engineers += _engineers(body, rng, held)
        if body.pk not in has_architecture and rng.random() < 0.6:
            architectures.append(BodyArchitecture(body=body, title=f"Kiến trúc số của {body.name_vi}", version="1.0",
                                                  framework=framework, note=DEMO_NOTE))
    milestones = _milestones(bodies, rng)
    with transaction.atomic():
        for model, rows in ((Strategy, strategies), (ChiefEngineer, engineers), (BodyArchitecture, architectures),
                            (Milestone, milestones)):
            model.objects.bulk_create(rows, batch_size=1000)
    return {"strategies": len(strategies), "chief_engineers": len(engineers),
            "body_architectures": len(architectures), "milestones": len(milestones)}
