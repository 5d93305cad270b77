"""Which company a unit belongs to: the organizations' parent links as a tree."""

from __future__ import annotations

from collections.abc import Mapping

MAX_DEPTH = 64  # a parent chain longer than this is treated as ending there (it never happens)


class OrgTree:
    """Parent links between organizations: which company a unit belongs to."""

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self._parents = parents
        self._roots: dict[str, str] = {}
        self._within: dict[tuple[str, str], bool] = {}

    def root(self, org_id: str) -> str:
        """The company at the top of ``org_id``'s chain of parents (itself if it has none)."""
        found = self._roots.get(org_id)
        if found is None:
            found, seen = org_id, {org_id}
            while (parent := self._parents.get(found)) is not None and parent not in seen:
                seen.add(parent)
                found = parent
            self._roots[org_id] = found
        return found

    def is_within(self, org_id: str, ancestor_id: str) -> bool:
        """``org_id`` is ``ancestor_id`` or one of its units, at any depth (remembered, as ``root`` is:
        the affiliations ask it of every stint, in every fold of a replay; the pairs a person's claims
        name, not every pair)."""
        if org_id == ancestor_id:
            return True
        found = self._within.get((org_id, ancestor_id))
        if found is None:
            found = self._within[(org_id, ancestor_id)] = self._walk(org_id, ancestor_id)
        return found

    def _walk(self, org_id: str, ancestor_id: str) -> bool:
        current: str | None = org_id
        for _ in range(MAX_DEPTH):
            if current is None:
                return False
            if current == ancestor_id:
                return True
            current = self._parents.get(current)
        return False

    def ancestry(self, org_id: str) -> list[str]:
        """``org_id`` and the organizations above it, nearest first."""
        found = [org_id]
        while (parent := self._parents.get(found[-1])) is not None and parent not in found and len(found) < MAX_DEPTH:
            found.append(parent)
        return found

    def subtree(self, org_id: str) -> set[str]:
        """``org_id`` and every unit under it."""
        return {o for o in self._parents if self._walk(o, org_id)} | {org_id}  # not remembered: every organization
