"""Provides the one rule for text at the way in: no control characters, bounded sizes.

Text reaches an agreement from the other party, the command line, a paste and hand-written
files; whoever opens it must not be attacked by it. So every text field refuses NUL and
other control characters (long text may hold newlines and tabs), one-line fields refuse
line breaks, bidirectional overrides are refused (they make text read differently from
what is stored), and sizes and counts are bounded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from .errors import FieldProblem

#: The longest one-line field (a name, a title, a SMART line), in characters.
ONE_LINE_MAX = 500
#: The longest long text (hopes, wording, evidence, a note), in characters.
LONG_TEXT_MAX = 65_536
#: The most goals an agreement, milestones a goal and meetings an agreement may hold.
MAX_GOALS = 100
MAX_MILESTONES = 50
MAX_MEETINGS = 2_000

#: The fields that hold long text, which may span lines: (record type, field).
LONG_TEXT = frozenset({
    ("Agreement", "mentee_hopes"), ("Agreement", "mentor_hopes"), ("Agreement", "evaluation_metrics"),
    ("Clause", "text"), ("Note", "text"), ("GoalReview", "evidence"), ("Reflection", "worked"),
    ("Reflection", "change"), ("Evaluation", "changes_agreed"), ("Evaluation", "goals_adjusted"),
    ("Termination", "reason"), ("Amendment", "summary"),
})
#: Bidirectional embeddings, overrides and isolates.
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    names = {"\x1b": "ESC", "\x00": "NUL", "\x07": "BEL", "\r": "carriage return", "\x7f": "DEL"}
    return f"{names.get(char) or unicodedata.name(char, 'control')} ({code})"


def is_control(char: str) -> bool:
    """True for C0 and C1 controls and DEL (newline and tab included)."""
    return unicodedata.category(char) == "Cc"


def text_problem(value: str, long: bool = False) -> str:
    """What is wrong with ``value`` as a one-line (or ``long``) text field; "" when nothing."""
    limit = LONG_TEXT_MAX if long else ONE_LINE_MAX
    if len(value) > limit:
        return f"this is {len(value):,} characters long; the most is {limit:,}"
    if not long and ("\n" in value or "\r" in value):
        return "this field is one line: remove the line breaks"
    allowed = "\n\t" if long else "\t"
    for char in value:
        if is_control(char) and char not in allowed:
            return f"remove the control character {_name(char)}: it could drive the terminal of whoever reads this"
        if char in BIDI:
            return (f"remove the direction override {_name(char)}: it makes the text read "
                    "differently from what is stored")
    return ""


def strings(record: Any, path: str = "") -> Iterator[tuple[str, bool, str]]:
    """Every text in a record and the records it holds: (field path, is long text, value)."""
    for field in fields(record):
        value = getattr(record, field.name)
        here = f"{path}.{field.name}" if path else field.name
        long = (type(record).__name__, field.name) in LONG_TEXT
        items = enumerate(value) if isinstance(value, tuple) else [(None, value)]
        for i, item in items:
            at = here if i is None else f"{here}[{i}]"
            if isinstance(item, str) and not isinstance(item, Enum):
                yield at, long, item
            elif is_dataclass(item) and not isinstance(item, type):
                yield from strings(item, at)


def _counts(record: Any) -> list[tuple[str, int, int]]:
    """(path, count, limit) for each bounded list in an agreement."""
    counted = []
    if hasattr(record, "goals"):
        counted.append(("goals", len(record.goals), MAX_GOALS))
        counted += [(f"goals[{i}].milestones", len(g.milestones), MAX_MILESTONES)
                    for i, g in enumerate(record.goals)]
    if hasattr(record, "meetings"):
        counted.append(("meetings", len(record.meetings), MAX_MEETINGS))
    return counted


def text_problems(record: Any, before: Any = None, meetings: bool = True) -> list[FieldProblem]:
    """Problems with the texts and list sizes of ``record`` (an agreement, a person …).

    With ``before``, only what is new is judged: a text no field held before, a list that
    grew past its bound. So a file written by hand or by an older version still opens and
    saves its other edits; only what someone now types must keep the rule.
    """
    old = {value for _, _, value in strings(before)} if before is not None else set()
    problems = []
    for path, long, value in strings(record):
        if not meetings and path.startswith("meetings"):
            continue
        if value in old:
            continue
        if message := text_problem(value, long):
            problems.append(FieldProblem(path, message))
    grown = {path: count for path, count, _ in _counts(before)} if before is not None else {}
    for path, count, limit in _counts(record):
        if count > limit and count > grown.get(path, 0):
            problems.append(FieldProblem(path, f"there can be at most {limit:,} here"))
    return problems
