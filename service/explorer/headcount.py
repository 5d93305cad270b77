"""Monthly headcount as bars: per month, one bar as known now and, with ``knownAt``, one beside it
as known then. Each bar is solid up to the certain members and hatched up to the possible ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from service.explorer import svg
from service.explorer.words import MONTHS

WIDTH = 960
LEFT = 56
TOP = 16
PLOT = 220


@dataclass(frozen=True)
class Series:
    """One headcount: its label, colour and points (first of month, certain, possible)."""

    label: str
    colour: str
    points: Sequence[tuple[date, int, int]]


def chart(series: Sequence[Series], at: date, name: str) -> Markup:
    """Grouped monthly bars for ``series`` (one or two), with a y axis, month labels and a legend."""
    months = [p[0] for p in series[0].points] if series else []
    top_value = svg.nice_ceiling(max([p[2] for s in series for p in s.points] + [1]))
    slot = (WIDTH - LEFT - 10) / max(len(months), 1)
    bar = max(min(slot * 0.8 / max(len(series), 1), 18), 1.5)
    y0 = TOP + PLOT
    parts = [_y_axis(top_value, y0)]
    labelled = _labelled(months)
    for i, month in enumerate(months):
        x = LEFT + i * slot + (slot - bar * len(series)) / 2
        if i in labelled:
            label = f"{MONTHS[month.month - 1][:3]} {month.year}"
            parts.append(svg.line(LEFT + (i + 0.5) * slot, y0, LEFT + (i + 0.5) * slot, y0 + 4, stroke=svg.MUTED))
            parts.append(svg.text(LEFT + (i + 0.5) * slot, y0 + 17, label, font_size=11.5, fill=svg.MUTED,
                                  text_anchor="middle"))
        if month.year == at.year and month.month == at.month:
            mark = LEFT + (i + 0.5) * slot
            parts.append(svg.line(mark, TOP - 6, mark, y0, stroke=svg.INK, stroke_dasharray="4 3", stroke_width=1.5))
        for k, one in enumerate(series):
            _, certain, possible = one.points[i]
            parts.append(_bar(x + k * bar, bar, (certain, possible), top_value, y0, one, month, k))
    swatches = []
    for k, one in enumerate(series):
        swatches += [svg.Swatch(f"{one.label}: certain", fill=one.colour),
                     svg.Swatch(f"{one.label}: possible", fill=f"url(#headcount-hatch-{k})")]
    swatches.append(svg.Swatch("month asked about", stroke=svg.INK))
    key, key_height = svg.legend(LEFT, y0 + 32, swatches, WIDTH - LEFT)
    parts.append(key)
    description = _describe(series)
    return svg.svg(WIDTH, y0 + 32 + key_height + 4, f"Monthly headcount of {name}", description, "headcount",
                   svg.join(parts), defs=[svg.hatch(f"headcount-hatch-{k}", s.colour) for k, s in enumerate(series)])


def _labelled(months: Sequence[date]) -> set[int]:
    """Which months get a label: each quarter on a short axis, each January on a long one, and
    the first month when the next label is far enough away not to collide with it."""
    quarters = (1, 4, 7, 10) if len(months) <= 36 else (1,)
    found = [i for i, m in enumerate(months) if m.month in quarters]
    if months and (not found or found[0] >= 3):
        found.insert(0, 0)
    return set(found)


def _y_axis(top_value: int, y0: float) -> Markup:
    parts = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = top_value * fraction
        if value != int(value):
            continue
        y = y0 - PLOT * fraction
        parts.append(svg.line(LEFT - 4, y, WIDTH - 10, y, stroke=svg.GRID, stroke_width=1))
        parts.append(svg.text(LEFT - 8, y + 4, f"{int(value):,}", font_size=11.5, fill=svg.MUTED, text_anchor="end"))
    return svg.join(parts)


def _bar(x: float, width: float, counts: tuple[int, int], top_value: int, y0: float, series: Series,
         month: date, index: int) -> Markup:
    certain, possible = counts

    def height(value: int) -> float:
        return PLOT * value / top_value

    parts = [svg.element("title", {}, f"{series.label}, {MONTHS[month.month - 1]} {month.year}: "
                                      f"{certain} certain, {possible} possible")]
    if possible:
        parts.append(svg.rect(x, y0 - height(possible), width, height(possible),
                              fill=f"url(#headcount-hatch-{index})",
                              stroke=series.colour, stroke_width=0.75))
    if certain:
        parts.append(svg.rect(x, y0 - height(certain), width, height(certain), fill=series.colour))
    return svg.element("g", {}, svg.join(parts))


def _describe(series: Sequence[Series]) -> str:
    found = []
    for one in series:
        if not one.points:
            continue
        first, last = one.points[0], one.points[-1]
        peak = max(one.points, key=lambda p: p[2])
        found.append(f"{one.label}: {first[1]} certain and {first[2]} possible on {first[0].isoformat()}, "
                     f"{last[1]} and {last[2]} on {last[0].isoformat()}, at most {peak[2]} possible")
    return "; ".join(found) + ". The table below gives every month."
