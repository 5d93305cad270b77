"""Table prefixes and SQL text: statements are written once with a ``{p}`` where the prefix goes.

Every read-model table name carries a prefix, so that a rebuild can build a complete new set
(``tl_new_``) beside the live one (``tl_``) and swap it in. The queries read the live set; the
projector's handlers write whichever set their page is for.
"""

from __future__ import annotations

from functools import lru_cache

LIVE = "tl_"
SHADOW = "tl_new_"
OLD = "tl_old_"  # the set a rebuild's swap replaced, until it is dropped (a table at a time)
TRACKED_POSITION = "SELECT position FROM {p}tracking"  # one row per set: the position it reflects


@lru_cache(maxsize=4096)  # bounded: a statement with an IN list is one text per list length
def sql(template: str, prefix: str = LIVE, **parts: str) -> str:
    """``template`` with its ``{p}`` replaced by ``prefix`` and its other fields by ``parts``
    (column lists, table names, ``marks``): formatted once, then cached."""
    return template.format(p=prefix, **parts)


def marks(count: int) -> str:
    """``?, ?, ...``: the placeholders of an ``IN (...)`` list of ``count`` values."""
    return ",".join("?" * count)
