"""Tests of the Markdown export: structure, hostile text shown exactly as typed, times, signatures.

The golden file ``tests/unit/golden/sample_agreement.md`` is the export of
``sample_agreement()`` with ``tz=UTC``. After an intended change to the export, regenerate it:

    MENTORTUI_REGENERATE_GOLDEN=1 PYTHONPATH=src python -m pytest tests/unit/test_export.py

then read the diff as a reader of the document would, and commit it with the change.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mentortui.export import agreement_markdown, escape_cell, escape_inline
from mentortui.model import (
    Acknowledgement,
    Agreement,
    Amendment,
    CareerStage,
    Clause,
    Goal,
    Milestone,
    Party,
    ProgressEntry,
    Role,
    Schedule,
    Signature,
    TentativeMeeting,
    Termination,
)
from mentortui.model.agreement import default_values
from mentortui.model.sample import sample_agreement
from mentortui.model.signing import sign

GOLDEN = Path(__file__).parent / "golden" / "sample_agreement.md"
AT = datetime(2026, 1, 12, 15, 0, tzinfo=UTC)
DAY = date(2026, 1, 12)
# markdown-it-py 4 has GFM tables in its core rules; the commonmark preset leaves them off.
MD = MarkdownIt("commonmark").enable("table")

HOSTILE = [
    "a | b",
    "`code`",
    "# heading",
    "<script>alert(1)</script>",
    "*bold* _it_",
    "[link](http://x)",
    "line1\nline2",
    "    indented",
    "1. item",
    "- item",
    "> quote",
    "\x1b[31mred",
    "&amp;",
    "end\\",
    # Beyond the brief's list: more ways to start a block or open inline markup.
    "---",
    "a\n===",
    "a\n---",
    "```\ncode\n```",
    "~~~",
    "~~strike~~",
    "<!-- c -->",
    "<http://x>",
    "[x]: /url",
    "![img](x)",
    "+ item",
    "* item",
    "1) item",
    "2026. year",
    "\t- tab",
    "a\n    b",
    "a\n\nb",
    "a\r\nb",
    "&#32;",
    "$x$",
    "**",
    "\\|",
    "a\\|b",
    "| --- |",
    "#",
    "x #",
    "<br>",
    "a  \nb",
    "\u202eevil",
    "=",
    "\n\nblank edges\n \n",
    "first\n*second* | `third` <b>",
    "\x00\x07\x7f",
]


def shown(text: str) -> str:
    """What a reader must see for ``text`` in a paragraph, list item or cell."""
    pictures = {"\x1b": "␛", "\x00": "␀", "\x07": "␇", "\x7f": "␡", "\u202e": "\ufffd"}
    for control, picture in pictures.items():
        text = text.replace(control, picture)
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def one_line(text: str) -> str:
    """What a reader must see for ``text`` in a heading: lines joined by spaces."""
    first, *rest = shown(text).split("\n")
    return " ".join([first, *(line.strip() for line in rest if line.strip())])


# -- reading the token stream ----------------------------------------------------------------


def in_cell(text: str) -> str:
    """What a reader must see for ``text`` in a table cell: line breaks as "⏎ "."""
    return shown(text).replace("\n", "⏎ ")


def assert_shape_kept(doc: Doc, neutral: list[str]) -> None:
    """Typed text made no block of its own: the shape of plain text, and no HTML at all."""
    assert doc.fingerprint() == neutral
    unexpected = ("html_block", "code_block", "fence", "blockquote_open", "hr", "ordered_list_open")
    assert [token.type for token in doc.tokens if token.type in unexpected] == []
    assert [c for token in doc.tokens for c in token.children or [] if c.type == "html_inline"] == []


def visible(inline: Token) -> str:
    """The text a reader sees in an inline token: breaks as newlines, our bold labels kept."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type not in ("strong_open", "strong_close"):
            raise AssertionError(f"unexpected {child.type} {child.content!r} in {inline.content!r}")
    return "".join(parts)


@dataclass
class Doc:
    """A parsed export, with what a test asks of it."""

    source: str
    tokens: list[Token]

    def after(self, i: int) -> str:
        return visible(self.tokens[i + 1])

    def headings(self) -> list[tuple[int, str]]:
        opened = [i for i, t in enumerate(self.tokens) if t.type == "heading_open"]
        return [(int(self.tokens[i].tag[1]), self.after(i)) for i in opened]

    def tables(self) -> list[list[list[str]]]:
        tables: list[list[list[str]]] = []
        for i, t in enumerate(self.tokens):
            if t.type == "table_open":
                tables.append([])
            elif t.type == "tr_open":
                tables[-1].append([])
            elif t.type in ("th_open", "td_open"):
                tables[-1][-1].append(self.after(i))
        return tables

    def paragraphs(self, in_list: bool) -> list[str]:
        found, depth = [], 0
        for i, t in enumerate(self.tokens):
            depth += {"list_item_open": 1, "list_item_close": -1}.get(t.type, 0)
            if t.type == "paragraph_open" and (depth > 0) == in_list:
                found.append(self.after(i))
        return found

    def fingerprint(self) -> list[str]:
        """Every block token's type, and each inline's markup apart from text and breaks."""
        shape = []
        for t in self.tokens:
            shape.append(t.type)
            for child in t.children or []:
                if child.type in ("text", "hardbreak"):
                    continue
                shape.append(f"  {child.type}")
        return shape


def parse(source: str) -> Doc:
    """Parse Markdown, checking that no table line has a pipe too many or too few."""
    check_table_lines(source)
    return Doc(source, MD.parse(source))


def exported(agreement: Agreement, tz=UTC) -> Doc:
    """An agreement's export, parsed, checked for table widths and empty headings."""
    doc = parse(agreement_markdown(agreement, tz))
    check_no_empty_headings(doc)
    return doc


def check_table_lines(source: str) -> None:
    """Every line of a table has as many unescaped pipes as its header."""
    widths: list[int] = []
    for line in [*source.splitlines(), ""]:
        if line.startswith("|"):
            widths.append(re.findall(r"\\.|\|", line).count("|"))
        elif widths:
            assert len(set(widths)) == 1, f"table rows of different widths: {widths}"
            widths = []


def check_no_empty_headings(doc: Doc) -> None:
    """Each heading has content before the next heading at its level or above."""
    levels = [(i, int(t.tag[1])) for i, t in enumerate(doc.tokens) if t.type == "heading_open"]
    for (i, level), (j, next_level) in zip(levels, [*levels[1:], (len(doc.tokens), 0)], strict=True):
        content = j - i > 3  # heading_open, inline, heading_close
        assert content or next_level > level, f"empty heading {doc.after(i)!r}"


# -- hostile text in every field -------------------------------------------------------------


def filled(text: str) -> Agreement:
    """An agreement with ``text`` in every field a user types."""
    return Agreement(
        title=text,
        mentee=Party(text, text, CareerStage.EARLY_CAREER),
        mentor=Party(text, text),
        schedule=Schedule(frequency=text, location=text, place_time=text),
        tentative_meetings=(TentativeMeeting(AT, 45, text, text),),
        mentee_hopes=text,
        mentor_hopes=text,
        goals=(
            Goal(
                title=text,
                specific=text,
                measurable=text,
                achievable=text,
                relevant=text,
                milestones=(Milestone(text, date(2026, 3, 31)),),
                resources_needed=text,
                potential_obstacles=text,
                progress=(ProgressEntry(40, text, AT, text),),
            ),
        ),
        evaluation_metrics=text,
        resources=(text, "second"),
        values=(Clause("respect", text, text, True), *default_values()[1:]),
        off_limits=(text,),
        termination_clause=Clause("no_blame_termination", text, text),
        termination=Termination(date(2026, 12, 1), text, text),
        disclaimer=Clause("disclaimer", "Disclaimer", text),
        acknowledgements=(Acknowledgement(Role.MENTEE, text, AT),),
        signatures=(Signature(Role.MENTEE, text, DAY, AT, "a" * 64),),
        amendments=(Amendment(AT, text, ("goals",), text),),
        updated_by=text,
    )


def expected_headings(title: str) -> list[tuple[int, str]]:
    return [
        (1, title),
        (2, "Parties"),
        (2, "Mentorship"),
        (2, "Schedule"),
        (3, "Tentative meeting schedule"),
        (2, "Hoped-for outcomes"),
        (3, "Mentee"),
        (3, "Mentor"),
        (2, "Goals"),
        (3, f"Goal 1: {title} (mentee)"),
        (4, "Milestones"),
        (4, "Progress history"),
        (3, "Evaluation metrics"),
        (2, "Meeting log"),
        (2, "Mid-point review"),
        (2, "End-date evaluation"),
        (2, "Resources and references"),
        (2, "Values and expectations"),
        (3, "Off-limits topics"),
        (3, title),
        (2, "Disclaimer"),
        (2, "Signatures"),
        (2, "History"),
        (3, "Amendments"),
    ]


@cache
def neutral_shape() -> list[str]:
    """The shape of the export when every typed field holds a plain "x"."""
    return exported(filled("x")).fingerprint()


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_text_reads_exactly_as_typed_and_changes_no_structure(text: str) -> None:
    doc = exported(filled(text))
    e, t, c = shown(text), one_line(text), in_cell(text)
    assert_shape_kept(doc, neutral_shape())
    assert doc.headings() == expected_headings(t)
    assert doc.tables() == [
        [
            ["Role", "Name", "Handle", "Contact", "Career stage"],
            ["Mentee", c, "—", c, "early career"],
            ["Mentor", c, "—", c, "—"],
        ],
        [["Date/Time", "Duration", "Location", "Purpose"], ["2026-01-12 15:00 UTC", "45 minutes", c, c]],
        [["Milestone", "Due", "Done"], [c, "2026-03-31", "—"]],
        [["When", "By", "Progress", "Comment"], ["2026-01-12 15:00 UTC", c, "40 %", c]],
        [
            ["Party", "Name", "Date", "Content hash", "Current"],
            ["Mentee", c, "2026-01-12", "a" * 64, "stale: signed content changed since"],
            ["Mentor", "—", "—", "—", "not signed"],
        ],
        [["When", "Who", "Kind", "What changed"], ["2026-01-12 15:00 UTC", c, "amended", c]],
    ]
    assert doc.paragraphs(in_list=False) == [
        "Status: draft · revision 0",
        e,
        e,
        e,
        "No meetings yet.",
        "No mid-point review recorded yet.",
        "No end-date evaluation recorded yet.",
        e,
        e,
        "Acknowledgements:",
    ]
    assert doc.paragraphs(in_list=True) == [
        "Types: —",
        "Start: —",
        "End: no end date set",
        f"Frequency: {e}",
        "Meeting length: —",
        f"Location: {e}",
        f"Usual place and time: {e}",
        "Notice period: —",
        f"Specific: {e}",
        f"Measurable: {e}",
        f"Achievable: {e}",
        f"Relevant: {e}",
        "Time-bound: no target date",
        f"Resources needed: {e}",
        f"Potential obstacles: {e}",
        "Baseline self-rating: —",
        "Final self-rating: —",
        f"Current progress: 40 % — {e}",
        e,
        "second",
        f"{t} — ✓ Agreed\n{e}",
        *(f"{c.title} — ✗ Not yet agreed\n{c.text}" for c in default_values()[1:]),
        e,
        "Clause: ✗ Not yet agreed",
        "Terminated on: 2026-12-01",
        f"By: {e}",
        f"Reason: {e}",
        f"Mentee: {e}, 2026-01-12 15:00 UTC",
        "Mentor: not yet acknowledged",
        "Status: draft",
        "Created: —",
        f"Last updated: — by {e}",
    ]
    assert "\x1b" not in doc.source and "\r" not in doc.source


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_each_escape_alone_in_each_context(text: str) -> None:
    """The two escapes, each in the smallest document that holds it."""
    paragraph = parse(escape_inline(text))
    assert [t.type for t in paragraph.tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert paragraph.paragraphs(in_list=False) == [shown(text)]
    item = parse("- " + escape_inline(text, indent="  ") + "\n- next")
    assert item.paragraphs(in_list=True) == [shown(text), "next"]
    assert parse("## " + escape_inline(text, single_line=True)).headings() == [(2, one_line(text))]
    cell = parse(f"| h | i |\n| --- | --- |\n| {escape_cell(text)} | after |")
    assert cell.tables() == [[["h", "i"], [in_cell(text), "after"]]]


def test_blank_text_gives_nothing_inline_and_a_dash_in_a_cell() -> None:
    assert escape_inline("  \n\t\n") == "" and escape_cell(" \n ") == "—"


def test_only_a_number_that_starts_a_line_is_escaped() -> None:
    """A list marker can only start a line: "(0)" later on stays as typed in the source."""
    assert escape_inline("Review (0) 2. part") == "Review (0) 2. part"
    assert escape_inline("1) first\n2. second", indent="  ") == "1\\) first\\\n  2\\. second"


# -- empty, signed, times, golden ------------------------------------------------------------


def test_an_empty_agreement_exports_every_section_and_reads_none_yet() -> None:
    doc = exported(Agreement())
    assert doc.headings() == [
        (1, "Mentee ↔ Mentor"),
        (2, "Parties"),
        (2, "Mentorship"),
        (2, "Schedule"),
        (3, "Tentative meeting schedule"),
        (2, "Hoped-for outcomes"),
        (3, "Mentee"),
        (3, "Mentor"),
        (2, "Goals"),
        (3, "Evaluation metrics"),
        (2, "Meeting log"),
        (2, "Mid-point review"),
        (2, "End-date evaluation"),
        (2, "Resources and references"),
        (2, "Values and expectations"),
        (3, "Off-limits topics"),
        (3, "No-blame termination"),
        (2, "Disclaimer"),
        (2, "Signatures"),
        (2, "History"),
        (3, "Amendments"),
    ]
    assert doc.paragraphs(in_list=False).count("None yet.") == 8
    assert doc.paragraphs(in_list=False).count("No meetings yet.") == 1
    assert doc.paragraphs(in_list=False).count("No mid-point review recorded yet.") == 1
    assert doc.paragraphs(in_list=False).count("No end-date evaluation recorded yet.") == 1
    assert doc.tables()[0][1] == ["Mentee", "—", "—", "—", "—"]
    assert doc.tables()[1][1:] == [
        ["Mentee", "—", "—", "—", "not signed"],
        ["Mentor", "—", "—", "—", "not signed"],
    ]


def signatures_column(agreement: Agreement) -> list[list[str]]:
    [signatures] = [t for t in exported(agreement).tables() if t[0][0] == "Party"]
    return [[row[0], row[3], row[4]] for row in signatures[1:]]


def test_signatures_show_the_full_hash_and_whether_it_is_still_current() -> None:
    draft = Agreement(mentee=Party("Ana"), mentor=Party("Ben"))
    mentee_only = sign(draft, Role.MENTEE, "Ana", AT)
    both = sign(mentee_only, Role.MENTOR, "ben", AT + timedelta(hours=1))
    ana_hash = both.signatures[0].content_hash
    assert len(ana_hash) == 64
    assert signatures_column(mentee_only) == [
        ["Mentee", ana_hash, "current"],
        ["Mentor", "—", "not signed"],
    ]
    assert signatures_column(both) == [
        ["Mentee", ana_hash, "current"],
        ["Mentor", ana_hash, "current"],
    ]
    changed = both.edit(mentee_hopes="Something new")
    stale = "stale: signed content changed since"
    assert signatures_column(changed) == [["Mentee", ana_hash, stale], ["Mentor", ana_hash, stale]]
    source = agreement_markdown(both, UTC)
    assert f"`{ana_hash}`" in source and "…" not in source


def when_shown(tz) -> str:
    agreement = Agreement(tentative_meetings=(TentativeMeeting(AT, 60, "", ""),))
    _parties, schedule, _signatures = exported(agreement, tz).tables()
    return schedule[1][0]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pytest.skip(f"no time zone data for {name}")


def test_times_are_shown_in_the_zone_asked_for() -> None:
    assert when_shown(UTC) == "2026-01-12 15:00 UTC"
    assert when_shown(timezone(timedelta(hours=1))) == "2026-01-12 16:00 UTC+01:00"
    assert when_shown(timezone(timedelta(hours=-9, minutes=-30))) == "2026-01-12 05:30 UTC-09:30"
    assert when_shown(zone("America/New_York")) == "2026-01-12 10:00 EST"
    assert when_shown(zone("Pacific/Auckland")) == "2026-01-13 04:00 NZDT"
    # Zones known only by their offset read as one.
    assert when_shown(zone("America/Sao_Paulo")) == "2026-01-12 12:00 UTC-03:00"


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset")
def test_times_default_to_the_local_zone() -> None:
    zone("Asia/Kolkata")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Kolkata"
    time.tzset()
    try:
        assert when_shown(None) == "2026-01-12 20:30 IST"
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_sample_agreement_matches_the_golden_file() -> None:
    text = agreement_markdown(sample_agreement(), UTC)
    if os.environ.get("MENTORTUI_REGENERATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    assert GOLDEN.exists(), "no golden file: run once with MENTORTUI_REGENERATE_GOLDEN=1"
    assert text == GOLDEN.read_text(encoding="utf-8"), "see the module docstring to regenerate"
    doc = exported(sample_agreement())
    assert doc.headings()[0] == (1, "Ana ↔ Ben: CCM year")
    assert doc.fingerprint().count("table_open") == 11
