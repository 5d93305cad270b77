"""Public ids: slugs given by clients or derived from names, and claim ids from natural keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from events.errors import BadInput

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$")


def check_slug(value: str, field: str = "id") -> str:
    if not _SLUG.match(value):
        raise BadInput(
            field,
            f"'{value}' is not a valid id: use 1-128 lowercase letters, digits, '-', '.' or '_',"
            " starting and ending with a letter or digit",
        )
    return value


def slugify(text: str) -> str:
    """Accent-folded lowercase ascii slug; names without latin letters get a stable hash."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:100].strip("-")
    return slug or "x-" + digest(text)[:10]


def digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join("" if p is None else str(p) for p in parts).encode(), digest_size=20).hexdigest()


@lru_cache(maxsize=4096)  # a batch computes each id twice: to prefetch, then to decide
def claim_public_id(person_id: str, from_id: str | None, to_id: str | None, effective: str) -> str:
    """A claim is identified by its natural key: the same move reported again is the same claim."""
    return "c" + digest(person_id, from_id, to_id, effective)[:15]


def affiliation_public_id(person_id: str, organization_id: str, observed_at: str, tense: str) -> str:
    """An affiliation is identified by person, organization, observedAt and tense; the marker keeps
    its ids apart from a move's (docs/domain.md#affiliations)."""
    return "c" + digest("affiliation", person_id, organization_id, observed_at, tense)[:15]
