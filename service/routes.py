"""The HTTP routes beside GraphQL: health, metrics, bulk export and bulk import."""

from __future__ import annotations

from datetime import date
from typing import Any

from anyio import to_thread
from litestar import MediaType, Request, Response, get, post
from litestar.response import Stream
from litestar.types import ControllerRouterHandler

from projections.model import DEFAULT_CUTOFFS
from schema.context import POSITION_HEADER, ProjectionFollower
from service.access import Caller, identify
from service.bootstrap import Components
from service.exporter import export_lines
from service.importer import ImportReport, import_lines
from service.keys import Role
from service.metrics import Metrics

NDJSON = "application/x-ndjson"
MAX_IMPORT_BYTES = 256 * 1024 * 1024


def error_response(status: int, code: str, message: str) -> Response[dict[str, Any]]:
    """A JSON error shaped like a GraphQL error, so clients read one format everywhere."""
    return Response({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


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


def side_routes(
    components: Components, metrics: Metrics, follower: ProjectionFollower
) -> list[ControllerRouterHandler]:
    """Handlers bound to this app's components; ``follower`` waits for the read models."""
    settings = components.settings

    @get("/health", media_type=MediaType.JSON, sync_to_thread=True)
    def health() -> dict[str, Any]:
        """Liveness, and how far the read models are behind the event store."""
        position = components.projector.position()
        stored = components.store.max_position()
        error = components.projector.last_error
        return {
            "status": "ok" if error is None else "degraded",
            "position": position,
            "storePosition": stored,
            "lag": max(0, stored - position),
            "projectorError": None if error is None else type(error).__name__,
            "deadLetters": components.projector.dead_letter_count(),
        }

    @get("/metrics", sync_to_thread=True)
    def prometheus() -> Response[bytes]:
        """Prometheus text exposition."""
        projector = components.projector
        body = metrics.render(projector.position(), components.store.max_position(), projector.dead_letter_count())
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

    @get("/export/events.ndjson")
    async def export(request: Request[Any, Any, Any], after: int = 0) -> Response[Any]:
        """Every event after position ``after`` as NDJSON, streamed in position order."""
        if not settings.public_reads and (denied := refusal(await identify(components.keys, request.headers), None)):
            return denied
        if after < 0:
            return error_response(400, "BAD_USER_INPUT", "after must not be negative")
        return Stream(export_lines(components.store, after), media_type=NDJSON)

    @post("/import", request_max_body_size=MAX_IMPORT_BYTES)
    async def bulk_import(request: Request[Any, Any, Any], skip_invalid: bool = False) -> Response[Any]:
        """An NDJSON file of writes (editor key): all stored, or nothing and the bad lines."""
        caller = await identify(components.keys, request.headers)
        if denied := refusal(caller, Role.EDITOR):
            return denied
        assert caller.principal is not None
        body = await request.body()
        report = await to_thread.run_sync(
            lambda: import_lines(
                components.ledger, body.splitlines(), caller.principal.label,  # type: ignore[union-attr]
                skip_invalid=skip_invalid,
            )
        )
        if not report.stored:
            return Response(report_json(report), status_code=422)
        await to_thread.run_sync(follower.wait_for, report.position, settings.wait_for_timeout_s)
        return Response(report_json(report), status_code=200, headers={POSITION_HEADER: str(report.position)})

    return [health, prometheus, export, bulk_import]


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
