"""Timelines inside any read: a person's stints under the read's cutoffs (materialized rows for
the default cutoffs, their versions under a ``knownAt`` alone in the default lens, folded from the
facts for any other lens), and the stints at organizations."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from projections.claims.horizons import narrow
from projections.claims.reads import claims_of
from projections.db.adapter import Cursor
from projections.db.sql import marks, sql
from projections.directory.reads import OrgTrees
from projections.model import Certainty, Cutoffs, StintView
from projections.rules.fold import Stint
from projections.rules.timeline import build_timeline
from projections.timefmt import day
from projections.timelines import sql as q
from projections.timelines import versions
from projections.timelines.folded import AnyStint, folded_at, stints_of_people
from projections.timelines.stored import StoredStint

__all__ = ["AnyStint", "StoredStint", "computed_stints", "stint_view", "stints_at", "stints_of"]


def stint_view(stint: AnyStint, certainty: Certainty | None = None) -> StintView:
    if isinstance(stint, StoredStint):
        start, end, anomalies = stint.views()
    else:
        start, end, anomalies = stint.start_bounds.view(), stint.end_bounds.view(), stint.anomalies
    return StintView(stint.organization_id, stint.role, stint.start, stint.end, stint.status,
                     stint.claim_ids, stint.source_ids, certainty, start, end, stint.observed, anomalies)


def computed_stints(cur: Cursor, survivor: str, cutoffs: Cutoffs, trees: OrgTrees) -> list[Stint]:
    """The survivor's stints folded on read from the facts under ``cutoffs``, one person at a time
    (the plain path the tests hold the batched reads to)."""
    return build_timeline(claims_of(cur, survivor, cutoffs), cutoffs, trees.get(cur))


def stints_of(
    cur: Cursor, survivor: str, cutoffs: Cutoffs, trees: OrgTrees, on: date | None = None
) -> list[AnyStint]:
    """The survivor's stints under ``cutoffs``, in order (folded, unless the cutoffs cannot touch
    them: ``folded.split``); with ``on``, only their stored stints or versions possibly holding
    then are read (a fold still gives them all)."""
    cutoffs = narrow(cur, cutoffs)
    if cutoffs.is_default:
        template, parts, holds = (q.STINTS_HOLDING if on else q.STINTS_OF), {}, []
    elif versions.versioned(cutoffs):
        template = q.VERSION_STINTS_HOLDING if on else q.VERSION_STINTS_OF
        parts, holds = versions.parts(cutoffs), versions.holding(cutoffs)
    else:
        return stints_of_people(cur, [survivor], cutoffs, trees.get(cur))[survivor]
    cur.execute(sql(template, **parts), [survivor, *holds, *([day(on), day(on)] if on else [])])
    return [StoredStint(row) for row in cur.fetchall()]


def stints_at(
    cur: Cursor, orgs: list[str], cutoffs: Cutoffs, at: date | None, trees: OrgTrees
) -> dict[str, list[AnyStint]]:
    """Stints at any of ``orgs``, by person (holding on ``at`` when given). Under other cutoffs
    than the default, every person with a fact naming one of ``orgs`` is folded on read
    (``folded_at``: their facts read in a few chunked queries). The caller has narrowed the
    cutoffs (``claims.horizons.narrow``) in the same snapshot."""
    by_person: dict[str, list[AnyStint]] = defaultdict(list)
    if cutoffs.is_default or versions.versioned(cutoffs):
        on_day = [day(at), day(at)] if at is not None else []
        if cutoffs.is_default:
            template, params = q.STINTS_AT, [*orgs, *on_day]
        else:
            template, params = q.VERSION_STINTS_AT, [*orgs, *versions.holding(cutoffs), *on_day]
        template += q.HOLDING_ON if at is not None else ""
        holds = versions.parts(cutoffs) if not cutoffs.is_default else {}
        cur.execute(sql(template, marks=marks(len(orgs)), **holds), params)
        for row in cur.fetchall():
            by_person[row[0]].append(StoredStint(row))
        return by_person
    for person, stints in folded_at(cur, orgs, cutoffs, trees.get(cur)):
        holding = [s for s in stints if at is None or s.certainty(at)]
        if holding:
            by_person[person].extend(holding)
    return by_person
