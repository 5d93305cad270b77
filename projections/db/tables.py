"""DDL of the read models. Every table name carries a prefix, so that ``rebuild`` can build a
complete new set beside the live one (``tl_new_``) and swap it in within one transaction.

This is the schema as it is now: a fresh database gets it whole, a rebuild builds its new set
from it, and an existing database reaches it through ``migrations.py`` (applied once each).

Index names are ``<prefix><name>_<generation>``: after a swap renames the new tables, their
indexes keep the names they were made with (``tl_new_history_pos_b`` on ``tl_history``), so the
next new set must not reuse them. A set is made in generation ``a`` or ``b``, whichever the live
set does not hold: two names per index survive any number of rebuilds, on both backends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

LIVE = "tl_"
SHADOW = "tl_new_"

TABLES = (
    "events", "history", "persons", "aliases", "orgs", "sources", "claims", "facts", "merges",
    "stints", "moves", "tracking", "dead_letters",
)
GENERATIONS = ("a", "b")

_DDL = """
CREATE TABLE IF NOT EXISTS {p}events (position BIGINT PRIMARY KEY, type TEXT NOT NULL,
    recorded_at TEXT NOT NULL, recorded_by TEXT, subject_id TEXT, source_id TEXT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}history (person_id TEXT NOT NULL, position BIGINT NOT NULL,
    PRIMARY KEY (person_id, position));
CREATE TABLE IF NOT EXISTS {p}persons (id TEXT PRIMARY KEY, name TEXT NOT NULL, merged_into TEXT);
CREATE TABLE IF NOT EXISTS {p}aliases (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,
    name TEXT NOT NULL, language TEXT NOT NULL, norm TEXT NOT NULL, is_name INTEGER NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, name, language));
CREATE TABLE IF NOT EXISTS {p}orgs (id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT);
CREATE TABLE IF NOT EXISTS {p}sources (id TEXT PRIMARY KEY, publisher TEXT NOT NULL, url TEXT,
    title TEXT, language TEXT, published_at TEXT NOT NULL, cites_id TEXT, independent_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}claims (id TEXT PRIMARY KEY, person_id TEXT NOT NULL, from_id TEXT,
    to_id TEXT, status TEXT, independent INTEGER NOT NULL DEFAULT 0, contested INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS {p}facts (position BIGINT PRIMARY KEY, claim_id TEXT NOT NULL,
    person_id TEXT NOT NULL, fact TEXT NOT NULL, recorded_at TEXT NOT NULL, published_at TEXT,
    status TEXT, source_id TEXT, publisher TEXT, note TEXT, effective TEXT, role TEXT, from_id TEXT,
    to_id TEXT);
CREATE TABLE IF NOT EXISTS {p}merges (duplicate_id TEXT PRIMARY KEY, survivor_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL, position BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}stints (person_id TEXT NOT NULL, seq INTEGER NOT NULL, org_id TEXT NOT NULL,
    role TEXT, start_value TEXT, end_value TEXT, status TEXT NOT NULL, possible_from TEXT NOT NULL,
    certain_from TEXT NOT NULL, certain_until TEXT NOT NULL, possible_until TEXT NOT NULL,
    claim_ids TEXT NOT NULL, source_ids TEXT NOT NULL, PRIMARY KEY (person_id, seq));
CREATE TABLE IF NOT EXISTS {p}moves (claim_id TEXT PRIMARY KEY, person_id TEXT NOT NULL,
    from_id TEXT NOT NULL, to_id TEXT NOT NULL, earliest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}tracking (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}dead_letters (position BIGINT PRIMARY KEY, type TEXT NOT NULL, error TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS {p}history_pos_{g} ON {p}history (position);
CREATE INDEX IF NOT EXISTS {p}aliases_norm_{g} ON {p}aliases (subject_kind, norm);
CREATE INDEX IF NOT EXISTS {p}orgs_parent_{g} ON {p}orgs (parent_id);
CREATE INDEX IF NOT EXISTS {p}claims_person_{g} ON {p}claims (person_id);
CREATE INDEX IF NOT EXISTS {p}claims_from_{g} ON {p}claims (from_id);
CREATE INDEX IF NOT EXISTS {p}claims_to_{g} ON {p}claims (to_id);
CREATE INDEX IF NOT EXISTS {p}facts_person_{g} ON {p}facts (person_id, position);
CREATE INDEX IF NOT EXISTS {p}facts_claim_{g} ON {p}facts (claim_id, position);
CREATE INDEX IF NOT EXISTS {p}facts_source_{g} ON {p}facts (source_id);
CREATE INDEX IF NOT EXISTS {p}merges_survivor_{g} ON {p}merges (survivor_id);
CREATE INDEX IF NOT EXISTS {p}stints_org_{g} ON {p}stints (org_id, possible_from);
CREATE INDEX IF NOT EXISTS {p}stints_org_person_{g} ON {p}stints (org_id, person_id);
CREATE INDEX IF NOT EXISTS {p}moves_earliest_{g} ON {p}moves (earliest);
CREATE INDEX IF NOT EXISTS {p}moves_person_{g} ON {p}moves (person_id);
"""


def ddl(prefix: str, dialect: str, *, generation: str = "a", indexes: bool = True) -> list[str]:
    """Statements creating one complete set of read-model tables under ``prefix``, its indexes
    named in ``generation`` (see the module's docstring).

    On SQLite, position keys are ``INTEGER PRIMARY KEY`` (the rowid itself: one B-tree fewer per
    table). With ``indexes=False`` only the tables (and their keys) are made: a bulk load then
    builds the secondary indexes once, sorted, instead of row by row in random order.
    """
    assert generation in GENERATIONS, generation
    text = _DDL.format(p=prefix, g=generation)
    if dialect == "sqlite":
        text = text.replace("position BIGINT PRIMARY KEY", "position INTEGER PRIMARY KEY")
    statements = [s.strip() for s in text.split(";") if s.strip()]
    return [s for s in statements if indexes or not s.startswith("CREATE INDEX")]


TIMELINES = ("stints", "moves")  # computed from the others, after they are loaded
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


SCRATCH = ("claim_status",)  # work tables of a rebuild, never swapped in


def scratch(prefix: str) -> list[str]:
    """Work tables a rebuild fills and drops before the swap (see ``PageWriter.write_rows``)."""
    return [
        f"CREATE TABLE {prefix}claim_status (id TEXT NOT NULL, status TEXT, independent INTEGER NOT NULL,"
        " contested INTEGER NOT NULL)"
    ]


def drop(prefix: str) -> list[str]:
    return [f"DROP TABLE IF EXISTS {prefix}{t}" for t in (*TABLES, *SCRATCH)]


def swap(shadow: str = SHADOW, live: str = LIVE) -> list[str]:
    """Replace the live tables by the shadow ones (run inside one transaction)."""
    return drop(live) + [f"ALTER TABLE {shadow}{t} RENAME TO {live}{t}" for t in TABLES]
