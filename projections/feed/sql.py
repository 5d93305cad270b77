"""The change feed's table and statements (``{p}``: the table prefix)."""

TABLES = {
    "events": """CREATE TABLE IF NOT EXISTS {p}events (position BIGINT PRIMARY KEY, type TEXT NOT NULL,
    recorded_at TEXT NOT NULL, recorded_by TEXT, subject_id TEXT, source_id TEXT, data TEXT NOT NULL)""",
}
INDEXES: dict[str, tuple[str, ...]] = {}

EVENT_COLUMNS = "position, type, recorded_at, recorded_by, subject_id, source_id, data"
INSERT_EVENT = f"INSERT INTO {{p}}events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
EVENTS_AFTER = f"SELECT {EVENT_COLUMNS} FROM {{p}}events WHERE position > ? ORDER BY position LIMIT ?"
