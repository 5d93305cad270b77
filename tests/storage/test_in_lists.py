"""Statements with ``IN (?, …)`` lists (``sql.marks``) mean the same on both backends: on
PostgreSQL each list is sent as one array (``db/postgres.with_arrays``: ``= ANY``, ``<> ALL``),
its values taken from the right place among the other parameters."""

from __future__ import annotations

from projections.db import connect
from projections.db.sql import marks


def test_in_and_not_in_lists_between_other_parameters_select_the_same_rows_on_both_backends(
    database_url: str,
) -> None:
    db = connect(database_url, pool_size=1)
    try:
        with db.transaction() as cur:
            cur.execute("CREATE TABLE lists_within (id TEXT PRIMARY KEY, kind TEXT NOT NULL, rank INTEGER NOT NULL)")
            cur.executemany("INSERT INTO lists_within (id, kind, rank) VALUES (?, ?, ?)",
                            [(f"p{n}", "ab"[n % 2], n) for n in range(10)])
            statement = (f"SELECT id FROM lists_within WHERE rank >= ? AND id IN ({marks(6)}) AND kind = ?"
                         f" AND id NOT IN ({marks(2)}) AND rank < ? ORDER BY id")
            cur.execute(statement, [1, "p0", "p1", "p2", "p3", "p4", "p5", "a", "p2", "p3", 5])
            assert [row[0] for row in cur.fetchall()] == ["p4"]
            cur.execute(f"SELECT COUNT(*) FROM lists_within WHERE id NOT IN ({marks(1)})", ["p9"])
            assert cur.fetchone()[0] == 9
            cur.execute("DROP TABLE lists_within")
    finally:
        db.close()
