"""The publisher page: its track record under ``knownAt``/``asOf``, the hit rate drawn with its
Wilson interval, its calls (a page at a time, newest first) and its sources."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from service.explorer import svg
from service.explorer.controls import MAX_TEXT, BadParameter, Controls

CALLS_PAGE = 50
SOURCES_SHOWN = 20
OUTCOMES = ("CONFIRMED", "DENIED", "RETRACTED", "PENDING")
_CURSOR = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


class Options:
    """The page's own parameters: ``outcome`` (one kind of call) and ``after`` (the calls' page)."""

    def __init__(self, params: Mapping[str, str]) -> None:
        outcome = params.get("outcome", "").strip().upper() or None
        if outcome is not None and outcome not in OUTCOMES:
            raise BadParameter("outcome", "outcome must be CONFIRMED, DENIED, RETRACTED or PENDING")
        self.outcome = outcome
        self.after = _cursor(params.get("after", "").strip() or None)

    @property
    def given(self) -> dict[str, str]:
        return {k: v for k, v in (("outcome", self.outcome), ("after", self.after)) if v}

    def fields(self) -> list[dict[str, Any]]:
        """The page's own field in the controls bar (changing it starts the calls from the newest)."""
        options = [("", "all"), *((o, o.lower()) for o in OUTCOMES)]
        return [{"name": "outcome", "label": "Calls", "value": self.outcome or "", "options": options}]

    def variables(self, name: str, controls: Controls) -> dict[str, Any]:
        cutoffs = controls.variables()
        return {"name": name, "knownAt": cutoffs["knownAt"], "asOf": cutoffs["asOf"], "outcome": self.outcome,
                "first": CALLS_PAGE, "after": self.after, "sources": SOURCES_SHOWN}


def _cursor(value: str | None) -> str | None:
    """A calls cursor as the Older link writes it (URL-safe base64 of text)."""
    if value is None:
        return None
    try:
        if len(value) > MAX_TEXT or value.strip(_CURSOR):
            raise ValueError(value)
        base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except ValueError:
        raise BadParameter("after", "after must be a cursor from the calls' Older link") from None
    return value


def context(data: dict[str, Any], options: Options) -> dict[str, Any]:
    publisher = data["publisher"]
    record = publisher["trackRecord"]
    calls = publisher["calls"]
    return {
        "title": publisher["name"], "publisher": publisher, "record": record, "options": options,
        "calls": [e["node"] for e in calls["edges"]], "calls_total": calls["totalCount"],
        "calls_info": calls["pageInfo"], "sources": [e["node"] for e in publisher["sources"]["edges"]],
        "sources_total": publisher["sources"]["totalCount"], "fields": options.fields(),
        "chart": interval_chart(publisher["name"], record),
    }


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def interval_chart(name: str, record: dict[str, Any], width: float = 480) -> Markup | None:
    """The hit rate as a dot on a 0 to 100% scale, its Wilson 95% interval as a band around it."""
    rate, low, high = record["hitRate"], record["hitRateLow"], record["hitRateHigh"]
    if rate is None:
        return None
    left, right, y = 16.0, width - 16.0, 26.0

    def x(share: float) -> float:
        return left + (right - left) * share

    resolved = record["confirmed"] + record["denied"] + record["retracted"]
    body = svg.join([
        svg.line(left, y, right, y, stroke=svg.GRID, stroke_width=2),
        svg.rect(x(low), y - 8, x(high) - x(low), 16, fill=svg.BLUE, fill_opacity="0.25", stroke=svg.BLUE),
        svg.element("path", {"d": f"M {x(rate):.1f} {y - 11:.1f} v 22", "stroke": svg.INK, "stroke-width": 3}),
        *(svg.text(x(t), y + 28, f"{t:.0%}", text_anchor="middle", fill=svg.MUTED, font_size=11)
          for t in (0, 0.25, 0.5, 0.75, 1)),
    ])
    title = f"{name}: hit rate {percent(rate)}"
    description = (f"{record['confirmed']} of {resolved} resolved calls confirmed: {percent(rate)}; "
                   f"95% interval {percent(low)} to {percent(high)}.")
    return svg.svg(width, 64, title, description, "hit-rate", body)
