"""The roster's statements, over the timelines' ``stints`` (``{p}``: the table prefix)."""

# One organization's stints holding on a date, a batch of people at a time along (org_id, person_id).
HOLDING_BATCH = (
    "SELECT {columns} FROM {p}stints WHERE org_id = ? AND person_id > ?"
    " AND possible_from <= ? AND possible_until >= ? ORDER BY person_id LIMIT ?"
)
COUNT_HOLDING = (
    "SELECT COUNT(DISTINCT person_id) FROM {p}stints WHERE org_id IN ({marks})"
    " AND possible_from <= ? AND possible_until >= ?"
)

# The same over the versions (docs/time.md#versions): ``{stint_versions}`` and ``{holds}`` are
# ``timelines.versions.Axis.parts``.
VERSION_HOLDING_BATCH = (
    "SELECT {columns} FROM {p}{stint_versions} WHERE org_id = ? AND person_id > ? AND {holds}"
    " AND possible_from <= ? AND possible_until >= ? ORDER BY person_id LIMIT ?"
)
VERSION_COUNT_HOLDING = (
    "SELECT COUNT(DISTINCT person_id) FROM {p}{stint_versions} WHERE org_id IN ({marks}) AND {holds}"
    " AND possible_from <= ? AND possible_until >= ?"
)
