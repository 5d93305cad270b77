"""Claims and their facts: one ``tl_claims`` row per claim (its ends, and its status, independent
sources and ``contested`` under the default cutoffs, set by the timelines), and one append-only
``tl_facts`` row per claim event, which every read with cutoffs folds with the rules."""
