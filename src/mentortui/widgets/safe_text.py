"""Provides SafeInput and SafeTextArea: text fields that draw stored text as text, never as controls.

Whatever a field holds (typed by the other party, written by hand into a file, left by an
older version), the terminal is sent visible stand-ins (␛, ␇, ⏎ …) for its control
characters, never the characters themselves: no escape sequence in an agreement can
colour, clear, retitle or query the terminal of whoever opens it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import overload

from rich.containers import Lines
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import Input, TextArea

from ..model.hygiene import ONE_LINE_MAX
from ..text import in_field
from . import wrap
from .field import Field, Refused

# Every text area's lines are wrapped by `wrap.wrap_offsets` (Textual's breaks, found faster).
wrap.install()


#: What a whole-number field says at once when a key it cannot take is typed or pasted.
NUMBER_REFUSED = "Numbers only: a whole number in digits, e.g. 45."


#: The most of a paste a one-line field takes: enough to see that it is too long (the field
#: then says so), not so much that drawing it slows every key.
PASTE_KEPT = 4 * ONE_LINE_MAX


#: Seconds without a key after which the next key starts a new change to undo.
UNDO_PAUSE = 1.0
#: Changes of one field kept to undo.
UNDO_KEPT = 100


class SafeInput(Input):
    """A one-line Input that draws controls as visible stand-ins, and joins a pasted paragraph.

    ctrl+z undoes its last change: a key typed into a field whose text is selected (as it is
    once Tab reaches it) replaced the whole text, and nothing brought it back. Typing is
    undone a burst at a time; a value put in by the app (a load, someone else's save) is not
    a change of the person's, and clears what can be undone.
    """

    BINDINGS = [Binding("ctrl+z", "undo", "Undo", show=False, tooltip="Undo the last change to this field")]

    #: Values before the person's changes, the last last (a burst of typing is one).
    _undo: list[str] | None = None
    #: When the person last changed the value (monotonic seconds).
    _changed_at = 0.0
    _undoing = False

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(in_field(self.value, single_line=True), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _watch_value(self, old: str, value: str) -> None:  # type: ignore[override]  # (Textual passes both)
        self._note_change(old, value)
        # Input's own watcher sets the virtual size (the text's width) as a layout change:
        # every key then lays out the whole screen (30 ms on a step of eleven fields). The
        # width only bounds scrolling inside the field: set it first, without a relayout,
        # so Input's assignment changes nothing.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
        self.refresh()

    def _note_change(self, old: str, value: str) -> None:
        """Keep what the value was before a change of the person's, to undo it."""
        if self._undoing or old == value:
            return
        if self._is_prevented(Input.Changed):  # put in by the app: undoing past it would
            self._undo = None  # write over what it brought (someone else's save)
            if self.has_focus:  # the next key goes after it, not where the old text had it
                self.call_later(setattr, self, "cursor_position", len(value))
            return
        now = time.monotonic()
        undo = self._undo if self._undo is not None else []
        one_key = abs(len(value) - len(old)) == 1 and (value.startswith(old) or old.startswith(value))
        if not undo or not one_key or now - self._changed_at > UNDO_PAUSE:
            undo.append(old)
            del undo[:-UNDO_KEPT]
        self._undo, self._changed_at = undo, now

    def action_undo(self) -> None:
        """Put back the value before the last change (typing undone a burst at a time)."""
        if not self._undo:
            self.app.bell()
            return
        self._undoing = True
        try:
            self.value = self._undo.pop()
        finally:
            self._undoing = False
        self.cursor_position = len(self.value)
        self._changed_at = 0.0

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        # Once the text is wider than the field, every key scrolls it. Widget's watcher then
        # moves the Input's scrollbar (never drawn: its size is 0, and a change to a widget
        # off the screen's map makes the compositor map the whole screen again) and asks the
        # screen to reflow everything visible, as for a container whose children move: 70
        # widgets on a step, per key. An Input has no children; only its own text moves.
        if round(old_value) != round(new_value):
            self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        # A long value typed to its end stays scrolled to its end after the focus leaves: its
        # start looks lost (someone retyped "Run" and got "RunRun"). Show it from the start.
        self.cursor_position = 0
        self.scroll_x = 0

    def restricted(self) -> None:
        super().restricted()
        self.post_message(Refused(self.refusal(), key=True))

    def refusal(self) -> str:
        """What the field says when it refuses a key or a paste (its type, restrict or length)."""
        if self.max_length and len(self.value) >= self.max_length:
            return f"This field holds at most {self.max_length:,} characters."
        if self.type == "integer":
            return NUMBER_REFUSED
        if self.type == "number":
            return "Numbers only: a number in digits, e.g. 1.5."
        return "That cannot be typed here."

    def _on_paste(self, event: events.Paste) -> None:
        # Textual calls each class's handler in turn; Input's own keeps the first line only.
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        joined = " ".join(lines)
        if len(lines) <= 1 and len(joined) <= PASTE_KEPT:
            return  # Input's handler pastes it
        event.prevent_default()
        event.stop()
        said = [f"Pasted {len(lines)} lines as one: this field holds one line."] if len(lines) > 1 else []
        if len(joined) > PASTE_KEPT:
            # A one-line field drawn anew with each key: 5 MB in it took 15 s a key.
            said.append(f"Kept the first {PASTE_KEPT:,} of {len(joined):,} characters (it holds {ONE_LINE_MAX:,}).")
            joined = joined[:PASTE_KEPT]
        if self.selection.is_empty:
            self.insert_text_at_cursor(joined)
        else:
            self.replace(joined, *self.selection)
        told = " ".join(said)
        if any(isinstance(node, Field) for node in self.ancestors):
            # Said under the field, after the paste's own change (which clears what was
            # said there): a notice in the corner covered the field being typed in.
            self.call_later(self.post_message, Refused(told))
        else:
            self.notify(told, timeout=6, markup=False)


class SafeTextArea(TextArea):
    """A TextArea that draws controls (other than tab) as visible stand-ins.

    It also wraps its text once per width: TextArea wraps the whole document again at every
    resize, and a step being laid out resizes each field two or three times at the same
    width (64 KB took 20-50 ms a wrap). Edits keep the wrapping up to date themselves.
    """

    DEFAULT_CSS = """
    SafeTextArea { scrollbar-gutter: stable; }
    """

    # Class defaults: TextArea's own __init__ wraps the document before a subclass's would run.
    #: What the document was last wrapped for: (document, width, tab width).
    _wrapped_for: tuple[int, int, int] | None = None
    #: How its last few long lines were divided into rows (see `_LongLine`), once it has one.
    _divisions: Divisions | None = None

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Wrapped at the new width while the screen is laid out, so the frame drawn next
        # shows the text as it is wrapped; TextArea waits for the Resize event, a frame later
        # (a step's texts were drawn at their old width, then flowed again).
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized and self.soft_wrap and self._wrap():
            self._line_cache.clear()
            # Its height too, so a scrollbar it now needs is drawn in the same frame (see
            # `mentortui.scrollbars`); TextArea measures it on the Resize event.
            self._refresh_size()
            self._scroll_update(self.virtual_size)
        return resized

    def _rewrap_and_refresh_virtual_size(self) -> None:
        self._wrap()
        self._line_cache.clear()
        self._refresh_size()

    def _wrap(self) -> bool:
        """Wrap the document at the width it is shown at, unless it is wrapped so already;
        whether it was wrapped now."""
        wrapped_for = (id(self.wrapped_document), self.wrap_width, self.indent_width)
        if wrapped_for == self._wrapped_for:
            return False
        self.wrapped_document.wrap(self.wrap_width, tab_width=self.indent_width)
        self._wrapped_for = wrapped_for
        return True

    def get_line(self, line_index: int) -> Text:
        raw = self.document.get_line(line_index)
        if len(raw) < LONG_LINE:
            return Text(in_field(raw), end="", no_wrap=True)
        if self._divisions is None:
            self._divisions = {}
        return _LongLine(in_field(raw), raw, self._divisions)


#: A line this long is cut into its rows once per draw, and only the rows drawn.
LONG_LINE = 2_000

#: How long lines were divided: by (line, offsets, spans, style), the line and its rows.
Divisions = dict[tuple[int, tuple[int, ...], tuple[Span, ...], str | Style], tuple[str, "_Rows"]]


class _LongLine(Text):
    """A long line of a SafeTextArea, which makes only the rows drawn, once.

    TextArea draws each row of a wrapped line by dividing the whole line at every row break
    and keeping one piece: for a 64 KB line, 1,200 pieces made for each row drawn (16 ms a
    row). Here dividing gives rows made when asked for, kept with the owner while the line's
    text and styles are the same (the last few lines only).
    """

    def __init__(self, text: str, raw: str, divisions: Divisions) -> None:
        super().__init__(text, end="", no_wrap=True)
        self._raw = raw
        self._divisions = divisions

    def divide(self, offsets: Iterable[int]) -> Lines:
        offsets = tuple(offsets)
        key = (id(self._raw), offsets, tuple(self._spans), self.style)
        kept = self._divisions.get(key)
        if kept is not None and kept[0] is self._raw:
            return kept[1]
        rows = _Rows(self, offsets)
        if len(self._divisions) >= 8:
            self._divisions.clear()
        self._divisions[key] = (self._raw, rows)
        return rows


class _Rows(Lines):
    """The rows of a line divided at ``offsets`` (what `Text.divide` gives), each made
    when it is first asked for."""

    def __init__(self, line: Text, offsets: tuple[int, ...]) -> None:
        super().__init__()
        self._line = line
        self._bounds = (0, *offsets, len(line.plain))
        self._made: dict[int, Text] = {}

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __iter__(self) -> Iterator[Text]:
        return (self._row(index) for index in range(len(self)))

    @overload
    def __getitem__(self, index: int) -> Text: ...

    @overload
    def __getitem__(self, index: slice) -> list[Text]: ...

    def __getitem__(self, index: int | slice) -> Text | list[Text]:
        if isinstance(index, slice):
            return [self._row(at) for at in range(len(self))[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._row(index)

    def _row(self, index: int) -> Text:
        row = self._made.get(index)
        if row is None:
            line = self._line
            start, end = self._bounds[index], self._bounds[index + 1]
            row = Text(line.plain[start:end], style=line.style, justify=line.justify, overflow=line.overflow)
            row._spans[:] = [
                Span(max(s, start) - start, min(e, end) - start, style)
                for s, e, style in line._spans
                if s < end and e > start
            ]
            self._made[index] = row
        return row
