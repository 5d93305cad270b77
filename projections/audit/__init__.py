"""The audit trail: every event about a person (registration, aliases, merges, claims about them),
indexed by person (``tl_history``) and read with the change feed's rows, in recorded order."""
