"""The belief changes' event handlers: they note which event touched which person, for
``materialize.steps_of`` (run with the timelines' recompute, once a page). A claim event touches
its person and the person's survivor (a duplicate's claims count for the survivor), a merge both
parties. An organization moved in the tree changes no belief: every timeline of a page is folded
under the tree as the page leaves it (``docs/rules.md#belief-changes``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.claim import Claim
from events.organization import Organization
from events.person import Person
from projections.beliefs import sql as q
from projections.claims.handlers import person_of
from projections.db.writer import Writer, public
from projections.directory.handlers import org_parents


def _note(w: Writer, person_id: str, position: int) -> None:
    w.changed_at.setdefault(person_id, set()).add(position)


def _about_claim(w: Writer, e: Claim.Event, position: int) -> None:
    if w.track_touched:
        _note(w, person_of(w, e), position)


def _org_reparented(w: Writer, e: Organization.Reparented, position: int) -> None:
    """Before the directory moves it: keep the organization's parent before and after."""
    org_id = public(e.originator_id)
    w.execute(q.INSERT_MOVE, (position, org_id, e.parent_id, org_parents(w).get(org_id)))


def _people_merged(w: Writer, e: Person.Merged, position: int) -> None:
    if w.track_touched:
        _note(w, public(e.originator_id), position)
        _note(w, e.survivor_id, position)


# Run before the directory's (which moves the organization): ``projector/dispatch.py``.
BEFORE_DIRECTORY: dict[type[Any], Callable[[Writer, Any, int], None]] = {Organization.Reparented: _org_reparented}
HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    Person.Merged: _people_merged,
    Claim.MoveReported: _about_claim,
    Claim.AffiliationReported: _about_claim,
    Claim.ReportAdded: _about_claim,
    Claim.Retracted: _about_claim,
    Claim.Corrected: _about_claim,
}
