"""The few GraphQL fields that point up the order of ``schema/``'s modules.

Each module imports only modules below it (guarded by ``tests/test_architecture.py``):
``values`` ← ``evidence`` ← ``feed`` ← ``organizations`` ← ``people`` ← ``queries``,
``mutations``. The graph they serve is cyclic, though: a claim names its person and its
organizations, a roster entry its member. Those fields are annotated with ``strawberry.lazy``
(resolved when the schema is built) and build their objects through a ``Lazy`` handle, which
looks the class up by the same module and name on first use, then keeps it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from strawberry import LazyType

T = TypeVar("T")


class Lazy(Generic[T]):
    """A GraphQL type defined in a module above the one using it."""

    def __init__(self, name: str, module: str) -> None:
        self._reference: LazyType[Any, Any] = LazyType(name, module)
        self._found: type[T] | None = None

    def __call__(self) -> type[T]:
        if self._found is None:  # resolve_type stats files on every call: look up once
            self._found = self._reference.resolve_type()
        return self._found
