"""The explorer's HTTP handlers: one GraphQL document per page, rendered with Jinja.

Every page takes the time controls as query parameters and keeps them in its links; a bad
parameter or a refused question is a readable error page (400, 404...), never a 500. An empty
parameter (a form field left blank) redirects to the same URL without it, so that links stay
short and canonical.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import msgspec
from anyio import to_thread
from litestar import Request, Response, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from service.explorer import changed, documents, organizations, people, publishers, records
from service.explorer.client import Client, ContextFactory, PageError
from service.explorer.controls import MAX_TEXT, BadParameter, Controls
from service.explorer.view import SECURITY_HEADERS, STATIC
from service.explorer.words import controls_words

log = logging.getLogger("talentledger.explorer")

ALL = frozenset({"at", "knownAt", "asOf", "minStatus", "minSources"})
SEARCH_PAGE = 20
START_PAGE = 50


def explorer_handlers(context_factory: ContextFactory, *, ide: bool) -> list[ControllerRouterHandler]:
    """The explorer's routes (``/``, ``/explore/...``) and its static files (``/static/...``).
    ``context_factory`` builds a request's GraphQL context as ``/graphql`` does; ``ide`` links
    each page's document to GraphiQL (off in production, where GraphiQL is)."""
    pages = Pages(Client(context_factory), ide)
    static = create_static_files_router(
        path="/static", directories=[STATIC], cache_control=CacheControlHeader(max_age=3600),
        include_in_schema=False, name="explorer-static",
    )

    def error_page(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
        return pages.error_page(request, error)

    # A function, not the bound method: Litestar deep-copies a router when it registers it.
    router = Router(
        path="/", route_handlers=page_handlers(pages), include_in_schema=False,
        exception_handlers={Exception: error_page},
    )
    return [router, static]


class Pages:
    """The page handlers, sharing the GraphQL client and the page frame."""

    def __init__(self, client: Client, ide: bool) -> None:
        self.client = client
        self.ide = ide

    # -- frame -------------------------------------------------------------------------------

    def render(self, request: Request[Any, Any, Any], template: str, controls: Controls, page: dict[str, Any], *,
               applies: frozenset[str], query: tuple[str, dict[str, Any]] | None = None,
               extra: Mapping[str, str] | None = None, status: int = 200) -> Template:
        """A page in the explorer's frame: the time-controls bar, search, and the document link."""
        path, extra = request.url.path, dict(extra or {})
        now = datetime.now(UTC)
        frame = {
            "controls": controls, "path": path, "applies": applies, "extra": extra, "status": status,
            "words": controls_words(controls, valid_time="at" in applies),
            "pin": controls.pinned(now).link(path, **extra),
            "clear": Controls().link(path, **extra),
            "known_now": msgspec.structs.replace(controls, known_at=None, as_of=None).link(path, **extra),
            "graphiql": self.graphiql_link(*query) if query and self.ide else None,
            "ide": self.ide, "today": now.date(),
        }
        return Template(template_name=template, context={**frame, **page}, status_code=status,
                        headers=SECURITY_HEADERS)

    @staticmethod
    def graphiql_link(document: str, variables: dict[str, Any]) -> str:
        given = {k: v for k, v in variables.items() if v is not None}
        return "/graphql?" + urlencode({"q": document.strip(), "variables": json.dumps(given, indent=2)})

    def error_page(self, request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
        """Every failure of a page as a page: a refused question with its reason, anything
        unexpected as a 500 without details (logged here with its stack trace)."""
        if isinstance(error, BadParameter):
            error = PageError(400, error.message, error.field)
        elif isinstance(error, HTTPException):
            error = PageError(error.status_code, error.detail)
        elif not isinstance(error, PageError):
            log.error("explorer page %s failed", request.url.path, exc_info=error)
            error = PageError(500, "The server could not answer this page.")
        try:
            controls = Controls.parse(request.query_params)
        except BadParameter:
            controls = Controls()
        page = {"title": error.title, "error": error}
        return self.render(request, "error.html", controls, page, applies=frozenset(), status=error.status)

    async def data(self, request: Request[Any, Any, Any], document: str, variables: dict[str, Any]) -> dict[str, Any]:
        return await self.client.run(request, document, variables)


def page_handlers(pages: Pages) -> list[ControllerRouterHandler]:
    """The page handlers, bound to ``pages``."""

    @get("/", sync_to_thread=False)
    def root() -> Redirect:
        """The service's front door is the explorer."""
        return Redirect("/explore", status_code=302)

    @get("/explore")
    async def start(request: Request[Any, Any, Any]) -> Response[Any]:
        """Where to begin: search, people, organizations, flows and changes."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        variables = {"search": None, "first": START_PAGE}
        data = await pages.data(request, documents.SEARCH, variables)
        page = records.search_context(data, None)
        return pages.render(request, "start.html", controls, page, applies=frozenset(),
                            query=(documents.SEARCH, variables))

    @get("/explore/search")
    async def search(request: Request[Any, Any, Any]) -> Response[Any]:
        """People and organizations by any name or alias."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        query = request.query_params.get("q", "").strip()
        if len(query) > MAX_TEXT:
            raise BadParameter("q", f"a search is at most {MAX_TEXT} characters")
        variables = {"search": query or None, "first": SEARCH_PAGE}
        data = await pages.data(request, documents.SEARCH, variables)
        return pages.render(request, "search.html", controls, records.search_context(data, query),
                            applies=frozenset(), query=(documents.SEARCH, variables), extra={"q": query})

    @get("/explore/people/{person_id:str}")
    async def person(request: Request[Any, Any, Any], person_id: str) -> Response[Any]:
        """A person's timeline, claims, reports and history under the controls."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        variables = {"id": person_id, **controls.variables(), "changes": changed.SECTION_PAGE,
                     "changesAfter": changed.changes_after(request.query_params)}
        data = await pages.data(request, documents.PERSON, variables)
        if data.get("person") is None:
            raise PageError(404, f"No person has the id '{person_id}'.")
        page = people.context(data, controls, datetime.now(UTC).date())
        page["changed"] = changed.section(data["changes"], controls)
        return pages.render(request, "person.html", controls, page, applies=ALL, query=(documents.PERSON, variables))

    @get("/explore/organizations/{org_id:str}")
    async def organization(request: Request[Any, Any, Any], org_id: str) -> Response[Any]:
        """An organization's roster on ``at`` and its monthly headcount."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        options = organizations.Options(request.query_params, controls)
        variables = {**options.variables(org_id, controls), "changes": changed.SECTION_PAGE,
                     "changesAfter": changed.changes_after(request.query_params)}
        data = await pages.data(request, documents.ORGANIZATION, variables)
        if data.get("organization") is None:
            raise PageError(404, f"No organization has the id '{org_id}'.")
        page = organizations.context(data, controls, options)
        page["changed"] = changed.section(data["changes"], controls)
        return pages.render(request, "organization.html", controls, page, applies=ALL,
                            query=(documents.ORGANIZATION, variables), extra=options.given)

    @get("/explore/flows")
    async def flows(request: Request[Any, Any, Any]) -> Response[Any]:
        """Moves between companies in a period."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        start, end = records.flow_period(request.query_params, controls)
        cutoffs = {k: v for k, v in controls.variables().items() if k != "at"}
        variables = {"from": start.isoformat(), "to": end.isoformat(), **cutoffs}
        data = await pages.data(request, documents.FLOWS, variables)
        extra = {k: v for k in ("from", "to") if (v := request.query_params.get(k, "").strip())}
        page = records.flows_context(data, start, end, extra)
        return pages.render(request, "flows.html", controls, page, applies=ALL, query=(documents.FLOWS, variables),
                            extra=extra)

    @get("/explore/sources/{source_id:str}")
    async def source(request: Request[Any, Any, Any], source_id: str) -> Response[Any]:
        """A source, what it cites, and every claim it reported on."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        variables = {"id": source_id}
        data = await pages.data(request, documents.SOURCE, variables)
        if data.get("source") is None:
            raise PageError(404, f"No source has the id '{source_id}'.")
        return pages.render(request, "source.html", controls, records.source_context(data, controls),
                            applies=frozenset({"knownAt", "asOf"}), query=(documents.SOURCE, variables))

    @get("/explore/publishers/{name:str}")
    async def publisher(request: Request[Any, Any, Any], name: str) -> Response[Any]:
        """A publisher's track record under knownAt and asOf, its calls and its sources."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        options = publishers.Options(request.query_params)
        variables = options.variables(name, controls)
        data = await pages.data(request, documents.PUBLISHER, variables)
        if data.get("publisher") is None:
            raise PageError(404, f"No source has the publisher '{name}'.")
        return pages.render(request, "publisher.html", controls, publishers.context(data, options),
                            applies=frozenset({"knownAt", "asOf"}), query=(documents.PUBLISHER, variables),
                            extra={k: v for k, v in options.given.items() if k != "after"})

    @get("/explore/claims/{claim_id:str}")
    async def claim(request: Request[Any, Any, Any], claim_id: str) -> Response[Any]:
        """One claim and every report on it."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        variables = {"id": claim_id}
        data = await pages.data(request, documents.CLAIM, variables)
        if data.get("claim") is None:
            raise PageError(404, f"No claim has the id '{claim_id}'.")
        return pages.render(request, "claim.html", controls, records.claim_context(data, controls),
                            applies=frozenset({"knownAt", "asOf"}), query=(documents.CLAIM, variables))

    @get("/explore/changes")
    async def changes(request: Request[Any, Any, Any]) -> Response[Any]:
        """The change feed, newest first, a page of positions at a time, each event with the
        belief changes it caused."""
        if (redirect := canonical(request)) is not None:
            return redirect
        controls = Controls.parse(request.query_params)
        context = await pages.client.context(request)
        head = await to_thread.run_sync(context.follower.position)
        window = records.changes_window(request.query_params, head)
        variables = {"after": str(window[0]), "first": records.CHANGES_PAGE, "beliefs": records.BELIEFS_PAGE}
        data = await pages.client.run(request, documents.CHANGES, variables, context)
        extra = {"before": v} if (v := request.query_params.get("before", "").strip()) else {}
        return pages.render(request, "changes.html", controls, records.changes_context(data, controls, window, head),
                            applies=frozenset({"asOf"}), query=(documents.CHANGES, variables), extra=extra)

    @get("/explore/{rest:path}", sync_to_thread=False)
    def elsewhere(rest: str) -> Response[Any]:
        """Any other address under /explore: a page saying so, not a JSON error."""
        raise PageError(404, "There is no page at this address.")

    return [root, start, search, person, organization, flows, source, publisher, claim, changes, elsewhere]


def canonical(request: Request[Any, Any, Any]) -> Redirect | None:
    """A redirect to the same page without empty parameters (blank form fields), if any."""
    pairs = list(request.query_params.items())
    kept = [(k, v) for k, v in pairs if v.strip()]
    if len(kept) == len(pairs):
        return None
    return Redirect(request.url.path + (f"?{urlencode(kept)}" if kept else ""), status_code=303)
