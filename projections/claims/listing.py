"""Claims for analysts (``docs/api.md#lists-for-analysts``): every claim matching some filters, in
id order, a page at a time, under the default cutoffs. A page is one query for its ids (filters in
SQL, over the ``claims`` table, its ``facts`` and the sources), then the claims themselves in the
two reads every claim lookup takes: the number of reads never grows with the page or the data set.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from events.base import ClaimKind, ClaimStatus
from projections.claims.reads import claim_view, claims_by_ids, with_stored_contested
from projections.cursors import decode_cursor, encode_cursor
from projections.db.adapter import Cursor, Database
from projections.db.sql import LIVE, marks, sql
from projections.directory.reads import OrgTrees, merged_ids, survivor
from projections.model import DEFAULT_CUTOFFS, ClaimView, Page
from projections.search import normalize
from projections.storable import as_stored

# A claim's kind from its ends, as ``events.claim.kind_of`` decides it (a correction may change them);
# an affiliation's from its stored kind.
_KINDS = {
    ClaimKind.MOVE: "c.from_id IS NOT NULL AND c.to_id IS NOT NULL",
    ClaimKind.HIRE: "c.from_id IS NULL AND c.to_id IS NOT NULL",
    ClaimKind.DEPARTURE: "c.from_id IS NOT NULL AND c.to_id IS NULL",
    ClaimKind.AFFILIATION: "c.kind = 'AFFILIATION'",  # its ends are both null
}
_BY_SOURCE = "EXISTS (SELECT 1 FROM {p}facts f WHERE f.claim_id = c.id AND f.source_id = ?)"
_BY_PUBLISHER = (
    "EXISTS (SELECT 1 FROM {p}facts f JOIN {p}sources s ON s.id = f.source_id"
    " WHERE f.claim_id = c.id AND s.publisher_norm = ?)"
)
PAGE = "SELECT c.id FROM {p}claims c WHERE c.id > ?{where} ORDER BY c.id LIMIT ?"
COUNT = "SELECT COUNT(*) FROM {p}claims c WHERE 1 = 1{where}"


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What ``Query.claims`` asks for; None (or empty) leaves a filter out."""

    person_id: str | None = None
    organization_id: str | None = None
    include_units: bool = True
    kind: ClaimKind | None = None
    statuses: tuple[ClaimStatus, ...] = ()
    source_id: str | None = None
    publisher: str | None = None


def _stored(text: str | None) -> str | None:
    return None if text is None else as_stored(text)


class ClaimList:
    def __init__(self, db: Database, trees: OrgTrees) -> None:
        self.db = db
        self.trees = trees

    def _where(self, cur: Cursor, f: ClaimFilter) -> tuple[str, list[Any]] | None:
        """The filters as SQL and parameters; None when they can match nothing."""
        f = replace(f, person_id=_stored(f.person_id), organization_id=_stored(f.organization_id),
                    source_id=_stored(f.source_id), publisher=_stored(f.publisher))
        parts: list[str] = []
        params: list[Any] = []
        if f.person_id is not None:
            found = survivor(cur, f.person_id)
            if found is None:
                return None
            people = merged_ids(cur, LIVE, found, None)  # a survivor's claims include its duplicates'
            parts.append(f"c.person_id IN ({marks(len(people))})")
            params += people
        if f.organization_id is not None:
            # Either end of a move, or an affiliation's organization (docs/api.md#lists-for-analysts),
            # the units within it too by default.
            orgs = self.trees.scope(cur, f.organization_id, f.include_units)
            among = marks(len(orgs))
            parts.append(f"(c.from_id IN ({among}) OR c.to_id IN ({among}) OR c.org_id IN ({among}))")
            params += orgs * 3
        if f.kind is not None:
            if f.kind not in _KINDS:
                return None
            parts.append(_KINDS[f.kind])
        if f.statuses:
            parts.append(f"c.status IN ({marks(len(f.statuses))})")
            params += [s.value for s in f.statuses]
        if f.source_id is not None:
            parts.append(_BY_SOURCE)
            params.append(f.source_id)
        if f.publisher is not None:
            parts.append(_BY_PUBLISHER)
            params.append(normalize(f.publisher))
        return "".join(f" AND {p}" for p in parts), params

    def claims(self, f: ClaimFilter, *, first: int, after: str | None) -> Page[ClaimView]:
        """The ``first`` matching claims after the cursor ``after``, in id order."""
        key = decode_cursor(after)
        with self.db.read() as cur:
            where = self._where(cur, f)
            if where is None:
                return Page([], [], False)
            cur.execute(sql(PAGE.replace("{where}", where[0])), [key, *where[1], first + 1])
            ids = [row[0] for row in cur.fetchall()]
            page = ids[:first]
            found = {c.id: c for c in with_stored_contested(cur, claims_by_ids(cur, page, DEFAULT_CUTOFFS))}
        views = [claim_view(found[i]) for i in page if i in found]
        return Page(views, [encode_cursor(v.id) for v in views], len(ids) > first)

    def count(self, f: ClaimFilter) -> int:
        """How many claims match, on every page."""
        with self.db.read() as cur:
            where = self._where(cur, f)
            if where is None:
                return 0
            cur.execute(sql(COUNT.replace("{where}", where[0])), where[1])
            return int(cur.fetchone()[0])
