"""The table registry: one complete set of read-model tables, composed from each read model's
DDL (``<folder>/sql.py``: ``TABLES`` and ``INDEXES``) and the projector's own two tables. Every
table name carries a prefix, so that ``rebuild`` can build a complete new set beside the live one
(``tl_new_``) and swap it in within one transaction.

This is the schema as it is now: a fresh database gets it whole, a rebuild builds its new set
from it, and an existing database reaches it through ``migrations.py`` (applied once each).
Moving a table from one read model to another changes neither its DDL nor its index names.

Index names are ``<prefix><name>_<generation>``: after a swap renames the new tables, their
indexes keep the names they were made with (``tl_new_history_pos_b`` on ``tl_history``), so the
next new set must not reuse them. A set is made in generation ``a`` or ``b``, whichever the live
set does not hold: two names per index survive any number of rebuilds, on both backends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.audit import sql as audit
from projections.beliefs import sql as beliefs
from projections.claims import sql as claims
from projections.db import sql
from projections.directory import sql as directory
from projections.feed import sql as feed
from projections.publishers import sql as publishers
from projections.signals import sql as signals
from projections.timelines import sql as timelines

LIVE, SHADOW, OLD = sql.LIVE, sql.SHADOW, sql.OLD  # the live set's prefix, a rebuild's, the one it replaced

# The projector's own: the position each set reflects, and the events it set aside (``pages.py``).
_PROJECTOR = {
    "tracking": "CREATE TABLE IF NOT EXISTS {p}tracking (name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
    "dead_letters": "CREATE TABLE IF NOT EXISTS {p}dead_letters (position BIGINT PRIMARY KEY, type TEXT NOT NULL,"
    " error TEXT NOT NULL)",
}
_READ_MODELS = (feed, audit, directory, claims, signals, timelines, beliefs, publishers)
_TABLE_DDL: dict[str, str] = {name: text for m in _READ_MODELS for name, text in m.TABLES.items()} | _PROJECTOR
_INDEX_DDL: dict[str, tuple[str, ...]] = {name: texts for m in _READ_MODELS for name, texts in m.INDEXES.items()}

# The order tables are created and dropped in (and the order of their indexes).
TABLES = (
    "events", "history", "persons", "aliases", "orgs", "sources", "claims", "facts", "horizons", "group_claims",
    "group_facts",
    "merges", "stints", "moves", "stint_versions", "move_versions", "stint_recorded_versions", "move_recorded_versions",
    "stint_lens_versions", "move_lens_versions",
    "belief_tree", "belief_changes", "belief_orgs", "tracking", "dead_letters",
    "publishers", "publisher_sources", "calls",
)
assert set(TABLES) == set(_TABLE_DDL), "every read model's table is in TABLES, once"
GENERATIONS = ("a", "b")
_DDL = [_TABLE_DDL[t] for t in TABLES] + [index for t in TABLES for index in _INDEX_DDL.get(t, ())]


def ddl(prefix: str, dialect: str, *, generation: str = "a", indexes: bool = True) -> list[str]:
    """Statements creating one complete set of read-model tables under ``prefix``, its indexes
    named in ``generation`` (see the module's docstring).

    On SQLite, position keys are ``INTEGER PRIMARY KEY`` (the rowid itself: one B-tree fewer per
    table). With ``indexes=False`` only the tables (and their keys) are made: a bulk load then
    builds the secondary indexes once, sorted, instead of row by row in random order.
    """
    assert generation in GENERATIONS, generation
    statements = [s.format(p=prefix, g=generation) for s in _DDL]
    if dialect == "sqlite":
        statements = [s.replace("position BIGINT PRIMARY KEY", "position INTEGER PRIMARY KEY") for s in statements]
    return [s for s in statements if indexes or not s.startswith("CREATE INDEX")]


TIMELINES = (*timelines.TABLES, *beliefs.COMPUTED, "calls")  # computed from the others, after they are loaded
FOLD_READS = "facts_person ON"  # the one index computing timelines reads (facts by person)


def indexes(prefix: str, dialect: str, of: Sequence[str] = TABLES, *, generation: str = "a") -> list[str]:
    """The secondary indexes of ``ddl`` alone (of the tables ``of``), for after a bulk load."""
    on = tuple(f" ON {prefix}{table} " for table in of)
    return [s for s in ddl(prefix, dialect, generation=generation) if s.startswith("CREATE INDEX")
            and any(o in s for o in on)]


def table_ddl(prefix: str, dialect: str, table: str, *, generation: str = "a") -> list[str]:
    """The statements of one table of the set and its indexes (a migration adding a table)."""
    on = f" {prefix}{table} "
    return [s for s in ddl(prefix, dialect, generation=generation) if f"{on}(" in s or f"ON{on}" in s]


def index_names(cur: Any, dialect: str, table: str) -> list[str]:
    """The names of the secondary indexes on ``table`` (keys left out), from the catalog."""
    if dialect == "sqlite":
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                    (table,))
    else:
        cur.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ? AND NOT x.indisprimary"
            " AND t.relnamespace = current_schema()::regnamespace",
            (table,),
        )
    return sorted(row[0] for row in cur.fetchall())


def generation_of(cur: Any, dialect: str, prefix: str = LIVE) -> str:
    """The generation the set under ``prefix`` was made in (``a`` when it has no indexes yet)."""
    names = index_names(cur, dialect, f"{prefix}history")
    return next((g for g in GENERATIONS if any(name.endswith(f"history_pos_{g}") for name in names)), "a")


def other_generation(generation: str) -> str:
    return GENERATIONS[1 - GENERATIONS.index(generation)]


SCRATCH = tuple(timelines.SCRATCH)  # work tables of a rebuild, never swapped in


def scratch(prefix: str) -> list[str]:
    """Work tables a rebuild fills and drops before the swap (see ``timelines.materialize.write_rows``)."""
    return [text.format(p=prefix) for text in timelines.SCRATCH.values()]


def drop(prefix: str) -> list[str]:
    return [f"DROP TABLE IF EXISTS {prefix}{t}" for t in (*TABLES, *SCRATCH)]


def swap(shadow: str = SHADOW, live: str = LIVE) -> list[str]:
    """Replace the live tables by the shadow ones (run inside one transaction). The live ones are
    renamed under ``OLD`` (none there: the caller drops any left before it makes the shadow set),
    for the caller to drop after the transaction, a table a transaction (``drop(OLD)``): dropping
    them inside it held the projection lock, and every writer, for as long as reading every page
    of the old set took (26 s at 1M events on SQLite)."""
    return [f"ALTER TABLE {live}{t} RENAME TO {OLD}{t}" for t in TABLES] + [
        f"ALTER TABLE {shadow}{t} RENAME TO {live}{t}" for t in TABLES]
