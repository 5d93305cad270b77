"""The audit trail's event handlers: each event about a person is indexed under that person (a
merge under both people)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.claim import Claim
from events.person import Person
from projections.audit import sql
from projections.claims.handlers import person_of
from projections.db.writer import Writer, public


def _about_person(w: Writer, e: Person.Registered | Person.AliasAdded, position: int) -> None:
    w.execute(sql.INSERT_HISTORY, (public(e.originator_id), position))


def _people_merged(w: Writer, e: Person.Merged, position: int) -> None:
    w.execute(sql.INSERT_HISTORY, (public(e.originator_id), position))
    w.execute(sql.INSERT_HISTORY, (e.survivor_id, position))


def _about_claim(w: Writer, e: Claim.Event, position: int) -> None:
    w.execute(sql.INSERT_HISTORY, (person_of(w, e), position))


HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    Person.Registered: _about_person,
    Person.AliasAdded: _about_person,
    Person.Merged: _people_merged,
    Claim.MoveReported: _about_claim,
    Claim.AffiliationReported: _about_claim,
    Claim.ReportAdded: _about_claim,
    Claim.Retracted: _about_claim,
    Claim.Corrected: _about_claim,
}
