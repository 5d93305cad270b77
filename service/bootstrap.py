"""The one composition root: builds every component from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from prometheus_client import Histogram

from events.ledger import Ledger
from projections.db import Database, connect
from projections.projector import PROJECTION_CHANNEL, ProjectionWatch, Projector
from projections.queries import Queries
from service.appends import TimedStore, append_histogram
from service.keys import KeyStore
from service.settings import Settings
from service.storage import EventStoreAdapter, PostgresListener, event_source, schema_lock, store_exists


@dataclass
class Components:
    """Everything a process needs, wired once; ``close()`` releases every connection."""

    settings: Settings
    store: EventStoreAdapter
    ledger: Ledger
    db: Database
    queries: Queries
    projector: Projector
    watch: ProjectionWatch
    keys: KeyStore
    append_seconds: Histogram

    def close(self) -> None:
        self.watch.stop()
        self.projector.stop()
        self.db.close()
        self.store.close()


def bootstrap(settings: Settings) -> Components:
    with schema_lock(settings):  # tables are created and migrated here, once, whoever starts first
        store = EventStoreAdapter(settings, create_tables=not store_exists(settings))
        db = connect(settings.database, settings.pool_size, settings.statement_timeout_ms)
        projector = Projector(
            db, store.notifications, store.mapper.to_domain_event, listener=store.listener(),
            open_source=partial(event_source, settings),
        )
        try:
            projector.ensure_schema()
        except BaseException:  # a schema this release does not know, a failed migration: nothing left open
            db.close()
            store.close()
            raise
        keys = KeyStore(db)
    queries = Queries(db)
    # API processes follow the projector's commits: LISTEN on PostgreSQL, polling on SQLite.
    signal = PostgresListener(settings.database, PROJECTION_CHANNEL) if settings.is_postgres else None
    appends = append_histogram()
    return Components(
        settings=settings,
        store=store,
        ledger=Ledger(TimedStore(store, appends)),
        db=db,
        queries=queries,
        projector=projector,
        watch=ProjectionWatch(queries.position, signal),
        keys=keys,
        append_seconds=appends,
    )
