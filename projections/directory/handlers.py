"""The directory's event handlers: people, organizations and sources as they are registered,
renamed (aliases), merged and reparented; and the lookups other handlers make through it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from events.organization import Organization
from events.person import Person
from events.source import Source
from projections.claims import horizons
from projections.db.writer import Writer, public
from projections.directory import sql
from projections.search import normalize
from projections.timefmt import ts


def _aliases(w: Writer, kind: str, subject_id: str, name: str | None, aliases: Iterable[dict[str, Any]]) -> None:
    """Insert aliases (and, when given, the display name, marked ``is_name``); repeats are ignored."""
    rows = [(kind, subject_id, name, "", normalize(name), 1)] if name is not None else []
    rows += [(kind, subject_id, a["name"], a.get("language") or "", normalize(a["name"]), 0) for a in aliases]
    w.executemany(sql.INSERT_ALIAS, rows)


def person_registered(w: Writer, e: Person.Registered, position: int) -> None:
    person_id = public(e.originator_id)
    w.execute(sql.INSERT_PERSON, (person_id, e.name))
    _aliases(w, "person", person_id, e.name, e.aliases)


def person_alias_added(w: Writer, e: Person.AliasAdded, position: int) -> None:
    _aliases(w, "person", public(e.originator_id), None, [{"name": e.name, "language": e.language}])


def people_merged(w: Writer, e: Person.Merged, position: int) -> None:
    duplicate = public(e.originator_id)
    w.execute(sql.MARK_MERGED, (e.survivor_id, duplicate))
    w.execute(sql.INSERT_MERGE, (duplicate, e.survivor_id, w.recorded, position))
    if w.track_touched:  # a rebuild's bulk load fills them at the end
        horizons.merge_added(w, w.recorded)


def org_parents(w: Writer) -> dict[str, str | None]:
    """Every organization's parent, read once per page (or kept whole by a rebuild's loader)."""
    if w.parents is None:
        if w.cache.orgs is not None:
            w.parents = w.cache.orgs
        else:
            w.execute(sql.ORG_PARENTS)
            w.parents = dict(w.fetchall())
    return w.parents


def org_registered(w: Writer, e: Organization.Registered, position: int) -> None:
    org_id = public(e.originator_id)
    w.execute(sql.INSERT_ORG, (org_id, e.name, e.parent_id))
    _aliases(w, "organization", org_id, e.name, e.aliases)
    org_parents(w)[org_id] = e.parent_id


def org_alias_added(w: Writer, e: Organization.AliasAdded, position: int) -> None:
    _aliases(w, "organization", public(e.originator_id), None, [{"name": e.name, "language": e.language}])


def org_reparented(w: Writer, e: Organization.Reparented, position: int) -> None:
    org_id = public(e.originator_id)
    w.execute(sql.REPARENT, (e.parent_id, org_id))
    org_parents(w)[org_id] = e.parent_id


def source_registered(w: Writer, e: Source.Registered, position: int) -> None:
    source_id = public(e.originator_id)
    # Independence: a citing source counts as the publisher at the root of its ``cites`` chain.
    key = source(w, e.cites_id)[1] if e.cites_id else e.publisher.strip().casefold()
    published = ts(e.published_at)
    # Searched as names are (projections/search.py): case- and accent-insensitive, any script.
    w.execute(sql.INSERT_SOURCE, (source_id, e.publisher, e.url, e.title, e.language, published, e.cites_id, key,
                                  normalize(e.publisher), normalize(e.title or "")))
    w.cache.sources[source_id] = (published, key)


def source(w: Writer, source_id: str) -> tuple[str, str]:
    """(published_at, independence key) of a source."""
    found = w.cache.sources.get(source_id)
    if found is None:
        w.cache.misses += 1
        w.execute(sql.SOURCE_KEYS, (source_id,))
        row = w.fetchone()
        found = w.cache.sources[source_id] = (row[0], row[1])
    return found


HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    Person.Registered: person_registered,
    Person.AliasAdded: person_alias_added,
    Person.Merged: people_merged,
    Organization.Registered: org_registered,
    Organization.AliasAdded: org_alias_added,
    Organization.Reparented: org_reparented,
    Source.Registered: source_registered,
}
