"""Provides Prefetch: the app's first listing, read by a child process while the parent
imports the app.

Starting spends ~300 ms importing Textual, on one core; reading the list (the index, a stat
of every agreement file, 35-45 ms with 2,000 agreements) came after it, on the same core,
before the first row could be drawn. `Prefetch.start` forks a child before Textual is
imported and before any thread exists; the child lists exactly as the list's worker would
(`Store.list_agreements`, writing the index back if it was stale, under its lock), sends
the result through a pipe and exits. The app reads it in a thread as it starts (`load`),
and the list's worker `take`s it, waiting at most a moment, or lists by itself: a child that failed, was slow or could not be forked changes
nothing but the time. The result is pickled: parent and child are the same program, and
nothing else can write to the pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..model.base import now

if TYPE_CHECKING:
    from ..model.summary import AgreementSummary
    from .store import Store

#: How long the list's worker waits for the child's listing before listing by itself (s).
#: The child does what the worker would (a first start, or a copied data dir, reads every
#: file: seconds with 2,000 agreements), so the worker waits as long as it would have taken.
WAIT = 30.0

#: What the child sends: the summaries, the listing's stamp and undecoded digests
#: (`Store.kept_listing`), and the store's warnings.
Listing = tuple["list[AgreementSummary]", tuple[object, ...], dict[str, Any], list[str]]


class Prefetch:
    """A listing under way in a child process; `take` it once."""

    def __init__(self, pid: int, fd: int, at: datetime, party: str | None) -> None:
        self.pid, self._fd = pid, fd
        #: The moment the listing is for, and whose it is.
        self.at, self.party = at, party
        self._loaded = False
        self._listing: Listing | None = None
        self._lock = threading.Lock()

    @classmethod
    def start(cls, store: Store, party: str | None) -> Prefetch | None:
        """Fork the child that lists ``store`` for ``party``; None where forking is not safe
        (no fork, or threads running: a child of a threaded process may hang on their locks)."""
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        at = now()
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: list, send, leave without running the parent's exit code
            code = 1
            try:
                os.close(read)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                summaries = store.list_agreements(at, party, digests_later=True)
                stamp, digests = store.kept_listing()
                payload = pickle.dumps(
                    (summaries, stamp, digests, list(store.warnings)), protocol=pickle.HIGHEST_PROTOCOL
                )
                view = memoryview(payload)
                while view:
                    view = view[os.write(write, view) :]
                code = 0
            except BaseException:
                pass
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read, at, party)

    def load(self, wait: float = WAIT) -> None:
        """Read the child's listing (once, whoever asks first; the others wait for it): an
        app calls it from a thread as it starts, so the list's worker finds it read."""
        with self._lock:
            if self._loaded:
                return
            self._loaded = True
            try:
                data = self._read(wait)
                self._listing = pickle.loads(data) if data is not None else None
            except Exception:
                self._listing = None
            finally:
                self._end()

    def take(self, store: Store, party: str | None, wait: float = WAIT) -> list[AgreementSummary] | None:
        """The child's listing, made ``store``'s last listing in this thread (as if it had
        listed) with the child's warnings added to it; None when it is not for ``party``,
        was taken already, or did not come within ``wait`` seconds (the child is then ended)."""
        self.load(wait)
        with self._lock:
            listing, self._listing = self._listing, None  # once
        if listing is None or party != self.party:
            return None
        summaries, stamp, digests, warnings = listing
        store.adopt_listing(stamp, digests)
        store.warnings.extend(w for w in warnings if w not in store.warnings)
        return summaries

    def take_now(self, store: Store, party: str | None) -> list[AgreementSummary] | None:
        """`take`, only if the listing has been read already: never waits (the UI may ask).
        None leaves it to be taken, waiting, from a thread."""
        if not self._lock.acquire(blocking=False):
            return None  # being read
        try:
            if not self._loaded:
                return None
        finally:
            self._lock.release()
        return self.take(store, party)

    def cancel(self) -> None:
        """Not wanted after all: end the child if it is still there."""
        with self._lock:
            self._loaded = True
            self._listing = None
            self._end()

    def _read(self, wait: float) -> bytes | None:
        chunks = []
        deadline = time.monotonic() + wait
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        if not self.pid:  # no child of ours (the listing was written by someone else)
            return b"".join(chunks)
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None

    def _end(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0
