"""Provides Saver: the one way a screen's edits reach the disk, in the background, coalesced.

A screen that edits holds a draft; a key changes the widget and the draft only. The screen
tells its Saver something changed; after a short pause in typing (or at once, on leaving a
field, a step or the screen, and on quit) the Saver asks the screen for a *job* — a function
of the store, built from the draft on the UI thread — and runs it in a thread. At most one
job of a Saver is in flight; what is typed meanwhile goes in the next one. A job that fails
(lock busy, disk full) leaves the draft as it is, says why, and is tried again.

Nothing here opens, reads, writes or locks a file on the UI thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from textual.timer import Timer

from ...model.errors import ValidationError
from ...store import FileAccessError, NotFoundError, Store, StoreError

if TYPE_CHECKING:  # for the types only: the app imports this module
    from ...app import MentorApp
    from ...model import Agreement
    from ...model.merge import Conflict

#: Seconds of no typing after which an edit is saved.
PAUSE = 0.4
#: How often a Saver with something unsaved looks whether it is time to save.
TICK = 0.1
#: Seconds between tries of a save that could not be made (lock busy, disk full).
RETRY = 1.0
#: How long a save waits for the agreement's lock before saying so (and trying again).
SAVE_LOCK_WAIT = 1.0


@dataclass
class Job:
    """One save: ``run(store)`` in a thread; its result (or error) back to the screen with ``sent``."""

    run: Callable[[Store], Any]
    #: What the screen needs to make sense of the result (the draft it was made from).
    sent: Any = None
    #: What both changed differently, found while saving (filled by ``run``, in its thread).
    conflicts: list[Conflict] = field(default_factory=list)


class SavesDrafts(Protocol):
    """What a screen that edits gives its Saver."""

    def prepare_save(self) -> Job | None:
        """The job that saves the draft now, or None when there is nothing to save."""

    def saved(self, result: Any, job: Job) -> None:
        """The job succeeded (on the UI thread)."""

    def save_failed(self, error: Exception, job: Job) -> bool:
        """The job failed; True to try again later (the draft is still unsaved)."""


def save_merged(
    store: Store, draft: Agreement, base: Agreement, prefer_theirs: bool
) -> tuple[Agreement, list[Conflict]]:
    """Save a draft made from ``base``, merged with whatever others saved meanwhile (in a
    worker). Where both changed the same thing, ``prefer_theirs`` says which side the file
    gets; the conflicts are returned so the screen can show them. Returns (stored, conflicts).
    """
    from ...model.merge import merge
    from ...store import ConflictError

    try:
        return store.save(draft, base=base, timeout=SAVE_LOCK_WAIT), []
    except ConflictError:
        pass
    for _ in range(3):  # another save may land between the read and ours: merge again
        current = store.load(draft.id)
        merged, conflicts = merge(base, current, draft, prefer_theirs=prefer_theirs)
        try:
            stored = store.save(merged.edit(revision=current.revision), base=current, timeout=SAVE_LOCK_WAIT)
        except ConflictError:
            continue
        return stored, conflicts
    raise StoreError("others kept saving the agreement while this save merged with them")


def why_not_saved(error: Exception) -> str:
    """A sentence for a failed save, naming the file where the error does (short enough for
    the bottom line of an 80-column screen)."""
    if isinstance(error, OSError):
        error = FileAccessError(error.filename or "the agreement's file", error, writing=True)
    if isinstance(error, FileAccessError):
        return error.short  # the file's name and what to do
    if isinstance(error, NotFoundError):  # someone deleted it meanwhile: it is in the trash
        return "it was deleted (u on the list opens the trash, where r restores it)"
    if isinstance(error, (StoreError, ValidationError)):
        return str(error)
    return f"{type(error).__name__}: {error}"


class Saver:
    """Coalesced background saves for one screen; registered with the app until it is idle."""

    def __init__(self, app: MentorApp, owner: SavesDrafts, pause: float = PAUSE) -> None:
        self.app = app
        self.owner = owner
        self.pause = pause
        #: Something changed that is not saved (or being saved) yet.
        self.pending = False
        self.in_flight = False
        #: Why the last try failed, while it is being retried.
        self.failing: str = ""
        self._ticker: Timer | None = None
        self._last_change = 0.0
        #: No retry before this time (monotonic) after a failed try.
        self._retry_at = 0.0
        #: How many jobs have run, for tests and benchmarks.
        self.saves = 0

    @property
    def idle(self) -> bool:
        """Nothing to save and nothing being saved."""
        return not (self.pending or self.in_flight)

    def changed(self) -> None:
        """The draft changed: save it once typing pauses (a timestamp; no timer per key)."""
        self.pending = True
        self._last_change = time.monotonic()
        self._savers().add(self)
        if self._ticker is None:
            self._ticker = self.app.set_interval(TICK, self._tick, name="saver")

    def flush(self) -> None:
        """Save now (leaving a field, step or screen): no waiting for the pause."""
        if self.pending and not self.in_flight:
            self._start()

    def _tick(self) -> None:
        if self.in_flight:
            return
        if not self.pending:
            if self._ticker is not None:
                self._ticker.stop()
                self._ticker = None
            return
        now = time.monotonic()
        if now - self._last_change >= self.pause and now >= self._retry_at:
            self._start()

    def _savers(self) -> set[Saver]:
        return self.app.savers  # MentorApp's registry of savers with something unsaved

    def _start(self) -> None:
        self.pending = False
        job = self.owner.prepare_save()
        if job is None:
            self._settled()
            return
        self.in_flight = True
        store = self.app.store

        def run() -> None:
            try:
                result, error = job.run(store), None
            except Exception as failure:  # every failure is reported to the screen
                result, error = None, failure
            try:
                self.app.call_from_thread(self._finished, job, result, error)
            except RuntimeError:  # the app is gone: nothing left to tell
                pass

        self.app.run_worker(run, thread=True, group="saves", name="save", exit_on_error=False)

    def _finished(self, job: Job, result: Any, error: Exception | None) -> None:
        self.in_flight = False
        self.saves += 1
        if error is None:
            self.failing = ""
            self.owner.saved(result, job)
        elif self.owner.save_failed(error, job):
            self.failing = why_not_saved(error)
            self.pending = True
            self._retry_at = time.monotonic() + RETRY
            if self._ticker is None:
                self._ticker = self.app.set_interval(TICK, self._tick, name="saver")
            return
        self._retry_at = 0.0
        self._settled()

    def _settled(self) -> None:
        if self.idle:
            self._savers().discard(self)


def unsaved_draft(screen: object) -> Agreement | None:
    """The agreement as a screen shows it, when the disk does not have all of it (a save that
    failed, a field held in a conflict); None when everything on it is stored."""
    find = getattr(screen, "unsaved_draft", None)
    draft: Agreement | None = find() if callable(find) else None
    return draft


async def save_everything(app: MentorApp, timeout: float = 8.0, tries: int | None = None) -> bool:
    """Flush every Saver of the app and wait until all are idle; False if time ran out.

    With ``tries``, a saver whose saves fail (the disk full, a lock held) is tried that many
    more times, a second apart, and then given up on (False) instead of waited for until
    ``timeout``: stopping with the disk full took the whole 8 s.
    """
    deadline = time.monotonic() + timeout
    saves_before: dict[Saver, int] = {}
    while True:
        savers = [s for s in app.savers if not s.idle]
        if tries is not None:
            for saver in savers:
                saves_before.setdefault(saver, saver.saves)
            given_up = [s for s in savers if s.failing and not s.in_flight and s.saves - saves_before[s] >= tries]
            savers = [s for s in savers if s not in given_up]
            if given_up and not savers:
                return False
        if not savers:
            return True
        for saver in savers:
            if not saver.in_flight and time.monotonic() >= saver._retry_at:
                saver.flush()
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.02)
