"""A text area's long lines: broken into rows where Textual breaks them, and each row drawn
as `Text.divide` would have made it."""

from __future__ import annotations

import random

from rich.console import Console
from rich.style import Style
from rich.text import Span, Text
from textual._wrap import compute_wrap_offsets

from mentortui.widgets import wrap
from mentortui.widgets.safe_text import _LongLine
from mentortui.widgets.wrap import wrap_offsets

#: Words as people write them, and what makes a line take Textual's own path.
WORDS = ["a", "to", "goal", "mentoring", "évaluation", "Ωμέγα", "x" * 12]
#: Longer than some rows: folded, by Textual.
LONG = ["x" * 30, "https://example.org/a/long/path/" * 3]
#: Not one cell each: wrapped by Textual.
ODD = ["\t", "漢字", "😀", "\x1b", "\u202e"]
SPACES = [" ", " ", " ", "  ", "   ", "\xa0", " \xa0 "]


def line(rng: random.Random, odd: bool) -> str:
    extra = (ODD if odd else []) + (LONG if rng.random() < 0.1 else [])
    words = [rng.choice(WORDS + extra) for _ in range(rng.randint(0, 60))]
    text = "".join(word + rng.choice(SPACES) for word in words)
    if rng.random() < 0.2:
        text = rng.choice(SPACES) + text  # leading whitespace
    if rng.random() < 0.3:
        text = text.rstrip()
    return text


def test_rows_break_where_textual_breaks_them(monkeypatch) -> None:
    textuals = []

    def textual(*args: object) -> list[int]:
        textuals.append(args)
        return compute_wrap_offsets(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(wrap, "compute_wrap_offsets", textual)
    rng = random.Random(20261206)
    own = 0
    for case in range(4000):
        text = line(rng, odd=case % 4 == 0)
        width = rng.choice([1, 3, 8, 13, 20, 40, 40, 74, 74, 79])
        asked = len(textuals)
        offsets = wrap_offsets(text, width, 4)
        assert offsets == compute_wrap_offsets(text, width, 4), (text, width)
        own += len(textuals) == asked and len(offsets) > 2
    assert own > 1000, f"only {own} lines of several rows were broken by wrap_offsets itself"


def test_a_64_kb_paragraph_breaks_where_textual_breaks_it() -> None:
    sentence = "A paragraph of hopes for the year, with détail and a\xa0few non-breaking spaces. "
    text = (sentence * 1000)[:65536]
    for width in (74, 60, 33):
        assert wrap_offsets(text, width, 4) == compute_wrap_offsets(text, width, 4)
    assert wrap_offsets("", 74, 4) == []
    assert wrap_offsets("word " * 3, 0, 4) == compute_wrap_offsets("word " * 3, 0, 4)


def test_each_row_of_a_long_line_is_the_piece_divide_makes() -> None:
    """Rows are made when asked for; each is what `Text.divide` gives for it, styles included
    (the cursor line, a selection over several rows, a one-character cursor)."""
    console = Console(width=200, color_system="truecolor", force_terminal=True)
    text = ("hopes and values, " * 200)[:3000]
    offsets = compute_wrap_offsets(text, 74, 4)
    for spans in (
        [],
        [Span(0, len(text), Style(bgcolor="grey11"))],
        [Span(100, 1900, Style(reverse=True)), Span(1500, 1501, Style(bold=True))],
        [Span(74, 74, Style(italic=True)), Span(offsets[3], offsets[5], Style(underline=True))],
    ):
        long = _LongLine(text, text, {})
        plain = Text(text, end="", no_wrap=True)
        for span in spans:
            long.stylize(span.style, span.start, span.end)
            plain.stylize(span.style, span.start, span.end)
        rows, expected = long.divide(offsets), plain.divide(offsets)
        assert len(rows) == len(expected) == len(offsets) + 1
        for index in (len(offsets), 0, 5, 3, -1):
            assert rows[index].plain == expected[index].plain
            assert list(rows[index].render(console)) == list(expected[index].render(console)), (spans, index)
        assert [row.plain for row in rows] == [row.plain for row in expected]
        assert long.divide(offsets) is rows, "divided once while its text and styles are the same"


def test_a_lines_rows_are_the_line_cut_at_its_offsets() -> None:
    """What the cursor is placed by: Textual's rows for a line of text, and rows that add
    up to the line when it holds controls (Textual's took them out first)."""
    from textual.document._document import Document
    from textual.document._wrapped_document import WrappedDocument

    from mentortui.widgets.wrap import sections

    text = ("hopes and values, " * 300)[:5000]
    document = WrappedDocument(Document(f"{text}\nshort\n\n{text[:200]}\x07\r\x1b[2J{text[:300]}"), width=60)
    assert [sections(document, i) for i in range(3)] == [
        [row.plain for row in Text(document.document[i], end="").divide(document.get_offsets(i))] for i in range(3)
    ]
    assert "".join(sections(document, 3)) == document.document[3]
    assert document.get_sections(0) == sections(document, 0), "installed"
