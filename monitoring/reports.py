"""The monthly progress report: content from the month's snapshots, written as XLSX (openpyxl) and
PDF (reportlab, with the vendored DejaVu Sans so Vietnamese prints), stored in the default storage.

Content (the format the Government Office sends): a summary of the national figures with the
previous month's and the change; the figures by ministry and by province; the late and overdue
list; the changes since the previous month. Everything is read from FigureSnapshot, so the report
of a past month can be produced again as it was.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from architecture.models import BodyKind
from monitoring.figures import DEFINITIONS_BY_KEY
from monitoring.models import FigureSnapshot, MonthlyReport, ReportFile
from monitoring.snapshots import month_first, month_previous, snapshots_take

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SUMMARY_KEYS = ["databases_total", "kind_national", "kind_specialized", "kind_local", "reviewed_share",
                "standardized_share", "sync_share", "sync_overdue", "coverage_share", "harvest_failing",
                "conformance_avg", "quality_avg", "mqa_avg", "strategies_share", "chief_engineers_share",
                "milestones_late", "milestones_overdue"]
TABLE_KEYS = ["databases_total", "reviewed_share", "standardized_share", "sync_share", "sync_overdue",
              "coverage_share", "conformance_avg", "quality_avg", "strategies_share", "chief_engineers_share",
              "milestones_overdue"]
MINISTRY_KINDS = [BodyKind.MINISTRY, BodyKind.MINISTERIAL_AGENCY, BodyKind.GOVERNMENT_AGENCY]


def month_parse(text: str) -> datetime.date | None:
    """'2026-03' -> 2026-03-01; None for anything else."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", (text or "").strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


@dataclass
class ReportContent:
    month: datetime.date
    taken_at: datetime.datetime
    summary: list[list] = field(default_factory=list)  # label, value, previous, change
    by_ministry: list[list] = field(default_factory=list)
    by_province: list[list] = field(default_factory=list)
    late: list[list] = field(default_factory=list)
    changes: list[list] = field(default_factory=list)  # body, figure, previous, now


def _label(key: str) -> str:
    return str(DEFINITIONS_BY_KEY[key].label)


def _change(now, before):
    if isinstance(now, int | float) and isinstance(before, int | float):
        return round(now - before, 1)
    return None


def _keys(keys: list[str]) -> list[str]:
    return [key for key in keys if key in DEFINITIONS_BY_KEY]


def report_content(*, month: datetime.date) -> ReportContent:
    """The report of `month` from its snapshots (they must exist: see report_generate)."""
    month = month_first(month)
    national = FigureSnapshot.objects.get(body__isnull=True, month=month)
    previous = FigureSnapshot.objects.filter(body__isnull=True, month=month_previous(month)).first()
    before = previous.figures if previous else {}
    content = ReportContent(month=month, taken_at=national.taken_at)
    for key in _keys(SUMMARY_KEYS):
        value = national.figures.get(key)
        content.summary.append([_label(key), value, before.get(key), _change(value, before.get(key))])
    snapshots = FigureSnapshot.objects.filter(month=month, body__isnull=False).select_related("body")
    previous_by_body = {snapshot.body_id: snapshot.figures for snapshot in FigureSnapshot.objects.filter(
        month=month_previous(month), body__isnull=False)}
    table_keys = _keys(TABLE_KEYS)
    for rows, kinds in ((content.by_ministry, MINISTRY_KINDS), (content.by_province, [BodyKind.PROVINCE])):
        for snapshot in snapshots.filter(body__kind__in=kinds).order_by("body__code"):
            rows.append([snapshot.body.code, snapshot.body.name_vi, *[snapshot.figures.get(key) for key in table_keys]])
            earlier = previous_by_body.get(snapshot.body_id)
            for key in table_keys if earlier else []:
                if earlier.get(key) != snapshot.figures.get(key):
                    content.changes.append([snapshot.body.name_vi, _label(key), earlier.get(key),
                                            snapshot.figures.get(key)])
    for name, rows in sorted(national.lists.items()):
        title = str(DEFINITIONS_BY_KEY[name].label) if name in DEFINITIONS_BY_KEY else name
        content.late += [[title, *row] for row in rows]
    return content


def _headers() -> dict:
    table = [_("Code"), _("Body"), *[_label(key) for key in _keys(TABLE_KEYS)]]
    return {
        "summary": [_("Figure"), _("This month"), _("Previous month"), _("Change")],
        "table": table,
        "late": [_("List"), _("Identifier"), _("Name"), _("Body code"), _("Body"), _("Date")],
        "changes": [_("Body"), _("Figure"), _("Previous month"), _("This month")],
    }


def report_xlsx(content: ReportContent) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from monitoring.exports import sheet_fill

    headers = _headers()
    workbook = Workbook()
    sheets = [(_("Summary"), headers["summary"], content.summary),
              (_("By ministry"), headers["table"], content.by_ministry),
              (_("By province"), headers["table"], content.by_province),
              (_("Late and overdue"), headers["late"], content.late),
              (_("Changes"), headers["changes"], content.changes)]
    for index, (title, sheet_headers, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title[:31]
        sheet_fill(sheet, sheet_headers, rows)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    summary = workbook.worksheets[0]
    summary.insert_rows(1, 2)
    summary["A1"] = _("Monthly progress report, %(month)s") % {"month": f"{content.month:%m/%Y}"}
    summary["A1"].font = Font(bold=True, size=14)
    summary["A2"] = _("Figures as of %(at)s") % {"at": f"{timezone.localtime(content.taken_at):%Y-%m-%d %H:%M}"}
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return "DejaVuSans", "DejaVuSans-Bold"


def _cell(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def report_pdf(content: ReportContent) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    regular, bold = _fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=8, leading=10)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
    title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20)
    headers = _headers()

    def table(header: list, rows: list[list]):
        data = [[Paragraph(str(value), text) for value in header]]
        data += [[Paragraph(_cell(value), text) for value in row] for row in rows] or [
            [Paragraph(_("None."), text)] + [""] * (len(header) - 1)]
        result = Table(data, repeatRows=1)
        result.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), regular), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return result

    story = [Paragraph(_("Monthly progress report, %(month)s") % {"month": f"{content.month:%m/%Y}"}, title),
             Paragraph(_("Figures as of %(at)s") % {"at": f"{timezone.localtime(content.taken_at):%Y-%m-%d %H:%M}"},
                       text), Spacer(1, 4 * mm)]
    for caption, header, rows in [(_("Summary"), headers["summary"], content.summary),
                                  (_("By ministry"), headers["table"], content.by_ministry),
                                  (_("By province"), headers["table"], content.by_province),
                                  (_("Late and overdue"), headers["late"], content.late),
                                  (_("Changes since the previous month"), headers["changes"], content.changes)]:
        story += [Paragraph(caption, heading), table(header, rows)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                                 topMargin=12 * mm, bottomMargin=12 * mm,
                                 title=f"Report {content.month:%Y-%m}")
    document.build(story)
    return buffer.getvalue()


def _fresh_snapshot_needed(month: datetime.date, today: datetime.date) -> bool:
    """The month just ended and the current month are counted afresh; an older month keeps the
    snapshot it had, so its report comes out as it was."""
    return month >= month_previous(month_first(today))


def report_generate(*, month: datetime.date, user=None, now: datetime.datetime | None = None) -> MonthlyReport:
    """Generate (or regenerate) the report of `month`: snapshots, XLSX and PDF stored, earlier
    files kept in the report's history."""
    now = now or timezone.now()
    month = month_first(month)
    has_snapshot = FigureSnapshot.objects.filter(body__isnull=True, month=month).exists()
    if not has_snapshot or _fresh_snapshot_needed(month, timezone.localdate(now)):
        snapshots_take(month=month, now=now)
    # The report is written in the site's language (Vietnamese), whoever asked for it.
    with translation.override(settings.LANGUAGE_CODE):
        content = report_content(month=month)
        xlsx, pdf = report_xlsx(content), report_pdf(content)
    stamp = f"{month:%Y-%m}-{timezone.localtime(now):%Y%m%d%H%M%S}"
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().filter(month=month).first()
        if report is None:
            report = MonthlyReport(month=month)
        else:
            report.files.filter(replaced_at__isnull=True).update(replaced_at=now)
        report.generated_at, report.generated_by = now, user if getattr(user, "pk", None) else None
        generation = ReportFile(generated_at=now, generated_by=report.generated_by)
        generation.xlsx.save(f"report-{stamp}.xlsx", ContentFile(xlsx), save=False)
        generation.pdf.save(f"report-{stamp}.pdf", ContentFile(pdf), save=False)
        report.xlsx, report.pdf = generation.xlsx.name, generation.pdf.name
        report.save()
        generation.report = report
        generation.save()
    return report
