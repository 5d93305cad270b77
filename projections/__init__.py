"""The read side: read models built from the events, materialized in the event store's database.

``projections.rules`` holds the pure rules of SPEC §3; ``projections.projector`` keeps the read
models up to date with exactly-once tracking; ``projections.queries`` answers typed questions.
Nothing here knows about HTTP or GraphQL.
"""
