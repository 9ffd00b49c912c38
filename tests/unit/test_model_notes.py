"""Unit tests of the live session's note grammar (model/notes.py)."""

from __future__ import annotations

from datetime import date

import pytest

from mentortui.model.notes import Entry, read_entry, split_action, split_entry


def test_a_prefix_says_the_kind_and_no_prefix_is_a_note() -> None:
    assert split_entry("a: Draft plan") == ("action", "Draft plan")
    assert split_entry("D:  Meet weekly ") == ("decision", "Meet weekly")
    assert split_entry("p: worry") == ("private", "worry")
    assert split_entry("as agreed: more") == ("note", "as agreed: more")


def test_an_action_item_ends_with_its_owner_and_due_date_in_either_order() -> None:
    assert split_action("Draft plan @ben due:2026-02-01", "ana") == ("Draft plan", "ben", date(2026, 2, 1))
    assert split_action("Read due:2026-03-01 @cy", "ana") == ("Read", "cy", date(2026, 3, 1))
    assert split_action("Read the paper", "ana") == ("Read the paper", "ana", None)
    assert split_action("Mail bob@example.org", "ana") == ("Mail bob@example.org", "ana", None)


def test_a_due_date_that_is_not_one_is_refused_saying_how_to_write_it() -> None:
    with pytest.raises(ValueError, match="use due:YYYY-MM-DD"):
        split_action("Read due:tomorrow", "ana")


def test_read_entry_says_what_the_entry_is() -> None:
    assert read_entry("Talked about the plan", "ana") == Entry("note", "Talked about the plan")
    assert read_entry("d: Meet weekly", "ana") == Entry("decision", "Meet weekly")
    assert read_entry("p: worry", "ana") == Entry("private", "worry")
    assert read_entry("a: Draft plan @ben due:2026-02-01", "ana") == Entry(
        "action", "Draft plan", "ben", date(2026, 2, 1)
    )
    assert read_entry("a: Read the paper", "ana") == Entry("action", "Read the paper", "ana", None)


def test_a_kind_chosen_by_key_wins_over_the_prefix_which_is_dropped() -> None:
    assert read_entry("d: Read @ben", "ana", "action") == Entry("action", "Read", "ben", None)
    assert read_entry("a: not an action", "ana", "private") == Entry("private", "not an action")


def test_nothing_but_a_prefix_is_no_entry() -> None:
    assert read_entry("", "ana") is None
    assert read_entry("  a:  ", "ana") is None
    assert read_entry("", "ana", "decision") is None
