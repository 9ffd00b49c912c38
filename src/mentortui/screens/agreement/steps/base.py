"""Provides Step, the base of every agreement step: show an agreement, collect edits, show problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ....mentor_node import MentorNode
from ....model import Agreement, FieldProblem, Severity
from ....widgets.date_input import DateInput, read_day
from ....widgets.field import Field, FieldHolder
from ....widgets.safe_text import SafeTextArea

#: set_text's default: the stored value is the text itself.
_TEXT: Any = object()


def long_text(path: str, height: int = 4) -> TextArea:
    """A TextArea for long text: wraps, and Tab moves on to the next field."""
    area = SafeTextArea(id=field_id(path), soft_wrap=True, tab_behavior="focus", compact=True)
    area.styles.height = height
    return area


def lines_of(text: str) -> tuple[str, ...]:
    """The non-blank lines of a one-item-per-line text, stripped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def field_id(path: str) -> str:
    """The DOM id of the control that edits a field path (``mentee.name`` → ``mentee-name``)."""
    return path.replace(".", "-")


class Step(MentorNode, VerticalScroll, FieldHolder, can_focus=False):
    """One step of the agreement. Subclasses fill widgets from, and read them back into, a model.

    ``collect(show(a)) == a`` must hold, so showing an agreement never looks like an edit.

    A step never reaches into the screen that shows it: it reads the agreement through the
    ``draft`` it is given, and asks for changes beyond its fields with the messages of
    ``messages.py`` (EditAgreement, OpenGoal, GoToField).
    """

    TITLE: ClassVar[str] = ""
    #: Field paths this step edits (prefixes), so problems and jumps find the step.
    PATHS: ClassVar[tuple[str, ...]] = ()
    #: What people call a field whose label on screen does not say it alone ("to").
    NAMES: ClassVar[dict[str, str]] = {}

    def __init__(self, draft: Callable[[], Agreement]) -> None:
        super().__init__(id=type(self).__name__.removesuffix("Step").lower())
        self._draft = draft
        #: Messages for values that could not be read (a bad date), by field path.
        self.input_problems: dict[str, str] = {}
        #: What each field was loaded with: (its text, the stored value it shows).
        self._loaded: dict[str, tuple[str, Any]] = {}
        #: Text someone else saved for the field being typed in, shown once it is left.
        self.held: dict[str, str] = {}
        #: How each field's text is read into the model (what `typed` was given).
        self._reads: dict[str, Callable[[str], Any]] = {}
        #: Fields whose next text is one the person chose (theirs): the cursor goes to its end.
        self._chosen: set[str] = set()

    @property
    def agreement(self) -> Agreement:
        """The agreement being edited, as on screen now (the last key typed included)."""
        return self._draft()

    def show(self, agreement: Agreement) -> None:
        """Put the agreement's values into this step's widgets."""
        raise NotImplementedError

    def collect(self, agreement: Agreement) -> Agreement:
        """The agreement with this step's widget values applied."""
        raise NotImplementedError

    @classmethod
    def is_complete(cls, agreement: Agreement) -> bool:
        """True when everything this step asks for is filled in."""
        raise NotImplementedError

    @classmethod
    def top_fields(cls) -> frozenset[str]:
        """The agreement's top-level fields this step edits (its PATHS' first parts)."""
        return frozenset(re.split(r"[.\[]", p, maxsplit=1)[0] for p in cls.PATHS)

    @classmethod
    def owns(cls, path: str) -> bool:
        """True when a field path is edited on this step."""
        return any(path == p or path.startswith((p + ".", p + "[")) for p in cls.PATHS)

    def focus_field(self, path: str) -> bool:
        """Focus the control that edits ``path``; False when this step shows none for it."""
        return self.focus_control(field_id(path))

    def focus_control(self, control_id: str) -> bool:
        """Focus the control with this id; False when this step has none."""
        matches = self.query(f"#{control_id}") if re.fullmatch(r"[\w-]+", control_id) else ()
        if not matches:
            return False
        control = matches.first()
        control.focus(scroll_visible=False)
        # A step that just came on screen is laid out at the next refresh: scrolling now (or
        # on focus) measured it before that and left the control below the fold.
        self.call_after_refresh(self._in_view, control)
        return True

    def _in_view(self, control: Widget, tries: int = 5) -> None:
        """Scroll the control's field (label, control, message) into view; the control at least."""
        if not control.is_attached or self.app.focused is not control:
            return  # moved on meanwhile: leave the view where the person is now
        if not control.region and tries:  # not laid out yet: once it is
            self.call_after_refresh(self._in_view, control, tries - 1)
            return
        field = next((a for a in control.ancestors if isinstance(a, Field)), None)
        if field is not None and field.outer_size.height <= self.scrollable_content_region.height:
            self.scroll_to_widget(field, animate=False)
        self.scroll_to_widget(control, animate=False)

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Show each problem at its field; clear the fields without one."""
        messages: dict[str, tuple[str, bool]] = {}
        for problem in problems:
            messages.setdefault(
                field_id(problem.path),
                (problem.sentence, problem.severity is Severity.WARNING),
            )
        for path, message in self.input_problems.items():
            messages[field_id(path)] = (message, False)
        shown = (messages, self.fields_version)
        if shown == getattr(self, "_shown_problems", None):
            return  # as on screen already (the usual case for a key typed)
        self._shown_problems = shown
        for field in self.field_widgets:
            message, warning = messages.get(field.control.id or "", ("", False))
            field.show(message, warning)

    def unsaved(self) -> list[str]:
        """Each value typed that could not be read, as people name its field, and why:
        "start date (not a date)" (said when leaving with it unsaved)."""
        by_id = {field.control.id: field for field in self.field_widgets}
        said = []
        for path in self.input_problems:
            field = by_id.get(field_id(path))
            name = self.NAMES.get(path) or (field.label.removesuffix("*").strip() if field else path)
            name = name[:1].lower() + name[1:]
            if field is not None:
                name += " (not a date)" if isinstance(field.control, DateInput) else " (not a whole number)"
            said.append(name)
        return said

    def read_date(self, path: str, current: date | None) -> date | None:
        """The date typed for ``path``; while it is not a date, a message and ``current``."""
        loaded = self._loaded.get(path)
        if loaded is not None and loaded[0] == self.text_of(path):
            self.input_problems.pop(path, None)
            stored: date | None = loaded[1]  # what set_text was given for this date field
            return stored
        control = self.query_one(f"#{field_id(path)}", DateInput)
        return read_day(control, self.input_problems, required=False, at=path, keep=current)

    def read_int(self, path: str, current: int | None) -> int | None:
        """The whole number typed for ``path``; while it is not one, a message and ``current``."""
        text = self.query_one(f"#{field_id(path)}", Input).value.strip()
        self.input_problems.pop(path, None)
        loaded = self._loaded.get(path)
        if loaded is not None and loaded[0].strip() == text:
            stored: int | None = loaded[1]  # what set_text was given for this number field
            return stored
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            self.input_problems[path] = f"{text!r} is not a whole number."
            return current

    def text_control(self, path: str) -> Input | TextArea:
        """The Input or TextArea that edits ``path``."""
        control = self.query_one(f"#{field_id(path)}")
        if not isinstance(control, (Input, TextArea)):
            raise TypeError(f"{path} is edited by a {type(control).__name__}, not a text field")
        return control

    def text_of(self, path: str) -> str:
        """The text in the Input or TextArea for ``path``."""
        control = self.text_control(path)
        return control.text if isinstance(control, TextArea) else control.value

    def typed(self, path: str, read: Callable[[str], Any] = str.strip) -> Any:
        """The value for ``path``: ``read`` of what is typed, or, while the field still holds
        what was loaded into it, the stored value untouched.

        So showing an agreement never normalises what it holds (a stray space, a line break
        in an old file): only a field a person edits is read back.
        """
        text = self.text_of(path)
        self._reads[path] = read
        loaded = self._loaded.get(path)
        if loaded is not None and loaded[0] == text:
            return loaded[1]
        return read(text)

    def set_text(self, path: str, value: str, stored: Any = _TEXT) -> None:
        """Put text into the Input or TextArea for ``path`` (only when it differs).

        ``stored`` is the model value the text shows (default: the text itself); loading
        posts no Changed message, so it is never taken for an edit.

        The field being typed in keeps its text and cursor: a new value someone else saved
        for it is held (and said at the field) until the person leaves it.
        """
        control = self.text_control(path)
        stored = value if stored is _TEXT else stored
        text = control.text if isinstance(control, TextArea) else control.value
        loaded = self._loaded.get(path)
        if control.has_focus and text != value:
            read = self._reads.get(path)
            if text.strip() == value.strip() or (read is not None and read(text) == stored):
                # What is being typed already says this ("a word " while the draft holds
                # "a word"): the space or line break just typed stays, and the cursor.
                self._loaded[path] = (text, stored)
                return
            if loaded is not None and loaded[0] == text:
                self.held[path] = value
                self._loaded[path] = (text, stored)
                return
        self.held.pop(path, None)
        chosen = path in self._chosen
        self._chosen.discard(path)
        with control.prevent(Input.Changed, TextArea.Changed):
            if isinstance(control, TextArea):
                if control.text != value:
                    control.text = value
                    if chosen:  # the next keys go after the text taken, not into its middle
                        control.move_cursor(control.document.end)
            elif control.value != value:
                control.value = value
                if chosen:
                    control.cursor_position = len(value)
        self._loaded[path] = (value, stored)

    def forget_loaded(self, top_fields: set[str]) -> None:
        """The person chose a value for these fields (took theirs): the next show puts it in,
        the field being typed in too, instead of holding it until the field is left."""
        for path in [p for p in self._loaded if re.split(r"[.\[]", p, maxsplit=1)[0] in top_fields]:
            self._loaded.pop(path)
            self.held.pop(path, None)
            self._chosen.add(path)

    def release_held(self, control: Widget) -> bool:
        """The person left ``control``: True if it holds a value to show now (theirs)."""
        path = next((p for p in self.held if field_id(p) == control.id), None)
        if path is None:
            return False
        text = control.text if isinstance(control, TextArea) else getattr(control, "value", None)
        if self._loaded.get(path, ("",))[0] != text:
            self.held.pop(path)  # typed over it: what was typed is kept
            return False
        self._loaded.pop(path)  # so the next show puts the held value in
        self.held.pop(path)
        return True
