"""The other lenses' versions along publication time (docs/time.md#versions), pure: given a
person's fact rows, when their versions are made (``TimelineRows.add``), then at every publication
time each kept lens's rows are those of a fold of everything under that lens then. The sweep
builds a lens's timeline from the default lens's claim states, and only when the claims it counts
differ from the default's (``timelines.sweeps.lens_items``): this holds it to a fold of its own."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from hypothesis import given, settings

from projections.rules.claims import claim_states
from projections.rules.timeline import build_timeline
from projections.rules.versions import BEFORE_ANY
from projections.timefmt import ts
from projections.timelines.materialize import TimelineRows
from projections.timelines.stored import Encoder
from projections.timelines.sweeps import as_row, items
from projections.timelines.versions import LENSES
from tests.unit.rules.given import EVENTS, ORGS, C, History, history_of

PERSON = "ruoming-pang"


def folded(history: History, key: str, known_at: datetime) -> list[tuple[object, ...]]:
    """The lens's stints and moves, as rows, from a fold of everything published by ``known_at``."""
    cutoffs = dataclasses.replace(LENSES[key], known_at=known_at)
    claims = claim_states(history.facts, cutoffs)
    stints = build_timeline(claims, cutoffs, ORGS)
    return sorted((as_row(PERSON, item) for item in items(claims, stints, cutoffs, Encoder())), key=str)


def held(rows: TimelineRows, key: str, known_at: datetime) -> list[tuple[object, ...]]:
    """The lens's stint and move rows whose publication interval holds ``known_at``."""
    at = ts(known_at)
    return sorted((tuple(row[1:-2]) for row in rows.stint_lens_versions + rows.move_lens_versions
                   if row[0] == key and row[-2] <= at < row[-1]), key=str)


def test_a_second_publisher_makes_a_version_of_the_two_source_lens() -> None:
    history = History(PERSON).move("m1", "2021", to="meta", published="2021-06-01", source="s1")
    history.report("m1", source="s2", published="2022-01-05")
    rows = TimelineRows()
    rows.add(PERSON, history.facts, ORGS)
    two = [(row[3], row[-2][:10], row[-1]) for row in rows.stint_lens_versions if row[0] == "REPORTED-2"]
    assert two == [("meta", "2022-01-05", "~")]  # from the second publication on, open


def test_a_claim_published_later_bounds_a_confirmed_move_it_corroborates() -> None:
    history = History(PERSON).move("m", "2019", to="openai", published="2019-01-10", source="s0")
    history.move("m0", "2025", frm="openai", to="meta", published="2023-02-02", source="s1", status=C)
    history.move("m1", "2025", to="meta", published="2025-03-01", source="s2")  # announced, then it happened
    history.report("m", source="s3", published="2025-07-10")  # and later news, so that m1's is not the last
    rows = TimelineRows()
    rows.add(PERSON, history.facts, ORGS)
    for known_at in (BEFORE_ANY, *sorted({f.published_at for f in history.facts if f.published_at})):
        assert held(rows, "CONFIRMED", known_at) == folded(history, "CONFIRMED", known_at), known_at


@settings(max_examples=200, deadline=None)
@given(events=EVENTS)
def test_each_kept_lens_versions_are_its_fold_at_every_publication_time(events: list[tuple]) -> None:
    history = history_of(events, PERSON)
    rows = TimelineRows()
    rows.add(PERSON, history.facts, ORGS)
    moments = sorted({f.published_at for f in history.facts if f.published_at} | {BEFORE_ANY})
    for known_at in moments:
        for key in LENSES:
            assert held(rows, key, known_at) == folded(history, key, known_at), (key, known_at)
