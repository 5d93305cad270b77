"""The explorer is a client of the public GraphQL contract: its documents are valid against the
published SDL (schema.graphql), and it reads nothing from the read models directly."""

from __future__ import annotations

from pathlib import Path

import graphql

from service.explorer import documents
from tests.test_architecture import imports_of

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_document_is_valid_against_the_published_schema() -> None:
    contract = graphql.build_schema((ROOT / "schema.graphql").read_text())
    names = [n for n in dir(documents) if n.isupper() and n not in ("CUTOFFS", "CUTOFF_VARIABLES", "STINT")]
    assert len(names) == 8  # one per page (the publisher page: issue 16)
    for name in names:
        errors = graphql.validate(contract, graphql.parse(getattr(documents, name)))
        assert not errors, (name, errors)


def test_the_explorer_reads_only_through_graphql() -> None:
    for path, names in imports_of("service").items():
        if "/explorer/" in path:
            assert not any(n.split(".")[0] in ("projections", "events") for n in names), path
