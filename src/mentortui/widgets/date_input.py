"""Provides DateInput and TimeInput: masked YYYY-MM-DD and HH:MM inputs that say what they refuse."""

from __future__ import annotations

from datetime import date, time
from typing import Any, ClassVar

from textual.validation import ValidationResult, Validator
from textual.widgets import MaskedInput

from .field import Refused

#: What a date field says at once when a key it cannot take is typed or pasted.
DATE_REFUSED = "A date is YYYY-MM-DD in digits, e.g. 2026-05-01."
#: What a time field says at once when a key it cannot take is typed or pasted.
TIME_REFUSED = "A time is HH:MM in digits (24-hour), e.g. 15:30."
#: What a full date field says when a digit is typed at its end.
DATE_FULL = "A date is 8 digits, YYYY-MM-DD: delete one to change it."
#: What a full time field says when a digit is typed at its end.
TIME_FULL = "A time is 4 digits, HH:MM: delete one to change it."


def parse_date(text: str) -> date | None:
    """The date in ``text`` (YYYY-MM-DD), None when blank; ValueError with a clear message."""
    text = text.strip()
    if not text.strip("-"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-01") from None


class IsoDate(Validator):
    """Accepts a blank field or a real calendar date."""

    def validate(self, value: str) -> ValidationResult:
        try:
            parse_date(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


def laid_out(template: str, separators: str, text: str) -> str | None:
    """What typing ``text`` (digits and separators) into an empty field with this template
    gives, as MaskedInput types it: each digit in the next digit place and the separators
    after it put in; a separator typed within a part leaves the rest of the part blank.
    None when the digits do not fit."""
    value = ""
    for char in text:
        at = len(value)
        if char in separators:
            ahead = next((i for i in range(at, len(template)) if template[i] in separators), None)
            if ahead is not None and template[ahead] == char and at > 0 and template[at - 1] not in separators:
                value += " " * (ahead - at) + char
            continue
        if at >= len(template):
            return None
        value += char
        while len(value) < len(template) and template[len(value)] in separators:
            value += template[len(value)]
    return value


class SayingMaskedInput(MaskedInput):
    """A masked input that says at its field why a key went (MaskedInput only rings the bell)."""

    #: What it says when a key or paste does not fit its template.
    REFUSED: ClassVar[str] = ""
    #: What it says when a digit is typed at the end of a full field.
    FULL: ClassVar[str] = ""
    #: Its template's separators: typing one is taken as moving past it, never refused.
    SEPARATORS: ClassVar[str] = ""

    def restricted(self) -> None:
        super().restricted()
        self.post_message(Refused(self.REFUSED))

    def insert_text_at_cursor(self, text: str) -> None:
        typed = text.translate({ord(c): None for c in self.SEPARATORS})
        if typed and self.cursor_position >= len(self.template):
            # At the end of a full field the template drops what comes without a sound.
            super().restricted()
            self.post_message(Refused(self.FULL if typed.isascii() and typed.isdigit() else self.REFUSED))
            return
        super().insert_text_at_cursor(text)

    def replace(self, text: str, start: int, end: int) -> None:
        # A key typed over a selection (all of it is selected on focus) goes through Input's
        # replace, which sets the value without the template's checks: a letter there made
        # MaskedInput raise, and the app stop. Refused like any key that does not fit.
        if text and not all(c in self.SEPARATORS or (c.isascii() and c.isdigit()) for c in text):
            # The template lets a blank through (it stands for a digit not typed yet): Space
            # over a selected date left " ", cleared what was stored, and the digits typed
            # next went in one place along.
            self.restricted()
            return
        if text and not text.strip(self.SEPARATORS):
            return  # a separator is taken as moving past it: typed over a selection, it clears nothing
        start, end = sorted((start, end))
        if text and start <= 0 and end >= len(self.value):
            # Over the whole field, what is typed or pasted goes in as into an empty field,
            # separators put in: a pasted 20261201 stayed without its dashes.
            typed = laid_out(self.template, self.SEPARATORS, text)
            if typed is None:
                super().restricted()
                self.post_message(Refused(self.FULL))
                return
            self.value, self.cursor_position = typed, len(typed)
            return
        try:
            super().replace(text, start, end)
        except ValueError:
            self.restricted()


class DateInput(SayingMaskedInput):
    """A date field; ``.date`` gives the date or None, and raises ValueError for a bad one."""

    REFUSED = DATE_REFUSED
    FULL = DATE_FULL
    SEPARATORS = "-"

    def __init__(self, value: date | None = None, **kwargs: Any) -> None:
        super().__init__(
            template="9999-99-99",
            value=value.isoformat() if value else None,
            placeholder="YYYY-MM-DD",
            validators=[IsoDate()],
            valid_empty=True,
            **kwargs,
        )

    @property
    def date(self) -> date | None:
        """The date typed, None when blank (ValueError when it is not a date)."""
        return parse_date(self.value)


class TimeInput(SayingMaskedInput):
    """A time field, HH:MM (24-hour); what it holds is read by the form that shows it."""

    REFUSED = TIME_REFUSED
    FULL = TIME_FULL
    SEPARATORS = ":"

    def __init__(self, value: time | None = None, **kwargs: Any) -> None:
        super().__init__(
            template="99:99",
            value=value.strftime("%H:%M") if value else None,
            placeholder="HH:MM",
            **kwargs,
        )


#: What a required date field says while it is blank.
DATE_REQUIRED = "A date is required: YYYY-MM-DD."


def read_day(
    control: DateInput,
    problems: dict[str, str],
    required: bool = True,
    *,
    at: str | None = None,
    keep: date | None = None,
) -> date | None:
    """The date typed in ``control``; while it is not one, why is noted in ``problems`` at
    ``at`` (default: the control's id) and ``keep`` is returned (the value it had, or None).

    A date read clears the note at ``at``; a blank field is noted too when ``required``.
    Every date field of a form or step is read through here, so each says the same.
    """
    where = at if at is not None else control.id or ""
    try:
        day = control.date
    except ValueError as error:
        problems[where] = str(error)
        return keep
    problems.pop(where, None)
    if day is None and required:
        problems[where] = DATE_REQUIRED
    return day
