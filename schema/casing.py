"""camelCase at the edge: every payload the API sends names its fields as GraphQL does.

Stored events keep their snake_case fields (``person_id``); the change feed's ``data`` and the
bulk export convert them on the way out (``personId``), keys only, at every depth.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def camel(name: str) -> str:
    """``from_id`` -> ``fromId``; a name without underscores is returned as it is."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def camel_keys(value: Any) -> Any:
    """``value`` with every mapping key converted by ``camel``, in mappings and lists at any depth."""
    if isinstance(value, dict):
        return {camel(k) if isinstance(k, str) else k: camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(v) for v in value]
    return value
