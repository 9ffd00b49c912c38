"""Provides ConfirmScreen: a yes/no question that returns True or False."""

from __future__ import annotations

from textual import events
from textual._time import get_time  # the clock Textual stamps key events with
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...text import plain
from ...widgets.footer import Footer

#: Keys typed within this many seconds of a key typed before the question was on screen
#: belong to the same run of typing (the person has not seen the question yet).
TYPING_RUN_GAP = 0.3
#: A key pressed sooner than this after the question was drawn was on its way before the
#: person could have read it (someone typing on after an Escape at 10 keys a second).
READING_SECONDS = 0.3
#: How much of what was typed and not taken as an answer the question shows.
SHOWN_TYPED = 40


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something that cannot be taken back in one key.

    Only a key pressed once the question is on screen answers it. Keys typed before it was
    drawn (type-ahead: the app holds keys typed while a screen opens and hands them to it),
    and the keys typed straight on after them, are not answers: someone who pressed Escape
    and went on typing "yes that works" has not read "Leave anyway?", nor has anyone within
    READING_SECONDS of its first frame. Those keys go nowhere
    (not to the screen behind) and the question says what was typed; a key pressed after a
    pause in the typing answers."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        #: When the question was first drawn (the clock of key events), None until then.
        self.drawn_at: float | None = None
        #: When the last key not taken as an answer was typed.
        self._ignored_at: float | None = None
        #: What was typed and not taken as an answer (shown, so it is not lost unseen).
        self.ignored_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(plain(self.question)), id="question")
            ignored = Static(id="ignored")
            ignored.display = False
            yield ignored
            with Horizontal(id="buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        if self.drawn_at is None:
            self.drawn_at = get_time()

    def is_answer(self, event: events.Key) -> bool:
        """True when ``event`` was pressed with the question on screen: not typed before it
        was drawn, and, once keys were typed ahead, not straight on after them (nor sooner
        after the question was drawn than TYPING_RUN_GAP: someone typing without looking up
        has not read it yet)."""
        if self.drawn_at is None or event.time < self.drawn_at + READING_SECONDS:
            return False
        if self._ignored_at is None:
            return True
        return event.time - max(self._ignored_at, self.drawn_at) >= TYPING_RUN_GAP

    def on_key(self, event: events.Key) -> None:
        # The key has come up from the focused button; stopped here, no binding (y, n, a
        # button's Enter) sees it, and a modal screen passes nothing to the screen behind.
        if self.is_answer(event):
            return
        event.stop()
        event.prevent_default()
        self._ignored_at = event.time
        typed = " " if event.key == "space" else event.character if event.is_printable else None
        if typed:
            self.ignored_text += typed
            self._show_ignored()

    def _show_ignored(self) -> None:
        text = self.ignored_text
        if len(text) > SHOWN_TYPED:
            text = "…" + text[-SHOWN_TYPED:]
        line = self.query_one("#ignored", Static)
        line.update(
            Content.assemble(
                ("Typed before this question was shown, not taken as an answer: ", "dim"),
                f"“{plain(text, single_line=True)}”",
                ("\nPress y or n.", "bold"),
            )
        )
        line.display = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with this answer."""
        self.dismiss(answer)
