"""The event store: the eventsourcing library on SQLite or PostgreSQL, with the msgspec codec."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Mapper, Notification

from events.base import LedgerAggregate
from events.errors import ConcurrentWrite
from service.codec import MsgspecMapper
from service.settings import Settings

_CHUNK = 500


class LedgerEventStore(Application[str]):
    """The eventsourcing application that holds every Talent Ledger event."""

    name = "TalentLedger"

    def construct_mapper(self) -> Mapper[str]:
        return MsgspecMapper()


class EventStoreAdapter:
    """The write side's ``AggregateStore`` and the projector's event source, over the library."""

    def __init__(self, settings: Settings) -> None:
        self.app = LedgerEventStore(env=settings.eventsourcing_env())
        self.recorder: Any = self.app.recorder
        self.mapper = self.app.mapper
        self._param = "%s" if settings.is_postgres else "?"
        self._url = settings.database if settings.is_postgres else ""

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        try:
            aggregate: LedgerAggregate = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate

    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        ids = list(aggregate_ids)
        found: set[str] = set()
        table = self.recorder.events_table_name
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join([self._param] * len(chunk))
            sql = (
                f"SELECT originator_id FROM {table} "
                f"WHERE originator_version=1 AND originator_id IN ({marks})"
            )
            with self.recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(sql, chunk)
                found.update(str(row["originator_id"]) for row in cursor.fetchall())
        return found

    def save(self, aggregates: Sequence[LedgerAggregate]) -> int | None:
        # Collecting pending events here, rather than through Application.save(), skips the
        # library's runtime Protocol isinstance checks (~35 us per aggregate, a third of an import).
        pending = [event for aggregate in aggregates for event in aggregate.collect_events()]
        if not pending:
            return None
        try:
            recordings = self.app.events.put(pending)
        except IntegrityError as error:
            raise ConcurrentWrite(str(error)) from error
        return max((r.notification.id for r in recordings), default=None)

    def max_position(self) -> int:
        return int(self.recorder.max_notification_id() or 0)

    def notifications(self, after: int, limit: int, stop: int | None = None) -> Sequence[Notification]:
        """Stored events with position > ``after``, in position order."""
        result: Sequence[Notification] = self.recorder.select_notifications(
            start=after, limit=limit, stop=stop, inclusive_of_start=False
        )
        return result

    def listener(self) -> PostgresListener | None:
        """On PostgreSQL, a LISTEN on the channel the library NOTIFYs after each append."""
        if not self._url:
            return None
        return PostgresListener(self._url, self.recorder.channel_name)

    def close(self) -> None:
        self.app.close()


class PostgresListener:
    """Waits on a dedicated connection for the event store's NOTIFY."""

    def __init__(self, url: str, channel: str) -> None:
        self.url = url
        self.channel = channel
        self._conn: Any = None

    def wait(self, timeout: float) -> bool:
        import psycopg
        from psycopg import sql

        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.url, autocommit=True)
            self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        return any(True for _ in self._conn.notifies(timeout=timeout, stop_after=1))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
