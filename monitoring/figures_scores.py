"""Figures of the databases' scores (catalog: conformance assessments and quality), over the
databases the reader may see. Registered into monitoring.figures' families when that module loads.

- Conformance: a database's current assessment is its latest final one (catalog.conformance
  .current_assessment: by date, then id); its score is 0-100 over the applicable answers.
  Databases without a scored final assessment are not in the average.
- Quality: catalog.quality's stored scores per database: "correct, sufficient, clean, live"
  (each 0-100; the quality score is their mean) and the metadata quality points after
  data.europa.eu's MQA (0-405). Databases not yet scored are not in the averages.
- Distributions count databases by score band: 0-19, 20-39, 40-59, 60-79, 80-100.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from architecture.models import Body
from catalog.models.conformance import AssessmentStatus, ConformanceAssessment
from catalog.models.quality import DatabaseQuality
from monitoring import figures
from monitoring.figures import Definition, counts_grouped, database_list_counted

BANDS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 101)]


def band_label(low: int, high: int) -> str:
    return f"{low}–{min(high - 1, 100)}"


def _bands(prefix: str, family: str, what) -> list[Definition]:
    return [Definition(f"{prefix}_band_{low}", format_lazy("{}: {}", what, band_label(low, high)),
                       _("Databases whose score is in this band."), family, list_name=f"{prefix}_band_{low}")
            for low, high in BANDS]


DEFINITIONS = [
    Definition("conformance_assessed", _("Databases with a conformance score"), _("Visible databases whose latest "
               "final conformance assessment has a score."), "scores", list_name="conformance_assessed"),
    Definition("conformance_avg", _("Average conformance score"), _("Mean of the current conformance scores "
               "(0-100)."), "scores", "score"),
    *_bands("conformance", "scores", _("Conformance")),
    Definition("quality_scored", _("Databases with a quality score"), _("Visible databases whose quality has been "
               "computed."), "scores", list_name="quality_scored"),
    Definition("quality_avg", _("Average quality score"), _("Mean over the databases of the mean of their four "
               "scores: correct, sufficient, clean, live (0-100)."), "scores", "score"),
    Definition("quality_correct_avg", _("Correct (average)"), _("Mean “correct” score (0-100)."), "scores", "score"),
    Definition("quality_sufficient_avg", _("Sufficient (average)"), _("Mean “sufficient” score (0-100)."), "scores",
               "score"),
    Definition("quality_clean_avg", _("Clean (average)"), _("Mean “clean” score (0-100)."), "scores", "score"),
    Definition("quality_live_avg", _("Live (average)"), _("Mean “live” score (0-100)."), "scores", "score"),
    Definition("mqa_avg", _("Average metadata quality points"), _("Mean metadata quality points after "
               "data.europa.eu's MQA (0-405)."), "scores", "score"),
    *_bands("quality", "scores", _("Quality")),
]


def _band_counts(prefix: str, expression) -> dict:
    return {f"{prefix}_band_{low}": Count("id", filter=Q(**{f"{expression}__gte": low, f"{expression}__lt": high}))
            for low, high in BANDS}


def conformance_grouped(*, user, body: Body | None) -> dict[str, Counter]:
    """Read from the assessments (few) rather than per database: the current assessment of a
    database is a final one with no later final one (by date, then id) for the same database."""
    final = ConformanceAssessment.objects.filter(status=AssessmentStatus.FINAL)
    later = final.filter(database=OuterRef("database")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on")) | Q(assessed_on=OuterRef("assessed_on"), id__gt=OuterRef("id")))
    databases = database_list_counted(user=user, body=body)
    current = final.filter(database__in=databases.values("pk")).exclude(Exists(later))
    counts = {"conformance_assessed": Count("id", filter=Q(score__isnull=False)),
              "conformance_sum": Sum("score"), **_band_counts("conformance", "score")}
    return counts_grouped(current, "database__owner__path", body, counts)


def quality_grouped(*, user, body: Body | None) -> dict[str, Counter]:
    databases = database_list_counted(user=user, body=body)
    scores = DatabaseQuality.objects.filter(database__in=databases.values("pk")).annotate(
        four=F("correct") + F("sufficient") + F("clean") + F("live"))
    counts = {"quality_scored": Count("id"), "quality_four_sum": Sum("four"),
              "quality_correct_sum": Sum("correct"), "quality_sufficient_sum": Sum("sufficient"),
              "quality_clean_sum": Sum("clean"), "quality_live_sum": Sum("live"), "mqa_sum": Sum("mqa_total"),
              # A mean of four in a band: the sum of four in four times the band.
              **{f"quality_band_{low}": Count("id", filter=Q(four__gte=4 * low, four__lt=4 * high))
                 for low, high in BANDS}}
    return counts_grouped(scores, "database__owner__path", body, counts)


def _average(total, count, divisor: int = 1) -> float | None:
    return round(float(total) / count / divisor, 1) if count else None


def _derive(raw: Counter, values: dict) -> None:
    values["conformance_avg"] = _average(raw["conformance_sum"] or 0, raw["conformance_assessed"])
    scored = raw["quality_scored"]
    values["quality_avg"] = _average(raw["quality_four_sum"] or 0, scored, 4)
    for dimension in ("correct", "sufficient", "clean", "live"):
        values[f"quality_{dimension}_avg"] = _average(raw[f"quality_{dimension}_sum"] or 0, scored)
    values["mqa_avg"] = _average(raw["mqa_sum"] or 0, scored)
    for key in [key for key in values if key.endswith("_sum")]:
        values[key] = float(values[key] or 0)  # Decimal sums stay JSON-serializable in snapshots


figures.DEFINITIONS.extend(DEFINITIONS)
figures.DEFINITIONS_BY_KEY.update({definition.key: definition for definition in DEFINITIONS})
figures.FAMILIES.append(lambda scope: conformance_grouped(user=scope.user, body=scope.body))
figures.FAMILIES.append(lambda scope: quality_grouped(user=scope.user, body=scope.body))
figures.EXTRA_DERIVATIONS.append(_derive)


# --- the lists behind these figures ---------------------------------------------------------------

def _current_score():
    return Subquery(ConformanceAssessment.objects.filter(database=OuterRef("pk"), status=AssessmentStatus.FINAL)
                    .order_by("-assessed_on", "-id").values("score")[:1])


def scored_databases(*, user, body: Body | None):
    """The visible databases with their current conformance score and their quality (for a page of
    a list: one subquery per listed row is fine there, unlike in the national aggregate)."""
    return (database_list_counted(user=user, body=body).select_related("owner", "quality")
            .annotate(conformance_now=_current_score(),
                      quality_four=F("quality__correct") + F("quality__sufficient") + F("quality__clean")
                      + F("quality__live")))


def score_filters(now) -> dict[str, Q]:
    filters = {"conformance_assessed": Q(conformance_now__isnull=False),
               "quality_scored": Q(quality__isnull=False)}
    for low, high in BANDS:
        filters[f"conformance_band_{low}"] = Q(conformance_now__gte=low, conformance_now__lt=high)
        filters[f"quality_band_{low}"] = Q(quality_four__gte=4 * low, quality_four__lt=4 * high)
    return filters


def score_list_kinds() -> dict:
    """For monitoring.lists (which calls this when it loads)."""
    from monitoring.lists import DATABASE_COLUMNS, Column, ListKind

    def quality(database):
        return round(database.quality_four / 4, 1) if database.quality_four is not None else None

    columns = [*DATABASE_COLUMNS[:3],
               Column("conformance", _("Conformance score"), "conformance_now",
                      lambda d: float(d.conformance_now) if d.conformance_now is not None else None),
               Column("quality", _("Quality score"), "quality_four", quality),
               Column("mqa", _("Metadata quality points"), "quality__mqa_total",
                      lambda d: getattr(getattr(d, "quality", None), "mqa_total", None))]
    return {"scores": ListKind(columns, score_filters, lambda user, body: scored_databases(user=user, body=body))}
