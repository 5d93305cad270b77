"""The audit trail's table and statements (``{p}``: the table prefix)."""

from projections.feed.sql import EVENT_COLUMNS

TABLES = {
    "history": """CREATE TABLE IF NOT EXISTS {p}history (person_id TEXT NOT NULL, position BIGINT NOT NULL,
    PRIMARY KEY (person_id, position))""",
}
INDEXES = {
    "history": ("CREATE INDEX IF NOT EXISTS {p}history_pos_{g} ON {p}history (position)",),
}

INSERT_HISTORY = "INSERT INTO {p}history (person_id, position) VALUES (?, ?) ON CONFLICT DO NOTHING"

# A person's events: the history index joined with the change feed's rows.
OF_PEOPLE = "FROM {p}history h JOIN {p}events e ON e.position = h.position WHERE h.person_id IN ({marks})"
RECORDED_BY = " AND e.recorded_at <= ?"
EVENTS = "SELECT DISTINCT " + ", ".join(f"e.{c}" for c in EVENT_COLUMNS.split(", ")) + " {where}"
AFTER = " AND h.position > ? ORDER BY e.position"
COUNT = "SELECT COUNT(DISTINCT h.position) {where}"
