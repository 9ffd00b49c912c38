"""Unit tests of a meeting length in words (model/schedule.py), as the session and the export say it."""

from __future__ import annotations

from mentortui.model.schedule import length_text

SHORT = ("min", "min")
LONG = ("minute", "minutes")


def test_a_range_a_single_length_and_only_a_longest() -> None:
    assert length_text(30, 60, SHORT, "") == "30–60 min"
    assert length_text(45, 45, SHORT, "") == "45 min"
    assert length_text(45, None, SHORT, "") == "45 min"
    assert length_text(None, 60, SHORT, "") == "up to 60 min"


def test_nothing_agreed_reads_as_the_unset_text() -> None:
    assert length_text(None, None, SHORT, "") == ""
    assert length_text(None, None, LONG, "—") == "—"


def test_one_minute_is_singular_and_a_range_is_always_plural() -> None:
    assert length_text(1, None, LONG, "—") == "1 minute"
    assert length_text(None, 1, LONG, "—") == "up to 1 minute"
    assert length_text(30, 60, LONG, "—") == "30–60 minutes"
    assert length_text(45, 45, LONG, "—") == "45 minutes"
