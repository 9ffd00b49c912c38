"""Provides WatchedAgreementScreen: a screen on one stored agreement that follows others' saves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any

from textual import work
from textual.screen import Screen

from ...clock import show
from ...mentor_node import MentorNode
from ...model import Agreement, ValidationError
from ...model.base import field_names, is_record
from ...model.merge import Conflict, differing_fields, merge
from ...model.people import NO_LONGER_A_PARTY
from ...store import ClosedError, NotAPartyError, NotFoundError, Store, StoreError
from ...text import plain
from .saving import Job, Saver, save_merged, why_not_saved

Change = Callable[[Agreement], Agreement]
#: What a save gives back: the agreement as stored, and the file's stamp.
Saved = tuple[Agreement, object]


def without_bookkeeping(agreement: Agreement | None) -> Agreement | None:
    """An agreement without its bookkeeping, to tell whether two copies show the same."""
    if agreement is None:
        return None
    return agreement.edit(revision=0, updated_at=None, updated_by="")


def overwritten(conflict: Conflict) -> str:
    """What of theirs a save of ours wrote over, in a few words: "location was “Office Ben”"."""
    theirs, mine = conflict.theirs, conflict.mine
    pairs = list(zip(theirs, mine, strict=False)) if isinstance(theirs, tuple) and isinstance(mine, tuple) else []
    pairs = pairs or [(theirs, mine)]
    shown = []
    for their, my in pairs:  # a record, or the records of a list (a review's reflections)
        if is_record(their) and is_record(my) and type(their) is type(my):
            differ = [n for n in field_names(my) if getattr(their, n) != getattr(my, n) and n != "id"]
            shown += [f"{n.replace('_', ' ')} was “{short(getattr(their, n))}”" for n in differ]
    if shown:
        return ", ".join(shown[:3])
    return f"{conflict.field.replace('_', ' ')} was “{short(theirs)}”"


def short(value: object, most: int = 40) -> str:
    """A stored value in a few words, for a message: a time in the viewer's zone, cut with …."""
    if isinstance(value, datetime):
        value = show(value)  # in the viewer's zone, to the minute
    elif isinstance(value, Enum):
        value = value.value
    text = plain(str(value) if value is not None else "—", single_line=True)
    return text if len(text) <= most else text[: most - 1] + "…"


def where_they_differ(theirs: object, mine: object, most: int = 48) -> str:
    """``theirs`` in a few words for a message, from a little before where it first differs
    from ``mine`` (a long shared start is cut with …): what to choose between is seen."""
    text = short(theirs, 100_000)
    other = short(mine, 100_000)
    same = 0
    for a, b in zip(text, other, strict=False):
        if a != b:
            break
        same += 1
    start = max(0, same - 12) if same > 16 else 0
    if start:
        text = "…" + text[start:]
    return text if len(text) <= most else text[: most - 1] + "…"


def no_longer_a_party(screen: Screen[Any], base: Agreement, draft: Agreement) -> None:
    """The agreement no longer names the person at the keyboard: say so, and what of theirs
    was not saved, and take them back to the list (every screen on the agreement closes)."""
    unsaved = [label for label in differing_fields(base, draft) if label]
    if unsaved:
        text = f"{NO_LONGER_A_PARTY} Not saved: your {', '.join(unsaved)}."
    else:
        text = f"You are no longer a party to “{base.title or 'this agreement'}”: it was closed."
    app = screen.app
    app.notify(text, title="No longer a party", severity="error", timeout=30, markup=False)
    while len(app.screen_stack) > 2:  # the default screen, then the list
        app.pop_screen()


class WatchedAgreementScreen(MentorNode, Screen[None]):
    """Shows one agreement; changes are applied on screen at once and saved in the background.

    A change is a function of the agreement (a note added, a decision taken), applied once,
    to the copy on screen (the draft). The screen's Saver writes the draft in a worker,
    merged with whatever others saved meanwhile (lists by id, records field by field), so
    what was added here and there is all kept. Others' saves come in through the app's
    watcher while this screen is on top. Subclasses draw the agreement in `_show()`.
    """

    def __init__(self, agreement_id: str) -> None:
        super().__init__()
        self.agreement_id = agreement_id
        #: What is on screen (the draft), and the agreement as last known stored.
        self.agreement: Agreement | None = None
        self.base: Agreement | None = None
        self._stamp: object = None
        self._saver: Saver | None = None
        self._told = ""
        #: What the screen that opened this one had: shown at once, with no read of the disk.
        self._preset: tuple[Agreement, Agreement] | None = None
        #: The agreement no longer names the person: nothing more is shown or saved here.
        self.left = False

    def opened_with(self, base: Agreement, draft: Agreement | None = None) -> WatchedAgreementScreen:
        """Start from the agreement the opening screen holds (as stored, and its draft).

        Nothing is read on the UI thread, and a change the opener is still saving (a
        meeting just started) is already here; the watcher brings in anything newer.
        """
        self._preset = (base, draft if draft is not None else base)
        return self

    @property
    def saver(self) -> Saver:
        if self._saver is None:
            self._saver = Saver(self.app, self)
        return self._saver

    def watch_file(self) -> None:
        """Follow others' saves (the app's watcher asks the screen on top; nothing to start)."""

    def _show(self) -> None:
        raise NotImplementedError

    def shown(self, agreement: Agreement) -> Agreement:
        """The agreement as this screen presents it (derived rows added); not stored by itself."""
        return agreement

    def load(self) -> bool:
        """Show the agreement the opener gave (`opened_with`): nothing is read on the UI thread.

        A screen opened without it is a mistake in the code that opened it (every opener reads
        the agreement in a worker first), said as such rather than read from the disk here."""
        if self._preset is None:
            raise RuntimeError(
                f"{type(self).__name__} was opened without its agreement: open it with .opened_with(agreement)"
            )
        (self.base, draft), self._preset = self._preset, None
        self.agreement = self.shown(draft)
        if without_bookkeeping(draft) != without_bookkeeping(self.base):
            self.saver.changed()  # the opener's unsaved change: saved (once) from here too
        return True

    def _take(self, current: Agreement) -> None:
        """Show the agreement as stored now; what was changed here and not yet saved stays."""
        old, draft = self.base, self.agreement
        self.base = current
        if old is None or draft is None or without_bookkeeping(draft) == without_bookkeeping(self.shown(old)):
            self.agreement = self.shown(current)
        else:
            self.agreement = self.shown(merge(old, current, draft)[0])

    def reload(self) -> None:
        """Load the agreement as stored now and show it (read in a worker: the screen never
        waits on the disk)."""
        if self._preset is not None:
            if self.load():
                self._show()
            return
        self._reload(self.agreement_id)

    @work(thread=True, exclusive=True, group="reload", description="reload")
    def _reload(self, agreement_id: str) -> None:
        store = self.app.store
        try:
            stamp = store.stamp(agreement_id)
            current = store.load(agreement_id)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), title="Could not load", severity="error", markup=False)
            return
        self.app.call_from_thread(self._reloaded, current, stamp)

    def _still_a_party(self, current: Agreement) -> bool:
        """False (and the person taken back to the list) once ``current`` no longer names them."""
        if self.left:
            return False
        if self.app.viewer.is_party(current):
            return True
        self._leave(current)
        return False

    def _leave(self, current: Agreement | None = None) -> None:
        """Taken off the agreement: say so, and back to the list (once)."""
        if self.left:
            return
        self.left = True
        base = self.base or current or Agreement(id=self.agreement_id)
        no_longer_a_party(self, base, self.agreement or base)

    def _reloaded(self, current: Agreement, stamp: object) -> None:
        if not self._still_a_party(current):
            return
        self._stamp = stamp
        self._take(current)
        if self.is_attached:
            self._show()

    def on_screen_resume(self) -> None:
        # Coming back to the screen (from one that changed the agreement): once the saves
        # under way have landed, look for what changed meanwhile (in the background).
        if self.agreement is not None:
            self.run_worker(self._resume(), group="resume", exclusive=True)

    async def _resume(self) -> None:
        for _ in range(250):
            if all(saver.idle for saver in self.app.savers if saver is not self._saver):
                break
            await asyncio.sleep(0.02)
        self.watch_disk()

    # -- others' saves -----------------------------------------------------------------------

    def watch_disk(self) -> None:
        """Called by the app's watcher while this screen is on top."""
        if not self.left:
            self._look(self.agreement_id, self._stamp)

    @work(thread=True, exclusive=True, group="watch", description="watch")
    def _look(self, agreement_id: str, known: object) -> None:
        store = self.app.store
        try:
            stamp = store.stamp(agreement_id)
            if stamp == known or stamp is None:
                return
            current = store.load(agreement_id)
        except (StoreError, OSError):
            return  # said when saving or opening; a passing read error is tried again
        self.app.call_from_thread(self._others_saved, current, stamp)

    def _others_saved(self, current: Agreement, stamp: object) -> None:
        if not self._still_a_party(current):
            return
        if not self.saver.idle:
            self.saver.flush()  # the save merges ours with theirs; its result shows both
            return
        self._stamp = stamp
        if self.base is not None and current.revision <= self.base.revision:
            return
        self._take(current)
        self._show()

    # -- changes -----------------------------------------------------------------------------

    def save_change(self, change: Change, at_once: bool = True) -> bool:
        """Apply a change on screen now and save it in the background; False (and a message)
        when it cannot be made at all (it breaks a rule).

        A deliberate change (Enter, a choice) is saved at once; typing (``at_once=False``)
        once it pauses."""
        if self.agreement is None:
            return False
        try:
            changed = change(self.agreement)
        except (ValidationError, KeyError) as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15, markup=False)
            return False
        self.agreement = self.shown(changed)
        self.saver.changed()
        if at_once:
            self.saver.flush()
        return True

    def flush_draft(self) -> None:
        self.saver.flush()

    def unsaved_draft(self) -> Agreement | None:
        """The agreement as shown here when the disk does not have all of it (see
        `saving.unsaved_draft`); None when it does, or when the person was taken off it."""
        draft, base = self.agreement, self.base
        if self.left or draft is None or base is None or self._stored(draft, base):
            return None
        return draft

    def _stored(self, draft: Agreement, base: Agreement) -> bool:
        """Whether the draft holds nothing the agreement as last stored does not."""
        return without_bookkeeping(draft) == without_bookkeeping(self.shown(base))

    def prepare_save(self) -> Job | None:
        draft, base = self.agreement, self.base
        if self.left or draft is None or base is None or self._stored(draft, base):
            return None

        job = Job(lambda store: None, sent=draft)

        def run(store: Store) -> Saved:
            # Both changed the same thing (a note edited here and there): what was done on
            # this screen, deliberately, wins; the rest of theirs is kept, and the person
            # is told what of theirs was written over (`saved`).
            stored, conflicts = save_merged(store, draft, base, prefer_theirs=False)
            job.conflicts.extend(conflicts)
            return stored, store.written_stamp(draft.id)

        job.run = run
        return job

    def saved(self, result: Saved, job: Job) -> None:
        stored, stamp = result
        self._stamp = stamp
        if job.conflicts:
            self.notify(
                "Someone else changed this at the same time; yours was saved over theirs: "
                + "; ".join(overwritten(c) for c in job.conflicts),
                title="Changed on both sides",
                severity="warning",
                timeout=20,
                markup=False,
            )
        if self._told:
            self._told = ""
            self.notify("Saved.", title="Saved", markup=False)
        self.base = stored
        draft = self.agreement
        if draft is None or draft is job.sent:  # (never None here: a job is made from a draft)
            fresh = self.shown(stored)
        else:  # changed again while it was saving: keep the newer change
            fresh = self.shown(merge(job.sent, stored, draft)[0])
        if without_bookkeeping(fresh) != without_bookkeeping(self.agreement):  # someone else's change came with it
            self.agreement = fresh
            if self.is_attached:
                self._show()
        else:
            self.agreement = fresh

    def save_failed(self, error: Exception, job: Job) -> bool:
        if isinstance(error, NotAPartyError):
            if error.removed:  # the other party took this person off: back to the list
                self._leave()
                return False
            self.notify(str(error), title="Not saved", severity="error", timeout=15, markup=False)
            return False
        if isinstance(error, (ValidationError, KeyError, ClosedError, NotFoundError)):
            # It cannot be made on the agreement as it is now (someone else's change came
            # first): say so and show the agreement as stored.
            self.notify(str(error), title="Not saved", severity="error", timeout=15, markup=False)
            if self.is_attached:
                self.reload()
            return False
        why = why_not_saved(error)
        if why != self._told:
            self._told = why
            self.notify(
                f"Not saved yet: {why}. Retrying; what you entered stays here.",
                title="Not saved yet",
                severity="warning",
                timeout=10,
                markup=False,
            )
        return True
