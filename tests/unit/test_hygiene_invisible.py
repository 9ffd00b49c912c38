"""The way in refuses what shows as nothing or breaks a line a terminal does not break: in a
name or a title such text looks like other text (a lookalike party)."""

from __future__ import annotations

import pytest

from mentortui.model.hygiene import text_problem

FLAG_OF_WALES = "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"


@pytest.mark.parametrize(
    ("text", "one_line", "long"),
    [
        ("Ben\u200b Mentor", "remove the invisible character U+200B", "remove the invisible character U+200B"),
        ("x\ufeff", "remove the invisible character U+FEFF", "remove the invisible character U+FEFF"),
        ("a\u2060b", "remove the invisible character U+2060", "remove the invisible character U+2060"),
        ("tag\U000e0041", "remove the invisible character U+E0041", "remove the invisible character U+E0041"),
        (
            "T\u2028X",
            "this field is one line: remove the line breaks",
            "remove the line separator U+2028: start a new line instead",
        ),
        (
            "P\u2029Q",
            "this field is one line: remove the line breaks",
            "remove the line separator U+2029: start a new line instead",
        ),
        ("Ana\u200f", "remove the direction mark U+200F: it is invisible here", ""),
        # Blank or invisible in one line, though no space: a lookalike name (an attacker's find).
        ("Ben\u00ad", "remove the invisible character U+00AD", ""),  # (soft hyphens help long text break)
        ("Ben\u034f", "remove the invisible character U+034F", ""),
        ("Ben\u3164", "remove the invisible character U+3164", ""),
        ("\u115fBen", "remove the invisible character U+115F", ""),
        ("Be\uffa0n", "remove the invisible character U+FFA0", ""),
        ("a\u061cb", "remove the direction mark U+061C: it is invisible here", ""),
    ],
)
def test_invisible_characters_and_separators_are_refused(text, one_line, long):
    assert text_problem(text) == one_line
    assert text_problem(text, long=True) == long


@pytest.mark.parametrize("text", ["👩\u200d💻 at work", FLAG_OF_WALES, "नमस्‍ते", "Ana ↔ Ben", "한글 이름"])
def test_text_that_needs_joiners_or_tags_is_kept(text):
    assert text_problem(text) == "" and text_problem(text, long=True) == ""


def test_a_soft_hyphen_is_kept_in_long_text():
    assert text_problem("a long hy\u00adphenated word", long=True) == ""
