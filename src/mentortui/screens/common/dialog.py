"""Provides FormDialog, the base of every form dialog, and the pieces dialogs share."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, RadioSet, SelectionList, TextArea

from ...widgets.field import Field, keep_current
from .confirm import ConfirmScreen


def key_label(button: str) -> str:
    """What a button says, without the key it names: "Call off (enter)" → "Call off"."""
    return re.sub(r"\s*\([^()]*\)$", "", button)


def dialog_buttons(save: str, close: str = "Cancel (esc)") -> ComposeResult:
    """The dialog's two buttons: #save (primary) and #cancel."""
    with Horizontal(id="buttons"):
        yield Button(save, variant="primary", id="save", compact=True)
        yield Button(close, id="cancel", compact=True)


#: What a form dialog gives back when it is saved (it gives None when it is closed).
ResultT = TypeVar("ResultT")
#: A form judged as typed: its result (None when it cannot be made), the problems that
#: stop it and the warnings, by control id.
Judged = tuple[ResultT | None, dict[str, str], dict[str, str]]


class FormDialog(ModalScreen[ResultT | None], Generic[ResultT]):
    """A form dialog: ctrl+s saves, escape closes; problems are shown at their fields.

    Subclasses name their result, ``FormDialog[Meeting]``, and give `collect()`. With
    ``DISCARD_QUESTION`` set, closing asks first when `has_typed()` says something typed or
    chosen would be lost (by default: when a control holds other than it did on opening).
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="dialog.save", priority=True),
        Binding("escape", "close", "Cancel", id="dialog.cancel"),
    ]
    #: The ids of the controls, in order; the Field around each is "<id>-field".
    CONTROLS: ClassVar[tuple[str, ...]] = ()
    #: Enter in a field saves, as ctrl+s does.
    SAVE_ON_ENTER: ClassVar[bool] = True
    #: Asked before closing when something typed would be lost; None closes at once.
    DISCARD_QUESTION: ClassVar[str | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The value each control's hint was last pointed out for (see `point_out_once`).
        self._pointed_out: dict[str, object] = {}
        #: The controls this dialog shows (CONTROLS, less any a dialog leaves out this time).
        self.controls: tuple[str, ...] = self.CONTROLS
        #: What each control held when the dialog opened, by id (see `changed`).
        self.opening_values: dict[str, object] = {}

    def name_keys(self, save: str, close: str) -> None:
        """Name ctrl+s and Escape in the footer as the buttons name them ("Call off", not
        "Save"): what a button says, less the key in brackets."""
        labels = {"dialog.save": key_label(save), "dialog.cancel": key_label(close)}
        bindings = self._bindings.key_to_bindings
        for key, found in bindings.items():
            bindings[key] = [replace(b, description=labels[b.id]) if b.id in labels else b for b in found]

    @on(events.Mount)
    def _remember_opening_values(self) -> None:
        # Keys typed while the dialog opens wait until it is mounted (typeahead), so nothing
        # a person typed is taken for what the dialog opened with.
        self.opening_values = self.control_values()

    def control_values(self) -> dict[str, object]:
        """What each control of the dialog holds now, by id."""
        values: dict[str, object] = {}
        for control in self.controls:
            for widget in self.query(f"#{control}"):
                values[control] = _held(widget)
        return values

    def changed(self, control: str) -> bool:
        """True when ``control`` holds other than it did when the dialog opened."""
        now = self.control_values()
        return now.get(control) != self.opening_values.get(control)

    def point_out_once(self, problems: dict[str, str], control: str, value: object, message: str) -> None:
        """Hold the dialog on ``message`` at ``control`` the first time ``value`` is saved
        there (a hint, not a refusal): ctrl+s again with the same value goes through."""
        if not problems and self._pointed_out.get(control) != value:
            self._pointed_out[control] = value
            problems[control] = message

    def show_problems(self, problems: dict[str, str], warnings: dict[str, str] | None = None) -> bool:
        """Put each problem (else warning) at its field, clearing the rest; True when no problems."""
        warnings = warnings or {}
        for control in self.controls:
            field = self.query_one(f"#{control}-field", Field)
            if control in problems:
                field.show(problems[control])
            else:
                field.show(warnings.get(control, ""), warning=True)
        if problems:
            self.query_one(f"#{next(c for c in self.controls if c in problems)}").focus()
        return not problems

    def judge(self) -> Judged[ResultT] | None:
        """What the form describes as typed now, what stops it and what to warn of (by control
        id); None for a dialog that judges only in `collect`.

        A dialog that gives it gets `collect` from it, and its messages follow what is typed:
        one said on saving changes or goes as soon as the value is mended.
        """
        return None

    def collect(self) -> ResultT | None:
        """The dialog's result, or None after showing what needs fixing."""
        judged = self.judge()
        if judged is None:
            raise NotImplementedError
        result, problems, warnings = judged
        return result if self.show_problems(problems, warnings) else None

    @on(Input.Changed)
    def _keep_messages_current(self) -> None:
        fields = list(self.query(Field))
        if any(field.message for field in fields) and (judged := self.judge()) is not None:
            keep_current(fields, judged[1], judged[2])

    def has_typed(self) -> bool:
        """True when closing would lose something typed or chosen (asked only with a
        DISCARD_QUESTION): a control holds other than it did when the dialog opened."""
        return self.control_values() != self.opening_values

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self.SAVE_ON_ENTER:
            self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the result, unless a field needs fixing first."""
        result = self.collect()
        if result is not None:
            self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_close(self) -> None:
        """Close without a change; asks first when something typed would be lost."""
        if self.DISCARD_QUESTION is None or not self.has_typed():
            self.dismiss(None)
            return

        def closed(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(self.DISCARD_QUESTION, "Discard"), closed)


def _held(widget: Widget) -> object:
    """What a control holds: its text, its choice or its ticks."""
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, RadioSet):
        return widget.pressed_index
    if isinstance(widget, SelectionList):
        return tuple(widget.selected)
    return getattr(widget, "value", None)
