"""DDL of the read models. Every table name carries a prefix, so that ``rebuild`` can build a
complete new set beside the live one (``tl_new_``) and swap it in within one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

LIVE = "tl_"
SHADOW = "tl_new_"

TABLES = (
    "events", "history", "persons", "aliases", "orgs", "sources", "claims", "facts", "merges",
    "stints", "moves", "tracking",
)

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
CREATE INDEX IF NOT EXISTS {p}{g}history_pos ON {p}history (position);
CREATE INDEX IF NOT EXISTS {p}{g}aliases_norm ON {p}aliases (subject_kind, norm);
CREATE INDEX IF NOT EXISTS {p}{g}orgs_parent ON {p}orgs (parent_id);
CREATE INDEX IF NOT EXISTS {p}{g}claims_person ON {p}claims (person_id);
CREATE INDEX IF NOT EXISTS {p}{g}claims_from ON {p}claims (from_id);
CREATE INDEX IF NOT EXISTS {p}{g}claims_to ON {p}claims (to_id);
CREATE INDEX IF NOT EXISTS {p}{g}facts_person ON {p}facts (person_id, position);
CREATE INDEX IF NOT EXISTS {p}{g}facts_claim ON {p}facts (claim_id, position);
CREATE INDEX IF NOT EXISTS {p}{g}facts_source ON {p}facts (source_id);
CREATE INDEX IF NOT EXISTS {p}{g}merges_survivor ON {p}merges (survivor_id);
CREATE INDEX IF NOT EXISTS {p}{g}stints_org ON {p}stints (org_id, possible_from);
CREATE INDEX IF NOT EXISTS {p}{g}stints_org_person ON {p}stints (org_id, person_id);
CREATE INDEX IF NOT EXISTS {p}{g}moves_earliest ON {p}moves (earliest);
CREATE INDEX IF NOT EXISTS {p}{g}moves_person ON {p}moves (person_id);
"""


def ddl(prefix: str, dialect: str, *, indexes: bool = True) -> list[str]:
    """Statements creating one complete set of read-model tables under ``prefix``.

    Index names carry a random generation tag: after a swap renames tables, their indexes keep
    their names, and the next shadow set must not collide with them. On SQLite, position keys
    are ``INTEGER PRIMARY KEY`` (the rowid itself: one B-tree fewer per table). With
    ``indexes=False`` only the tables (and their keys) are made: a bulk load then builds the
    secondary indexes once, sorted, instead of row by row in random order.
    """
    generation = secrets.token_hex(3) + "_"
    text = _DDL.format(p=prefix, g=generation)
    if dialect == "sqlite":
        text = text.replace("position BIGINT PRIMARY KEY", "position INTEGER PRIMARY KEY")
    statements = [s.strip() for s in text.split(";") if s.strip()]
    return [s for s in statements if indexes or not s.startswith("CREATE INDEX")]


TIMELINES = ("stints", "moves")  # computed from the others, after they are loaded
FOLD_READS = "facts_person ON"  # the one index computing timelines reads (facts by person)


def indexes(prefix: str, dialect: str, of: Sequence[str] = TABLES) -> list[str]:
    """The secondary indexes of ``ddl`` alone (of the tables ``of``), for after a bulk load."""
    on = tuple(f" ON {prefix}{table} " for table in of)
    return [s for s in ddl(prefix, dialect) if s.startswith("CREATE INDEX") and any(o in s for o in on)]


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
