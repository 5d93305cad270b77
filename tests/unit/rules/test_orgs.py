"""Which company a unit belongs to: the organizations' tree."""

from __future__ import annotations

from projections.rules.orgs import OrgTree

TREE = OrgTree({"meta": None, "msl": "meta", "fair": "msl", "openai": None})


def test_a_unit_belongs_to_the_company_at_the_top_of_its_parents() -> None:
    assert [TREE.root(o) for o in ("fair", "msl", "meta", "openai")] == ["meta", "meta", "meta", "openai"]


def test_an_organization_is_within_itself_and_its_ancestors_only() -> None:
    assert TREE.is_within("fair", "meta") and TREE.is_within("meta", "meta")
    assert not TREE.is_within("meta", "fair") and not TREE.is_within("fair", "openai")


def test_a_subtree_is_the_organization_and_its_units_at_any_depth() -> None:
    assert TREE.subtree("meta") == {"meta", "msl", "fair"}
    assert TREE.subtree("unknown") == {"unknown"}


def test_parents_that_loop_still_give_a_root() -> None:
    looped = OrgTree({"a": "b", "b": "a"})
    assert looped.root("a") in {"a", "b"}
    assert not looped.is_within("a", "c")
