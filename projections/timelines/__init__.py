"""Timelines: each person's stints and moves. Under the default cutoffs they are materialized
(``tl_stints``, ``tl_moves``, and each claim's status in ``tl_claims``), recomputed whenever one
of the person's facts changes; under any other cutoffs they are folded on read from the facts."""
