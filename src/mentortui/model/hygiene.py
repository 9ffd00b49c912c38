"""Provides the one rule for text at the way in: no control characters, bounded sizes.

Text reaches an agreement from the other party, the command line, a paste and hand-written
files; whoever opens it must not be attacked by it. So every text field refuses NUL and
other control characters (long text may hold newlines and tabs), one-line fields refuse
line breaks, bidirectional overrides are refused (they make text read differently from
what is stored), and sizes and counts are bounded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator
from enum import Enum
from functools import cache
from typing import Any

from .base import field_names, is_record
from .errors import FieldProblem
from .goal import Goal

#: The longest one-line field (a name, a title, a SMART line), in characters.
ONE_LINE_MAX = 500
#: The longest long text (hopes, wording, evidence, a note), in characters.
LONG_TEXT_MAX = 65_536
#: The most goals an agreement, milestones a goal and meetings an agreement may hold.
MAX_GOALS = 100
MAX_MILESTONES = 50
MAX_MEETINGS = 2_000

#: The fields that hold long text, which may span lines: (record type, field).
LONG_TEXT = frozenset(
    {
        ("Agreement", "mentee_hopes"),
        ("Agreement", "mentor_hopes"),
        ("Agreement", "evaluation_metrics"),
        ("Clause", "text"),
        ("Note", "text"),
        ("GoalReview", "evidence"),
        ("Reflection", "worked"),
        ("Reflection", "change"),
        ("Evaluation", "changes_agreed"),
        ("Evaluation", "goals_adjusted"),
        ("Termination", "reason"),
        ("Amendment", "summary"),
    }
)
#: Bidirectional embeddings, overrides and isolates.
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    names = {
        "\x1b": "ESC",
        "\x00": "NUL",
        "\x07": "BEL",
        "\r": "carriage return",
        "\x7f": "DEL",
        "\x08": "backspace",
        "\x0c": "form feed",
        "\x9b": "CSI",
    }
    return f"{names[char]} ({code})" if char in names else code


#: Line and paragraph separators: line breaks a terminal does not show as such.
SEPARATORS = "\u2028\u2029"
#: Characters that show as nothing: zero-width space, word joiner and invisible operators,
#: byte order mark, Mongolian vowel separator, interlinear annotation marks. "Ben\u200b Mentor"
#: looks like "Ben Mentor" and is someone else. (Zero-width joiners are kept: emoji and
#: several scripts need them.)
INVISIBLE = "\u200b\u2060-\u2064\ufeff\u180e\ufff9-\ufffb"
#: Direction marks: needed in right-to-left writing, but in a name or a title they only
#: make text that looks like other text.
MARKS = "\u200e\u200f\u061c"
#: Characters that show as nothing or as a blank in one line of text, though they are no
#: space: soft hyphen, combining grapheme joiner, Hangul fillers. In a name or a title they
#: only make text that looks like other text ("Ben\u3164" is not "Ben").
BLANKS = "\u00ad\u034f\u115f\u1160\u3164\uffa0"
#: Tag characters, allowed only where they belong: after a black flag (🏴󠁧󠁢󠁷󠁬󠁳󠁿, a subdivision's flag).
_TAGS = "(?<![\U0001f3f4\U000e0020-\U000e007f])[\U000e0000-\U000e007f]"
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
#: Characters a one-line field refuses: C0 (tab aside) and C1 controls, DEL, line breaks of
#: any kind, direction overrides and marks, invisible characters, stray tags.
_REFUSED_ONE_LINE = re.compile(f"[\n{_CONTROLS}{SEPARATORS}{INVISIBLE}{MARKS}{BLANKS}]|{_TAGS}")
#: Characters long text refuses: the same, less the newline and the direction marks.
_REFUSED_LONG = re.compile(f"[{_CONTROLS}{SEPARATORS}{INVISIBLE}]|{_TAGS}")


def text_problem(value: str, long: bool = False) -> str:
    """What is wrong with ``value`` as a one-line (or ``long``) text field; "" when nothing."""
    limit = LONG_TEXT_MAX if long else ONE_LINE_MAX
    if len(value) > limit:
        return f"this is {len(value):,} characters long; the most is {limit:,}"
    found = (_REFUSED_LONG if long else _REFUSED_ONE_LINE).search(value)
    if found is None:
        return ""
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char in f"\n\r{SEPARATORS}" and not long:
        return "this field is one line: remove the line breaks"
    if char in SEPARATORS:
        return f"remove the line separator {code}: start a new line instead"
    if char in BIDI:
        return f"remove the direction override {code}, which reorders the text"
    if char in MARKS:
        return f"remove the direction mark {code}: it is invisible here"
    if unicodedata.category(char) == "Cf" or char in BLANKS:
        return f"remove the invisible character {code}"
    return f"remove the control character {_name(char)}"


@cache
def _text_fields(kind: type) -> tuple[tuple[str, bool], ...]:
    return tuple((name, (kind.__name__, name) in LONG_TEXT) for name in field_names(kind))


def strings(record: Any, path: str = "", skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, bool, str]]:
    """Every text in a record and the records it holds: (field path, is long text, value).

    ``skip`` names fields of ``record`` itself to leave out.
    """
    kind: type = type(record)  # mypy takes a type[Any] for unhashable (python/mypy#11470)
    for name, long in _text_fields(kind):
        if name in skip:
            continue
        value = getattr(record, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, str):
            if not isinstance(value, Enum):
                yield here, long, value
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield f"{here}[{i}]", long, item
                elif is_record(item):
                    for sub, sub_long, text in _strings_of(item):
                        yield f"{here}[{i}].{sub}", sub_long, text
        elif is_record(value):
            yield from strings(value, here)


#: The texts of each goal (its milestones' with them), by the goal: an edit makes a new goal
#: of the one that changed and keeps the others, so judging the goals on every key walks
#: only what changed (100 goals of 50 milestones took 45 ms a key). Meetings are judged
#: where they are written, not on every key: they are not kept.
_STRINGS_OF: dict[int, tuple[Any, tuple[tuple[str, bool, str], ...]]] = {}
#: The draft's goals, the stored ones and a save's result, at most; the oldest go first.
_KEPT_MAX = 4 * MAX_GOALS


def _strings_of(record: Any) -> tuple[tuple[str, bool, str], ...]:
    kept = _STRINGS_OF.get(id(record))
    if kept is not None and kept[0] is record:
        return kept[1]
    found = tuple(strings(record))
    if isinstance(record, Goal):
        if len(_STRINGS_OF) >= _KEPT_MAX:
            try:
                _STRINGS_OF.pop(next(iter(_STRINGS_OF)), None)  # the oldest
            except RuntimeError:  # another thread changed it meanwhile: the next one evicts
                pass
        _STRINGS_OF[id(record)] = (record, found)
    return found


#: Each bounded list: its limit, and the sentence that says it (`too_many`).
LIMITS = {
    "goals": (MAX_GOALS, "an agreement has at most {limit:,} goals"),
    "milestones": (MAX_MILESTONES, "a goal has at most {limit:,} milestones"),
    "meetings": (MAX_MEETINGS, "an agreement has at most {limit:,} meetings"),
}


def too_many(kind: str) -> str:
    """What to say of a list (``goals``, ``milestones``, ``meetings``) grown past its limit."""
    limit, sentence = LIMITS[kind]
    return sentence.format(limit=limit)


def no_room(kind: str, count: int) -> str:
    """Why one more cannot be added to a list of ``count`` (``goals``, ``milestones``,
    ``meetings``): said when "add" is asked for, not once the addition fails to save; "" when
    there is room."""
    if count < LIMITS[kind][0]:
        return ""
    return f"{too_many(kind).capitalize()}: this one has {count:,}. Delete one to add another."


def _counts(record: Any) -> list[tuple[str, int, str]]:
    """(path, count, kind) for each bounded list in an agreement (its limit: LIMITS[kind])."""
    counted = []
    if hasattr(record, "goals"):
        counted.append(("goals", len(record.goals), "goals"))
        counted += [(f"goals[{i}].milestones", len(g.milestones), "milestones") for i, g in enumerate(record.goals)]
    if hasattr(record, "meetings"):
        counted.append(("meetings", len(record.meetings), "meetings"))
    return counted


def text_problems(
    record: Any,
    before: Any = None,
    meetings: bool = True,
    only: Container[str] | None = None,
) -> list[FieldProblem]:
    """Problems with the texts and list sizes of ``record`` (an agreement, a person …).

    With ``before``, only what is new is judged: a text no field held before, a list that
    grew past its bound. So a file written by hand or by an older version still opens and
    saves its other edits; only what someone now types must keep the rule.
    """
    skip = frozenset() if meetings else frozenset({"meetings"})
    if only is not None:  # only these top-level fields (a step's own, judged on every key)
        kind: type = type(record)  # as in `strings`
        skip |= {name for name, _ in _text_fields(kind) if name not in only}
    old = {value for _, _, value in strings(before, skip=skip)} if before is not None else set()
    problems = []
    for path, long, value in strings(record, skip=skip):
        if value in old:
            continue
        if message := text_problem(value, long):
            problems.append(FieldProblem(path, message))
    grown = {path: count for path, count, _ in _counts(before)} if before is not None else {}
    for path, count, listed in _counts(record):
        if only is not None and path.split("[", 1)[0] not in only:
            continue
        if count > LIMITS[listed][0] and count > grown.get(path, 0):
            problems.append(FieldProblem(path, too_many(listed)))
    return problems
