"""The candidates of a roster that folds (``timelines.folded``): read a batch at a time from the
indexes for a page, they are the ones read whole for a count, in id order, merged people as their
survivors, whatever the batch size and the cursor."""

from __future__ import annotations

from itertools import islice

from events import commands as c
from projections.directory.reads import OrgTrees
from projections.timelines.folded import candidate_pages, candidates_at
from service.bootstrap import Components
from tests.storage.test_rebuild_workers import rich_history


def test_candidates_read_a_batch_at_a_time_are_the_ones_read_whole(components: Components) -> None:
    rich_history(components)  # a generated crowd, chained merges, corrections, a unit moved
    run = components.ledger.execute
    for duplicate, survivor in (("person-7", "person-2"), ("person-30", "person-0"), ("person-41", "zz-nobody")):
        if survivor == "zz-nobody":  # a survivor with no fact naming any organization
            run(c.RegisterPerson(id=survivor, name="Nobody"), "t")
        run(c.MergePeople(duplicate_id=duplicate, survivor_id=survivor, reason="same person"), "t")
    components.projector.catch_up()
    trees = OrgTrees()
    with components.db.read() as cur:
        cur.execute("SELECT duplicate_id FROM tl_merges")
        duplicates = sorted(row[0] for row in cur.fetchall())
        assert len(duplicates) >= 5
        for org in ("openai", "meta", "apple"):
            orgs = trees.scope(cur, org, True)
            whole = candidates_at(cur, orgs)
            assert len(whole) > 40
            for after in ("", whole[0], whole[len(whole) // 2], "person-5", whole[-1]):
                for size in (1, 3, 64):
                    batches = list(candidate_pages(cur, orgs, after, size))
                    assert [p for batch in batches for p in batch] == [p for p in whole if p > after], (org, after)
                    assert all(batches) and all(len(batch) <= max(size, 500) for batch in batches)
            # Just before each person merged away: a read of one or two people stops on them.
            for duplicate in duplicates:
                before = [p for p in whole if p < duplicate]
                after = before[-1] if before else ""
                for size in (1, 2):
                    read = [p for batch in islice(candidate_pages(cur, orgs, after, size), 6) for p in batch]
                    assert read == [p for p in whole if p > after][: len(read)] and read, (org, after, size)
