"""Aggregates over everyone's timelines: monthly headcount of an organization and flows of people
between companies."""
