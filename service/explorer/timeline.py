"""A person's timeline as bars on a time axis: one row per stint, certain spans solid, possible
spans hatched, open ends marked with an arrow, and the date asked about as a dashed line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from service.explorer import svg
from service.explorer.spans import Spans
from service.explorer.words import day_words

WIDTH = 960
LABEL = 270
ROW = 34
BAR = 18
TOP = 34
HATCH = "timeline-hatch"


@dataclass(frozen=True)
class Row:
    """One stint: its label (the organization), its spans and a one-line description."""

    label: str
    spans: Spans
    summary: str
    href: str | None = None


def axis_range(rows: Sequence[Row], at: date, today: date) -> tuple[date, date]:
    """Whole years covering every known date of the stints, the date asked about and today,
    with a year of room before an unknown start."""
    known = [at, today]
    for row in rows:
        s = row.spans
        # date.min and date.max stand for "no certain span" (spans.py): not days to show
        known += [d for d in (s.possible_from, s.certain_from, s.certain_until, s.possible_until)
                  if d and date.min < d < date.max]
    first, last = min(known), max(known)
    if any(row.spans.possible_from is None for row in rows):
        first = date(max(first.year - 1, date.min.year), 1, 1)  # a bound may already be the first year
    return date(first.year, 1, 1), date(last.year + 1, 1, 1) if last.year < date.max.year else date.max


def chart(rows: Sequence[Row], at: date, today: date, name: str) -> Markup:
    """The timeline chart of ``name``'s stints."""
    start, end = axis_range(rows, at, today)
    scale = svg.TimeScale(start, end, LABEL, WIDTH - 16)
    bars_height = TOP + max(len(rows), 1) * ROW
    parts = [_grid(scale, bars_height)]
    for i, row in enumerate(rows):
        parts.append(_row(scale, TOP + i * ROW, row))
    if not rows:
        parts.append(svg.text(LABEL, TOP + 22, "No stint counts under these controls.", fill=svg.MUTED))
    x = scale.x(at)
    parts.append(svg.line(x, TOP - 8, x, bars_height, stroke=svg.INK, stroke_width=1.5, stroke_dasharray="4 3"))
    anchor = "end" if x > WIDTH - 80 else "start" if x < LABEL + 60 else "middle"
    parts.append(svg.text(x, TOP - 12, day_words(at), font_size=12, text_anchor=anchor))
    key, key_height = svg.legend(LABEL, bars_height + 28, [
        svg.Swatch("certainly there", fill=svg.BLUE),
        svg.Swatch("possibly there (date fuzzy or unknown)", fill=f"url(#{HATCH})"),
        svg.Swatch("date asked about", stroke=svg.INK),
    ], WIDTH - LABEL)
    parts.append(key)
    height = bars_height + 28 + key_height + 6
    description = "; ".join(row.summary for row in rows) or "No stint counts under these controls."
    return svg.svg(WIDTH, height, f"Timeline of {name}", description, "timeline", svg.join(parts),
                   defs=[svg.hatch(HATCH, svg.BLUE)])


def _grid(scale: svg.TimeScale, bottom: float) -> Markup:
    parts = []
    for tick in scale.years():
        x = scale.x(tick)
        parts.append(svg.line(x, TOP - 4, x, bottom, stroke=svg.GRID, stroke_width=1))
        parts.append(svg.text(x, bottom + 15, str(tick.year), font_size=12, fill=svg.MUTED,
                              text_anchor="middle"))
    return svg.join(parts)


def _row(scale: svg.TimeScale, y: float, row: Row) -> Markup:
    s = row.spans
    bar_y = y + (ROW - BAR) / 2
    label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
    name = svg.text(LABEL - 10, bar_y + BAR - 4, label, text_anchor="end", fill=svg.BLUE if row.href else svg.INK)
    parts = [svg.element("a", {"href": row.href}, name) if row.href else name]
    left = scale.x(s.possible_from) if s.possible_from else scale.x0
    right = scale.x(s.possible_until) if s.possible_until else scale.x1
    parts.append(svg.rect(left, bar_y, max(right - left, 2), BAR, fill=f"url(#{HATCH})", stroke=svg.BLUE,
                          stroke_width=1))
    if s.has_certain and s.certain_from is not None:
        c_left = scale.x(s.certain_from)
        c_right = scale.x(s.certain_until) if s.certain_until else scale.x1
        parts.append(svg.rect(c_left, bar_y, max(c_right - c_left, 2), BAR, fill=svg.BLUE))
    if s.possible_from is None:
        parts.append(_arrow(scale.x0, bar_y + BAR / 2, -1))
    if s.possible_until is None:
        parts.append(_arrow(scale.x1, bar_y + BAR / 2, 1))
    group = svg.element("title", {}, row.summary) + svg.join(parts)
    return svg.element("g", {"class": "stint"}, group)


def _arrow(x: float, y: float, direction: int) -> Markup:
    """An open end: the bar goes on beyond the axis (unknown start, or still there)."""
    tip = x + 7 * direction
    return svg.element("path", {"d": f"M{x:.1f},{y - 6:.1f} L{tip:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} Z",
                                "fill": svg.INK})
