"""The "What changed" section of the person and organization pages: the belief changes
(``beliefChanges(personId:)`` / ``beliefChanges(organizationId:)``) in the order they were
recorded, a page at a time (``changesAfter=`` continues), with their causes.

Belief changes are those of the default lens (every report, reported or confirmed, one
publisher: docs/rules.md#belief-changes), so ``minStatus`` and ``minSources`` do not apply to them;
``asOf`` and ``knownAt`` leave out what the history leaves out: the changes whose cause was recorded
after ``asOf`` or cites a source published after ``knownAt``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.explorer.controls import BadParameter, Controls
from service.explorer.view import moment

SECTION_PAGE = 50
_CURSOR = re.compile(r"\d{1,18}:\d{1,9}")

FRAGMENT = """
fragment BeliefParts on BeliefChangeConnection {
  edges { node {
    position kind lateByDays
    cause { position type recordedAt subjectId source { id publisher publishedAt } }
    person { id name }
    before { ...BeliefStint }
    after { ...BeliefStint }
  } }
  pageInfo { hasNextPage endCursor }
}

fragment BeliefStint on Stint {
  organization { id name parent { id name } } role start { value } end { value } status sources { id }
}
"""


def changes_after(params: Mapping[str, str]) -> str | None:
    """The ``changesAfter`` parameter: a belief change's position, as the section's link writes it."""
    value = params.get("changesAfter", "").strip()
    if not value:
        return None
    if not _CURSOR.fullmatch(value):
        raise BadParameter("changesAfter", "changesAfter must be a change's position such as 42:1")
    return value


def section(connection: dict[str, Any], controls: Controls) -> dict[str, Any]:
    """The changes to show (recorded by ``asOf``), how many were left out as recorded later, and
    the cursor of the next page when there is one."""
    changes = [edge["node"] for edge in connection["edges"]]
    shown = [c for c in changes if _known(c["cause"], controls)]
    for change in shown:
        change["stint"] = change["after"] or change["before"]
        change["feed_before"] = int(change["cause"]["position"]) + 1  # the changes page that lists the cause
        change["what"] = _what(change["before"], change["after"])
    more = connection["pageInfo"]["hasNextPage"] and len(shown) == len(changes)
    return {"changes": shown, "hidden": len(changes) - len(shown),
            "next": connection["pageInfo"]["endCursor"] if more else None}


def _known(cause: dict[str, Any], controls: Controls) -> bool:
    """A change whose cause was recorded after ``asOf``, or cites a source published after
    ``knownAt``, is left out, as the history leaves out its cause."""
    recorded = moment(cause["recordedAt"])
    if controls.as_of and recorded and recorded > controls.as_of:
        return False
    published = moment(cause["source"]["publishedAt"]) if cause["source"] else None
    return not (controls.known_at and published and published > controls.known_at)


def _what(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """What a change changed, in words, for a changed stint (nothing for an added or removed one)."""
    if before is None or after is None:
        return []
    words = []
    if before["organization"]["id"] != after["organization"]["id"]:
        words.append(f"where: {before['organization']['name']} → {after['organization']['name']}")
    for field, missing in (("start", "unknown"), ("end", "open")):
        old, new = (s[field]["value"] if s[field] else missing for s in (before, after))
        if old != new:
            words.append(f"{field}: {old} → {new}")
    if before["status"] != after["status"]:
        words.append(f"status: {before['status'].lower()} → {after['status'].lower()}")
    if before["role"] != after["role"]:
        words.append(f"role: {before['role'] or 'none'} → {after['role'] or 'none'}")
    if len(before["sources"]) != len(after["sources"]):
        words.append(f"sources: {len(before['sources'])} → {len(after['sources'])}")
    return words or ["its bounds or the claims behind it"]
