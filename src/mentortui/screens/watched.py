"""Provides WatchedAgreementScreen: a screen on one stored agreement that follows others' saves."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from ..model import Agreement, ValidationError
from ..store import StoreError

#: How often a screen looks for saves made by the other party (seconds).
POLL_SECONDS = 1.5


class WatchedAgreementScreen(Screen[None]):
    """Loads one agreement, saves changes through `store.update`, reloads when its file changes.

    Subclasses draw it in `_show()`.
    """

    def __init__(self, agreement_id: str) -> None:
        super().__init__()
        self.agreement_id = agreement_id
        self.agreement: Agreement | None = None
        self._stamp: object = None

    def watch_file(self) -> None:
        """Start following the agreement's file (call once the screen is mounted)."""
        self.set_interval(POLL_SECONDS, self._poll)

    def _show(self) -> None:
        raise NotImplementedError

    def shown(self, agreement: Agreement) -> Agreement:
        """The agreement as this screen presents it (derived rows added); not stored by itself."""
        return agreement

    def load(self) -> bool:
        """Load the agreement as stored now; False (and a message) when it could not be read."""
        try:
            self._stamp = self.app.store.stamp(self.agreement_id)
            self.agreement = self.shown(self.app.store.load(self.agreement_id))
        except StoreError as error:
            self.notify(str(error), title="Could not load", severity="error", markup=False)
            return False
        return True

    def reload(self) -> None:
        """Load the agreement as stored now and show it."""
        if self.load():
            self._show()

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown, right after on_mount loaded it: reload
        # only when coming back to it, and then only if someone saved meanwhile.
        if self.agreement is not None and self.app.store.stamp(self.agreement_id) != self._stamp:
            self.reload()

    def _poll(self) -> None:
        """Reload when anyone saved the agreement (a cheap stat of its file)."""
        try:
            stamp = self.app.store.stamp(self.agreement_id)
        except StoreError:
            return
        if stamp != self._stamp and self.is_current:
            self.reload()

    def save_change(self, change: Callable[[Agreement], Agreement]) -> bool:
        """Apply a change to the stored agreement at once; False (and a message) when it failed."""
        try:
            stored = self.app.store.update(self.agreement_id, lambda a: change(self.shown(a)))
            self.agreement = self.shown(stored)
            self._stamp = self.app.store.stamp(self.agreement_id)
        except (ValidationError, StoreError, KeyError) as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15, markup=False)
            return False
        return True
