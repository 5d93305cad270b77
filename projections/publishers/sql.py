"""The publishers' tables and statements (``{p}``: the table prefix).

A publisher is known by its key (``rules.track_record.publisher_key``: its name, case ignored),
the key the fact rows of its reports carry in ``facts.publisher``; its track record reads those
rows through the ``facts (publisher, claim_id)`` index (``projections/claims/sql.py``).
"""

TABLES = {
    "publishers": """CREATE TABLE IF NOT EXISTS {p}publishers (key TEXT PRIMARY KEY, name TEXT NOT NULL,
    norm TEXT NOT NULL)""",
    "publisher_sources": """CREATE TABLE IF NOT EXISTS {p}publisher_sources (key TEXT NOT NULL,
    source_id TEXT NOT NULL, PRIMARY KEY (key, source_id))""",
}
INDEXES: dict[str, tuple[str, ...]] = {}

# -- written by the handlers ------------------------------------------------------------------------
INSERT_PUBLISHER = "INSERT INTO {p}publishers (key, name, norm) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
INSERT_SOURCE = "INSERT INTO {p}publisher_sources (key, source_id) VALUES (?, ?) ON CONFLICT DO NOTHING"

# -- read by the queries ------------------------------------------------------------------------------
PUBLISHER = "SELECT key, name FROM {p}publishers WHERE key = ?"
PUBLISHERS = "SELECT key, name FROM {p}publishers WHERE key > ? ORDER BY key LIMIT ?"
PUBLISHERS_MATCHING = (
    "SELECT key, name FROM {p}publishers WHERE norm LIKE ? ESCAPE '\\' AND key > ? ORDER BY key LIMIT ?"
)
PUBLISHER_COUNT = "SELECT COUNT(*) FROM {p}publishers"
PUBLISHER_COUNT_MATCHING = "SELECT COUNT(*) FROM {p}publishers WHERE norm LIKE ? ESCAPE '\\'"
SOURCES = "SELECT source_id FROM {p}publisher_sources WHERE key = ? AND source_id > ? ORDER BY source_id LIMIT ?"
SOURCE_COUNT = "SELECT COUNT(*) FROM {p}publisher_sources WHERE key = ?"
# Every fact row of the claims the publisher (or a source relaying it) reported on, grouped by
# claim, in position order: one indexed read (the claims by publisher, then their rows by claim).
FACTS_OF_CALLS = (
    "SELECT f.claim_id, f.fact, f.recorded_at, f.published_at, f.status, f.publisher, f.source_id"
    " FROM {p}facts f WHERE f.claim_id IN (SELECT c.claim_id FROM {p}facts c WHERE c.publisher = ?)"
    " ORDER BY f.claim_id, f.position"
)
