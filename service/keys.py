"""API keys: random secrets shown once, stored only as SHA-256 hashes, each with a role.

A key can be revoked (it stops working at once, in every process: nothing caches a key) or
rotated (a new secret for the same name and role; the old secret stops working). Revoked keys
stay listed, so a name recorded on past events (``key:<name>``) always means one key. When a key
was last used is noted in memory and written at most every ``USAGE_FLUSH_S`` seconds per process
(``flush_usage``), so a request never waits on a write for it.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from projections.db import Cursor, Database, retried

USAGE_FLUSH_S = 30.0
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class Role(enum.Enum):
    REPORTER = "reporter"
    EDITOR = "editor"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        order = [Role.REPORTER, Role.EDITOR, Role.ADMIN]
        return order.index(self) >= order.index(needed)


class KeyProblem(ValueError):
    """A key operation that cannot be done (no such key, name taken, already revoked)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who writes: recorded on every event as ``key:<name>``; ``key_hash`` identifies the secret."""

    name: str
    role: Role
    key_hash: str = ""

    @property
    def label(self) -> str:
        return f"key:{self.name}"


@dataclass(frozen=True, slots=True)
class KeyInfo:
    name: str
    role: Role
    created_at: str
    last_used_at: str | None = None
    revoked_at: str | None = None


def key_hash(key: str) -> str:
    # Keys are 256-bit random secrets, so a fast hash cannot be brute-forced.
    return hashlib.sha256(key.encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KeyStore:
    """The keys in ``tl_api_keys`` (created, and changed, by ``projections/db/migrations.py``)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._used: dict[str, str] = {}  # name -> when, not yet written
        self._lock = threading.Lock()

    def create(self, role: Role, name: str | None = None) -> tuple[str, str]:
        """Create a key; returns (name, key). The key is not stored and cannot be shown again."""
        key = _secret()
        name = name or f"{role.value}-{secrets.token_hex(4)}"
        if not NAME.match(name):
            raise KeyProblem(f"a key name is 1 to 64 letters, digits, '.', '_' or '-': '{name}' is not")
        with self.db.transaction() as cur:
            cur.execute("SELECT 1 FROM tl_api_keys WHERE name = ?", (name,))
            if cur.fetchone() is not None:
                raise KeyProblem(f"a key named '{name}' already exists")
            cur.execute(
                "INSERT INTO tl_api_keys (name, role, key_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, role.value, key_hash(key), _now()),
            )
        return name, key

    def revoke(self, name: str) -> None:
        """The key stops working now, in every process; it stays listed as revoked."""
        with self.db.transaction() as cur:
            self._active(cur, name)
            cur.execute("UPDATE tl_api_keys SET revoked_at = ? WHERE name = ?", (_now(), name))

    def rotate(self, name: str) -> str:
        """A new secret for the key (same name and role); the old one stops working now."""
        key = _secret()
        with self.db.transaction() as cur:
            self._active(cur, name)
            cur.execute("UPDATE tl_api_keys SET key_hash = ? WHERE name = ?", (key_hash(key), name))
        return key

    def _active(self, cur: Cursor, name: str) -> None:
        cur.execute("SELECT revoked_at FROM tl_api_keys WHERE name = ?", (name,))
        row = cur.fetchone()
        if row is None:
            raise KeyProblem(f"no key named '{name}'")
        if row[0] is not None:
            raise KeyProblem(f"the key '{name}' was revoked at {row[0]}")

    @retried
    def list(self) -> list[KeyInfo]:
        self.flush_usage()
        with self.db.read() as cur:
            cur.execute("SELECT name, role, created_at, last_used_at, revoked_at FROM tl_api_keys ORDER BY name")
            return [KeyInfo(n, Role(r), c, u, x) for n, r, c, u, x in cur.fetchall()]

    @retried
    def authenticate(self, key: str) -> Principal | None:
        """The key's principal, or None when it is unknown or revoked (read from the database
        on every call: a revocation elsewhere counts at once)."""
        digest = key_hash(key)
        with self.db.read() as cur:
            cur.execute("SELECT name, role FROM tl_api_keys WHERE key_hash = ? AND revoked_at IS NULL", (digest,))
            row = cur.fetchone()
        if row is None:
            return None
        with self._lock:
            self._used[row[0]] = _now()
        return Principal(row[0], Role(row[1]), digest)

    def still_valid(self, hashes: Iterable[str]) -> set[str]:
        """The subset of key hashes that still authenticate (one read for all of them)."""
        wanted = list(set(hashes))
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        with self.db.read() as cur:
            cur.execute(f"SELECT key_hash FROM tl_api_keys WHERE revoked_at IS NULL AND key_hash IN ({marks})", wanted)
            return {row[0] for row in cur.fetchall()}

    def flush_usage(self) -> None:
        """Write when each key was last used, for the uses noted since the last flush."""
        with self._lock:
            used, self._used = self._used, {}
        if used:
            with self.db.transaction() as cur:
                cur.executemany(
                    "UPDATE tl_api_keys SET last_used_at = ? WHERE name = ?"
                    " AND (last_used_at IS NULL OR last_used_at < ?)",
                    [(when, name, when) for name, when in used.items()],
                )


def _secret() -> str:
    return "tl_" + secrets.token_urlsafe(32)
