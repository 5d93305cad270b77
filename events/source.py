"""A source: one publication, possibly citing another (an aggregator repeating Bloomberg)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from events.base import LedgerAggregate


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
        self.publisher = publisher
        self.url = url
        self.title = title
        self.language = language
        self.published_at = published_at
        self.cites_id = cites_id

    def fields(self) -> tuple[object, ...]:
        return (self.publisher, self.url, self.title, self.language, self.published_at, self.cites_id)
