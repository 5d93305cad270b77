"""One handler per event type, writing a page of events into one set of read-model tables.

Rows are written through the page's cursor, inside the transaction that also advances the
tracking position: a page is applied entirely or not at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import msgspec

from events.base import LedgerAggregate
from events.claim import Claim
from events.organization import Organization
from events.person import Person
from events.source import Source
from projections.db.adapter import Cursor
from projections.model import DEFAULT_CUTOFFS
from projections.rules.claims import Fact, claim_states
from projections.rules.orgs import OrgTree
from projections.rules.timeline import build_timeline
from projections.search import normalize
from projections.storable import NUL, NUL_IN_JSON, storable
from projections.timefmt import day, parse_ts, ts

TYPE_NAMES: dict[type[Any], str] = {
    Person.Registered: "PersonRegistered",
    Person.AliasAdded: "PersonAliasAdded",
    Person.Merged: "PeopleMerged",
    Organization.Registered: "OrganizationRegistered",
    Organization.AliasAdded: "OrganizationAliasAdded",
    Organization.Reparented: "OrganizationReparented",
    Source.Registered: "SourceRegistered",
    Claim.MoveReported: "MoveReported",
    Claim.ReportAdded: "ReportAdded",
    Claim.Retracted: "ClaimRetracted",
    Claim.Corrected: "ClaimCorrected",
}
# Bookkeeping every event carries, left out of an event's ``data``.
ENVELOPE = {"originator_id", "originator_version", "timestamp", "recorded_by", "originator_topic"}
FACT_COLUMNS = (
    "position, claim_id, person_id, fact, recorded_at, published_at, status, source_id, publisher,"
    " note, effective, role, from_id, to_id"
)


def _encode(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def public(aggregate_id: str) -> str:
    return aggregate_id.split(":", 1)[1]


class WriterCache:
    """Facts that never change once recorded (a source's publication and publisher, a claim's
    person), kept across pages so that looking them up does not cost a query per page.

    Bounded: past ``limit`` entries the older half is dropped (reports mostly follow their claim
    closely, so recent entries are the useful ones); a miss is one indexed read.
    """

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.sources: dict[str, tuple[str, str]] = {}
        self.claim_person: dict[str, str] = {}
        # Organizations' parents, only for a loader that has seen every event from the first
        # (a rebuild's): live parents change, and a live projector reads them per page.
        self.orgs: dict[str, str | None] | None = None
        self.misses = 0

    def clear(self) -> None:
        """Forget everything (after a page rolled back: it may have cached what it added)."""
        self.sources.clear()
        self.claim_person.clear()

    def trim(self) -> None:
        """Bound the memory of a long-running projector."""
        for cached in (self.sources, self.claim_person):
            if len(cached) > self.limit:
                for key in list(itertools.islice(cached, len(cached) // 2)):  # oldest first
                    del cached[key]


class PageWriter:
    """Applies events to the tables under ``prefix``; remembers whose timelines to recompute."""

    def __init__(
        self, cur: Cursor, prefix: str, cache: WriterCache | None = None, *, track_touched: bool = True
    ) -> None:
        self.cur = _BatchingCursor(cur)
        self.track_touched = track_touched  # off when nobody recomputes per page (a rebuild's load)
        self.p = prefix
        self.touched: set[str] = set()
        cache = self._cache = cache if cache is not None else WriterCache()
        cache.trim()
        self._sources = cache.sources
        self._claim_person = cache.claim_person
        self._orgs: dict[str, str | None] | None = None
        self._recorded = ""  # the event being applied: its recorded time, formatted once

    # -- the log every event goes to -----------------------------------------------------------

    def apply(self, event: LedgerAggregate.Event, position: int) -> None:
        event = self.log(event, position)
        _HANDLERS[type(event)](self, event, position)

    def log(self, event: LedgerAggregate.Event, position: int) -> LedgerAggregate.Event:
        """Write the event to the change feed's log; returns it as the read models hold it (with
        any NUL in its text replaced: ``storable.py``)."""
        data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
        encoded = _encode(data)
        if NUL_IN_JSON in encoded or NUL in event.originator_id or NUL in (event.recorded_by or ""):
            event = storable(event)
            data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
            encoded = _encode(data)
        self._recorded = ts(event.timestamp)
        self.cur.execute(
            f"INSERT INTO {self.p}events (position, type, recorded_at, recorded_by, subject_id, source_id,"
            " data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (position, TYPE_NAMES[type(event)], self._recorded, event.recorded_by,
             public(event.originator_id), data.get("source_id"), encoded),
        )
        return event

    def _history(self, person_id: str, position: int) -> None:
        self.cur.execute(
            f"INSERT INTO {self.p}history (person_id, position) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (person_id, position),
        )

    def _aliases(self, kind: str, subject_id: str, name: str | None, aliases: Iterable[dict[str, Any]]) -> None:
        """Insert aliases (and, when given, the display name, marked ``is_name``); repeats are ignored."""
        rows = [(kind, subject_id, name, "", normalize(name), 1)] if name is not None else []
        rows += [(kind, subject_id, a["name"], a.get("language") or "", normalize(a["name"]), 0) for a in aliases]
        self.cur.executemany(
            f"INSERT INTO {self.p}aliases (subject_kind, subject_id, name, language, norm, is_name)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            rows,
        )

    # -- people ---------------------------------------------------------------------------------

    def _person_registered(self, e: Person.Registered, position: int) -> None:
        person_id = public(e.originator_id)
        self.cur.execute(f"INSERT INTO {self.p}persons (id, name) VALUES (?, ?)", (person_id, e.name))
        self._aliases("person", person_id, e.name, e.aliases)
        self._history(person_id, position)

    def _person_alias(self, e: Person.AliasAdded, position: int) -> None:
        person_id = public(e.originator_id)
        self._aliases("person", person_id, None, [{"name": e.name, "language": e.language}])
        self._history(person_id, position)

    def _person_merged(self, e: Person.Merged, position: int) -> None:
        duplicate = public(e.originator_id)
        self.cur.execute(f"UPDATE {self.p}persons SET merged_into = ? WHERE id = ?", (e.survivor_id, duplicate))
        self.cur.execute(
            f"INSERT INTO {self.p}merges (duplicate_id, survivor_id, recorded_at, position) VALUES (?, ?, ?, ?)",
            (duplicate, e.survivor_id, self._recorded, position),
        )
        self._history(duplicate, position)
        self._history(e.survivor_id, position)
        self.touched.update((duplicate, e.survivor_id))

    # -- organizations and sources ----------------------------------------------------------------

    def org_parents(self) -> dict[str, str | None]:
        if self._orgs is None:
            if self._cache.orgs is not None:
                self._orgs = self._cache.orgs
            else:
                self.cur.execute(f"SELECT id, parent_id FROM {self.p}orgs")
                self._orgs = dict(self.cur.fetchall())
        return self._orgs

    def _org_registered(self, e: Organization.Registered, position: int) -> None:
        org_id = public(e.originator_id)
        self.cur.execute(
            f"INSERT INTO {self.p}orgs (id, name, parent_id) VALUES (?, ?, ?)", (org_id, e.name, e.parent_id)
        )
        self._aliases("organization", org_id, e.name, e.aliases)
        self.org_parents()[org_id] = e.parent_id

    def _org_alias(self, e: Organization.AliasAdded, position: int) -> None:
        self._aliases("organization", public(e.originator_id), None, [{"name": e.name, "language": e.language}])

    def _org_reparented(self, e: Organization.Reparented, position: int) -> None:
        org_id = public(e.originator_id)
        self.cur.execute(f"UPDATE {self.p}orgs SET parent_id = ? WHERE id = ?", (e.parent_id, org_id))
        parents = self.org_parents()
        parents[org_id] = e.parent_id
        if not self.track_touched:
            return
        subtree = sorted(OrgTree(parents).subtree(org_id))
        marks = ",".join("?" * len(subtree))
        self.cur.execute(
            f"SELECT DISTINCT person_id FROM {self.p}claims WHERE from_id IN ({marks}) OR to_id IN ({marks})",
            subtree + subtree,
        )
        self.touched.update(row[0] for row in self.cur.fetchall())

    def _source_registered(self, e: Source.Registered, position: int) -> None:
        source_id = public(e.originator_id)
        key = self.source(e.cites_id)[1] if e.cites_id else e.publisher.strip().casefold()
        published = ts(e.published_at)
        self.cur.execute(
            f"INSERT INTO {self.p}sources (id, publisher, url, title, language, published_at, cites_id,"
            " independent_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (source_id, e.publisher, e.url, e.title, e.language, published, e.cites_id, key),
        )
        self._sources[source_id] = (published, key)

    def source(self, source_id: str) -> tuple[str, str]:
        """(published_at, independence key) of a source."""
        found = self._sources.get(source_id)
        if found is None:
            self._cache.misses += 1
            self.cur.execute(
                f"SELECT published_at, independent_key FROM {self.p}sources WHERE id = ?", (source_id,)
            )
            row = self.cur.fetchone()
            found = self._sources[source_id] = (row[0], row[1])
        return found

    # -- claims -----------------------------------------------------------------------------------

    def _fact(self, e: Claim.Event, position: int, fact: str, person_id: str, **fields: Any) -> None:
        source_id = fields.get("source_id")
        published, publisher = self.source(source_id) if source_id else (None, None)
        self.cur.execute(
            f"INSERT INTO {self.p}facts ({FACT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (position, public(e.originator_id), person_id, fact, self._recorded, published,
             fields.get("status"), source_id, publisher, fields.get("note"), fields.get("effective"),
             fields.get("role"), fields.get("from_id"), fields.get("to_id")),
        )
        self._history(person_id, position)
        self.touched.add(person_id)

    def claim_person(self, claim_id: str) -> str:
        found = self._claim_person.get(claim_id)
        if found is None:
            self._cache.misses += 1
            self.cur.execute(f"SELECT person_id FROM {self.p}claims WHERE id = ?", (claim_id,))
            found = self._claim_person[claim_id] = self.cur.fetchone()[0]
        return found

    def _move_reported(self, e: Claim.MoveReported, position: int) -> None:
        claim_id = public(e.originator_id)
        self.cur.execute(
            f"INSERT INTO {self.p}claims (id, person_id, from_id, to_id) VALUES (?, ?, ?, ?)",
            (claim_id, e.person_id, e.from_id, e.to_id),
        )
        self._claim_person[claim_id] = e.person_id
        self._fact(e, position, "reported", e.person_id, status=e.status, source_id=e.source_id, note=e.note,
                   effective=e.effective, role=e.role, from_id=e.from_id, to_id=e.to_id)

    def _report_added(self, e: Claim.ReportAdded, position: int) -> None:
        person_id = self.claim_person(public(e.originator_id))
        self._fact(e, position, "report", person_id, status=e.status, source_id=e.source_id, note=e.note)

    def _retracted(self, e: Claim.Retracted, position: int) -> None:
        person_id = self.claim_person(public(e.originator_id))
        self._fact(e, position, "retracted", person_id, source_id=e.source_id, note=e.reason)

    def _corrected(self, e: Claim.Corrected, position: int) -> None:
        claim_id = public(e.originator_id)
        person_id = self.claim_person(claim_id)
        if e.from_id is not None or e.to_id is not None:
            self.cur.execute(
                f"UPDATE {self.p}claims SET from_id = COALESCE(?, from_id), to_id = COALESCE(?, to_id)"
                " WHERE id = ?",
                (e.from_id, e.to_id, claim_id),
            )
        self._fact(e, position, "corrected", person_id, source_id=e.source_id, effective=e.effective,
                   role=e.role, from_id=e.from_id, to_id=e.to_id)

    # -- the default timeline, materialized ------------------------------------------------------

    def recompute(self, people: Iterable[str]) -> None:
        """Recompute the default-cutoff timeline of each person (as its merge survivor)."""
        tree = OrgTree(self.org_parents())
        done: set[str] = set()
        for person_id in sorted(set(people)):
            survivor = survivor_of(self.cur, self.p, person_id)
            if survivor in done:
                continue
            done.add(survivor)
            self._recompute_one(survivor, tree)

    def _recompute_one(self, survivor: str, tree: OrgTree) -> None:
        ids = merged_ids(self.cur, self.p, survivor, None)
        marks = ",".join("?" * len(ids))
        self.cur.execute(f"SELECT {FACT_COLUMNS} FROM {self.p}facts WHERE person_id IN ({marks})"
                         " ORDER BY position", ids)
        facts = [fact_from_row(row) for row in self.cur.fetchall()]
        self.cur.execute(f"DELETE FROM {self.p}stints WHERE person_id IN ({marks})", ids)
        self.cur.execute(f"DELETE FROM {self.p}moves WHERE person_id IN ({marks})", ids)
        rows = TimelineRows()
        rows.add(survivor, facts, tree)
        self.write_rows(rows)

    def write_rows(self, rows: TimelineRows, *, claims_later: bool = False) -> None:
        """Insert computed stints and moves and set their claims' status (see ``fold_range``).

        With ``claims_later`` the claims' status rows go to the ``claim_status`` scratch table,
        to be applied all at once by ``apply_claim_status``: a million single-row updates in
        random key order cost a rebuild several times more than one joined update.
        """
        self.cur.executemany(STINT_INSERT.format(p=self.p), rows.stints)
        self.cur.executemany(MOVE_INSERT.format(p=self.p), rows.moves)
        if claims_later:
            self.cur.executemany(
                f"INSERT INTO {self.p}claim_status (status, independent, contested, id) VALUES (?, ?, ?, ?)",
                rows.claims,
            )
        else:
            self._update_claims(rows.claims)

    def apply_claim_status(self) -> None:
        """Set every claim's status from ``claim_status`` in one statement, then drop it."""
        self.cur.execute(f"CREATE INDEX {self.p}claim_status_id ON {self.p}claim_status (id)")
        self.cur.execute(
            f"UPDATE {self.p}claims SET status = s.status, independent = s.independent,"
            f" contested = s.contested FROM {self.p}claim_status AS s WHERE s.id = {self.p}claims.id"
        )
        self.cur.execute(f"DROP TABLE {self.p}claim_status")

    def _update_claims(self, rows: list[tuple[Any, ...]]) -> None:
        self.cur.executemany(
            f"UPDATE {self.p}claims SET status = ?, independent = ?, contested = ? WHERE id = ?", rows
        )

    def flush(self) -> None:
        """Send the buffered inserts (the page's transaction commits after this)."""
        self.cur.flush()


# One handler per event type; plain functions, not bound methods kept on the writer, so that a
# page's writer (and the rows it holds) is freed as soon as the page is done, cycle collector or not.
_HANDLERS: dict[type[Any], Callable[[PageWriter, Any, int], None]] = {
    Person.Registered: PageWriter._person_registered,
    Person.AliasAdded: PageWriter._person_alias,
    Person.Merged: PageWriter._person_merged,
    Organization.Registered: PageWriter._org_registered,
    Organization.AliasAdded: PageWriter._org_alias,
    Organization.Reparented: PageWriter._org_reparented,
    Source.Registered: PageWriter._source_registered,
    Claim.MoveReported: PageWriter._move_reported,
    Claim.ReportAdded: PageWriter._report_added,
    Claim.Retracted: PageWriter._retracted,
    Claim.Corrected: PageWriter._corrected,
}


class _BatchingCursor:
    """Buffers INSERTs per statement and sends each batch with one ``executemany``, before any
    other statement runs: the database sees the same rows, in far fewer round trips.

    Read-model tables have no foreign keys, so only the order within one statement matters, and
    it is kept.
    """

    def __init__(self, cur: Cursor) -> None:
        self._cur = cur
        self._inserts: dict[str, list[Sequence[Any]]] = {}

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if sql.startswith("INSERT"):
            self._inserts.setdefault(sql, []).append(params)
            return None
        self.flush()
        return self._cur.execute(sql, params)

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any:
        if sql.startswith("INSERT"):
            self._inserts.setdefault(sql, []).extend(params)
            return None
        self.flush()
        return self._cur.executemany(sql, params)

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall()

    def flush(self) -> None:
        inserts, self._inserts = self._inserts, {}
        for sql, rows in inserts.items():
            if rows:
                self._cur.executemany(sql, rows)


def fact_from_row(row: Any) -> Fact:
    return Fact(
        position=row[0], claim_id=row[1], person_id=row[2], fact=row[3], recorded_at=parse_ts(row[4]),
        published_at=parse_ts(row[5]) if row[5] else None, status=row[6], source_id=row[7],
        publisher=row[8], note=row[9], effective=row[10], role=row[11], from_id=row[12], to_id=row[13],
    )


def survivor_of(cur: Cursor, prefix: str, person_id: str) -> str:
    current = person_id
    for _ in range(64):
        cur.execute(f"SELECT merged_into FROM {prefix}persons WHERE id = ?", (current,))
        row = cur.fetchone()
        if row is None or row[0] is None:
            return current
        current = row[0]
    return current


def merged_ids(cur: Cursor, prefix: str, survivor: str, as_of: str | None) -> list[str]:
    """The survivor and every person merged into it (transitively), by ``as_of`` if given."""
    ids, frontier = [survivor], [survivor]
    while frontier:
        marks = ",".join("?" * len(frontier))
        sql = f"SELECT duplicate_id FROM {prefix}merges WHERE survivor_id IN ({marks})"
        params: list[str] = list(frontier)
        if as_of is not None:
            sql += " AND recorded_at <= ?"
            params.append(as_of)
        cur.execute(sql, params)
        frontier = [row[0] for row in cur.fetchall() if row[0] not in ids]
        ids.extend(frontier)
    return ids


STINT_INSERT = (
    "INSERT INTO {p}stints (person_id, seq, org_id, role, start_value, end_value, status, possible_from,"
    " certain_from, certain_until, possible_until, claim_ids, source_ids)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
MOVE_INSERT = "INSERT INTO {p}moves (claim_id, person_id, from_id, to_id, earliest) VALUES (?, ?, ?, ?, ?)"


class TimelineRows(msgspec.Struct):
    """Default-cutoff timelines as rows: ``stints`` and ``moves`` to insert, and each claim's
    ``(status, independent, contested, id)``. Plain tuples, so they cross process boundaries."""

    stints: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    moves: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    claims: list[tuple[Any, ...]] = msgspec.field(default_factory=list)

    def add(self, survivor: str, facts: list[Fact], tree: OrgTree) -> None:
        """Fold one person's facts (SPEC §3) under the default cutoffs and keep the rows."""
        claims = claim_states(facts, DEFAULT_CUTOFFS)
        self.stints += [
            (survivor, seq, s.organization_id, s.role, s.start.value if s.start else None,
             s.end.value if s.end else None, s.status.value, day(s.possible_from), day(s.certain_from),
             day(s.certain_until), day(s.possible_until), _encode(s.claim_ids), _encode(s.source_ids))
            for seq, s in enumerate(build_timeline(claims, DEFAULT_CUTOFFS, tree))
        ]
        self.moves += [
            (c.id, survivor, c.from_id, c.to_id, day(c.effective.earliest)) for c in claims
            if c.from_id and c.to_id and not c.contested and c.counts(DEFAULT_CUTOFFS)
        ]
        self.claims += [
            (c.status.value if c.status else None, c.independent_sources, int(c.contested), c.id) for c in claims
        ]


def merge_parties(cur: Cursor, prefix: str) -> frozenset[str]:
    """Everyone on either side of a merge: their timelines are computed per survivor."""
    cur.execute(f"SELECT duplicate_id, survivor_id FROM {prefix}merges")
    return frozenset(name for row in cur.fetchall() for name in row)


def person_ranges(cur: Cursor, prefix: str, size: int) -> list[tuple[str, str, int]]:
    """Consecutive ``(first, last, count)`` ranges of the person ids with facts, ``size`` each
    (the last one fewer)."""
    cur.execute(f"SELECT DISTINCT person_id FROM {prefix}facts ORDER BY person_id")
    people = [row[0] for row in cur.fetchall()]
    chunks = (people[start : start + size] for start in range(0, len(people), size))
    return [(chunk[0], chunk[-1], len(chunk)) for chunk in chunks]


def fold_range(
    cur: Cursor, prefix: str, first: str, last: str, skip: frozenset[str], tree: OrgTree
) -> TimelineRows:
    """The timeline rows of every person from ``first`` to ``last`` (by id) not in ``skip``,
    read with one ordered range scan of ``facts``. Reads only: safe in any process."""
    cur.execute(
        f"SELECT {FACT_COLUMNS} FROM {prefix}facts WHERE person_id >= ? AND person_id <= ?"
        " ORDER BY person_id, position",
        (first, last),
    )
    by_person: dict[str, list[Fact]] = {}
    for row in cur.fetchall():
        by_person.setdefault(row[2], []).append(fact_from_row(row))
    rows = TimelineRows()
    for person_id, facts in by_person.items():
        if person_id not in skip:
            rows.add(person_id, facts, tree)
    return rows
