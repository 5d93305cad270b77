"""GraphQL over HTTP (the GraphQL-over-HTTP spec) on top of strawberry's Litestar controller.

- ``Accept`` negotiation: ``application/graphql-response+json`` when the client accepts it (and
  prefers it, or equally), else ``application/json``; ``*/*`` or no ``Accept`` means
  ``application/json``; neither acceptable: 406.
- Status codes: with ``application/graphql-response+json`` a request error (the document did not
  parse or validate, or its variables did not coerce: no ``data``) is a 400; with
  ``application/json`` every well-formed request answers 200, as before.
- A request error carries no ``data`` entry; every error counts in
  ``talentledger_graphql_errors_total{code}``; strawberry's own refusals (not JSON, no query, a
  mutation over GET) use the one error shape of ``service.errors``.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from litestar import MediaType, Request, Response
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from service.errors import code_for, error_response
from service.metrics import Metrics

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = MediaType.JSON.value
_REQUEST_ERROR = "graphql_request_error"


def negotiate(accept: str | None) -> str | None:
    """The media type to answer with for an ``Accept`` header; None when neither is acceptable."""
    if accept is None or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = next((_quality(p[2:]) for p in params if p.replace(" ", "").startswith("q=")), 1.0)
        media = media.lower()
        if quality <= 0:
            continue
        # Explicit types beat wildcards at equal quality; between the two explicit ones, the
        # GraphQL response type (it carries more meaning in its status codes).
        rank = {GRAPHQL_RESPONSE: (3, GRAPHQL_RESPONSE), JSON: (2, JSON), "application/*": (1, JSON),
                "*/*": (0, JSON)}.get(media)
        if rank is not None and (best is None or (quality, rank[0]) > best[:2]):
            best = (quality, rank[0], rank[1])
    return None if best is None else best[2]


def _quality(text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        return 0.0


class GraphQLOverHTTP:
    """Mixed into the app's GraphQL controller, before strawberry's ``GraphQLController``."""

    metrics: Metrics

    async def execute_request(self, request: Request[Any, Any, Any], context: Any, root_value: Any) -> Response[Any]:
        media = negotiate(request.headers.get("accept"))
        if media is None and not self._wants_ide(request):
            return error_response(406, "NOT_ACCEPTABLE", f"this endpoint answers {GRAPHQL_RESPONSE} or {JSON}; "
                                  "send one of them in Accept")
        media = media or JSON
        try:
            response: Response[Any] = await self.run(request, context=context, root_value=root_value)  # type: ignore[attr-defined]
        except HTTPException as error:
            return error_response(error.status_code, code_for(error.status_code), error.reason, media_type=media)
        if response.media_type == JSON:  # a GraphQL result (not the IDE page, not a stream)
            response.media_type = media
            if media == GRAPHQL_RESPONSE and getattr(request.state, _REQUEST_ERROR, False):
                response.status_code = 400
        return response

    async def process_result(self, request: Request[Any, Any, Any], result: ExecutionResult) -> GraphQLHTTPResponse:
        body = process_result(result)
        errors = result.errors or []
        self.metrics.count_errors(errors)
        if isinstance(result, PreExecutionError):
            # Nothing was executed (the document did not parse, validate or price within the
            # limit): a request error, which has no data entry at all. An execution stopped
            # midway (a limit reached while it ran) keeps ``data: null``.
            body.pop("data", None)
            setattr(request.state, _REQUEST_ERROR, True)
        return body

    def _wants_ide(self, request: Request[Any, Any, Any]) -> bool:
        return request.method == "GET" and "text/html" in request.headers.get("accept", "")
