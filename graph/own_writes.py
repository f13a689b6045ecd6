"""The data versions a server process wrote itself, and which snapshot to judge one on.

A data version note written by another process rebuilds this process's graph snapshot
in the background (:meth:`graph.state.GraphHolder.check`).  A version this process wrote
is left for :data:`OWN_GRACE_SECONDS` to the request that follows the write, which
rebuilds as it always did: a background rebuild holding the lock would make it answer
from the old graph, and read-your-writes would break.  The live hub
(:class:`graph.hub.LiveHub`) records each version it hears this process commit and asks
here for the snapshot a version moved to.
"""

from __future__ import annotations

import threading
import time

from graph.state import GraphHolder, Snapshot

#: Seconds the hub leaves a version this process wrote to its own requests to rebuild.
OWN_GRACE_SECONDS = 3.0
#: Seconds to wait for this process's own commit to be heard before rebuilding for it.
OWN_SETTLE_SECONDS = 0.25


class OwnWrites:
    """The versions this process wrote, with when each was committed.

    Its own requests rebuild for those (and must not find the lock taken by a background
    rebuild, or they would answer from the old graph).
    """

    def __init__(self) -> None:
        self._versions: dict[int, float] = {}  # version → when it was committed
        self._lock = threading.Lock()

    def heard(self, version: int) -> None:
        """Record that this process committed ``version`` (called in the committing thread)."""
        with self._lock:
            self._versions[version] = time.monotonic()

    def written(self, version: int) -> float | None:
        """When this process committed ``version`` (:func:`time.monotonic`), if it did."""
        with self._lock:
            return self._versions.get(version)

    def snapshot_for(self, holder: GraphHolder, version: int) -> Snapshot:
        """The snapshot to judge on once the store shows ``version``: the holder's own
        while this process's next request rebuilds for its write, else rebuilt now."""
        written = self.written(version)
        if written is None:
            # This process's listeners hear of its own commit just after it: a moment
            # before calling the version foreign (a rebuild here would take the lock the
            # writer's next request needs, and that request would answer from the old graph).
            time.sleep(OWN_SETTLE_SECONDS)
            written = self.written(version)
        if written is not None and time.monotonic() - written < OWN_GRACE_SECONDS:
            return holder.snapshot  # this process's next request rebuilds
        if written is not None:
            return holder.current()  # no request came: rebuild as one would
        # written elsewhere: rebuild now, here; requests keep the old one meanwhile
        return holder.check()

    def forget_through(self, version: int) -> None:
        """Forget the versions up to ``version``: the subscribers are judged on it."""
        with self._lock:
            self._versions = {v: at for v, at in self._versions.items() if v > version}
