"""Charts drawn on the server as inline SVG: no script, no network resource, readable without
colour (every bar carries its number as text, and the SVG has a title and a text alternative)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#1f5f99"
TARGET_COLOUR = "#b22222"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str = ""  # a deadline, a count…
    href: str = ""


def _text(x, y, content, anchor="start", size=12, weight="normal") -> str:
    return (f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
            f'dominant-baseline="middle">{escape(content)}</text>')


def _svg_open(width: int, height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
            f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>" + _text(0, 12, title, size=14, weight="bold"))


def bars_svg(bars: list[Bar], *, title: str, maximum: float | None = None, unit: str = "",
             target: float | None = None, label_width: int = 260, width: int = 720) -> SafeString:
    """Horizontal bars, one per line, each with its value written after it. `target` draws a
    vertical line (e.g. 100% for the Resolution 214 target)."""
    row, top = 26, 30
    top_value = maximum if maximum is not None else max([bar.value or 0 for bar in bars] + [1])
    plot = width - label_width - 150
    height = top + row * max(len(bars), 1) + 10
    parts = [_svg_open(width, height, title)]
    for index, bar in enumerate(bars):
        y = top + index * row
        value = bar.value or 0
        length = 0 if not top_value else max(0.0, min(1.0, value / top_value)) * plot
        label = bar.label if len(bar.label) <= 40 else bar.label[:39] + "…"
        label_svg = _text(label_width - 8, y + row / 2, label, anchor="end")
        if bar.href:
            label_svg = f'<a href="{escape(bar.href)}">{label_svg}</a>'
        shown = "–" if bar.value is None else f"{bar.value:g}{unit}"
        parts += [label_svg,
                  f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{row - 10}" fill="{BAR_COLOUR}"/>',
                  _text(label_width + length + 6, y + row / 2, f"{shown} {bar.note}".strip())]
    if target is not None and top_value:
        x = label_width + min(1.0, target / top_value) * plot
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" stroke="{TARGET_COLOUR}" '
                      f'stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def histogram_svg(buckets: list[tuple[str, int]], *, title: str, width: int = 520) -> SafeString:
    """Vertical bars for a distribution (e.g. scores 0-20, 20-40, …), with the count above each."""
    height, bottom, top = 220, 190, 34
    count = max(len(buckets), 1)
    slot = (width - 20) / count
    highest = max([value for _, value in buckets] + [1])
    parts = [_svg_open(width, height, title)]
    for index, (label, value) in enumerate(buckets):
        x = 10 + index * slot
        bar = (bottom - top) * value / highest
        parts += [(f'<rect x="{x + 6:.1f}" y="{bottom - bar:.1f}" width="{slot - 12:.1f}" height="{bar:.1f}" '
                   f'fill="{BAR_COLOUR}"/>'),
                  _text(x + slot / 2, bottom - bar - 8, str(value), anchor="middle"),
                  _text(x + slot / 2, bottom + 14, label, anchor="middle", size=11)]
    parts.append("</svg>")
    return mark_safe("".join(parts))
