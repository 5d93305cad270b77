"""The HTTP routes beside GraphQL: health, readiness, metrics, bulk export and bulk import."""

from __future__ import annotations

import hmac
import tempfile
from datetime import date
from typing import Any, BinaryIO

from anyio import to_thread
from graphql import GraphQLError
from litestar import MediaType, Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Stream
from litestar.types import ControllerRouterHandler
from prometheus_client import CONTENT_TYPE_LATEST

from projections.model import DEFAULT_CUTOFFS
from schema.args import position_cursor
from schema.beliefs import change_cursor
from schema.context import POSITION_HEADER, ProjectionFollower
from service.access import Caller, bearer, identify
from service.bootstrap import Components
from service.errors import error_response
from service.exporter import belief_lines, export_lines
from service.health import Readiness, ReadinessProbe
from service.importer import ImportReport, NdjsonFile, import_lines
from service.keys import Role
from service.metrics import Metrics

NDJSON = "application/x-ndjson"
MAX_IMPORT_BYTES = 256 * 1024 * 1024
IMPORT_PARAMETERS = frozenset({"skipInvalid"})
SPOOL_BYTES = 1024 * 1024


def refusal(caller: Caller, needed: Role | None) -> Response[dict[str, Any]] | None:
    """401 without a valid key, 403 with a key of too low a role; None when allowed."""
    if caller.principal is None:
        return error_response(401, "UNAUTHENTICATED", caller.problem or "this needs an API key")
    if needed is not None and not caller.allows(needed):
        return error_response(403, "FORBIDDEN", f"this needs a {needed.value} key or higher")
    return None


def report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "stored": report.stored,
        "lines": report.lines,
        "accepted": report.accepted,
        "recordedEvents": report.recorded_events,
        "position": report.position,
        "errors": [
            {"line": e.line, "field": e.field, "code": e.code, "message": e.message} for e in report.errors
        ],
    }


async def _spool(request: Request[Any, Any, Any], spool: BinaryIO) -> None:
    """Copy the request body to ``spool`` as it arrives (the route's size limit applies), a
    megabyte at a time off the event loop."""
    buffered: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        buffered.append(chunk)
        size += len(chunk)
        if size >= SPOOL_BYTES:
            await to_thread.run_sync(spool.writelines, buffered)
            buffered, size = [], 0
    await to_thread.run_sync(spool.writelines, buffered)


def side_routes(
    components: Components, metrics: Metrics, follower: ProjectionFollower
) -> list[ControllerRouterHandler]:
    """Handlers bound to this app's components; ``follower`` waits for the read models."""
    settings = components.settings
    readiness = Readiness(components)
    probe = ReadinessProbe(readiness)

    async def read_refusal(request: Request[Any, Any, Any]) -> Response[dict[str, Any]] | None:
        """With private reads, reads need a key of any role."""
        if settings.public_reads:
            return None
        return refusal(await identify(components.keys, request.headers), None)

    @get("/health", media_type=MediaType.JSON, sync_to_thread=False)
    def health() -> dict[str, Any]:
        """Liveness: the process answers. Touches nothing, so nothing can block it."""
        return {"status": "ok"}

    @get("/health/ready", media_type=MediaType.JSON)
    async def ready() -> Response[bytes]:
        """200 when the database answers and a projector keeps the read models up; else 503
        with the reasons (``docs/operations.md``)."""
        is_ready, body = await probe()
        return Response(Readiness.encode(body), status_code=200 if is_ready else 503, media_type=MediaType.JSON)

    @get("/metrics")
    async def prometheus(request: Request[Any, Any, Any]) -> Response[Any]:
        """Prometheus text exposition (with private reads or a metrics key: authenticated)."""
        if denied := await metrics_refusal(request):
            return denied
        body = await to_thread.run_sync(lambda: metrics.render(*_checked(readiness), components.projector.is_leader))
        # Set as a header: Litestar would append a second charset to a text/ media type.
        return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"content-type": CONTENT_TYPE_LATEST})

    async def metrics_refusal(request: Request[Any, Any, Any]) -> Response[dict[str, Any]] | None:
        key = settings.metrics_key
        if key is not None and hmac.compare_digest(bearer(request.headers.get("authorization")) or "", key):
            return None
        if key is None and settings.public_reads:
            return None
        return refusal(await identify(components.keys, request.headers), None)

    @get("/export/events.ndjson")
    async def export(request: Request[Any, Any, Any], after: str | None = None) -> Response[Any]:
        """Every event after position ``after`` as NDJSON, streamed in position order."""
        if denied := await read_refusal(request):
            return denied
        try:  # checked before the stream starts: a failure after the headers would cut the body
            start = position_cursor(after)
        except GraphQLError as error:
            return error_response(400, "BAD_USER_INPUT", error.message, "after")
        return Stream(export_lines(components.store, start), media_type=NDJSON)

    @get("/export/belief-changes.ndjson")
    async def export_beliefs(request: Request[Any, Any, Any], after: str | None = None) -> Response[Any]:
        """Every belief change after ``after`` (a change's position, or an event's) as NDJSON."""
        if denied := await read_refusal(request):
            return denied
        try:
            start = change_cursor(after)
        except GraphQLError as error:
            return error_response(400, "BAD_USER_INPUT", error.message, "after")
        return Stream(belief_lines(components.queries, start), media_type=NDJSON)

    @post("/import", request_max_body_size=MAX_IMPORT_BYTES)
    async def bulk_import(
        request: Request[Any, Any, Any], skip_invalid: bool = Parameter(query="skipInvalid", default=False)
    ) -> Response[Any]:
        """An NDJSON file of writes (editor key): all stored, or nothing and the bad lines."""
        caller = await identify(components.keys, request.headers)
        if denied := refusal(caller, Role.EDITOR):
            return denied
        if unknown := sorted(set(request.query_params) - IMPORT_PARAMETERS):
            return error_response(400, "BAD_USER_INPUT", f"unknown query parameter '{unknown[0]}'; "
                                  "this route takes skipInvalid=true|false", unknown[0])
        assert caller.principal is not None
        principal = caller.principal.label
        # The body on disk, not in memory (docs/import.md#all-or-nothing-in-bounded-memory).
        with tempfile.TemporaryFile() as spool:
            await _spool(request, spool)
            report = await to_thread.run_sync(
                lambda: import_lines(components.ledger, NdjsonFile(spool), principal, skip_invalid=skip_invalid)
            )
        if not report.stored:
            return Response(report_json(report), status_code=422)
        await to_thread.run_sync(follower.wait_for, report.position, settings.wait_for_timeout_s)
        return Response(report_json(report), status_code=200, headers={POSITION_HEADER: str(report.position)})

    return [health, ready, prometheus, export, export_beliefs, bulk_import]


def _checked(readiness: Readiness) -> tuple[bool, dict[str, Any]]:
    try:
        return readiness.check()
    except Exception as error:  # the database is down: the other figures still render
        return False, Readiness.unready(type(error).__name__)


def bench_routes(components: Components) -> list[ControllerRouterHandler]:
    """A plain JSON route answering the benchmark's question, to compare GraphQL against."""

    @get("/bench/employer/{person_id:str}", sync_to_thread=False)
    def employer(person_id: str, at: date) -> dict[str, Any]:
        person = components.queries.person(person_id)
        if person is None:
            return {"person": None}
        stint = components.queries.employer(person.id, at, DEFAULT_CUTOFFS)
        org = components.queries.organization(stint.organization_id) if stint else None
        employer = None
        if stint is not None:
            employer = {
                "organization": {"id": stint.organization_id, "name": org.name if org else None},
                "start": stint.start.value if stint.start else None,
                "certainty": stint.certainty.value if stint.certainty else None,
            }
        return {"person": {"id": person.id, "name": person.name, "employer": employer}}

    return [employer]
