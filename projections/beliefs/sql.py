"""The belief changes' tables and statements (``{p}``: the table prefix).

``belief_changes`` holds one row per change, keyed by its position (the causing event's position
and ``n`` from 1 within it); ``before``/``after`` are the stint versions as JSON arrays
(``rules/beliefs.Snapshot``). ``belief_orgs`` indexes each change by the organizations of its
stints (their ancestors are added when read, from the organization tree).
"""

from projections.feed.sql import EVENT_COLUMNS

TABLES = {
    "belief_changes": """CREATE TABLE IF NOT EXISTS {p}belief_changes (position BIGINT NOT NULL, n INTEGER NOT NULL,
    person_id TEXT NOT NULL, kind TEXT NOT NULL, before TEXT, after TEXT, late_by_days INTEGER,
    PRIMARY KEY (position, n))""",
    "belief_orgs": """CREATE TABLE IF NOT EXISTS {p}belief_orgs (org_id TEXT NOT NULL, position BIGINT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (org_id, position, n))""",
}
# The organizations moved in the tree, with their parent before: the tree as of any event is today's
# with the later moves undone (``rules/beliefs.TreeAt``). Written with the events, as they load.
TABLES["belief_tree"] = """CREATE TABLE IF NOT EXISTS {p}belief_tree (position BIGINT PRIMARY KEY, org_id TEXT NOT NULL,
    parent_id TEXT, old_parent_id TEXT)"""
COMPUTED = ("belief_changes", "belief_orgs")  # folded from the others, after they are loaded
INDEXES = {
    "belief_changes": (
        "CREATE INDEX IF NOT EXISTS {p}belief_changes_person_{g} ON {p}belief_changes (person_id, position, n)",
    ),
}

INSERT_CHANGE = (
    "INSERT INTO {p}belief_changes (position, n, person_id, kind, before, after, late_by_days)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_ORG = "INSERT INTO {p}belief_orgs (org_id, position, n) VALUES (?, ?, ?)"
MERGES_OF = "SELECT duplicate_id, survivor_id, position FROM {p}merges WHERE duplicate_id IN ({marks})"
ALL_MERGES = "SELECT duplicate_id, survivor_id, position FROM {p}merges"
INSERT_MOVE = "INSERT INTO {p}belief_tree (position, org_id, parent_id, old_parent_id) VALUES (?, ?, ?, ?)"
MOVES_FROM = (
    "SELECT position, org_id, parent_id, old_parent_id FROM {p}belief_tree WHERE position >= ? ORDER BY position"
)
PEOPLE_WITH_FACTS_AT = (  # from the indexes alone (``claims/sql.py``: ``facts_*_people``)
    "SELECT person_id FROM {p}facts WHERE from_id IN ({marks})"
    " UNION SELECT person_id FROM {p}facts WHERE to_id IN ({marks})"
)
DELETE_ORGS_OF = (
    "DELETE FROM {p}belief_orgs WHERE EXISTS (SELECT 1 FROM {p}belief_changes AS c WHERE c.position ="
    " {p}belief_orgs.position AND c.n = {p}belief_orgs.n AND c.person_id IN ({marks}))"
)
DELETE_CHANGES_OF = "DELETE FROM {p}belief_changes WHERE person_id IN ({marks})"

COLUMNS = "c.position, c.n, c.person_id, c.kind, c.before, c.after, c.late_by_days"
# ``{after}``: the cursor's condition; the rows after (position, n), in order.
AFTER = "({t}.position > ? OR ({t}.position = ? AND {t}.n > ?))"
CHANGES = (
    f"SELECT {COLUMNS} FROM {{p}}belief_changes AS c WHERE {AFTER.format(t='c')}{{people}}"
    " ORDER BY c.position, c.n LIMIT ?"
)
# Changes at organizations (each organization's rows along its key, merged), optionally of people.
CHANGES_AT_ORGS = (
    f"SELECT DISTINCT {COLUMNS} FROM {{p}}belief_orgs AS o JOIN {{p}}belief_changes AS c"
    " ON c.position = o.position AND c.n = o.n"
    f" WHERE o.org_id IN ({{orgs}}) AND {AFTER.format(t='o')}{{people}} ORDER BY c.position, c.n LIMIT ?"
)
OF_PEOPLE = " AND c.person_id IN ({marks})"
KEYS_AT = (
    f"SELECT position, n FROM {{p}}belief_orgs AS o WHERE o.org_id = ? AND {AFTER.format(t='o')}"
    " ORDER BY o.position, o.n LIMIT ?"
)
CHANGES_AT = f"SELECT {COLUMNS} FROM {{p}}belief_changes AS c WHERE c.position IN ({{marks}})"
EVENTS_AT = f"SELECT {EVENT_COLUMNS} FROM {{p}}events WHERE position IN ({{marks}})"  # the causes
