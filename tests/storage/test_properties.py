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
# Publication dates inside the moves' years too, so publication bounds (and their anomalies) occur.
SOURCES = [("s1", "2024-01-01"), ("s2", "2024-06-01"), ("s3", "2025-01-01"), ("s4", "2019-03-15")]

moves = st.lists(
    st.tuples(
        st.sampled_from(PEOPLE),
        st.sampled_from([None, *ORGS]),
        st.sampled_from(ORGS),
        st.integers(2015, 2024),
        st.sampled_from([ClaimStatus.REPORTED, ClaimStatus.CONFIRMED]),
        st.sampled_from([s for s, _ in SOURCES]),
        st.sampled_from([None, 3, 7]),  # the month, when the claim names one
    ),
    min_size=1,
    max_size=6,
)


Move = tuple[str, str | None, str, int, ClaimStatus, str, int | None]


def reference_corroborating(history: list[Move], person: str) -> dict[tuple[str | None, str, str], int]:
    """Corroborating sources per claim (keyed by from, to, effective), by plain reasoning
    (docs/rules.md#corroboration): the organizations are companies, every claim is positive, and
    two periods overlap when their years are equal and their months equal or one names none."""
    claims: dict[tuple[str | None, str, str], set[str]] = {}
    for p, frm, to, year, _status, source, month in history:
        if p == person and frm != to:
            claims.setdefault((frm, to, f"{year}-{month:02d}" if month else str(year)), set()).add(source)

    def agree(a: tuple[str | None, str, str], b: tuple[str | None, str, str]) -> bool:
        same_time = a[2][:4] == b[2][:4] and (len(a[2]) == 4 or len(b[2]) == 4 or a[2] == b[2])
        return same_time and a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0])

    return {key: len(set().union(*(found for other, found in claims.items() if agree(key, other))))
            for key in claims}


def reference_employer(history: list[tuple[str, str | None, str, int]], person: str) -> str | None:
    """Where the last distinct-year, unconflicted arrival left the person, by plain reasoning.

    Used only for histories whose moves have pairwise distinct years and never repeat a
    departure or arrival org, so that no conflict (docs/rules.md#conflicts) can arise.
    """
    mine = sorted((year, to) for p, _frm, to, year in history if p == person)
    return mine[-1][1] if mine else None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=moves)
def test_incremental_equals_rebuild_and_the_reference(backend: str, tmp_path: Path, history: list[Move]) -> None:
    with fresh_components(backend, tmp_path) as components:
        check(components, history)


def check(components: Components, history: list[Move]) -> None:
    ledger = components.ledger
    for org in ORGS:
        ledger.execute(c.RegisterOrganization(id=org, name=org.upper()), "t")
    for person in PEOPLE:
        ledger.execute(c.RegisterPerson(id=person, name=person.upper()), "t")
    for source, published in SOURCES:
        ledger.execute(c.RegisterSource(id=source, publisher=source, published_at=utc(published)), "t")
    for person, frm, to, year, status, source, month in history:
        if frm != to:
            effective = f"{year}-{month:02d}" if month else str(year)
            ledger.execute(c.ReportMove(person_id=person, from_id=frm, to_id=to, effective=effective, status=status,
                                        source_id=source), "t")
        components.projector.catch_up()  # page by page, as writes arrive
    incremental = snapshot(components.db)
    components.projector.rebuild()
    assert snapshot(components.db) == incremental

    simple = [(p, f, t, y) for p, f, t, y, _s, _src, _m in history if f != t]
    for person in PEOPLE:
        stored = {(v.from_id, v.to_id or "", v.effective.value): v.corroborating_sources
                  for v in components.queries.claims_of_person(person)}
        assert stored == reference_corroborating(history, person)
        mine = [m for m in simple if m[0] == person]
        years = [m[3] for m in mine]
        departures = [m[1] for m in mine if m[1]]
        arrivals = [m[2] for m in mine]
        if len(set(years)) == len(years) and len(set(departures)) == len(departures) and len(set(arrivals)) == len(
                arrivals):
            stint = components.queries.employer(person, date(2030, 1, 1), DEFAULT_CUTOFFS)
            assert (stint.organization_id if stint else None) == reference_employer(simple, person)
