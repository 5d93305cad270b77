"""A source: one publication, possibly citing another (an aggregator repeating Bloomberg)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from events.base import LedgerAggregate
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
