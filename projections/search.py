"""Name matching: case- and accent-insensitive, any script (Chinese names included)."""

from __future__ import annotations

import unicodedata

from projections.storable import as_stored


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def like_pattern(search: str) -> str:
    escaped = normalize(as_stored(search)).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
