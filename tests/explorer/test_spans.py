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


def test_the_chart_axis_skips_the_no_certain_span_marks_and_stays_in_the_calendar() -> None:
    # a stint with no certain span (certain_from date.max, certain_until date.min), an unknown
    # start and an end known only as before 9999: the axis covers the dates that are days
    open_stint = Row("Apple", spans.Spans(None, date.max, date.min, date(2024, 5, 31)), "")
    assert axis_range([open_stint], date(2024, 6, 1), date(2026, 11, 26)) == (date(2023, 1, 1), date(2027, 1, 1))
    late = Row("Apple", spans.Spans(None, date.max, date.min, date(9999, 12, 30)), "")
    assert axis_range([late], date(2024, 6, 1), date(2026, 11, 26)) == (date(2023, 1, 1), date.max)
