"""Small pieces shared by the charts: escaped SVG elements, hatch patterns, time scales, legends.

Every chart is an ``<svg role="img">`` with a title and a description, drawn with presentation
attributes only (no ``style`` attributes: the pages' Content-Security-Policy refuses them) and
flat fills: certain is solid, possible is hatched, never a gradient (POSSIBLE is not a
probability). Text goes through ``Markup.format``, which escapes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

INK = "#1b1b1b"
MUTED = "#5f6368"
GRID = "#d9dce1"
BLUE = "#1f5fa8"
ORANGE = "#b4530a"
PALETTE = (BLUE, ORANGE, "#2f7d4f", "#7b3fa0", "#9c2f3f", "#2b7a8c", "#7a6a1f", "#4a4f9c")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif"


TAGS = {tag: Markup(tag) for tag in (  # noqa: S704 (constant tag names, never input)
    "svg", "title", "desc", "defs", "pattern", "g", "a", "rect", "line", "path", "text",
)}


def element(name: str, attributes: dict[str, object], body: Markup | str | None = None) -> Markup:
    """One element; attribute values and text are escaped, None attributes left out."""
    tag = TAGS[name]
    attrs = Markup("").join(
        Markup(' {}="{}"').format(key.rstrip("_").replace("_", "-"), value)
        for key, value in attributes.items() if value is not None
    )
    if body is None:
        return Markup("<{}{} />").format(tag, attrs)
    return Markup("<{}{}>{}</{}>").format(tag, attrs, body, tag)


def join(parts: Iterable[Markup]) -> Markup:
    return Markup("").join(parts)


def text(x: float, y: float, body: str, **attributes: object) -> Markup:
    attributes.setdefault("fill", INK)
    attributes.setdefault("font_size", 13)
    return element("text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **attributes}, body)


def rect(x: float, y: float, width: float, height: float, **attributes: object) -> Markup:
    return element("rect", {"x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{max(width, 0):.1f}",
                            "height": f"{max(height, 0):.1f}", **attributes})


def line(x1: float, y1: float, x2: float, y2: float, **attributes: object) -> Markup:
    return element("line", {"x1": f"{x1:.1f}", "y1": f"{y1:.1f}", "x2": f"{x2:.1f}", "y2": f"{y2:.1f}",
                            **attributes})


def hatch(pattern_id: str, colour: str) -> Markup:
    """A diagonal hatch in ``colour`` on white: the fill of every POSSIBLE span."""
    stripes = join([
        rect(0, 0, 6, 6, fill="#ffffff"),
        line(0, 0, 0, 6, stroke=colour, stroke_width=2.5),
    ])
    return element("pattern", {"id": pattern_id, "patternUnits": "userSpaceOnUse", "width": 6, "height": 6,
                               "patternTransform": "rotate(45)"}, stripes)


def svg(width: float, height: float, title: str, description: str, chart_id: str, body: Markup,
        defs: Sequence[Markup] = ()) -> Markup:
    """The chart's root element, labelled for assistive technology by its title and description."""
    head = join([
        element("title", {"id": f"{chart_id}-title"}, title),
        element("desc", {"id": f"{chart_id}-desc"}, description),
        element("defs", {}, join(defs)) if defs else Markup(""),
    ])
    return element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width:.0f} {height:.0f}",
        "width": f"{width:.0f}", "height": f"{height:.0f}", "role": "img", "class": "chart",
        "aria-labelledby": f"{chart_id}-title {chart_id}-desc", "font-family": FONT,
    }, head + body)


@dataclass(frozen=True)
class Swatch:
    """One legend entry: a fill (colour or ``url(#pattern)``) or a line, and its words."""

    label: str
    fill: str | None = None
    stroke: str | None = None


def legend(x: float, y: float, swatches: Sequence[Swatch], width: float) -> tuple[Markup, float]:
    """Legend entries laid out left to right, wrapping at ``width``; the markup and its height."""
    parts, cx, cy = [], x, y
    for swatch in swatches:
        size = 14 + 8 + len(swatch.label) * 7 + 24
        if cx + size > x + width and cx > x:
            cx, cy = x, cy + 22
        if swatch.fill:
            parts.append(rect(cx, cy, 14, 14, fill=swatch.fill, stroke=MUTED, stroke_width=0.75))
        else:
            parts.append(line(cx, cy + 7, cx + 14, cy + 7, stroke=swatch.stroke, stroke_width=2,
                              stroke_dasharray="4 3"))
        parts.append(text(cx + 20, cy + 11.5, swatch.label, font_size=12.5))
        cx += size
    return join(parts), cy - y + 22


@dataclass(frozen=True)
class TimeScale:
    """Days between ``start`` and ``end`` mapped onto ``x0``..``x1``."""

    start: date
    end: date
    x0: float
    x1: float

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        day = min(max(day, self.start), self.end)
        return self.x0 + (day - self.start).days / span * (self.x1 - self.x0)

    def years(self) -> list[date]:
        """1 January of each year inside the scale, thinned to at most a dozen ticks."""
        years = list(range(self.start.year + (self.start.month > 1 or self.start.day > 1), self.end.year + 1))
        step = max(1, -(-len(years) // 12))
        return [date(y, 1, 1) for y in years[::step]]


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that is at least ``value`` (an axis maximum)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10
