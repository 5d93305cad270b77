"""The timelines' tables and statements (``{p}``: the table prefix)."""

from projections.timelines.versions import LENS_PUBLICATION, PUBLICATION, RECORDED, Axis

VERSION_AXES = (PUBLICATION, RECORDED, LENS_PUBLICATION)
"""The versions along an axis of time (``timelines/versions.py``): the same two tables each, with
the lens's key first in the other lenses'."""


def _version_tables(axis: Axis) -> dict[str, str]:
    """The two version tables of one axis."""
    stints, moves, since, until = axis.stints, axis.moves, axis.since, axis.until
    lens, key = ("lens TEXT NOT NULL, ", "lens, ") if axis.lensed else ("", "")
    return {
        stints: (
            f"CREATE TABLE IF NOT EXISTS {{p}}{stints} ({lens}person_id TEXT NOT NULL, seq INTEGER NOT NULL,\n"
            "    org_id TEXT NOT NULL, role TEXT, start_value TEXT, end_value TEXT, status TEXT NOT NULL,\n"
            "    possible_from TEXT NOT NULL, certain_from TEXT NOT NULL, certain_until TEXT NOT NULL,\n"
            "    possible_until TEXT NOT NULL, claim_ids TEXT NOT NULL, source_ids TEXT NOT NULL,\n"
            f"    observed INTEGER NOT NULL, bounds TEXT NOT NULL, {since} TEXT NOT NULL, {until} TEXT NOT NULL,\n"
            f"    PRIMARY KEY (person_id, {key}{since}, seq))"
        ),
        moves: (
            f"CREATE TABLE IF NOT EXISTS {{p}}{moves} ({lens}claim_id TEXT NOT NULL, person_id TEXT NOT NULL,\n"
            f"    from_id TEXT NOT NULL, to_id TEXT NOT NULL, earliest TEXT NOT NULL, {since} TEXT NOT NULL,\n"
            f"    {until} TEXT NOT NULL, PRIMARY KEY (person_id, {key}claim_id, {since}))"
        ),
    }


def _version_indexes(axis: Axis) -> dict[str, tuple[str, ...]]:
    """The indexes of one axis's version tables."""
    stints, moves, since, until = axis.stints, axis.moves, axis.since, axis.until
    key = "lens, " if axis.lensed else ""
    return {
        stints: (
            # The interval and the dates in the key: a roster page skips other intervals' versions in the
            # index, without reading their rows (PostgreSQL, 100k events: 5.3 -> 0.5 ms for a page of 100).
            # Headcount and roster counts read it too: an index on (org_id, possible_from) alone, which
            # SQLite chose for them, made them read every row of the organization's earlier stints, of
            # every interval (migration 12; bench/README.md, "the versions' organization index").
            f"CREATE INDEX IF NOT EXISTS {{p}}{stints}_org_person_{{g}} ON {{p}}{stints}"
            f" (org_id, {key}person_id, {since}, {until}, possible_from, possible_until)",
        ),
        moves: (f"CREATE INDEX IF NOT EXISTS {{p}}{moves}_earliest_{{g}} ON {{p}}{moves} ({key}earliest)",),
    }


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
    # with the interval of publication time it holds over, [known_from, known_until); and, as published
    # by now, with the interval of recorded time, [recorded_from, recorded_until): fixed-width UTC text
    # ('' before any time, '~' after every one); and the other lenses' along publication time (``versions.LENSES``).
    **{table: text for axis in VERSION_AXES for table, text in _version_tables(axis).items()},
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
    **{table: texts for axis in VERSION_AXES for table, texts in _version_indexes(axis).items()},
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
# One axis's versions (``{stint_versions}``, ``{move_versions}``, ``{lens}``, ``{lens_mark}``, ``{since}``,
# ``{until}``: ``versions.Axis.parts``).
INSERT_STINT_VERSION = (
    "INSERT INTO {p}{stint_versions} ({lens}person_id, seq, org_id, role, start_value, end_value, status,"
    " possible_from, certain_from, certain_until, possible_until, claim_ids, source_ids, observed, bounds, {since},"
    " {until}) VALUES ({lens_mark}?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_MOVE_VERSION = (
    "INSERT INTO {p}{move_versions} ({lens}claim_id, person_id, from_id, to_id, earliest, {since}, {until})"
    " VALUES ({lens_mark}?, ?, ?, ?, ?, ?, ?)"
)
# A person's versions holding at a moment or later (``{since}``, ``{until}``: ``versions.Axis.parts``),
# as the sweep's items with their start (the lens first, in the other lenses'); and their deletion, before
# the sweep is resumed at that moment.
RUNNING_STINT_VERSIONS = (
    "SELECT {lens}seq, org_id, role, start_value, end_value, status, possible_from, certain_from, certain_until,"
    " possible_until, claim_ids, source_ids, observed, bounds, {since} FROM {p}{stint_versions}"
    " WHERE person_id = ? AND {until} >= ? AND {since} < ?"
)
RUNNING_MOVE_VERSIONS = (
    "SELECT {lens}claim_id, from_id, to_id, earliest, {since} FROM {p}{move_versions}"
    " WHERE person_id = ? AND {until} >= ? AND {since} < ?"
)
DELETE_STINT_VERSIONS_FROM = "DELETE FROM {p}{stint_versions} WHERE person_id = ? AND {until} >= ?"
DELETE_MOVE_VERSIONS_FROM = "DELETE FROM {p}{move_versions} WHERE person_id = ? AND {until} >= ?"
# A person's rows in every table of the timelines (before they are computed again).
DELETE_PEOPLE = tuple(
    f"DELETE FROM {{p}}{table} WHERE person_id IN ({{marks}})"
    for table in ("stints", "moves")
)
DELETE_VERSIONS = tuple(  # ``{stint_versions}``, ``{move_versions}``: one axis's
    f"DELETE FROM {{p}}{{{table}}} WHERE person_id IN ({{marks}})" for table in ("stint_versions", "move_versions")
)
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
HOLDING_ON = " AND possible_from <= ? AND possible_until >= ?"  # a stint possibly held on a day
# ``ORDER BY seq``: ``latest_holding`` keeps the first of two stints that started together.
STINTS_HOLDING = f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE person_id = ?{HOLDING_ON} ORDER BY seq"
STINTS_OF_PEOPLE = (
    f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE person_id IN ({{marks}}) ORDER BY person_id, seq"
)
# The stints at some organizations of everyone from one person to another (by id): one range of the
# ``(org_id, person_id)`` index per organization, where a list of people at a list of organizations
# made PostgreSQL scan every entry of the organizations.
STINTS_AT_PEOPLE = (
    f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE org_id IN ({{orgs}}) AND person_id >= ? AND person_id <= ?"
    " ORDER BY person_id, seq"
)
# Per person: the last recorded and published times of their facts; the last publication of those
# recorded by the first parameter (``asOf``), and the last recording of those published by the
# second (``knownAt``; a fact on no source is published at every one). Fixed-width text: text order
# is time order.
LAST_TIMES = (
    "SELECT person_id, MAX(recorded_at), MAX(published_at),"
    " MAX(CASE WHEN recorded_at <= ? THEN published_at END),"
    " MAX(CASE WHEN published_at IS NULL OR published_at <= ? THEN recorded_at END)"
    " FROM {p}facts WHERE person_id IN ({marks}) GROUP BY person_id"
)
STINTS_AT = f"SELECT {STINT_COLUMNS} FROM {{p}}stints WHERE org_id IN ({{marks}})"
# Ends of moves, and the organization of affiliations (docs/rules.md#affiliations).
# One range of an index each (``claims/sql.py``: ``facts_*_people``), with whether the person was merged away.
PEOPLE_WITH_FACTS_AT = (
    "SELECT c.person_id, p.merged_into FROM (SELECT person_id FROM {p}facts WHERE from_id IN ({marks})"
    " UNION SELECT person_id FROM {p}facts WHERE to_id IN ({marks})"
    " UNION SELECT person_id FROM {p}facts WHERE org_id IN ({marks})) c"
    " LEFT JOIN {p}persons p ON p.id = c.person_id"
)
# The same, a page at a time: one arm from a person on, in id order (one range of its index); and
# the people merged away with a fact naming one of the organizations (through the few merges).
PEOPLE_AT_AFTER = {arm: f"SELECT DISTINCT person_id FROM {{p}}facts WHERE {arm}_id = ? AND person_id > ?"
                        " ORDER BY person_id LIMIT ?" for arm in ("from", "to", "org")}
MERGED_AWAY_AT = (  # per merge, its duplicate's facts (``facts_person``), never the organizations' facts
    "SELECT m.duplicate_id FROM {p}merges m WHERE EXISTS (SELECT 1 FROM {p}facts f WHERE f.person_id = m.duplicate_id"
    " AND (f.from_id IN ({marks}) OR f.to_id IN ({marks}) OR f.org_id IN ({marks})))"
)

# -- versions, read (docs/time.md#versions): ``{stint_versions}``, ``{holds}``: ``versions.Axis.parts`` -----
VERSION_STINTS_OF = (
    f"SELECT {STINT_COLUMNS} FROM {{p}}{{stint_versions}} WHERE person_id = ? AND {{holds}} ORDER BY seq"
)
VERSION_STINTS_HOLDING = (
    f"SELECT {STINT_COLUMNS} FROM {{p}}{{stint_versions}} WHERE person_id = ? AND {{holds}}{HOLDING_ON} ORDER BY seq"
)
VERSION_STINTS_OF_PEOPLE = (
    f"SELECT {STINT_COLUMNS} FROM {{p}}{{stint_versions}} WHERE person_id IN ({{marks}}) AND {{holds}}"
    " ORDER BY person_id, seq"
)
VERSION_STINTS_AT = f"SELECT {STINT_COLUMNS} FROM {{p}}{{stint_versions}} WHERE org_id IN ({{marks}}) AND {{holds}}"
VERSION_STINTS_AT_PEOPLE = (
    f"SELECT {STINT_COLUMNS} FROM {{p}}{{stint_versions}} WHERE org_id IN ({{orgs}}) AND person_id >= ?"
    " AND person_id <= ? AND {holds} ORDER BY person_id, seq"
)
