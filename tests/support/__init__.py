"""What the suites share, each helper written once (the benchmarks use it too).

- ``databases``: fresh databases on either backend, the seed data set, read-model snapshots;
- ``world``: the world builder (``World``, ``given_*``) and the ways to write it (in process);
- ``client``: the GraphQL client's named steps (every mutation, the reads the suites check);
- ``subscriptions``: the change feed over websockets and the export;
- ``server``: a real HTTP server in this process (``run_server``, ``LiveServer``);
- ``processes``: real ``talentledger`` processes (``Topology``), ports and bounded waits;
- ``fakes``: an in-memory event store for the write side's rule tests.

Fixtures built from these are in ``tests/conftest.py``.
"""
