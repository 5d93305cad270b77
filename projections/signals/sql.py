"""The signals' tables and statements (``{p}``: the table prefix)."""

TABLES = {
    "group_claims": """CREATE TABLE IF NOT EXISTS {p}group_claims (id TEXT PRIMARY KEY, org_id TEXT NOT NULL,
    to_id TEXT, modality TEXT NOT NULL, count_min INTEGER, count_max INTEGER, whole INTEGER NOT NULL,
    effective TEXT)""",
    "group_facts": """CREATE TABLE IF NOT EXISTS {p}group_facts (position BIGINT PRIMARY KEY, group_id TEXT NOT NULL,
    fact TEXT NOT NULL, recorded_at TEXT NOT NULL, published_at TEXT, status TEXT, source_id TEXT,
    publisher TEXT, note TEXT, cites_id TEXT)""",
}
INDEXES = {
    "group_claims": ("CREATE INDEX IF NOT EXISTS {p}group_claims_org_{g} ON {p}group_claims (org_id)",),
    "group_facts": ("CREATE INDEX IF NOT EXISTS {p}group_facts_group_{g} ON {p}group_facts (group_id, position)",),
}

GROUP_COLUMNS = "id, org_id, to_id, modality, count_min, count_max, whole, effective"
GROUP_FACT_COLUMNS = "position, group_id, fact, recorded_at, published_at, status, source_id, publisher, note, cites_id"

# -- written by the handlers ------------------------------------------------------------------------
INSERT_GROUP = f"INSERT INTO {{p}}group_claims ({GROUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
INSERT_GROUP_FACT = f"INSERT INTO {{p}}group_facts ({GROUP_FACT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

# -- read by the queries ----------------------------------------------------------------------------
GROUPS_OF_ORGS = f"SELECT {GROUP_COLUMNS} FROM {{p}}group_claims WHERE org_id IN ({{marks}})"
GROUPS_BY_IDS = f"SELECT {GROUP_COLUMNS} FROM {{p}}group_claims WHERE id IN ({{marks}})"
FACTS_OF_GROUPS = (
    f"SELECT {GROUP_FACT_COLUMNS} FROM {{p}}group_facts WHERE group_id IN ({{marks}}) ORDER BY position"
)
