"""Who is calling: the API key of a request (``Authorization: Bearer <key>``) and its role."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from anyio import to_thread

from schema.context import Actor
from service.keys import KeyStore, Principal, Role


@dataclass(frozen=True, slots=True)
class Caller:
    """The outcome of authentication: a principal, or the reason there is none."""

    principal: Principal | None
    problem: str | None = None

    @property
    def actor(self) -> Actor | None:
        """The caller as the schema sees it."""
        if self.principal is None:
            return None
        return Actor(self.principal.label, self.principal.role.allows(Role.EDITOR))

    def allows(self, needed: Role) -> bool:
        return self.principal is not None and self.principal.role.allows(needed)


ANONYMOUS = Caller(None, "this needs an API key: send `Authorization: Bearer <key>`")


def bearer(value: str | None) -> str | None:
    """The key in an ``Authorization`` value, or None when it is not a bearer credential."""
    if not value:
        return None
    scheme, _, key = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return key.strip()


async def identify(keys: KeyStore, headers: Mapping[str, str]) -> Caller:
    """Authenticate the request's key (in a worker thread: it is a database read)."""
    return await identify_value(keys, headers.get("authorization"))


async def identify_value(keys: KeyStore, authorization: str | None) -> Caller:
    """Authenticate an ``Authorization`` value (also used for the websocket init payload)."""
    if authorization is None or bearer(authorization) is None:
        return authenticate(keys, authorization)  # no key to look up
    return await to_thread.run_sync(authenticate, keys, authorization)


def authenticate(keys: KeyStore, authorization: str | None) -> Caller:
    """Authenticate an ``Authorization`` value here and now (a database read when it holds a key:
    call it off the event loop)."""
    if authorization is None:
        return ANONYMOUS
    key = bearer(authorization)
    if key is None:
        return Caller(None, "the Authorization header must be `Bearer <key>`")
    principal = keys.authenticate(key)
    if principal is None:
        return Caller(None, "the API key is not valid")
    return Caller(principal)


def identified(keys: KeyStore, authorization: str) -> tuple[Actor | None, str | None]:
    """``authenticate`` as the GraphQL context's ``identify`` wants it: the actor and the problem."""
    caller = authenticate(keys, authorization)
    return caller.actor, caller.problem
