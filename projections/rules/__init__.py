"""The rules of the read side as pure functions: no I/O, no SQL, no clock.

Input is the append-only fact rows of a person's claims (one per claim event, each with its
recorded and publication time) and the organizations' parent links; output is each claim's state
and the person's stints under the read's cutoffs. The same facts and cutoffs always give the same
answer. ``claims.claim_states`` and ``timeline.build_timeline`` are the entry points every read
model calls; the choices they make are listed in ``projections/README.md``.
"""
