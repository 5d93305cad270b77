"""GraphiQL from the vendored bundles (``static/vendor``, refreshed by ``vendor.py``), served
with the same Content-Security-Policy as the explorer: it loads nothing from outside."""

from __future__ import annotations

from functools import cache
from typing import Any

from litestar import MediaType, Response

from service.explorer.view import SECURITY_HEADERS, TEMPLATES


@cache
def _page() -> str:
    return (TEMPLATES / "graphiql.html").read_text(encoding="utf-8")


def graphiql_response() -> Response[Any]:
    """The GraphiQL page (for a GET of ``/graphql`` that accepts HTML, when the IDE is on)."""
    return Response(_page(), media_type=MediaType.HTML, headers=SECURITY_HEADERS)
