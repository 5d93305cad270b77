"""The explorer shows open ranges, ranges and qualified dates in words, draws their stints, and
never fails on them (docs/domain.md#date-expressions, docs/explorer.md)."""

from __future__ import annotations

import httpx

from events.base import ClaimStatus
from tests.explorer.conftest import main_text, page
from tests.support.client import over_graphql
from tests.support.server import LiveServer


def test_open_ranged_and_qualified_dates_are_shown_in_words_on_every_page(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = over_graphql(client)
        for org in ("acme", "globex"):
            world.organization(org, org.title())
        world.source("wire", "2025-09-03", publisher="Wire")
        world.person("bob")
        hired = world.move("bob", "[..2021-03-01]", "wire", to="acme")
        moved = world.move("bob", "2025-06~", "wire", frm="acme", to="globex")
        world.move("bob", "[2026-01..]", "wire", frm="globex", status=ClaimStatus.RUMOURED)
    with httpx.Client(base_url=live.base_url, timeout=15) as http:
        person = main_text(page(http, "/explore/people/bob", at="2025-07-15"))
        assert "on or before 1 March 2021" in person and "about June 2025" in person
        claim = main_text(page(http, f"/explore/claims/{hired}"))
        assert "no earliest day to 2021-03-01" in claim
        assert "approximate" in main_text(page(http, f"/explore/claims/{moved}"))
        assert "Bob" in main_text(page(http, "/explore/organizations/globex", at="2025-12-01"))
        page(http, "/explore/organizations/acme", at="2020-01-01", minStatus="RUMOURED")
        page(http, "/explore/flows", **{"from": "2025-01-01", "to": "2025-12-31"})
