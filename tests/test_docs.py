"""`docs/` keeps step with the code: the API reference is the schema's, every type and field of
`schema.graphql` is documented, and every citation of a `docs/` page (`docs/rules.md#status`)
names a page and a heading that exist."""

from __future__ import annotations

import re
from pathlib import Path

import graphql

from schema.reference import DOC, reference, replaced

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}
CITATION = re.compile(r"docs/([a-z-]+\.md)(?:#([a-z0-9-]+))?")
LINK = re.compile(r"\]\((\.\./README\.md|[a-z-]+\.md)?(?:#([a-z0-9-]+))?\)")


def slug(heading: str) -> str:
    """The anchor a heading gets on GitHub and most markdown renderers."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(line.lstrip("#")) for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


def sections(text: str) -> dict[str, str]:
    """Each heading's text up to the next heading."""
    found: dict[str, str] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            found.setdefault(heading, "")
        else:
            found[heading] = found.get(heading, "") + line + "\n"
    return found


def test_the_api_reference_is_what_the_schema_generates() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert replaced(text, reference()) == text, "docs/api.md is out of date: run `python -m schema.reference --write`"


def test_every_type_field_and_value_of_the_schema_is_documented() -> None:
    schema = graphql.build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    documented = {}
    for page in DOCS.glob("*.md"):
        documented.update(sections(page.read_text(encoding="utf-8")))
    missing = []
    for name, gql_type in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        if isinstance(gql_type, graphql.GraphQLScalarType):
            missing += [] if any(f"`{name}`" in text for text in documented.values()) else [name]
            continue
        if name not in documented:
            missing.append(name)
            continue
        members = gql_type.values if isinstance(gql_type, graphql.GraphQLEnumType) else gql_type.fields  # type: ignore[union-attr]
        missing += [f"{name}.{m}" for m in members if not re.search(rf"`{m}[`(]", documented[name])]
    assert missing == []


def test_every_citation_of_a_docs_page_names_a_page_and_a_heading_that_exist() -> None:
    cited: list[tuple[str, Path, str | None]] = []
    for folder in ("events", "projections", "schema", "service", "tests", "bench", "data", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".md", ".html") and "node_modules" not in path.parts:
                text = path.read_text(encoding="utf-8")
                cited += [(str(path.relative_to(ROOT)), DOCS / page, anchor)
                          for page, anchor in CITATION.findall(text)]
                if path.parent == DOCS:
                    cited += [(path.name, (DOCS / page).resolve() if page else path, anchor or None)
                              for page, anchor in LINK.findall(text) if page or anchor]
    cited += [("README.md", DOCS / page, anchor) for page, anchor in CITATION.findall((ROOT / "README.md").read_text())]
    broken = [(where, page.name, anchor) for where, page, anchor in cited
              if not page.is_file() or (anchor and anchor not in anchors(page))]
    assert len(cited) > 50 and broken == []
