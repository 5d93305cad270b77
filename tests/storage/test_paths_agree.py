"""The materialized answers (default cutoffs) equal the answers computed from fact rows when the
cutoffs change nothing (knownAt and asOf far in the future), on generated data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bench.generate import lines
from projections.model import DEFAULT_CUTOFFS, Cutoffs
from service.bootstrap import Components
from service.importer import import_lines

EVERYTHING = Cutoffs(known_at=datetime(2999, 1, 1, tzinfo=UTC), as_of=datetime(2999, 1, 1, tzinfo=UTC))


def test_materialized_and_computed_reads_agree(components: Components) -> None:
    assert import_lines(components.ledger, list(lines(2500, seed=5)), "test").stored
    components.projector.catch_up()
    q = components.queries
    for company in ("apple", "meta", "openai"):
        for at in (date(2018, 3, 1), date(2021, 7, 15), date(2024, 6, 1)):
            materialized = q.roster(company, at=at, cutoffs=DEFAULT_CUTOFFS, certainty=None, include_units=True,
                                    first=500, after=None)
            computed = q.roster(company, at=at, cutoffs=EVERYTHING, certainty=None, include_units=True, first=500,
                                after=None)
            assert materialized.items and materialized.items == computed.items
        span = {"start": date(2016, 1, 1), "end": date(2025, 12, 1), "include_units": True}
        assert q.headcount(company, cutoffs=DEFAULT_CUTOFFS, **span) == q.headcount(company, cutoffs=EVERYTHING, **span)
    years = {"start": date(2016, 1, 1), "end": date(2025, 12, 31)}
    assert q.flows(cutoffs=DEFAULT_CUTOFFS, **years) == q.flows(cutoffs=EVERYTHING, **years)
    for person in ("person-3", "person-40", "person-100"):
        assert q.timeline(person, DEFAULT_CUTOFFS) == q.timeline(person, EVERYTHING)
