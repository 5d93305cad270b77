"""The directory's tables and statements (``{p}``: the table prefix)."""

TABLES = {
    "persons": "CREATE TABLE IF NOT EXISTS {p}persons (id TEXT PRIMARY KEY, name TEXT NOT NULL, merged_into TEXT)",
    "aliases": """CREATE TABLE IF NOT EXISTS {p}aliases (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,
    name TEXT NOT NULL, language TEXT NOT NULL, norm TEXT NOT NULL, is_name INTEGER NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, name, language))""",
    "orgs": "CREATE TABLE IF NOT EXISTS {p}orgs (id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT)",
    "sources": """CREATE TABLE IF NOT EXISTS {p}sources (id TEXT PRIMARY KEY, publisher TEXT NOT NULL, url TEXT,
    title TEXT, language TEXT, published_at TEXT NOT NULL, cites_id TEXT, independent_key TEXT NOT NULL,
    publisher_norm TEXT NOT NULL, title_norm TEXT NOT NULL)""",
    "merges": """CREATE TABLE IF NOT EXISTS {p}merges (duplicate_id TEXT PRIMARY KEY, survivor_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL, position BIGINT NOT NULL)""",
}
INDEXES = {
    "aliases": ("CREATE INDEX IF NOT EXISTS {p}aliases_norm_{g} ON {p}aliases (subject_kind, norm)",),
    "orgs": ("CREATE INDEX IF NOT EXISTS {p}orgs_parent_{g} ON {p}orgs (parent_id)",),
    "merges": ("CREATE INDEX IF NOT EXISTS {p}merges_survivor_{g} ON {p}merges (survivor_id)",),
    "sources": ("CREATE INDEX IF NOT EXISTS {p}sources_publisher_{g} ON {p}sources (publisher_norm, id)",),
}

# -- written by the handlers ------------------------------------------------------------------------
INSERT_PERSON = "INSERT INTO {p}persons (id, name) VALUES (?, ?)"
INSERT_ALIAS = (
    "INSERT INTO {p}aliases (subject_kind, subject_id, name, language, norm, is_name)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
MARK_MERGED = "UPDATE {p}persons SET merged_into = ? WHERE id = ?"
INSERT_MERGE = "INSERT INTO {p}merges (duplicate_id, survivor_id, recorded_at, position) VALUES (?, ?, ?, ?)"
INSERT_ORG = "INSERT INTO {p}orgs (id, name, parent_id) VALUES (?, ?, ?)"
REPARENT = "UPDATE {p}orgs SET parent_id = ? WHERE id = ?"
INSERT_SOURCE = (
    "INSERT INTO {p}sources (id, publisher, url, title, language, published_at, cites_id, independent_key,"
    " publisher_norm, title_norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SOURCE_KEYS = "SELECT published_at, independent_key FROM {p}sources WHERE id = ?"
ORG_PARENTS = "SELECT id, parent_id FROM {p}orgs"

# -- merges ------------------------------------------------------------------------------------------
PERSON_EXISTS = "SELECT 1 FROM {p}persons WHERE id = ?"
MERGED_INTO = "SELECT merged_into FROM {p}persons WHERE id = ?"
DUPLICATES_OF = "SELECT duplicate_id FROM {p}merges WHERE survivor_id IN ({marks})"
DUPLICATES_BY = " AND recorded_at <= ?"  # merges recorded by ``as_of``
MERGES_OF = "SELECT duplicate_id, survivor_id, recorded_at FROM {p}merges WHERE duplicate_id IN ({marks})"
MERGED_INTO_MANY = "SELECT id, merged_into FROM {p}persons WHERE id IN ({marks}) AND merged_into IS NOT NULL"
DUPLICATES_OF_MANY = "SELECT duplicate_id, survivor_id FROM {p}merges WHERE survivor_id IN ({marks})"
MERGE_PARTIES = "SELECT duplicate_id, survivor_id FROM {p}merges"

# -- read by the queries ------------------------------------------------------------------------------
PERSON_COLUMNS = "id, name, merged_into"
ORG_COLUMNS = "id, name, parent_id"
SOURCE_COLUMNS = "id, publisher, url, title, language, published_at, cites_id"
ROWS_BY_ID = "SELECT {columns} FROM {p}{table} WHERE id IN ({marks})"
ALIASES_OF = (
    "SELECT subject_id, name, language FROM {p}aliases WHERE subject_kind = ? AND is_name = 0"
    " AND subject_id IN ({marks}) ORDER BY subject_id, language, name"
)
# People (survivors only) or organizations, in id order after a key; by alias with ``MATCHING``.
SUBJECTS = "SELECT t.id FROM {p}{table} t WHERE t.id > ?{survivors} ORDER BY t.id LIMIT ?"
SUBJECTS_MATCHING = (
    "SELECT DISTINCT t.id FROM {p}{table} t JOIN {p}aliases a ON a.subject_kind = ? AND a.subject_id = t.id"
    " WHERE a.norm LIKE ? ESCAPE '\\' AND t.id > ?{survivors} ORDER BY t.id LIMIT ?"
)
COUNT = "SELECT COUNT(*) FROM {p}{table} t WHERE 1 = 1{survivors}"
COUNT_MATCHING = (
    "SELECT COUNT(DISTINCT t.id) FROM {p}{table} t JOIN {p}aliases a ON a.subject_kind = ?"
    " AND a.subject_id = t.id WHERE a.norm LIKE ? ESCAPE '\\'{survivors}"
)
SURVIVORS_ONLY = " AND t.merged_into IS NULL"
UNITS = "SELECT id FROM {p}orgs WHERE parent_id = ? AND id > ? ORDER BY id"
UNIT_COUNT = "SELECT COUNT(*) FROM {p}orgs WHERE parent_id = ?"
# Sources in id order after a key; by publisher (normalized, exact) and by publisher or title (a part).
SOURCES = "SELECT {columns} FROM {p}sources WHERE id > ?{where} ORDER BY id LIMIT ?"
SOURCE_COUNT = "SELECT COUNT(*) FROM {p}sources WHERE 1 = 1{where}"
SOURCE_BY_PUBLISHER = " AND publisher_norm = ?"
SOURCE_MATCHING = " AND (publisher_norm LIKE ? ESCAPE '\\' OR title_norm LIKE ? ESCAPE '\\')"
