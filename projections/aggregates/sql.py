"""The aggregates' statements, over the timelines' and the claims' tables (``{p}``: the prefix)."""

# Only the date bounds: fixed-width ISO text, bisected like dates.
STINT_BOUNDS = (
    "SELECT person_id, possible_from, certain_from, certain_until, possible_until FROM {p}stints"
    " WHERE org_id IN ({marks}) AND possible_from <= ? AND possible_until >= ?"
)
MOVES_BEGINNING = "SELECT person_id, from_id, to_id FROM {p}moves WHERE earliest >= ? AND earliest <= ?"
PEOPLE_WITH_MOVES = "SELECT DISTINCT person_id FROM {p}claims WHERE from_id IS NOT NULL AND to_id IS NOT NULL"
