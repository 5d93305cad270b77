"""Rosters: who is a member of an organization (and its units) on a date, one entry per person,
in pages over the timelines' stints."""
