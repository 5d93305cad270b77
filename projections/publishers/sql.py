"""The publishers' tables and statements (``{p}``: the table prefix).

A publisher is known by its key (``rules.track_record.publisher_key``: its name, case ignored),
the key the fact rows of its reports carry in ``facts.publisher``. ``calls`` holds every call
under the default cutoffs (recomputed from the claim's fact rows whenever one is added), so the
default track record is a range of one index; a read with ``knownAt`` or ``asOf`` folds the fact
rows of the claims the publisher reported on, read through the ``facts (publisher, claim_id)``
index (``projections/claims/sql.py``).
"""

TABLES = {
    "publishers": """CREATE TABLE IF NOT EXISTS {p}publishers (key TEXT PRIMARY KEY, name TEXT NOT NULL,
    norm TEXT NOT NULL)""",
    "publisher_sources": """CREATE TABLE IF NOT EXISTS {p}publisher_sources (key TEXT NOT NULL,
    source_id TEXT NOT NULL, PRIMARY KEY (key, source_id))""",
    "calls": """CREATE TABLE IF NOT EXISTS {p}calls (claim_id TEXT NOT NULL, key TEXT NOT NULL,
    called_at TEXT NOT NULL, source_id TEXT NOT NULL, outcome TEXT NOT NULL, lead_days DOUBLE PRECISION,
    PRIMARY KEY (claim_id, key))""",
}
INDEXES: dict[str, tuple[str, ...]] = {
    "calls": (
        "CREATE INDEX IF NOT EXISTS {p}calls_key_{g} ON {p}calls (key, called_at, claim_id)",  # pages
        "CREATE INDEX IF NOT EXISTS {p}calls_outcome_{g} ON {p}calls (key, outcome, lead_days)",  # the record
    ),
}

# -- written by the handlers ------------------------------------------------------------------------
INSERT_PUBLISHER = "INSERT INTO {p}publishers (key, name, norm) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
INSERT_SOURCE = "INSERT INTO {p}publisher_sources (key, source_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
ROW_COLUMNS = "claim_id, fact, recorded_at, published_at, status, publisher, source_id"  # rules.track_record.Row
FACTS_OF_CLAIM = f"SELECT {ROW_COLUMNS} FROM {{p}}facts WHERE claim_id = ? ORDER BY position"
# Every claim's rows, a range of claims at a time (a rebuild fills ``calls`` once the facts are indexed).
CLAIMS_AFTER = "SELECT claim_id FROM {p}facts WHERE claim_id > ? ORDER BY claim_id LIMIT ?"
FACTS_OF_CLAIM_RANGE = (
    f"SELECT {ROW_COLUMNS} FROM {{p}}facts WHERE claim_id > ? AND claim_id <= ? ORDER BY claim_id, position"
)
FORGET_CALLS = "DELETE FROM {p}calls WHERE claim_id = ?"
INSERT_CALL = (
    "INSERT INTO {p}calls (claim_id, key, called_at, source_id, outcome, lead_days) VALUES (?, ?, ?, ?, ?, ?)"
)

# -- read by the queries ------------------------------------------------------------------------------
PUBLISHER = "SELECT key, name FROM {p}publishers WHERE key = ?"
PUBLISHERS = "SELECT key, name FROM {p}publishers WHERE key > ? ORDER BY key LIMIT ?"
PUBLISHERS_MATCHING = (
    "SELECT key, name FROM {p}publishers WHERE norm LIKE ? ESCAPE '\\' AND key > ? ORDER BY key LIMIT ?"
)
PUBLISHER_COUNT = "SELECT COUNT(*) FROM {p}publishers"
PUBLISHER_COUNT_MATCHING = "SELECT COUNT(*) FROM {p}publishers WHERE norm LIKE ? ESCAPE '\\'"
# Every fact row of the claims the publisher (or a source relaying it) reported on, grouped by
# claim, in position order: one indexed read (the claims by publisher, then their rows by claim).
FACTS_OF_CALLS = (
    "SELECT f.claim_id, f.fact, f.recorded_at, f.published_at, f.status, f.publisher, f.source_id"
    " FROM {p}facts f WHERE f.claim_id IN (SELECT c.claim_id FROM {p}facts c WHERE c.publisher = ?)"
    " ORDER BY f.claim_id, f.position"
)
# Under the default cutoffs: counts by outcome, the confirmed calls' leads, a page of calls.
OUTCOME_COUNTS = "SELECT outcome, COUNT(*) FROM {p}calls WHERE key = ? GROUP BY outcome"
LEADS = "SELECT lead_days FROM {p}calls WHERE key = ? AND outcome = 'CONFIRMED'"
CALL_COLUMNS = "claim_id, source_id, called_at, outcome, lead_days"
CALLS_PAGE = (
    "SELECT {columns} FROM {p}calls WHERE key = ?{outcome}{after} ORDER BY called_at DESC, claim_id DESC LIMIT ?"
)
CALLS_AFTER = " AND (called_at < ? OR (called_at = ? AND claim_id < ?))"
CALL_COUNT = "SELECT COUNT(*) FROM {p}calls WHERE key = ?{outcome}"
OF_OUTCOME = " AND outcome = ?"
