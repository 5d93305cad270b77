"""The timeline chart draws certain and possible spans from each stint's dates; on every date they
must agree with what the API says on that date (``employments(at:)``), for every person of the
seed data, now and as known on 1 August 2025."""

from __future__ import annotations

from collections import Counter
from datetime import date

import httpx
import pytest

from service.explorer import spans
from service.explorer.timeline import Row, axis_range
from tests.support.client import answer

DATES = [date(year, month, day) for year in range(2020, 2028) for month in (1, 4, 7, 10) for day in (1, 15)]
BOUNDS = "earliest latest reasons { kind date }"
STINT = ("organization { id } start { value precision earliest latest } end { value precision earliest latest }"
         f" observed startBounds {{ {BOUNDS} }} endBounds {{ {BOUNDS} }}")


@pytest.mark.parametrize("known_at", [None, "2025-08-01T00:00:00Z"])
def test_the_drawn_spans_agree_with_employments_on_every_date(http: httpx.Client, known_at: str | None) -> None:
    cut = f', knownAt: "{known_at}"' if known_at else ""
    people = [e["node"]["id"] for e in answer(http, "{ people(first: 100) { edges { node { id } } } }")["people"]["edges"]]
    for person in people:
        for chunk in (DATES[k : k + 16] for k in range(0, len(DATES), 16)):
            asked = " ".join(f'd{i}: employments(at: "{d}"{cut}) {{ organization {{ id }} certainty }}'
                             for i, d in enumerate(chunk))
            found = answer(http, f'{{ person(id: "{person}") {{ timeline{"(" + cut[2:] + ")" if cut else ""}'
                                  f' {{ {STINT} }} {asked} }} }}')["person"]
            drawn = [(s["organization"]["id"], d) for s, d in zip(found["timeline"], spans.timeline(found["timeline"]),
                                                                   strict=True)]
            for i, day in enumerate(chunk):
                expected = Counter((e["organization"]["id"], e["certainty"]) for e in found[f"d{i}"])
                ours = Counter((org, c) for org, s in drawn if (c := s.certainty(day)) is not None)
                assert ours == expected, (person, day, known_at)


EXPRESSIONS = ["2021", "2025-07", "2025-07-14", "2025-07~", "[2025-07..2025-09]", "[2025-07-01..2025-07-03]",
               "[..2025-09-03]", "[2025-07..]", "[2024..2025-03-15]"]


def _as_served(fuzzy: object) -> dict[str, object] | None:
    """A fuzzy date as a GraphQL document returns it (null sides on open ranges)."""
    from schema.values import FuzzyDate

    served = FuzzyDate.of(fuzzy)  # type: ignore[arg-type]
    if served is None:
        return None
    return {"value": served.value, "precision": served.precision.value,
            "earliest": served.earliest and served.earliest.isoformat(),
            "latest": served.latest and served.latest.isoformat()}


def _bounds_as_served(resolved: object) -> dict[str, object]:
    """A side's bounds as a GraphQL document returns them (``startBounds``/``endBounds``)."""
    view = resolved.view()  # type: ignore[attr-defined]
    return {"earliest": view.earliest and view.earliest.isoformat(), "latest": view.latest and view.latest.isoformat(),
            "reasons": [{"kind": r.kind, "date": r.date.isoformat()} for r in view.reasons]}


@pytest.mark.parametrize("start", [None, *EXPRESSIONS])
@pytest.mark.parametrize("end", [None, "2026-02", "[..2026-03-01]", "[2026-01..]", "2026-01-10?"])
def test_the_drawn_spans_agree_with_the_rules_for_every_date_expression(start: str | None, end: str | None) -> None:
    from tests.unit.rules.given import History, read

    history = History()
    if start:
        history.move("in", start, to="meta")
    if end:
        history.move("out", end, frm="meta")
    if not history.facts:
        return
    days = [date(2020, 1, 1) + (date(2027, 1, 1) - date(2020, 1, 1)) * k // 400 for k in range(401)]
    days += [date(2025, 7, d) for d in range(1, 32)] + [date(2025, 9, d) for d in range(1, 5)]
    for stint in read(history).stints:
        # As the person page asks for it: the reported dates and the bounds (the reports are
        # published on 2025-07-10, so publication bounds narrow some of these).
        drawn = spans.of({"start": _as_served(stint.start), "end": _as_served(stint.end), "observed": stint.observed,
                          "startBounds": _bounds_as_served(stint.start_bounds),
                          "endBounds": _bounds_as_served(stint.end_bounds)})
        for day in days:
            rule = stint.certainty(day)
            assert drawn.certainty(day) == (rule.value if rule else None), (start, end, day)


def test_the_timeline_axis_spans_real_days_only() -> None:
    """A stint never certain, or ended at an unknown day, has the ends of the calendar among its
    spans: they are no days to draw (a person page once failed with 'year 0 is out of range')."""
    from service.explorer import timeline

    rows = [timeline.Row("meta", spans.Spans(None, date.max, date.min, date(2025, 6, 30)), "never certain"),
            timeline.Row("apple", spans.Spans(date(2019, 3, 1), date(2019, 3, 1), date.min, None), "ended unknown")]
    assert timeline.axis_range(rows, date(2025, 1, 1), date(2026, 11, 26)) == (date(2018, 1, 1), date(2027, 1, 1))


def test_the_chart_axis_skips_the_no_certain_span_marks_and_stays_in_the_calendar() -> None:
    # a stint with no certain span (certain_from date.max, certain_until date.min), an unknown
    # start and an end known only as before 9999: the axis covers the dates that are days
    open_stint = Row("Apple", spans.Spans(None, date.max, date.min, date(2024, 5, 31)), "")
    assert axis_range([open_stint], date(2024, 6, 1), date(2026, 11, 26)) == (date(2023, 1, 1), date(2027, 1, 1))
    late = Row("Apple", spans.Spans(None, date.max, date.min, date(9999, 12, 30)), "")
    assert axis_range([late], date(2024, 6, 1), date(2026, 11, 26)) == (date(2023, 1, 1), date.max)
