"""Key management over HTTP: what an ``admin`` key can do that an ``editor`` key cannot.

``GET /keys`` lists them, ``POST /keys`` creates one (``{"role", "name"?}``; the key is in the
answer, once), ``POST /keys/{name}/rotate`` gives a key a new secret, ``POST /keys/{name}/revoke``
stops it at once (and closes its open subscriptions, on every replica). Each needs an admin key.
"""

from __future__ import annotations

from typing import Any

import msgspec
from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.types import ControllerRouterHandler

from service.access import identify
from service.bootstrap import Components
from service.errors import error_response
from service.keys import KeyInfo, KeyProblem, Role


class NewKey(msgspec.Struct, forbid_unknown_fields=True):
    role: Role
    name: str | None = None


def _info(info: KeyInfo) -> dict[str, Any]:
    return {"name": info.name, "role": info.role.value, "createdAt": info.created_at,
            "lastUsedAt": info.last_used_at, "revokedAt": info.revoked_at}


def _problem(error: KeyProblem) -> Response[Any]:
    status, code = (404, "NOT_FOUND") if str(error).startswith("no key") else (409, "CONFLICT")
    return error_response(status, code, str(error), "name")


def key_routes(components: Components) -> list[ControllerRouterHandler]:
    keys = components.keys

    async def admin_refusal(request: Request[Any, Any, Any]) -> Response[Any] | None:
        caller = await identify(keys, request.headers)
        if caller.principal is None:
            return error_response(401, "UNAUTHENTICATED", caller.problem or "this needs an admin key")
        if not caller.allows(Role.ADMIN):
            return error_response(403, "FORBIDDEN", "managing keys needs an admin key")
        return None

    @get("/keys")
    async def list_keys(request: Request[Any, Any, Any]) -> Response[Any]:
        """Every key: name, role, created, last used, revoked."""
        if denied := await admin_refusal(request):
            return denied
        return Response({"keys": [_info(i) for i in await to_thread.run_sync(keys.list)]})

    @post("/keys", status_code=201)
    async def create_key(request: Request[Any, Any, Any]) -> Response[Any]:
        """A new key; the answer holds it, and nothing can show it again."""
        if denied := await admin_refusal(request):
            return denied
        try:
            wanted = msgspec.json.decode(await request.body(), type=NewKey)
        except msgspec.ValidationError as error:
            return error_response(400, "BAD_USER_INPUT", f"expected {{\"role\", \"name\"?}}: {error}")
        except msgspec.DecodeError as error:
            return error_response(400, "BAD_REQUEST", f"the body is not JSON: {error}")
        try:
            name, key = await to_thread.run_sync(keys.create, wanted.role, wanted.name)
        except KeyProblem as error:
            return _problem(error)
        return Response({"name": name, "role": wanted.role.value, "key": key}, status_code=201)

    @post("/keys/{name:str}/rotate", status_code=200)
    async def rotate_key(request: Request[Any, Any, Any], name: str) -> Response[Any]:
        """A new secret for the key; the old one stops working now."""
        if denied := await admin_refusal(request):
            return denied
        try:
            key = await to_thread.run_sync(keys.rotate, name)
        except KeyProblem as error:
            return _problem(error)
        return Response({"name": name, "key": key})

    @post("/keys/{name:str}/revoke", status_code=200)
    async def revoke_key(request: Request[Any, Any, Any], name: str) -> Response[Any]:
        """The key stops working now, everywhere; its open subscriptions close."""
        if denied := await admin_refusal(request):
            return denied
        try:
            await to_thread.run_sync(keys.revoke, name)
        except KeyProblem as error:
            return _problem(error)
        return Response({"name": name, "revoked": True})

    return [list_keys, create_key, rotate_key, revoke_key]
