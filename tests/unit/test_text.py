"""Tests of plain() and in_field(): every control made visible, other text left as it is."""

from __future__ import annotations

import sys
import unicodedata

from mentortui.text import _STAND_INS, in_field, plain

from .test_export import HOSTILE


def test_every_character_made_visible_is_one_python_calls_unprintable():
    # plain() and in_field() return printable text unchanged without translating it: that
    # is only right while every character they change is unprintable.
    assert all(not chr(code).isprintable() for code in _STAND_INS)


def test_no_control_is_left_in_what_is_shown():
    controls = {
        chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\n\t"
    } | {"\u202e", "\u2066"}
    for text in [*HOSTILE, "\x1b[31mred\x9b2J\u202eevil\x00", "a\tb\nc"]:
        for shown in (plain(text), plain(text, single_line=True), in_field(text), in_field(text, single_line=True)):
            assert not controls & set(shown), repr(shown)
        assert "\n" not in plain(text, single_line=True) and "\n" not in in_field(text, single_line=True)
        assert len(in_field(text)) == len(text), "one character for one: the cursor lines up"


def test_printable_text_is_shown_as_it_is():
    for text in ("Ana ↔ Ben", "日本語のテキスト", "", "[bold]not markup[/]"):
        assert plain(text) is text and in_field(text, single_line=True) is text


def test_fit_cuts_a_long_text_as_it_would_cut_it_whole() -> None:
    """fit measures only the start of a long text (a 10,000-character title was measured
    whole in every row that showed it): the same cut, wide and combining characters too."""
    import random

    from mentortui.text import cells, fit

    rng = random.Random(20261206)
    for _ in range(5000):
        text = "".join(rng.choice(["a", "é", "—", "漢", "\u0301", " "]) for _ in range(rng.randint(0, 90)))
        width = rng.randint(1, 30)
        shown = fit(text, width)
        assert cells(shown) == width
        if cells(text) <= width:
            assert shown == text + " " * (width - cells(text))
        else:
            kept = shown.rstrip(" ").removesuffix("…")
            assert shown.rstrip(" ").endswith("…") and text.startswith(kept)
            assert cells(text[: len(kept) + 1]) > width - 1 or kept == text


def test_line_separators_and_invisible_characters_are_shown():
    # Older files may hold what the way in now refuses: a separator that a terminal does not
    # break on, and characters that show as nothing ("Ben\u200b Mentor" looks like "Ben Mentor").
    for text, seen in (
        ("T\u2028X\u2029Y", "T⏎X⏎Y"),
        ("Ben\u200b Mentor", "Ben\ufffd Mentor"),
        ("x\ufeffy\u2060z", "x\ufffdy\ufffdz"),
    ):
        assert plain(text) == seen and in_field(text) == seen and len(in_field(text)) == len(text)
    assert plain("👩\u200d💻 שלום\u200f") == "👩\u200d💻 שלום\u200f", "joiners and direction marks kept"
