"""The timelines' tables and statements (``{p}``: the table prefix)."""

TABLES = {
    "stints": (
        "CREATE TABLE IF NOT EXISTS {p}stints (person_id TEXT NOT NULL, seq INTEGER NOT NULL, org_id TEXT NOT NULL,\n"
        "    role TEXT, start_value TEXT, end_value TEXT, status TEXT NOT NULL, possible_from TEXT NOT NULL,\n"
        "    certain_from TEXT NOT NULL, certain_until TEXT NOT NULL, possible_until TEXT NOT NULL,\n"
        "    claim_ids TEXT NOT NULL, source_ids TEXT NOT NULL, observed INTEGER NOT NULL DEFAULT 0,\n"
        "    bounds TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (person_id, seq))"
    ),
    "moves": """CREATE TABLE IF NOT EXISTS {p}moves (claim_id TEXT PRIMARY KEY, person_id TEXT NOT NULL,
    from_id TEXT NOT NULL, to_id TEXT NOT NULL, earliest TEXT NOT NULL)""",
    # Versions (docs/time.md#versions): each stint and counted move of the default lens, as recorded now,
    # with the interval of publication time it holds over, [known_from, known_until), as fixed-width UTC
    # text ('' before any time, '~' after every one).
    "stint_versions": (
        "CREATE TABLE IF NOT EXISTS {p}stint_versions (person_id TEXT NOT NULL, seq INTEGER NOT NULL,\n"
        "    org_id TEXT NOT NULL, role TEXT, start_value TEXT, end_value TEXT, status TEXT NOT NULL,\n"
        "    possible_from TEXT NOT NULL, certain_from TEXT NOT NULL, certain_until TEXT NOT NULL,\n"
        "    possible_until TEXT NOT NULL, claim_ids TEXT NOT NULL, source_ids TEXT NOT NULL,\n"
        "    observed INTEGER NOT NULL, bounds TEXT NOT NULL, known_from TEXT NOT NULL, known_until TEXT NOT NULL,\n"
        "    PRIMARY KEY (person_id, known_from, seq))"
    ),
    "move_versions": """CREATE TABLE IF NOT EXISTS {p}move_versions (claim_id TEXT NOT NULL, person_id TEXT NOT NULL,
    from_id TEXT NOT NULL, to_id TEXT NOT NULL, earliest TEXT NOT NULL, known_from TEXT NOT NULL,
    known_until TEXT NOT NULL, PRIMARY KEY (person_id, claim_id, known_from))""",
}
INDEXES = {
    "stints": (
        "CREATE INDEX IF NOT EXISTS {p}stints_org_{g} ON {p}stints (org_id, possible_from)",
        "CREATE INDEX IF NOT EXISTS {p}stints_org_person_{g} ON {p}stints (org_id, person_id)",
    ),
    "moves": (
        "CREATE INDEX IF NOT EXISTS {p}moves_earliest_{g} ON {p}moves (earliest)",
        "CREATE INDEX IF NOT EXISTS {p}moves_person_{g} ON {p}moves (person_id)",
    ),
    "stint_versions": (
        # The interval and the dates in the key: a roster page skips other intervals' versions in the
        # index, without reading their rows (PostgreSQL, 100k events: 5.3 -> 0.5 ms for a page of 100).
        "CREATE INDEX IF NOT EXISTS {p}stint_versions_org_person_{g} ON {p}stint_versions"
        " (org_id, person_id, known_from, known_until, possible_from, possible_until)",
        "CREATE INDEX IF NOT EXISTS {p}stint_versions_org_{g} ON {p}stint_versions (org_id, possible_from)",
    ),
    "move_versions": (
        "CREATE INDEX IF NOT EXISTS {p}move_versions_earliest_{g} ON {p}move_versions (earliest)",
    ),
}
# A rebuild's work table: each claim's status, applied to ``claims`` with one joined UPDATE.
SCRATCH = {
    "claim_status": "CREATE TABLE {p}claim_status (id TEXT NOT NULL, status TEXT, independent INTEGER NOT NULL,"
    " contested INTEGER NOT NULL, corroborating INTEGER NOT NULL)",
}

# -- the materialized timeline, written ---------------------------------------------------------------
INSERT_STINT = (
    "INSERT INTO {p}stints (person_id, seq, org_id, role, start_value, end_value, status, possible_from,"
    " certain_from, certain_until, possible_until, claim_ids, source_ids, observed, bounds)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_MOVE = "INSERT INTO {p}moves (claim_id, person_id, from_id, to_id, earliest) VALUES (?, ?, ?, ?, ?)"
INSERT_STINT_VERSION = (
    "INSERT INTO {p}stint_versions (person_id, seq, org_id, role, start_value, end_value, status, possible_from,"
    " certain_from, certain_until, possible_until, claim_ids, source_ids, observed, bounds, known_from, known_until)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_MOVE_VERSION = (
    "INSERT INTO {p}move_versions (claim_id, person_id, from_id, to_id, earliest, known_from, known_until)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
DELETE_STINT_VERSIONS = "DELETE FROM {p}stint_versions WHERE person_id IN ({marks})"
DELETE_MOVE_VERSIONS = "DELETE FROM {p}move_versions WHERE person_id IN ({marks})"
DELETE_STINTS = "DELETE FROM {p}stints WHERE person_id IN ({marks})"
DELETE_MOVES = "DELETE FROM {p}moves WHERE person_id IN ({marks})"
SET_CLAIM_STATUS = (
    "UPDATE {p}claims SET status = ?, independent = ?, contested = ?, corroborating = ? WHERE id = ?"
)
INSERT_CLAIM_STATUS = (
    "INSERT INTO {p}claim_status (status, independent, contested, corroborating, id) VALUES (?, ?, ?, ?, ?)"
)
INDEX_CLAIM_STATUS = "CREATE INDEX {p}claim_status_id ON {p}claim_status (id)"
APPLY_CLAIM_STATUS = (
    "UPDATE {p}claims SET status = s.status, independent = s.independent, contested = s.contested,"
    " corroborating = s.corroborating FROM {p}claim_status AS s WHERE s.id = {p}claims.id"
)
DROP_CLAIM_STATUS = "DROP TABLE {p}claim_status"
PEOPLE_WITH_CLAIMS_AT = (
    "SELECT DISTINCT person_id FROM {p}claims WHERE from_id IN ({marks}) OR to_id IN ({marks}) OR org_id IN ({marks})"
)
PEOPLE_WITH_FACTS = "SELECT DISTINCT person_id FROM {p}facts ORDER BY person_id"
FACTS_OF_RANGE = (
    "SELECT {columns} FROM {p}facts WHERE person_id >= ? AND person_id <= ? ORDER BY person_id, position"
)

# -- the materialized timeline, read ------------------------------------------------------------------
STINT_COLUMNS = (
    "person_id, org_id, role, start_value, end_value, status, possible_from, certain_from, certain_until,"
    " possible_until, claim_ids, source_ids, observed, bounds"
)
STINTS_OF = f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE person_id = ? ORDER BY seq"
STINTS_HOLDING = (
    f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE person_id = ? AND possible_from <= ? AND possible_until >= ?"
)
STINTS_OF_PEOPLE = f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE person_id IN ({{marks}}) ORDER BY person_id, seq"
# The last recorded and published times of each person's facts (fixed-width text: text order is time order).
LAST_TIMES = (
    "SELECT person_id, MAX(recorded_at), MAX(published_at) FROM {p}facts WHERE person_id IN ({marks})"
    " GROUP BY person_id"
)
STINTS_AT = f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE org_id IN ({{marks}})"
HOLDING_ON = " AND possible_from <= ? AND possible_until >= ?"
# Ends of moves, and the organization of affiliations (docs/rules.md#affiliations).
PEOPLE_WITH_FACTS_AT = (
    "SELECT DISTINCT person_id FROM {p}facts WHERE from_id IN ({marks}) OR to_id IN ({marks}) OR org_id IN ({marks})"
)

# -- versions, read (docs/time.md#versions): ``{known}`` is ``versions.KNOWN_AT`` -----------------------
VERSION_STINTS_OF = f"SELECT {STINT_COLUMNS} FROM {{p}}stint_versions WHERE person_id = ? AND {{known}} ORDER BY seq"
VERSION_STINTS_AT = f"SELECT {STINT_COLUMNS} FROM {{p}}stint_versions WHERE org_id IN ({{marks}}) AND {{known}}"
