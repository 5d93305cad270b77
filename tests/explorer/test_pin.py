"""A pinned link keeps its answer after later writes; an unpinned one follows them. And the
explorer works as a client of the contract: with private reads it asks for a key like /graphql."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.explorer.conftest import main_text, page
from tests.support.client import data, register_source, report_move
from tests.support.databases import seed_bytes
from tests.support.server import LiveServer

PANG = "/explore/people/ruoming-pang"


def test_a_pinned_link_keeps_its_answer_after_a_later_report(live: LiveServer) -> None:
    with live.client("editor") as editor, live.client() as reader:
        assert editor.post("/import", content=seed_bytes()).status_code == 200
        before = page(reader, PANG, at="2026-06-01")
        assert "OpenAI" in before.select_one("section.answer .lead").get_text()
        pin = urlparse(before.find("a", string="Pin this answer")["href"])
        data(register_source(editor, "later-wire", "Later Wire", "2026-05-20T00:00:00Z"))
        data(report_move(editor, personId="ruoming-pang", fromId="openai", toId="anthropic", effective="2026-05",
                         status="REPORTED", sourceId="later-wire"))
        after = page(reader, PANG, at="2026-06-01")
        assert "Anthropic" in after.select_one("section.answer .lead").get_text()
        pinned = page(reader, f"{pin.path}?{pin.query}")
        assert pinned.select_one("section.answer").get_text() == before.select_one("section.answer").get_text()
        assert "Anthropic" not in main_text(pinned)


def test_with_private_reads_and_no_ide_the_explorer_asks_for_a_key(tight: LiveServer) -> None:
    with tight.client() as anonymous, tight.client("reporter") as keyed:
        refused = page(anonymous, "/explore/organizations/apple", 401)
        assert "key" in refused.select_one("article.error .lead").get_text()
        allowed = page(keyed, "/explore/organizations/apple", 404)
        assert allowed.find("a", string="open it in GraphiQL") is None
        assert anonymous.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
