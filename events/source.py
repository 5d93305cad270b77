"""A source: one publication, possibly citing another (an aggregator repeating Bloomberg)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from events.base import LedgerAggregate
from events.errors import BadInput, Conflict
from events.text import nfc


class Source(LedgerAggregate):
    KIND = "source"

    @dataclass(frozen=True)
    class Registered(LedgerAggregate.Created):
        publisher: str
        url: str | None
        title: str | None
        language: str | None
        published_at: datetime
        cites_id: str | None

    def __init__(
        self,
        publisher: str,
        url: str | None,
        title: str | None,
        language: str | None,
        published_at: datetime,
        cites_id: str | None,
        recorded_by: str,
    ) -> None:
        # Compared in NFC with a registration repeated, also when recorded before normalization.
        self.publisher = nfc(publisher)
        self.url = None if url is None else nfc(url)
        self.title = None if title is None else nfc(title)
        self.language = None if language is None else nfc(language)
        self.published_at = published_at
        self.cites_id = cites_id

    def fields(self) -> tuple[object, ...]:
        return (self.publisher, self.url, self.title, self.language, self.published_at, self.cites_id)

    @staticmethod
    def check_citations(public_id: str, citations: Sequence[str]) -> None:
        """``citations`` is the chain a new registration cites, nearest first: a source cited
        only an already registered source, so a cycle can only run through the source itself."""
        if public_id in citations:
            raise BadInput("citesId", f"source '{public_id}' cannot cite itself")

    @classmethod
    def register(
        cls, public_id: str, *, publisher: str, url: str | None, title: str | None, language: str | None,
        published_at: datetime, cites_id: str | None, citations: Sequence[str], timestamp: datetime,
        recorded_by: str,
    ) -> Source:
        cls.check_citations(public_id, citations)
        return cls._create(
            cls.Registered, id=cls.aggregate_id(public_id), timestamp=timestamp, recorded_by=recorded_by,
            publisher=publisher, url=url, title=title, language=language, published_at=published_at,
            cites_id=cites_id,
        )

    def register_again(self, fields: tuple[object, ...], citations: Sequence[str]) -> None:
        """The same id registered again records nothing: with the same ``fields()`` it is a
        repeat, with others a conflict (a publication's facts never change)."""
        self.check_citations(self.public_id, citations)
        if self.fields() != fields:
            raise Conflict(f"source '{self.public_id}' is already registered with other details", "id")
