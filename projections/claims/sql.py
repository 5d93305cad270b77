"""The claims' tables and statements (``{p}``: the table prefix)."""

TABLES = {
    "claims": """CREATE TABLE IF NOT EXISTS {p}claims (id TEXT PRIMARY KEY, person_id TEXT NOT NULL, from_id TEXT,
    to_id TEXT, status TEXT, independent INTEGER NOT NULL DEFAULT 0, contested INTEGER NOT NULL DEFAULT 0,
    corroborating INTEGER NOT NULL DEFAULT 0, kind TEXT, org_id TEXT)""",
    "facts": """CREATE TABLE IF NOT EXISTS {p}facts (position BIGINT PRIMARY KEY, claim_id TEXT NOT NULL,
    person_id TEXT NOT NULL, fact TEXT NOT NULL, recorded_at TEXT NOT NULL, published_at TEXT,
    status TEXT, source_id TEXT, publisher TEXT, note TEXT, effective TEXT, role TEXT, from_id TEXT,
    to_id TEXT, kind TEXT, org_id TEXT, tense TEXT, cites_id TEXT)""",
    # Two staircases over the facts (``horizons.py``): on axis 'r', the latest publication of the
    # facts recorded by ``at``; on axis 'p', the latest recording of the facts (and merges) seen at
    # every ``knownAt`` published by ``at`` (unsourced ones at ''). Each ``latest`` rises with ``at``.
    "horizons": """CREATE TABLE IF NOT EXISTS {p}horizons (axis TEXT NOT NULL, at TEXT NOT NULL,
    latest TEXT NOT NULL, PRIMARY KEY (axis, at))""",
}
INDEXES = {
    "claims": (
        "CREATE INDEX IF NOT EXISTS {p}claims_person_{g} ON {p}claims (person_id)",
        "CREATE INDEX IF NOT EXISTS {p}claims_from_{g} ON {p}claims (from_id)",
        "CREATE INDEX IF NOT EXISTS {p}claims_to_{g} ON {p}claims (to_id)",
        "CREATE INDEX IF NOT EXISTS {p}claims_org_{g} ON {p}claims (org_id)",
    ),
    "facts": (
        "CREATE INDEX IF NOT EXISTS {p}facts_person_{g} ON {p}facts (person_id, position)",
        "CREATE INDEX IF NOT EXISTS {p}facts_claim_{g} ON {p}facts (claim_id, position)",
        "CREATE INDEX IF NOT EXISTS {p}facts_source_{g} ON {p}facts (source_id)",
        "CREATE INDEX IF NOT EXISTS {p}facts_publisher_{g} ON {p}facts (publisher, claim_id)",  # track records
        # The people with a fact naming an organization: the candidates of a read that folds
        # (``PEOPLE_WITH_FACTS_AT``), read from these indexes alone (no row of the table), one range each.
        "CREATE INDEX IF NOT EXISTS {p}facts_from_people_{g} ON {p}facts (from_id, person_id)"
        " WHERE from_id IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS {p}facts_to_people_{g} ON {p}facts (to_id, person_id)"
        " WHERE to_id IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS {p}facts_org_people_{g} ON {p}facts (org_id, person_id)"
        " WHERE org_id IS NOT NULL",
    ),
}

FACT_COLUMNS = (
    "position, claim_id, person_id, fact, recorded_at, published_at, status, source_id, publisher,"
    " note, effective, role, from_id, to_id, kind, org_id, tense, cites_id"
)

# -- written by the handlers ------------------------------------------------------------------------
INSERT_CLAIM = "INSERT INTO {p}claims (id, person_id, from_id, to_id, kind, org_id) VALUES (?, ?, ?, ?, ?, ?)"
INSERT_FACT = f"INSERT INTO {{p}}facts ({FACT_COLUMNS}) VALUES ({', '.join('?' * 18)})"
CORRECT_ENDS = (
    "UPDATE {p}claims SET from_id = COALESCE(?, from_id), to_id = COALESCE(?, to_id), org_id = COALESCE(?, org_id)"
    " WHERE id = ?"
)
PERSON_OF_CLAIM = "SELECT person_id FROM {p}claims WHERE id = ?"
# A point (at, latest) of a staircase: drop the steps it covers, then add it unless a step covers it.
HORIZON_COVERED = "DELETE FROM {p}horizons WHERE axis = ? AND at >= ? AND latest <= ?"
HORIZON_ADD = (
    "INSERT INTO {p}horizons (axis, at, latest) SELECT ?, ?, ? WHERE COALESCE((SELECT latest FROM {p}horizons"
    " WHERE axis = ? AND at <= ? ORDER BY at DESC LIMIT 1), '') < ?"
)
_POINTS = {  # every point of each axis, as (at, latest)
    "r": "SELECT recorded_at AS at, published_at AS latest FROM {p}facts WHERE published_at IS NOT NULL",
    "p": "SELECT COALESCE(published_at, '') AS at, recorded_at AS latest FROM {p}facts"
         " UNION ALL SELECT '', recorded_at FROM {p}merges",
}
# Each staircase at once (a rebuild's fill, the migration's): the points above every earlier one.
FILL_HORIZON = {axis: (
    "INSERT INTO {p}horizons (axis, at, latest) SELECT '" + axis + "', at, MAX(latest) FROM (SELECT at, latest,"
    " MAX(latest) OVER (ORDER BY at, latest ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS below"
    " FROM (" + points + ") points) ranked WHERE below IS NULL OR latest > below GROUP BY at"
) for axis, points in _POINTS.items()}
HORIZON = "SELECT latest FROM {p}horizons WHERE axis = ? AND at <= ? ORDER BY at DESC LIMIT 1"

# -- read by the queries and the timelines ---------------------------------------------------------
FACTS_OF_PEOPLE = f"SELECT {FACT_COLUMNS} FROM {{p}}facts WHERE person_id IN ({{marks}}) ORDER BY position"
FACTS_OF_CLAIMS = f"SELECT {FACT_COLUMNS} FROM {{p}}facts WHERE claim_id IN ({{marks}}) ORDER BY position"
CONTESTED = "SELECT id, contested, corroborating FROM {p}claims WHERE id IN ({marks})"
CLAIM_COUNT_OF_PEOPLE = "SELECT COUNT(*) FROM {p}claims WHERE person_id IN ({marks})"
CLAIMS_OF_SOURCE = "SELECT DISTINCT claim_id FROM {p}facts WHERE source_id = ? AND claim_id > ? ORDER BY claim_id"
CLAIM_COUNT_OF_SOURCE = "SELECT COUNT(DISTINCT claim_id) FROM {p}facts WHERE source_id = ?"
