"""The in-process query interface that ``schema/`` calls: typed answers, no GraphQL.

Reads under the default cutoffs (now, everything published, REPORTED, one source) are indexed
lookups in the materialized timeline (``tl_stints``, ``tl_moves``). Reads with ``asOf``,
``knownAt``, ``minStatus`` or ``minSources`` load the people's fact rows (one indexed query per
person) and apply the same pure rules (``projections.rules``) to them.
"""

from __future__ import annotations

import base64
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import msgspec

from events.base import Alias, ClaimStatus
from events.fuzzydate import FuzzyDate
from projections.db.adapter import Cursor, Database
from projections.db.retry import retry_reads
from projections.model import (
    DEFAULT_CUTOFFS,
    BadCursor,
    Certainty,
    ClaimView,
    Cutoffs,
    EventRecord,
    Flow,
    HeadcountPoint,
    OrganizationView,
    Page,
    PersonView,
    ReportView,
    RosterEntry,
    SourceView,
    StintView,
)
from projections.rules.bounds import certainty_on
from projections.rules.claims import ClaimState, claim_states
from projections.rules.fold import Stint
from projections.rules.orgs import OrgTree
from projections.rules.timeline import build_timeline
from projections.search import like_pattern
from projections.timefmt import day, parse_day, parse_ts, ts
from projections.writer import FACT_COLUMNS, fact_from_row, merged_ids, survivor_of

P = "tl_"
MAX_CURSOR = 512
_STINT_COLUMNS = (
    "person_id, org_id, role, start_value, end_value, status, possible_from, certain_from, certain_until,"
    " possible_until, claim_ids, source_ids"
)


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str:
    """The key an opaque cursor stands for; ``BadCursor`` when it is not one of ours."""
    if not cursor:
        return ""
    if len(cursor) > MAX_CURSOR:
        raise BadCursor("the cursor is too long to be one this service made")
    try:
        padded = (cursor + "=" * (-len(cursor) % 4)).encode("ascii")
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeError):  # not base64 of UTF-8 text, or not ASCII at all
        raise BadCursor("the cursor is not one this service made: pass an edge's `cursor`") from None


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """Ids in chunks that keep an ``IN (...)`` statement small."""
    for begin in range(0, len(ids), size):
        yield ids[begin : begin + size]


def _after(items: Sequence[Any], key: Any, after: Any, first: int | None) -> list[Any]:
    """The ``first`` items that follow the one whose ``key`` is ``after`` (all when ``first`` is
    None); nothing follows an ``after`` that is not in the list."""
    start = 0
    if after is not None:
        keys = [key(item) for item in items]
        start = keys.index(after) + 1 if after in keys else len(items)
    return list(items[start:] if first is None else items[start : start + first])


class _StoredStint:
    """A materialized stint row, with the date bounds the projector computed."""

    def __init__(self, row: Sequence[Any]) -> None:
        (self.person_id, self.org_id, self.role, start, end, status, pf, cf, cu, pu, claims, sources) = row
        self.start = FuzzyDate.parse(start) if start else None
        self.end = FuzzyDate.parse(end) if end else None
        self.status = ClaimStatus(status)
        self.possible_from, self.certain_from = parse_day(pf), parse_day(cf)
        self.certain_until, self.possible_until = parse_day(cu), parse_day(pu)
        self.claim_ids: list[str] = msgspec.json.decode(claims)
        self.source_ids: list[str] = msgspec.json.decode(sources)

    def certainty(self, on: date) -> Certainty | None:
        return certainty_on(self, on)

    def view(self, certainty: Certainty | None = None) -> StintView:
        return StintView(self.org_id, self.role, self.start, self.end, self.status, self.claim_ids,
                         self.source_ids, certainty)


AnyStint = _StoredStint | Stint


def _view(stint: AnyStint, certainty: Certainty | None = None) -> StintView:
    if isinstance(stint, _StoredStint):
        return stint.view(certainty)
    return StintView(stint.organization_id, stint.role, stint.start, stint.end, stint.status,
                     stint.claim_ids, stint.source_ids, certainty)


def _org_of(stint: AnyStint) -> str:
    return stint.org_id if isinstance(stint, _StoredStint) else stint.organization_id


def _latest_holding(stints: Iterable[AnyStint], on: date) -> tuple[AnyStint, Certainty] | None:
    """Among stints holding on a date, the one that started last (SPEC §3)."""
    found = [(s, c) for s in stints if (c := s.certainty(on)) is not None]
    return max(found, key=lambda sc: (sc[0].possible_from, sc[0].certain_from), default=None)


def _months(start: date, end: date) -> list[date]:
    """The first days of the months from ``start`` to ``end`` (the calendar ends in 9999)."""
    found = []
    year, month = start.year, start.month + (start.day > 1)
    while (year, month) <= (end.year, end.month) and year <= date.max.year:
        if month > 12:
            year, month = year + 1, 1
            continue
        found.append(date(year, month, 1))
        month += 1
    return found


@retry_reads
class Queries:
    """Answers every read of SPEC §4 from the materialized read models."""

    roster_batch = 256
    """At most this many stint rows per organization are read at a time (fewer for small pages)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._tree: tuple[int, OrgTree] | None = None

    # -- helpers -----------------------------------------------------------------------------------

    def position(self) -> int:
        """The event-store position the read models reflect."""
        with self.db.read() as cur:
            cur.execute(f"SELECT position FROM {P}tracking")
            row = cur.fetchone()
        return int(row[0]) if row else 0

    def _org_tree(self, cur: Cursor) -> OrgTree:
        cur.execute(f"SELECT position FROM {P}tracking")
        position = int(cur.fetchone()[0])
        if self._tree is None or self._tree[0] != position:
            cur.execute(f"SELECT id, parent_id FROM {P}orgs")
            self._tree = (position, OrgTree(dict(cur.fetchall())))
        return self._tree[1]

    def _computed_stints(self, cur: Cursor, survivor: str, cutoffs: Cutoffs) -> list[Stint]:
        claims = self._claims(cur, survivor, cutoffs)
        return build_timeline(claims, cutoffs, self._org_tree(cur))

    def _claims(self, cur: Cursor, survivor: str, cutoffs: Cutoffs) -> list[ClaimState]:
        as_of = ts(cutoffs.as_of) if cutoffs.as_of else None
        ids = merged_ids(cur, P, survivor, as_of)
        marks = ",".join("?" * len(ids))
        cur.execute(f"SELECT {FACT_COLUMNS} FROM {P}facts WHERE person_id IN ({marks}) ORDER BY position", ids)
        return claim_states((fact_from_row(r) for r in cur.fetchall()), cutoffs)

    def _stints(self, cur: Cursor, survivor: str, cutoffs: Cutoffs) -> list[AnyStint]:
        if not cutoffs.is_default:
            return list(self._computed_stints(cur, survivor, cutoffs))
        cur.execute(f"SELECT {_STINT_COLUMNS} FROM {P}stints WHERE person_id = ? ORDER BY seq", (survivor,))
        return [_StoredStint(row) for row in cur.fetchall()]

    def _survivor(self, cur: Cursor, person_id: str) -> str | None:
        cur.execute(f"SELECT 1 FROM {P}persons WHERE id = ?", (person_id,))
        return survivor_of(cur, P, person_id) if cur.fetchone() else None

    # -- people ------------------------------------------------------------------------------------

    def person(self, person_id: str) -> PersonView | None:
        """A person; a merged duplicate's id resolves to its survivor."""
        return self.people_by_ids([person_id]).get(person_id)

    def people_by_ids(self, person_ids: Iterable[str]) -> dict[str, PersonView]:
        """Many people in one read (a roster page's or a flow's members); merged ids resolve to
        their survivors. Ids that name nobody are left out."""
        wanted = sorted(set(person_ids))
        with self.db.read() as cur:
            names = self._rows(cur, "persons", "id, name, merged_into", wanted)
            survivor = {pid: pid if merged is None else survivor_of(cur, P, pid) for pid, (_, merged) in names.items()}
            missing = sorted(set(survivor.values()) - names.keys())
            names.update(self._rows(cur, "persons", "id, name, merged_into", missing))
            aliases = self._aliases_of(cur, "person", sorted(set(survivor.values())))
        return {pid: PersonView(sid, names[sid][0], aliases[sid]) for pid, sid in survivor.items()}

    def organizations_by_ids(self, org_ids: Iterable[str]) -> dict[str, OrganizationView]:
        """Many organizations in one read. Ids that name nothing are left out."""
        wanted = sorted(set(org_ids))
        with self.db.read() as cur:
            rows = self._rows(cur, "orgs", "id, name, parent_id", wanted)
            aliases = self._aliases_of(cur, "organization", sorted(rows))
        return {oid: OrganizationView(oid, name, aliases[oid], parent) for oid, (name, parent) in rows.items()}

    @staticmethod
    def _rows(cur: Cursor, table: str, columns: str, ids: list[str]) -> dict[str, tuple[Any, ...]]:
        """Rows by id (the first column), in chunks that keep the statement small."""
        found: dict[str, tuple[Any, ...]] = {}
        for begin in range(0, len(ids), 500):
            chunk = ids[begin : begin + 500]
            cur.execute(f"SELECT {columns} FROM {P}{table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            found.update((row[0], tuple(row[1:])) for row in cur.fetchall())
        return found

    @staticmethod
    def _aliases_of(cur: Cursor, kind: str, ids: list[str]) -> dict[str, list[Alias]]:
        found: dict[str, list[Alias]] = defaultdict(list)
        for begin in range(0, len(ids), 500):
            chunk = ids[begin : begin + 500]
            cur.execute(
                f"SELECT subject_id, name, language FROM {P}aliases WHERE subject_kind = ? AND is_name = 0"
                f" AND subject_id IN ({','.join('?' * len(chunk))}) ORDER BY subject_id, language, name",
                [kind, *chunk],
            )
            for subject_id, name, language in cur.fetchall():
                found[subject_id].append(Alias(name, language or None))
        return found

    def people(self, search: str | None, first: int, after: str | None) -> Page[PersonView]:
        """People (survivors only) in id order, or those with a name or alias matching ``search``."""
        return self._subjects("person", search, first, after)

    def count(self, kind: str, search: str | None) -> int:
        """How many people (survivors) or organizations there are, or match ``search``."""
        table = "persons" if kind == "person" else "orgs"
        merged = " AND t.merged_into IS NULL" if kind == "person" else ""
        with self.db.read() as cur:
            if search:
                cur.execute(
                    f"SELECT COUNT(DISTINCT t.id) FROM {P}{table} t JOIN {P}aliases a ON a.subject_kind = ?"
                    f" AND a.subject_id = t.id WHERE a.norm LIKE ? ESCAPE '\\'{merged}",
                    (kind, like_pattern(search)),
                )
            else:
                cur.execute(f"SELECT COUNT(*) FROM {P}{table} t WHERE 1 = 1{merged}")
            return int(cur.fetchone()[0])

    def _subjects(self, kind: str, search: str | None, first: int, after: str | None) -> Page[Any]:
        key = decode_cursor(after)
        table = "persons" if kind == "person" else "orgs"
        merged = " AND t.merged_into IS NULL" if kind == "person" else ""
        with self.db.read() as cur:
            if search:
                cur.execute(
                    f"SELECT DISTINCT t.id FROM {P}{table} t JOIN {P}aliases a ON a.subject_kind = ?"
                    f" AND a.subject_id = t.id WHERE a.norm LIKE ? ESCAPE '\\' AND t.id > ?{merged}"
                    " ORDER BY t.id LIMIT ?",
                    (kind, like_pattern(search), key, first + 1),
                )
            else:
                cur.execute(
                    f"SELECT t.id FROM {P}{table} t WHERE t.id > ?{merged} ORDER BY t.id LIMIT ?",
                    (key, first + 1),
                )
            ids = [row[0] for row in cur.fetchall()]
        page = ids[:first]
        views: dict[str, Any] = self.people_by_ids(page) if kind == "person" else self.organizations_by_ids(page)
        kept = [(i, views[i]) for i in page if i in views]
        return Page([item for _, item in kept], [encode_cursor(i) for i, _ in kept], len(ids) > first)

    def claims_of_person(self, person_id: str, first: int | None = None, after: str | None = None) -> list[ClaimView]:
        """Claims about the person (and merged duplicates), whatever their status, in effective-date
        order: the ``first`` after the claim ``after`` (every one when ``first`` is None)."""
        with self.db.read() as cur:
            survivor = self._survivor(cur, person_id)
            if survivor is None:
                return []
            claims = self._claims(cur, survivor, DEFAULT_CUTOFFS)
            claims.sort(key=lambda c: (c.effective.earliest, c.first_position))
            page = _after(claims, lambda c: c.id, after, first)
            contested = self._contested(cur, [c.id for c in page])
        for claim in page:
            claim.contested = contested.get(claim.id, False)
        return [_claim_view(c) for c in page]

    def claim_count_of_person(self, person_id: str) -> int:
        """How many claims are about the person and their merged duplicates."""
        with self.db.read() as cur:
            survivor = self._survivor(cur, person_id)
            if survivor is None:
                return 0
            ids = merged_ids(cur, P, survivor, None)
            cur.execute(f"SELECT COUNT(*) FROM {P}claims WHERE person_id IN ({','.join('?' * len(ids))})", ids)
            return int(cur.fetchone()[0])

    @staticmethod
    def _contested(cur: Cursor, claim_ids: Sequence[str]) -> dict[str, bool]:
        """Whether each claim lost a conflict, under default cutoffs (as the projector stored it)."""
        found: dict[str, bool] = {}
        for chunk in _chunks(claim_ids):
            cur.execute(f"SELECT id, contested FROM {P}claims WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            found.update((row[0], bool(row[1])) for row in cur.fetchall())
        return found

    def employer(self, person_id: str, at: date, cutoffs: Cutoffs) -> StintView | None:
        with self.db.read() as cur:
            survivor = self._survivor(cur, person_id)
            if survivor is None:
                return None
            if cutoffs.is_default:
                cur.execute(
                    f"SELECT {_STINT_COLUMNS} FROM {P}stints WHERE person_id = ? AND possible_from <= ?"
                    " AND possible_until >= ?",
                    (survivor, day(at), day(at)),
                )
                stints: list[AnyStint] = [_StoredStint(row) for row in cur.fetchall()]
            else:
                stints = self._stints(cur, survivor, cutoffs)
        found = _latest_holding(stints, at)
        return _view(*found) if found else None

    def employments(self, person_id: str, at: date, cutoffs: Cutoffs) -> list[StintView]:
        with self.db.read() as cur:
            survivor = self._survivor(cur, person_id)
            stints = self._stints(cur, survivor, cutoffs) if survivor else []
        held = [(s, c) for s in stints if (c := s.certainty(at)) is not None]
        held.sort(key=lambda sc: (sc[0].possible_from, sc[0].certain_from), reverse=True)
        return [_view(s, c) for s, c in held]

    def timeline(self, person_id: str, cutoffs: Cutoffs) -> list[StintView]:
        with self.db.read() as cur:
            survivor = self._survivor(cur, person_id)
            return [_view(s) for s in self._stints(cur, survivor, cutoffs)] if survivor else []

    def history(
        self, person_id: str, as_of: datetime | None, first: int | None = None, after: int = 0
    ) -> list[EventRecord]:
        """Events about the person and its merged duplicates in recorded order: the ``first``
        after position ``after`` (every one when ``first`` is None)."""
        with self.db.read() as cur:
            where = self._history_where(cur, person_id, as_of)
            if where is None:
                return []
            sql, params = where
            sql = (
                f"SELECT DISTINCT e.position, e.type, e.recorded_at, e.recorded_by, e.subject_id, e.source_id,"
                f" e.data {sql} AND h.position > ? ORDER BY e.position"
            )
            params.append(after)
            if first is not None:
                sql += " LIMIT ?"
                params.append(first)
            cur.execute(sql, params)
            return [_event_record(row) for row in cur.fetchall()]

    def history_count(self, person_id: str, as_of: datetime | None) -> int:
        """How many events ``history`` lists for the person."""
        with self.db.read() as cur:
            where = self._history_where(cur, person_id, as_of)
            if where is None:
                return 0
            cur.execute(f"SELECT COUNT(DISTINCT h.position) {where[0]}", where[1])
            return int(cur.fetchone()[0])

    def _history_where(
        self, cur: Cursor, person_id: str, as_of: datetime | None
    ) -> tuple[str, list[Any]] | None:
        survivor = self._survivor(cur, person_id)
        if survivor is None:
            return None
        ids = merged_ids(cur, P, survivor, None)
        sql = (
            f"FROM {P}history h JOIN {P}events e ON e.position = h.position"
            f" WHERE h.person_id IN ({','.join('?' * len(ids))})"
        )
        params: list[Any] = list(ids)
        if as_of is not None:
            sql += " AND e.recorded_at <= ?"
            params.append(ts(as_of))
        return sql, params

    # -- organizations -----------------------------------------------------------------------------

    def organization(self, org_id: str) -> OrganizationView | None:
        return self.organizations_by_ids([org_id]).get(org_id)

    def organizations(self, search: str | None, first: int, after: str | None) -> Page[OrganizationView]:
        return self._subjects("organization", search, first, after)

    def units(self, org_id: str, first: int | None = None, after: str | None = None) -> list[OrganizationView]:
        """Direct units of an organization in id order: the ``first`` after the unit ``after``."""
        sql = f"SELECT id FROM {P}orgs WHERE parent_id = ? AND id > ? ORDER BY id"
        params: list[Any] = [org_id, after or ""]
        if first is not None:
            sql += " LIMIT ?"
            params.append(first)
        with self.db.read() as cur:
            cur.execute(sql, params)
            ids = [row[0] for row in cur.fetchall()]
        found = self.organizations_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def unit_count(self, org_id: str) -> int:
        """How many direct units the organization has."""
        with self.db.read() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {P}orgs WHERE parent_id = ?", (org_id,))
            return int(cur.fetchone()[0])

    def _scope(self, cur: Cursor, org_id: str, include_units: bool) -> list[str]:
        return sorted(self._org_tree(cur).subtree(org_id)) if include_units else [org_id]

    def _org_stints(self, cur: Cursor, orgs: list[str], cutoffs: Cutoffs, at: date | None) -> dict[str, list[AnyStint]]:
        """Stints at any of ``orgs``, by person (holding on ``at`` when given)."""
        marks = ",".join("?" * len(orgs))
        by_person: dict[str, list[AnyStint]] = defaultdict(list)
        if cutoffs.is_default:
            sql = f"SELECT {_STINT_COLUMNS} FROM {P}stints WHERE org_id IN ({marks})"
            params: list[Any] = list(orgs)
            if at is not None:
                sql += " AND possible_from <= ? AND possible_until >= ?"
                params += [day(at), day(at)]
            cur.execute(sql, params)
            for row in cur.fetchall():
                by_person[row[0]].append(_StoredStint(row))
            return by_person
        cur.execute(
            f"SELECT DISTINCT person_id FROM {P}facts WHERE from_id IN ({marks}) OR to_id IN ({marks})",
            orgs + orgs,
        )
        wanted = set(orgs)
        survivors = {survivor_of(cur, P, row[0]) for row in cur.fetchall()}
        for survivor in survivors:
            for stint in self._computed_stints(cur, survivor, cutoffs):
                if stint.organization_id in wanted and (at is None or stint.certainty(at)):
                    by_person[survivor].append(stint)
        return by_person

    def roster(
        self,
        org_id: str,
        at: date,
        cutoffs: Cutoffs,
        certainty: Certainty | None,
        include_units: bool,
        first: int,
        after: str | None,
    ) -> Page[RosterEntry]:
        """One entry per person holding a stint on ``at`` (the latest-started one), in id order."""
        key = decode_cursor(after)
        with self.db.read() as cur:
            orgs = self._scope(cur, org_id, include_units)
            if cutoffs.is_default:
                groups = self._holding_pages(cur, orgs, at, key, min(self.roster_batch, first + 2))
            else:
                by_person = self._org_stints(cur, orgs, cutoffs, at)
                groups = iter([(p, by_person[p]) for p in sorted(by_person) if p > key])
            entries = []
            for person_id, stints in groups:
                found = _latest_holding(stints, at)
                if found is None or (certainty is Certainty.CERTAIN and found[1] is not Certainty.CERTAIN):
                    continue
                entries.append(RosterEntry(person_id, _view(*found), found[1]))
                if len(entries) > first:
                    break
        page = entries[:first]
        return Page(page, [encode_cursor(e.person_id) for e in page], len(entries) > first)

    def roster_count(
        self, org_id: str, at: date, cutoffs: Cutoffs, certainty: Certainty | None, include_units: bool
    ) -> int:
        """How many entries the whole roster has: one count for the common case (default cutoffs,
        both certainties); otherwise the roster is read through to count it."""
        if not cutoffs.is_default or certainty is not None:
            return len(self.roster(org_id, at, cutoffs, certainty, include_units, 2**62, None).items)
        with self.db.read() as cur:
            orgs = self._scope(cur, org_id, include_units)
            cur.execute(
                f"SELECT COUNT(DISTINCT person_id) FROM {P}stints WHERE org_id IN ({','.join('?' * len(orgs))})"
                " AND possible_from <= ? AND possible_until >= ?",
                [*orgs, day(at), day(at)],
            )
            return int(cur.fetchone()[0])

    def _holding_pages(
        self, cur: Cursor, orgs: list[str], at: date, after: str, batch: int
    ) -> Iterator[tuple[str, list[AnyStint]]]:
        """Materialized stints holding on ``at`` at any of ``orgs``, grouped by person in id order.

        Each organization is read along its ``(org_id, person_id)`` index a batch at a time, so a
        page of a big roster reads about as many rows as it shows. A person is complete once every
        organization whose batch was full has read past them (the frontier).
        """
        sql = (
            f"SELECT {_STINT_COLUMNS} FROM {P}stints WHERE org_id = ? AND person_id > ?"
            " AND possible_from <= ? AND possible_until >= ? ORDER BY person_id LIMIT ?"
        )
        while True:
            groups: dict[str, list[Any]] = {}
            frontier: str | None = None
            for org in orgs:
                cur.execute(sql, (org, after, day(at), day(at), batch))
                rows = cur.fetchall()
                for row in rows:
                    groups.setdefault(row[0], []).append(row)
                if len(rows) == batch and (frontier is None or rows[-1][0] < frontier):
                    frontier = rows[-1][0]
            people = sorted(p for p in groups if frontier is None or p < frontier)
            if not people and frontier is not None:
                batch *= 2  # one person fills a whole batch: read more at once
                continue
            for person_id in people:
                yield person_id, [_StoredStint(row) for row in groups[person_id]]
            if frontier is None:
                return
            after = people[-1]

    def headcount(
        self, org_id: str, start: date, end: date, cutoffs: Cutoffs, include_units: bool
    ) -> list[HeadcountPoint]:
        """On the first day of each month: people certainly there, and people possibly there."""
        months = _months(start, end)
        with self.db.read() as cur:
            orgs = self._scope(cur, org_id, include_units)
            if cutoffs.is_default:
                # Only the date bounds are needed; fixed-width ISO text bisects like dates.
                marks_of: list[Any] = [day(m) for m in months]
                marks = ",".join("?" * len(orgs))
                cur.execute(
                    f"SELECT person_id, possible_from, certain_from, certain_until, possible_until FROM {P}stints"
                    f" WHERE org_id IN ({marks}) AND possible_from <= ? AND possible_until >= ?",
                    [*orgs, day(end), day(start)],
                )
                bounds: dict[str, list[tuple[Any, Any, Any, Any]]] = defaultdict(list)
                for person_id, *row in cur.fetchall():
                    bounds[person_id].append((row[0], row[1], row[2], row[3]))
            else:
                marks_of = list(months)
                bounds = defaultdict(list)
                for person_id, stints in self._org_stints(cur, orgs, cutoffs, None).items():
                    bounds[person_id] = [(s.possible_from, s.certain_from, s.certain_until, s.possible_until)
                                         for s in stints]
        certain, possible = [0] * len(months), [0] * len(months)
        for person_bounds in bounds.values():
            # Per person, mark the months each stint covers (found by bisection), then count once.
            marked = bytearray(len(months))  # 0 absent, 1 possibly there, 2 certainly there
            for possible_from, certain_from, certain_until, possible_until in person_bounds:
                for i in range(bisect_left(marks_of, possible_from), bisect_right(marks_of, possible_until)):
                    marked[i] = max(marked[i], 1)
                for i in range(bisect_left(marks_of, certain_from), bisect_right(marks_of, certain_until)):
                    marked[i] = 2
            for i, mark in enumerate(marked):
                if mark:
                    possible[i] += 1
                    certain[i] += mark == 2
        return [HeadcountPoint(m, c, p) for m, c, p in zip(months, certain, possible, strict=True)]

    def flows(self, start: date, end: date, cutoffs: Cutoffs) -> list[Flow]:
        """Moves between companies (units rolled up) whose effective period begins in [start, end]."""
        with self.db.read() as cur:
            tree = self._org_tree(cur)
            if cutoffs.is_default:
                cur.execute(
                    f"SELECT person_id, from_id, to_id FROM {P}moves WHERE earliest >= ? AND earliest <= ?",
                    (day(start), day(end)),
                )
                moves = [tuple(row) for row in cur.fetchall()]
            else:
                cur.execute(f"SELECT DISTINCT person_id FROM {P}claims WHERE from_id IS NOT NULL"
                            " AND to_id IS NOT NULL")
                survivors = {survivor_of(cur, P, row[0]) for row in cur.fetchall()}
                moves = []
                for survivor in sorted(survivors):
                    claims = self._claims(cur, survivor, cutoffs)
                    build_timeline(claims, cutoffs, tree)
                    moves += [
                        (survivor, c.from_id, c.to_id) for c in claims
                        if c.from_id and c.to_id and not c.contested and c.counts(cutoffs)
                        and start <= c.effective.earliest <= end
                    ]
        people: dict[tuple[str, str], set[str]] = defaultdict(set)
        for person_id, from_id, to_id in moves:
            source, target = tree.root(from_id), tree.root(to_id)
            if source != target:
                people[(source, target)].add(person_id)
        ranked = sorted(people.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return [Flow(f, t, len(p), sorted(p)) for (f, t), p in ranked]

    # -- sources, claims, events ---------------------------------------------------------------------

    def source(self, source_id: str) -> SourceView | None:
        return self.sources_by_ids([source_id]).get(source_id)

    def sources_by_ids(self, source_ids: Iterable[str]) -> dict[str, SourceView]:
        """Many sources in one read. Ids that name nothing are left out."""
        with self.db.read() as cur:
            rows = self._rows(cur, "sources", "id, publisher, url, title, language, published_at, cites_id",
                              sorted(set(source_ids)))
        return {i: SourceView(i, r[0], r[1], r[2], r[3], parse_ts(r[4]), r[5]) for i, r in rows.items()}

    def claim(self, claim_id: str) -> ClaimView | None:
        """A claim with status, sources and ``contested`` under default cutoffs."""
        return self.claims_by_ids([claim_id]).get(claim_id)

    def claims_by_ids(self, claim_ids: Iterable[str]) -> dict[str, ClaimView]:
        """Many claims in two reads (their facts, their ``contested`` flags); unknown ids are left out."""
        ids = sorted(set(claim_ids))
        rows: list[Any] = []
        with self.db.read() as cur:
            for chunk in _chunks(ids):
                cur.execute(
                    f"SELECT {FACT_COLUMNS} FROM {P}facts WHERE claim_id IN ({','.join('?' * len(chunk))})"
                    " ORDER BY position",
                    chunk,
                )
                rows += cur.fetchall()
            claims = claim_states((fact_from_row(r) for r in rows), DEFAULT_CUTOFFS)
            contested = self._contested(cur, [c.id for c in claims])
        for claim in claims:
            claim.contested = contested.get(claim.id, False)
        return {c.id: _claim_view(c) for c in claims}

    def claims_of_source(self, source_id: str, first: int | None = None, after: str | None = None) -> list[ClaimView]:
        """Claims the source reported on, whatever their status, in id order: the ``first`` after
        the claim ``after`` (every one when ``first`` is None), read in one page."""
        sql = f"SELECT DISTINCT claim_id FROM {P}facts WHERE source_id = ? AND claim_id > ? ORDER BY claim_id"
        params: list[Any] = [source_id, after or ""]
        if first is not None:
            sql += " LIMIT ?"
            params.append(first)
        with self.db.read() as cur:
            cur.execute(sql, params)
            ids = [row[0] for row in cur.fetchall()]
        found = self.claims_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def claim_count_of_source(self, source_id: str) -> int:
        """How many claims the source reported on."""
        with self.db.read() as cur:
            cur.execute(f"SELECT COUNT(DISTINCT claim_id) FROM {P}facts WHERE source_id = ?", (source_id,))
            return int(cur.fetchone()[0])

    def events(self, after: int, first: int) -> Page[EventRecord]:
        """The change feed: events after a position, in position order, without gaps."""
        with self.db.read() as cur:
            cur.execute(
                f"SELECT position, type, recorded_at, recorded_by, subject_id, source_id, data FROM {P}events"
                " WHERE position > ? ORDER BY position LIMIT ?",
                (after, first + 1),
            )
            rows = cur.fetchall()
        records = [_event_record(row) for row in rows[:first]]
        return Page(records, [str(r.position) for r in records], len(rows) > first)


def _claim_view(claim: ClaimState) -> ClaimView:
    assert claim.status is not None
    reports = sorted(claim.reports, key=lambda r: (r.published_at, r.position))
    return ClaimView(
        claim.id, claim.kind, claim.person_id, claim.from_id, claim.to_id, claim.role, claim.effective,
        claim.status, claim.independent_sources, claim.contested,
        [ReportView(r.source_id, r.status, r.note, r.published_at, r.recorded_at) for r in reports],
    )


def _event_record(row: Sequence[Any]) -> EventRecord:
    return EventRecord(int(row[0]), row[1], parse_ts(row[2]), row[3], row[4], row[5], msgspec.json.decode(row[6]))
