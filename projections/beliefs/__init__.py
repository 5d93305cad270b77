"""Belief changes: what each event changed in people's default-lens timelines
(``docs/rules.md#belief-changes``)."""
