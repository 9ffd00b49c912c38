"""Provides Field: a label, an input beside it, and a message line under it when needed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, TextArea

from ..text import plain


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
        """The message shown under the field now ('' when none)."""
        shown: tuple[str, bool] = getattr(self, "_shown", ("", False))
        return shown[0]

    def show(self, message: str = "", warning: bool = False) -> None:
        """Show a message under the field (an error, or a warning); empty hides it."""
        if (message, warning) == getattr(self, "_shown", ("", False)):
            return  # unchanged: no relayout on every key pressed
        self._shown = (message, warning)
        line = self.query_one(".field-message", Label)
        line.update(Content(plain(message)))
        line.set_class(bool(message), "-shown")
        line.set_class(warning, "-warning")


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
