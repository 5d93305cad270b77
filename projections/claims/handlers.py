"""The claims' event handlers: each claim event is one fact row; a claim's creation and its
corrected ends also keep its ``tl_claims`` row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.claim import Claim
from projections.claims import horizons, sql
from projections.db.writer import Writer, public
from projections.directory.handlers import source


def claim_person(w: Writer, claim_id: str) -> str:
    """The person a claim is about (cached: it never changes)."""
    found = w.cache.claim_person.get(claim_id)
    if found is None:
        w.cache.misses += 1
        w.execute(sql.PERSON_OF_CLAIM, (claim_id,))
        found = w.cache.claim_person[claim_id] = w.fetchone()[0]
    return found


def _fact(w: Writer, e: Claim.Event, position: int, fact: str, person_id: str, **fields: Any) -> None:
    source_id, cites_id = fields.get("source_id"), fields.get("cites_id")
    published, publisher = source(w, source_id) if source_id else (None, None)
    if cites_id:  # the report relays another source: it counts as that one's publisher (docs/domain.md#citations)
        publisher = source(w, cites_id)[1]
    w.execute(sql.INSERT_FACT, (
        position, public(e.originator_id), person_id, fact, w.recorded, published, fields.get("status"),
        source_id, publisher, fields.get("note"), fields.get("effective"), fields.get("role"),
        fields.get("from_id"), fields.get("to_id"), fields.get("kind"), fields.get("org_id"), fields.get("tense"),
        cites_id,
    ))
    if w.track_touched:  # a rebuild's bulk load fills them at the end
        horizons.fact_added(w, w.recorded, published)


def move_reported(w: Writer, e: Claim.MoveReported, position: int) -> None:
    claim_id = public(e.originator_id)
    w.execute(sql.INSERT_CLAIM, (claim_id, e.person_id, e.from_id, e.to_id, e.kind, None))
    w.cache.claim_person[claim_id] = e.person_id
    _fact(w, e, position, "reported", e.person_id, status=e.status, source_id=e.source_id, note=e.note,
          effective=e.effective, role=e.role, from_id=e.from_id, to_id=e.to_id, kind=e.kind,
          cites_id=getattr(e, "cites_id", None))


def affiliation_reported(w: Writer, e: Claim.AffiliationReported, position: int) -> None:
    claim_id = public(e.originator_id)
    w.execute(sql.INSERT_CLAIM, (claim_id, e.person_id, None, None, e.kind, e.organization_id))
    w.cache.claim_person[claim_id] = e.person_id
    _fact(w, e, position, "reported", e.person_id, status=e.status, source_id=e.source_id, note=e.note,
          effective=e.observed_at, role=e.role, kind=e.kind, org_id=e.organization_id, tense=e.tense,
          cites_id=e.cites_id)


def report_added(w: Writer, e: Claim.ReportAdded, position: int) -> None:
    person_id = claim_person(w, public(e.originator_id))
    _fact(w, e, position, "report", person_id, status=e.status, source_id=e.source_id, note=e.note,
          cites_id=getattr(e, "cites_id", None))


def claim_retracted(w: Writer, e: Claim.Retracted, position: int) -> None:
    person_id = claim_person(w, public(e.originator_id))
    _fact(w, e, position, "retracted", person_id, source_id=e.source_id, note=e.reason)


def claim_corrected(w: Writer, e: Claim.Corrected, position: int) -> None:
    claim_id = public(e.originator_id)
    person_id = claim_person(w, claim_id)
    org_id = getattr(e, "organization_id", None)
    if e.from_id is not None or e.to_id is not None or org_id is not None:
        w.execute(sql.CORRECT_ENDS, (e.from_id, e.to_id, org_id, claim_id))
    _fact(w, e, position, "corrected", person_id, source_id=e.source_id, effective=e.effective,
          role=e.role, from_id=e.from_id, to_id=e.to_id, org_id=org_id)


def person_of(w: Writer, e: Claim.Event) -> str:
    """The person any claim event is about (for the read models that index claims by person)."""
    if isinstance(e, Claim.MoveReported | Claim.AffiliationReported):
        return e.person_id
    return claim_person(w, public(e.originator_id))


HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    Claim.MoveReported: move_reported,
    Claim.AffiliationReported: affiliation_reported,
    Claim.ReportAdded: report_added,
    Claim.Retracted: claim_retracted,
    Claim.Corrected: claim_corrected,
}
