"""Timelines folded on read, for many people at once (docs/time.md#reads-that-fold): under cutoffs
other than the default, a read loads the fact rows of all its candidates in a few chunked,
indexed queries and folds each person with the same pure rules as the projector
(``rules.claims.claim_states``, ``rules.timeline.build_timeline``); no query per person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from projections.claims.reads import facts_of_groups
from projections.db.adapter import Cursor
from projections.db.sql import marks, sql
from projections.directory.reads import merged_groups, survivors_of
from projections.model import Cutoffs
from projections.rules.claims import ClaimState, claim_states
from projections.rules.fold import Stint
from projections.rules.orgs import OrgTree
from projections.rules.timeline import build_timeline
from projections.timefmt import ts
from projections.timelines import sql as q

FIRST_BATCH = 64
"""People folded in the first batch of a paged read; each further batch is twice as large."""


class Folded(NamedTuple):
    claims: list[ClaimState]  # after ``build_timeline``: contested and corroboration are set
    stints: list[Stint]


def fold_people(cur: Cursor, survivors: list[str], cutoffs: Cutoffs, tree: OrgTree) -> dict[str, Folded]:
    """Each survivor's claims and stints under ``cutoffs`` (the people merged into it by ``as_of``
    included), from one chunked read of their fact rows."""
    as_of = ts(cutoffs.as_of) if cutoffs.as_of else None
    facts = facts_of_groups(cur, merged_groups(cur, survivors, as_of))
    folded = {}
    for survivor in survivors:
        claims = claim_states(facts[survivor], cutoffs)
        folded[survivor] = Folded(claims, build_timeline(claims, cutoffs, tree))
    return folded


def candidates_at(cur: Cursor, orgs: list[str]) -> list[str]:
    """The survivors of everyone with a fact naming one of ``orgs`` (the ends of a move, an
    affiliation's organization), in id order: no one else can hold a stint there under any cutoffs."""
    cur.execute(sql(q.PEOPLE_WITH_FACTS_AT, marks=marks(len(orgs))), orgs + orgs + orgs)
    return sorted(set(survivors_of(cur, [row[0] for row in cur.fetchall()]).values()))


def folded_at(
    cur: Cursor, orgs: list[str], cutoffs: Cutoffs, tree: OrgTree, *, after: str = "", paged: bool = False
) -> Iterator[tuple[str, list[Stint]]]:
    """Each candidate after ``after`` (in id order) with their folded stints at ``orgs``. ``paged``
    folds a small batch first and doubles it while the caller asks for more, so a page of a roster
    folds about as many people as it needs; otherwise all candidates are folded in one go."""
    wanted = set(orgs)
    people = [p for p in candidates_at(cur, orgs) if p > after]
    size = FIRST_BATCH if paged else len(people)
    begin = 0
    while begin < len(people):
        batch = people[begin : begin + size]
        for person, folded in fold_people(cur, batch, cutoffs, tree).items():
            yield person, [s for s in folded.stints if s.organization_id in wanted]
        begin += len(batch)
        size *= 2
