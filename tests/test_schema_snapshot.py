"""The exported SDL (`schema.graphql`) is the schema: this fails when they drift.

Regenerate with `.venv/bin/python -m schema.build > schema.graphql`.
"""

from __future__ import annotations

from pathlib import Path

from schema.build import sdl

SNAPSHOT = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_exported_sdl_matches_the_schema() -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql is out of date: run `.venv/bin/python -m schema.build > schema.graphql`"
    )


def test_every_type_and_field_is_described() -> None:
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

    from schema.build import build_schema

    schema = build_schema()._schema
    missing = []
    for name, gql_type in schema.type_map.items():
        if name.startswith("__") or not isinstance(
            gql_type, GraphQLObjectType | GraphQLInputObjectType | GraphQLEnumType
        ):
            continue
        if not gql_type.description and name not in {"Query", "Mutation", "Subscription"}:
            missing.append(name)
        for field_name, field in getattr(gql_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
    assert missing == []
