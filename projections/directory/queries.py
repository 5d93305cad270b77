"""The directory's reads: people and organizations by id, in pages, by alias; units; sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projections.cursors import decode_cursor, encode_cursor
from projections.db.adapter import Database
from projections.db.sql import LIVE, sql
from projections.directory import sql as q
from projections.directory.reads import aliases_of, rows_by_id, survivor_of
from projections.model import OrganizationView, Page, PersonView, SourceView
from projections.search import like_pattern, normalize
from projections.storable import as_stored
from projections.timefmt import parse_ts

_TABLES = {"person": "persons", "organization": "orgs"}


def _survivors(kind: str) -> str:
    """People are listed and counted as their survivors only; organizations are never merged."""
    return q.SURVIVORS_ONLY if kind == "person" else ""


class DirectoryQueries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def people_by_ids(self, person_ids: Iterable[str]) -> dict[str, PersonView]:
        """Many people in one read (a roster page's or a flow's members); merged ids resolve to
        their survivors. Ids that name nobody are left out."""
        wanted = sorted(set(person_ids))
        with self.db.read() as cur:
            names = rows_by_id(cur, "persons", q.PERSON_COLUMNS, wanted)
            survivor = {pid: pid if merged is None else survivor_of(cur, LIVE, pid)
                        for pid, (_, merged) in names.items()}
            missing = sorted(set(survivor.values()) - names.keys())
            names.update(rows_by_id(cur, "persons", q.PERSON_COLUMNS, missing))
            aliases = aliases_of(cur, "person", sorted(set(survivor.values())))
        return {pid: PersonView(sid, names[sid][0], aliases[sid]) for pid, sid in survivor.items()}

    def organizations_by_ids(self, org_ids: Iterable[str]) -> dict[str, OrganizationView]:
        """Many organizations in one read. Ids that name nothing are left out."""
        wanted = sorted(set(org_ids))
        with self.db.read() as cur:
            rows = rows_by_id(cur, "orgs", q.ORG_COLUMNS, wanted)
            aliases = aliases_of(cur, "organization", sorted(rows))
        return {oid: OrganizationView(oid, name, aliases[oid], parent) for oid, (name, parent) in rows.items()}

    def sources_by_ids(self, source_ids: Iterable[str]) -> dict[str, SourceView]:
        """Many sources in one read. Ids that name nothing are left out."""
        with self.db.read() as cur:
            rows = rows_by_id(cur, "sources", q.SOURCE_COLUMNS, sorted(set(source_ids)))
        return {
            source_id: SourceView(source_id, publisher, url, title, language, parse_ts(published_at), cites_id)
            for source_id, (publisher, url, title, language, published_at, cites_id) in rows.items()
        }

    def subjects(self, kind: str, *, search: str | None, first: int, after: str | None) -> Page[Any]:
        """People (survivors only) or organizations in id order, or those with a name or alias
        matching ``search``: the ``first`` after the cursor ``after``."""
        key = decode_cursor(after)
        parts = {"table": _TABLES[kind], "survivors": _survivors(kind)}
        with self.db.read() as cur:
            if search:
                cur.execute(sql(q.SUBJECTS_MATCHING, **parts), (kind, like_pattern(search), key, first + 1))
            else:
                cur.execute(sql(q.SUBJECTS, **parts), (key, first + 1))
            ids = [row[0] for row in cur.fetchall()]
        page = ids[:first]
        views: dict[str, Any] = self.people_by_ids(page) if kind == "person" else self.organizations_by_ids(page)
        kept = [(i, views[i]) for i in page if i in views]
        return Page([item for _, item in kept], [encode_cursor(i) for i, _ in kept], len(ids) > first)

    def count(self, kind: str, search: str | None) -> int:
        """How many people (survivors) or organizations there are, or match ``search``."""
        parts = {"table": _TABLES[kind], "survivors": _survivors(kind)}
        with self.db.read() as cur:
            if search:
                cur.execute(sql(q.COUNT_MATCHING, **parts), (kind, like_pattern(search)))
            else:
                cur.execute(sql(q.COUNT, **parts))
            return int(cur.fetchone()[0])

    def units(self, org_id: str, first: int | None = None, after: str | None = None) -> list[OrganizationView]:
        """Direct units of an organization in id order: the ``first`` after the unit ``after``."""
        params: list[Any] = [org_id, after or ""]
        with self.db.read() as cur:
            cur.execute(sql(q.UNITS) + (" LIMIT ?" if first is not None else ""),
                        params + ([first] if first is not None else []))
            ids = [row[0] for row in cur.fetchall()]
        found = self.organizations_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def unit_count(self, org_id: str) -> int:
        """How many direct units the organization has."""
        with self.db.read() as cur:
            cur.execute(sql(q.UNIT_COUNT), (org_id,))
            return int(cur.fetchone()[0])

    def _source_filters(self, search: str | None, publisher: str | None) -> tuple[str, list[Any]]:
        where, params = "", []
        if publisher is not None:
            where += q.SOURCE_BY_PUBLISHER
            params.append(normalize(as_stored(publisher)))
        if search:
            where += q.SOURCE_MATCHING
            params += [like_pattern(search)] * 2
        return where, params

    def sources(self, *, search: str | None, publisher: str | None, first: int, after: str | None) -> Page[SourceView]:
        """Sources in id order, those of ``publisher`` (its name, case- and accent-insensitive) and
        with ``search`` in their publisher or title: the ``first`` after the cursor, in one read."""
        where, params = self._source_filters(search, publisher)
        with self.db.read() as cur:
            cur.execute(sql(q.SOURCES.replace("{where}", where), columns=q.SOURCE_COLUMNS),
                        [decode_cursor(after), *params, first + 1])
            rows = cur.fetchall()
        views = [SourceView(r[0], r[1], r[2], r[3], r[4], parse_ts(r[5]), r[6]) for r in rows[:first]]
        return Page(views, [encode_cursor(v.id) for v in views], len(rows) > first)

    def source_count(self, search: str | None, publisher: str | None) -> int:
        """How many sources ``sources`` pages through."""
        where, params = self._source_filters(search, publisher)
        with self.db.read() as cur:
            cur.execute(sql(q.SOURCE_COUNT.replace("{where}", where)), params)
            return int(cur.fetchone()[0])
