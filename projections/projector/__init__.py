"""The projector: the machinery that keeps every read model up to date, shared by all of them.

- ``applier.py``: a page of events and its tracking position in one transaction (exactly once);
- ``dispatch.py``: each event to the handlers of the read models that care about it;
- ``pages.py``: inside a page, what happens to an event that cannot be projected (dead letters);
- ``rebuild.py`` and ``workers.py``: every read model recomputed into a new set of tables;
- ``follow.py``: ``Projector``, following the event store in a thread as its database's leader;
- ``watch.py``: ``ProjectionWatch``, each process's view of how far the read models are;
- ``tracking.py``: the tracking row, the projection lock and its NOTIFY channel.
"""

from projections.projector.follow import Listener, Projector
from projections.projector.rebuild import Progress
from projections.projector.tracking import PROJECTION_CHANNEL
from projections.projector.watch import ProjectionWatch

__all__ = ["PROJECTION_CHANNEL", "Listener", "Progress", "ProjectionWatch", "Projector"]
