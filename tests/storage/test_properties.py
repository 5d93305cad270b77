"""Property: for random histories, incremental projection equals a full rebuild, and a plain
reference fold (written here, independently) agrees with the materialized current employer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import commands as c
from events.base import ClaimStatus
from projections.model import DEFAULT_CUTOFFS
from service.bootstrap import Components
from tests.support.databases import fresh_components, snapshot
from tests.support.world import utc

ORGS = ["a", "b", "c"]
PEOPLE = ["p1", "p2"]
SOURCES = [("s1", "2024-01-01"), ("s2", "2024-06-01"), ("s3", "2025-01-01")]

moves = st.lists(
    st.tuples(
        st.sampled_from(PEOPLE),
        st.sampled_from([None, *ORGS]),
        st.sampled_from(ORGS),
        st.integers(2015, 2024),
        st.sampled_from([ClaimStatus.REPORTED, ClaimStatus.CONFIRMED]),
        st.sampled_from([s for s, _ in SOURCES]),
    ),
    min_size=1,
    max_size=6,
)


def reference_employer(history: list[tuple[str, str | None, str, int]], person: str) -> str | None:
    """Where the last distinct-year, unconflicted arrival left the person, by plain reasoning.

    Used only for histories whose moves have pairwise distinct years and never repeat a
    departure or arrival org, so that no conflict (docs/rules.md#conflicts) can arise.
    """
    mine = sorted((year, to) for p, _frm, to, year in history if p == person)
    return mine[-1][1] if mine else None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=moves)
def test_incremental_equals_rebuild_and_the_reference(backend: str, tmp_path: Path,
                                                      history: list[tuple[str, str | None, str, int, ClaimStatus, str]]
                                                      ) -> None:
    with fresh_components(backend, tmp_path) as components:
        check(components, history)


def check(components: Components, history: list[tuple[str, str | None, str, int, ClaimStatus, str]]) -> None:
    ledger = components.ledger
    for org in ORGS:
        ledger.execute(c.RegisterOrganization(id=org, name=org.upper()), "t")
    for person in PEOPLE:
        ledger.execute(c.RegisterPerson(id=person, name=person.upper()), "t")
    for source, published in SOURCES:
        ledger.execute(c.RegisterSource(id=source, publisher=source, published_at=utc(published)), "t")
    for person, frm, to, year, status, source in history:
        if frm != to:
            ledger.execute(c.ReportMove(person_id=person, from_id=frm, to_id=to, effective=str(year), status=status,
                                        source_id=source), "t")
        components.projector.catch_up()  # page by page, as writes arrive
    incremental = snapshot(components.db)
    components.projector.rebuild()
    assert snapshot(components.db) == incremental

    simple = [(p, f, t, y) for p, f, t, y, _s, _src in history if f != t]
    for person in PEOPLE:
        mine = [m for m in simple if m[0] == person]
        years = [m[3] for m in mine]
        departures = [m[1] for m in mine if m[1]]
        arrivals = [m[2] for m in mine]
        if len(set(years)) == len(years) and len(set(departures)) == len(departures) and len(set(arrivals)) == len(
                arrivals):
            stint = components.queries.employer(person, date(2030, 1, 1), DEFAULT_CUTOFFS)
            assert (stint.organization_id if stint else None) == reference_employer(simple, person)
