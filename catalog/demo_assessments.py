"""Demo conformance assessments for the benchmark: a share of the demo databases assessed (final)
against the first framework with a database requirement, each requirement answered with a drawn
answer, the score computed by the conformance rule. Deterministic for a seed, written in bulk.
They go with their databases when generate_demo --reset removes those."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from architecture.models import FrameworkRequirement, User
from catalog.conformance import score_of
from catalog.demo import demo_databases
from catalog.models import AssessmentAnswer, ConformanceAssessment
from catalog.models.conformance import Answer, AssessmentStatus

ASSESSOR = "demo.assessor"
ANSWERS = [Answer.COMPLIANT] * 5 + [Answer.PARTLY] * 3 + [Answer.NOT_COMPLIANT] * 2 + [Answer.NOT_APPLICABLE]


def assessments_demo_generate(*, seed: int = 1, share: float = 0.2) -> dict[str, int]:
    requirements = list(FrameworkRequirement.objects.filter(applies_to="database").order_by("framework__code", "id"))
    if not requirements:
        return {"assessments": 0, "answers": 0}
    framework_id = requirements[0].framework_id
    requirements = [requirement for requirement in requirements if requirement.framework_id == framework_id]
    assessor, _ = User.objects.get_or_create(username=ASSESSOR, defaults={"is_assessor": True})
    rng = random.Random(f"{seed}:assessments")
    chosen = [(pk, owner) for pk, owner in demo_databases().order_by("id").values_list("id", "owner_id")
              if rng.random() < share]
    assessments, drawn = [], []
    for database_id, owner_id in chosen:
        answers = [rng.choice(ANSWERS) for _ in requirements]
        score, applicable = score_of(answers)
        assessments.append(ConformanceAssessment(
            body_id=owner_id, database_id=database_id, framework_id=framework_id, assessor=assessor,
            assessed_on=date(2026, 6, 1) + timedelta(days=rng.randint(0, 150)), status=AssessmentStatus.FINAL,
            score=score, applicable_count=applicable))
        drawn.append(answers)
    with transaction.atomic():
        created = ConformanceAssessment.objects.bulk_create(assessments, batch_size=1000)
        rows = [AssessmentAnswer(assessment_id=assessment.pk, requirement=requirement, answer=answer)
                for assessment, answers in zip(created, drawn, strict=True)
                for requirement, answer in zip(requirements, answers, strict=True)]
        AssessmentAnswer.objects.bulk_create(rows, batch_size=5000)
    return {"assessments": len(created), "answers": len(rows)}
