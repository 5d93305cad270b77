"""The read side: read models built from the events, materialized in the event store's database.

One folder per read model (``directory``, ``claims``, ``timelines``, ``rosters``, ``aggregates``,
``audit``, ``feed``), each with its tables, event handlers, queries and SQL; ``rules`` holds the
pure rules they share; ``projector`` keeps them up to date with exactly-once tracking; ``db`` is
the database adapter and the table registry; ``queries.Queries`` is the one interface ``schema/``
calls. Nothing here knows about HTTP or GraphQL. ``projections/README.md`` has the map.
"""
