"""Claims as a read sees them, inside the reads of any read model: the fact rows of a person (and
the people merged into them) folded under the read's cutoffs, and the stored ``contested`` flags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.claims import sql as q
from projections.db.adapter import Cursor
from projections.db.sql import LIVE, marks, sql
from projections.directory.reads import CHUNK, merged_ids
from projections.model import ClaimView, Cutoffs, ReportView
from projections.rules.claims import ClaimState, Fact, claim_states
from projections.timefmt import parse_ts, ts


def fact_from_row(row: Any) -> Fact:
    """A row of ``FACT_COLUMNS`` (by position: a rebuild maps millions of them)."""
    return Fact(
        position=row[0], claim_id=row[1], person_id=row[2], fact=row[3], recorded_at=parse_ts(row[4]),
        published_at=parse_ts(row[5]) if row[5] else None, status=row[6], source_id=row[7],
        publisher=row[8], note=row[9], effective=row[10], role=row[11], from_id=row[12], to_id=row[13],
        kind=row[14], org_id=row[15], tense=row[16], cites_id=row[17],
    )


def facts_of(cur: Cursor, prefix: str, people: list[str]) -> list[Fact]:
    """The fact rows of these people, in position order."""
    cur.execute(sql(q.FACTS_OF_PEOPLE, prefix, marks=marks(len(people))), people)
    return [fact_from_row(row) for row in cur.fetchall()]


def fact_rows_of_groups(cur: Cursor, groups: dict[str, list[str]]) -> dict[str, list[Any]]:
    """The fact rows of each group of people (a survivor and those merged into it), in position
    order, read in chunks of ``CHUNK`` people along the ``(person_id, position)`` index. Plain
    rows: a caller makes each group's ``Fact`` objects (``fact_from_row``) just before folding
    them, so only one person's are alive at a time."""
    owner = {person: survivor for survivor, ids in groups.items() for person in ids}
    people = sorted(owner)
    found: dict[str, list[Any]] = {survivor: [] for survivor in groups}
    for begin in range(0, len(people), CHUNK):
        chunk = people[begin : begin + CHUNK]
        cur.execute(sql(q.FACTS_OF_PEOPLE, LIVE, marks=marks(len(chunk))), chunk)
        for row in cur.fetchall():
            found[owner[row[2]]].append(row)
    for survivor, ids in groups.items():
        if len(ids) > 1:  # its people may have been read in different chunks
            found[survivor].sort(key=lambda row: row[0])
    return found


def claims_of(cur: Cursor, survivor: str, cutoffs: Cutoffs) -> list[ClaimState]:
    """The claims about a survivor and the people merged into it by ``as_of``, under ``cutoffs``."""
    as_of = ts(cutoffs.as_of) if cutoffs.as_of else None
    ids = merged_ids(cur, LIVE, survivor, as_of)
    return claim_states(facts_of(cur, LIVE, ids), cutoffs)


def claims_by_ids(cur: Cursor, ids: Sequence[str], cutoffs: Cutoffs) -> list[ClaimState]:
    """These claims under ``cutoffs`` (their facts read in chunks, folded in position order)."""
    rows: list[Any] = []
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        cur.execute(sql(q.FACTS_OF_CLAIMS, marks=marks(len(chunk))), chunk)
        rows += cur.fetchall()
    return claim_states((fact_from_row(r) for r in rows), cutoffs)


def with_stored_contested(cur: Cursor, claims: list[ClaimState]) -> list[ClaimState]:
    """Mark each claim ``contested``, and set its ``corroborating_sources``, as the projector stored
    them (under the default cutoffs: they depend on the person's other claims)."""
    found: dict[str, tuple[bool, int]] = {}
    ids = [c.id for c in claims]
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        cur.execute(sql(q.CONTESTED, marks=marks(len(chunk))), chunk)
        found.update((claim_id, (bool(contested), int(corroborating or 0)))
                     for claim_id, contested, corroborating in cur.fetchall())
    for claim in claims:
        claim.contested, stored = found.get(claim.id, (False, 0))
        claim.corroborating_sources = max(stored, claim.independent_sources)
    return claims


def claim_view(claim: ClaimState) -> ClaimView:
    assert claim.status is not None
    reports = sorted(claim.reports, key=lambda r: (r.published_at, r.position))
    return ClaimView(
        claim.id, claim.kind, claim.person_id, claim.from_id, claim.to_id, claim.role, claim.effective,
        claim.status, claim.independent_sources, claim.contested,
        [ReportView(r.source_id, r.status, r.note, r.published_at, r.recorded_at, r.cites_id) for r in reports],
        claim.corroborating_sources, organization_id=claim.org_id, tense=claim.tense,
    )
