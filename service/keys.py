"""API keys: random secrets shown once, stored only as SHA-256 hashes, each with a role."""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from projections.db import Database, retried


class Role(enum.Enum):
    REPORTER = "reporter"
    EDITOR = "editor"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        order = [Role.REPORTER, Role.EDITOR, Role.ADMIN]
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who writes: recorded on every event as ``key:<name>``."""

    name: str
    role: Role

    @property
    def label(self) -> str:
        return f"key:{self.name}"


@dataclass(frozen=True, slots=True)
class KeyInfo:
    name: str
    role: Role
    created_at: str


def _hash(key: str) -> str:
    # Keys are 256-bit random secrets, so a fast hash cannot be brute-forced.
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    """The keys in ``tl_api_keys`` (created, and changed, by ``projections/migrations.py``)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, role: Role, name: str | None = None) -> tuple[str, str]:
        """Create a key; returns (name, key). The key is not stored and cannot be shown again."""
        key = "tl_" + secrets.token_urlsafe(32)
        name = name or f"{role.value}-{secrets.token_hex(4)}"
        with self.db.transaction() as cur:
            cur.execute("SELECT 1 FROM tl_api_keys WHERE name = ?", (name,))
            if cur.fetchone() is not None:
                raise ValueError(f"a key named '{name}' already exists")
            cur.execute(
                "INSERT INTO tl_api_keys (name, role, key_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, role.value, _hash(key), datetime.now(UTC).isoformat()),
            )
        return name, key

    @retried
    def list(self) -> list[KeyInfo]:
        with self.db.read() as cur:
            cur.execute("SELECT name, role, created_at FROM tl_api_keys ORDER BY name")
            return [KeyInfo(n, Role(r), c) for n, r, c in cur.fetchall()]

    @retried
    def authenticate(self, key: str) -> Principal | None:
        with self.db.read() as cur:
            cur.execute("SELECT name, role FROM tl_api_keys WHERE key_hash = ?", (_hash(key),))
            row = cur.fetchone()
        return Principal(row[0], Role(row[1])) if row else None
