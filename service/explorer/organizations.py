"""The organization page: the roster on ``at`` (with certainty and the unit of each member), the
units, and the monthly headcount drawn as known now and, with ``knownAt``, as known then."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date
from typing import Any

from service.explorer import headcount, svg
from service.explorer.controls import MAX_TEXT, BadParameter, Controls, parse_date
from service.explorer.words import MONTHS, day_words, moment_words

ROSTER_PAGE = 100
MONTHS_BEFORE, MONTHS_AFTER = 18, 6
MAX_MONTHS = 120


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class Options:
    """The organization page's own parameters: roster filters and paging, headcount window."""

    def __init__(self, params: Mapping[str, str], controls: Controls) -> None:
        certainty = params.get("certainty", "").strip().upper()
        if certainty not in {"", "CERTAIN"}:
            raise BadParameter("certainty", "certainty must be CERTAIN (or left out for both)")
        units = params.get("units", "").strip().lower()
        if units not in {"", "yes", "no"}:  # yes is the default, and stays accepted in links
            raise BadParameter("units", "units must be yes or no")
        self.certainty = certainty or None
        self.units = units or None
        self.after = _cursor(params.get("after", "").strip() or None)
        at = controls.day()
        start = parse_date("from", params.get("from", "").strip() or None) or add_months(at, -MONTHS_BEFORE)
        end = parse_date("to", params.get("to", "").strip() or None) or add_months(at, MONTHS_AFTER)
        if start > end:
            raise BadParameter("from", "from must not be after to")
        if (end.year - start.year) * 12 + end.month - start.month > MAX_MONTHS:
            raise BadParameter("to", f"the headcount covers at most {MAX_MONTHS} months")
        self.start, self.end = start, end
        self.given = {k: v for k in ("certainty", "units", "from", "to") if (v := params.get(k, "").strip())}

    def fields(self) -> list[dict[str, Any]]:
        """The page's own fields in the controls bar."""
        return [
            {"name": "certainty", "label": "Members", "value": self.certainty or "",
             "options": [("", "certain and possible"), ("CERTAIN", "certain only")]},
            {"name": "units", "label": "Units", "value": self.units or "",
             "options": [("", "included"), ("no", "left out")]},
            {"name": "from", "label": "Headcount from", "value": self.given.get("from", "")},
            {"name": "to", "label": "Headcount to", "value": self.given.get("to", "")},
        ]

    def variables(self, org_id: str, controls: Controls) -> dict[str, Any]:
        return {
            "id": org_id, **controls.variables(), "certainty": self.certainty,
            "includeUnits": None if self.units is None else self.units == "yes",
            "first": ROSTER_PAGE, "after": self.after,
            "from": self.start.isoformat(), "to": self.end.isoformat(),
            "compare": controls.known_at is not None,
        }


def _cursor(value: str | None) -> str | None:
    """A roster cursor as the Next link writes it (URL-safe base64 of text). Checked here because
    the API answers a malformed one with an internal error instead of BAD_USER_INPUT."""
    if value is None:
        return None
    try:
        if len(value) > MAX_TEXT or value.strip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"):
            raise ValueError(value)
        base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except ValueError:
        raise BadParameter("after", "after must be a cursor from the roster's Next link") from None
    return value


def context(data: dict[str, Any], controls: Controls, options: Options) -> dict[str, Any]:
    org = data["organization"]
    roster = org["roster"]
    series = [headcount.Series("as known now", svg.BLUE, _points(org["now"]))]
    if controls.known_at is not None and org.get("then") is not None:
        label = f"as known on {moment_words(controls.known_at)}"
        series.append(headcount.Series(label, svg.ORANGE, _points(org["then"])))
    return {
        "title": org["name"],
        "org": org,
        "entries": [e["node"] for e in roster["edges"]],
        "signals": org.get("signals") or [],
        "page_info": roster["pageInfo"],
        "total": roster["totalCount"],
        "options": options,
        "fields": options.fields(),
        "at_words": day_words(controls.day()),
        "series": series,
        "grid": grid(org["now"], org.get("then")),
        "chart": headcount.chart(series, controls.day(), org["name"]),
    }


def grid(now: list[dict[str, Any]], then: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The headcount as a table of months (rows) by years (columns), each cell the counts as
    known now and, when compared, as known then: short enough to read and to print."""
    years = sorted({p["date"][:4] for p in now})
    cells: dict[tuple[str, int], dict[str, Any]] = {}
    for i, point in enumerate(now):
        cells[(point["date"][:4], int(point["date"][5:7]))] = {"now": point, "then": then[i] if then else None}
    rows = [{"month": MONTHS[m - 1], "cells": [cells.get((y, m)) for y in years]} for m in range(1, 13)]
    return {"years": years, "rows": [r for r in rows if any(r["cells"])]}


def _points(points: list[dict[str, Any]]) -> list[tuple[date, int, int]]:
    return [(date.fromisoformat(p["date"]), p["certain"], p["possible"]) for p in points]
