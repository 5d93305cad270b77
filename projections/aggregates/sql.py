"""The aggregates' statements, over the timelines' and the claims' tables (``{p}``: the prefix)."""

# Only the date bounds: fixed-width ISO text, bisected like dates.
STINT_BOUNDS = (
    "SELECT person_id, possible_from, certain_from, certain_until, possible_until FROM {p}stints"
    " WHERE org_id IN ({marks}) AND possible_from <= ? AND possible_until >= ?"
)
MOVES_OF_PEOPLE = (
    "SELECT person_id, from_id, to_id FROM {p}moves WHERE person_id IN ({marks}) AND earliest >= ? AND earliest <= ?"
)
MOVES_BEGINNING = "SELECT person_id, from_id, to_id FROM {p}moves WHERE earliest >= ? AND earliest <= ?"
# Everyone who may have a move beginning in the years ``[?, ?]`` under some cutoffs: a claim with
# both ends (a correction never clears an end) and a fact setting its effective date in those years
# (a claim's effective date is its creation's or a correction's; stored as YYYY, YYYY-MM or YYYY-MM-DD).
PEOPLE_WITH_MOVES_IN = (
    "SELECT DISTINCT c.person_id FROM {p}facts f JOIN {p}claims c ON c.id = f.claim_id"
    " WHERE c.from_id IS NOT NULL AND c.to_id IS NOT NULL AND f.effective IS NOT NULL"
    " AND substr(f.effective, 1, 4) >= ? AND substr(f.effective, 1, 4) <= ?"
)
# The same over the versions (docs/time.md#versions): ``{stint_versions}``, ``{move_versions}`` and
# ``{holds}`` are ``timelines.versions.Axis.parts``.
VERSION_STINT_BOUNDS = (
    "SELECT person_id, possible_from, certain_from, certain_until, possible_until FROM {p}{stint_versions}"
    " WHERE org_id IN ({marks}) AND {holds} AND possible_from <= ? AND possible_until >= ?"
)
VERSION_MOVES_OF_PEOPLE = (
    "SELECT person_id, from_id, to_id FROM {p}{move_versions} WHERE person_id IN ({marks})"
    " AND earliest >= ? AND earliest <= ? AND {holds}"
)
VERSION_MOVES_BEGINNING = (
    "SELECT person_id, from_id, to_id FROM {p}{move_versions} WHERE earliest >= ? AND earliest <= ? AND {holds}"
)
