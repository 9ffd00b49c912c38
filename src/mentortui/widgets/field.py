"""Provides Field: a label, an input beside it, and a message line under it when needed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from ..text import plain


@dataclass
class Refused(Message):
    """A field's control refused what was typed or pasted; ``why`` says what it takes.
    ``key``: a key typed, left out of what else was typed (not a paste)."""

    why: str
    key: bool = False


class FieldHolder(Widget):
    """A widget whose fields register with it as they mount (no query on every key)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Every Field mounted inside, and a count bumped as one comes or goes.
        self.field_widgets: set[Field] = set()
        self.fields_version = 0


class Field(Vertical):
    """One labelled form field; `show()` puts a message at the field."""

    DEFAULT_CSS = """
    Field {
        height: auto;
        margin-bottom: 1;
        & > Horizontal { height: auto; }
        & .field-label { width: 18; color: $text-muted; }
        /* As wide as the field leaves it, so a long message wraps instead of running off. */
        & .field-message { display: none; width: 1fr; margin-left: 18; color: $text-error; }
        & .field-message.-shown { display: block; }
        & .field-message.-warning { color: $text-warning; }
        /* A text area's text starts a column in (its padding): its message too. */
        &.-area .field-message { margin-left: 19; }
    }
    """

    def __init__(self, label: str, control: Widget) -> None:
        super().__init__(id=f"{control.id}-field" if control.id else None)
        self.label = label
        self.control = control
        self.set_class(isinstance(control, TextArea), "-area")

    def on_mount(self) -> None:
        self._holder = next((a for a in self.ancestors if isinstance(a, FieldHolder)), None)
        if self._holder is not None:
            self._holder.field_widgets.add(self)
            self._holder.fields_version += 1

    def on_unmount(self) -> None:
        holder = getattr(self, "_holder", None)
        if holder is not None:
            holder.field_widgets.discard(self)
            holder.fields_version += 1

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label, classes="field-label")
            yield self.control
        yield Label("", classes="field-message")

    @property
    def message(self) -> str:
        """The message the form put under the field ('' when none); a refused key's is `refusal`."""
        said: tuple[str, bool] = getattr(self, "_said", ("", False))
        return said[0]

    @property
    def refusal(self) -> str:
        """Why the last key typed here was refused, while that is still news ('' when none)."""
        refused: str = getattr(self, "_refused", "")
        return refused

    def show(self, message: str = "", warning: bool = False) -> None:
        """Show a message under the field (an error, or a warning); empty hides it.

        A refused key's message (see `Refused`) is shown after it until a key is taken or
        the field is left with a value that is right.
        """
        self._said = (message, warning)
        self._draw()

    @on(Refused)
    def _refused_key(self, event: Refused) -> None:
        event.stop()
        self._refused = event.why
        # A key left out after keys taken: if more are taken, what is kept joins text typed
        # apart ("18:00" typed in a number field keeps 1800).
        control = self.control
        self._gap = event.key and bool(getattr(control, "value", ""))
        self._draw()

    @on(Input.Changed)
    def _key_taken(self) -> None:
        # Posted for each value the control takes (a key, a paste, a form filling it in).
        if getattr(self, "_gap", False):
            self._joined = True
        if self.refusal:
            self._refused = ""
            self._draw()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        # Left with a value that is right, what was refused on the way is past; left with
        # one that is not (half a date), why the key went is still worth reading. Left with
        # keys taken on both sides of one left out, what is kept is said: it may not be
        # what was meant (1800 for "18:00"), and it is saved.
        result = event.validation_result
        joined, self._joined, self._gap = getattr(self, "_joined", False), False, False
        if joined and event.value:
            self._refused = f"Keys that could not be typed here were left out: “{plain(event.value, single_line=True)[:40]}” is kept."
            self._draw()
        elif self.refusal and (result is None or result.is_valid):
            self._refused = ""
            self._draw()

    def _draw(self) -> None:
        """Put the form's message, then a refused key's, in the message line."""
        message, warning = getattr(self, "_said", ("", False))
        refused = self.refusal
        drawn = (message, warning, refused)
        if drawn == getattr(self, "_drawn", ("", False, "")):
            return  # unchanged: no relayout on every key pressed
        self._drawn = drawn
        said = Content(plain(message))
        if warning and refused:
            # The line takes the refusal's (error) colour: the warning keeps its own.
            said = said.stylize("$text-warning")
        lines = [line for line in (said, Content(plain(refused))) if line]
        line = self.query_one(".field-message", Label)
        line.update(Content("\n").join(lines))
        line.set_class(bool(lines), "-shown")
        line.set_class(warning and not refused, "-warning")


def keep_current(fields: Iterable[Field], problems: Mapping[str, str], warnings: Mapping[str, str]) -> None:
    """Bring the messages shown up to date with the values as typed now (by control id): each
    becomes its control's problem, else its warning, or goes once the value is right. A field
    showing nothing stays so: a new problem is said on the next save, not mid-word."""
    for field in fields:
        control = field.control.id or ""
        if not field.message:
            continue
        if control in problems:
            field.show(problems[control])
        else:
            field.show(warnings.get(control, ""), warning=True)
