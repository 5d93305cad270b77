"""The timelines' event handlers: they only note whose default timeline the page must recompute
(``materialize.recompute`` runs once per page, after every event of it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.claim import Claim
from events.organization import Organization
from events.person import Person
from projections.claims.handlers import person_of
from projections.db.sql import marks
from projections.db.writer import Writer, public
from projections.directory.handlers import org_parents
from projections.rules.orgs import OrgTree
from projections.timelines import sql


def _people_merged(w: Writer, e: Person.Merged, position: int) -> None:
    w.touched.update((public(e.originator_id), e.survivor_id))


def _org_reparented(w: Writer, e: Organization.Reparented, position: int) -> None:
    """Everyone with a claim at the organization or its units: their companies changed."""
    if not w.track_touched:
        return
    subtree = sorted(OrgTree(org_parents(w)).subtree(public(e.originator_id)))
    w.execute(sql.PEOPLE_WITH_CLAIMS_AT, subtree * 3, marks=marks(len(subtree)))
    for (person_id,) in w.fetchall():
        w.touched.add(person_id)
        w.changed_at.setdefault(person_id, set()).add(position)  # a belief change's cause


def _about_claim(w: Writer, e: Claim.Event, position: int) -> None:
    if w.track_touched:
        w.touched.add(person_of(w, e))


HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    Person.Merged: _people_merged,
    Organization.Reparented: _org_reparented,
    Claim.MoveReported: _about_claim,
    Claim.AffiliationReported: _about_claim,
    Claim.ReportAdded: _about_claim,
    Claim.Retracted: _about_claim,
    Claim.Corrected: _about_claim,
}
