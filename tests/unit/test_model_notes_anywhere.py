"""Unit tests of an action item's owner and due date typed anywhere in it (model/notes.py)."""

from __future__ import annotations

from datetime import date

import pytest

from mentortui.model.notes import Entry, read_entry, split_action


def test_an_owner_and_a_due_date_at_the_start_or_in_the_middle_are_read() -> None:
    assert read_entry("a: @ben call the dean due:2027-01-15", "root") == Entry(
        "action", "call the dean", "ben", date(2027, 1, 15)
    )
    assert read_entry("a: due:2027-01-20 call dean @ben", "root") == Entry(
        "action", "call dean", "ben", date(2027, 1, 20)
    )
    assert read_entry("a: call @ben the dean due:2027-01-15 today", "root") == Entry(
        "action", "call the dean today", "ben", date(2027, 1, 15)
    )
    assert split_action("@cy Read", "ana") == ("Read", "cy", None)


def test_what_worked_at_the_end_still_works() -> None:
    assert read_entry("a: send CV @ana due:2026-12-20", "root") == Entry("action", "send CV", "ana", date(2026, 12, 20))
    assert read_entry("A: send CV DUE:2026-12-20", "root") == Entry("action", "send CV", "root", date(2026, 12, 20))
    assert read_entry("d: ask @ben due:2026-12-20", "root") == Entry("decision", "ask @ben due:2026-12-20")
    assert read_entry("p: @ben worries me", "root") == Entry("private", "@ben worries me")
    assert read_entry("@ben said so", "root") == Entry("note", "@ben said so")


def test_only_whole_words_count() -> None:
    assert read_entry("a: mail ana@example.org", "root") == Entry("action", "mail ana@example.org", "root", None)
    assert read_entry("a: check overdue:2027-01-15 bills", "root") == Entry(
        "action", "check overdue:2027-01-15 bills", "root", None
    )
    assert split_action("pay what is due: the fee", "ana") == ("pay what is due: the fee", "ana", None)


def test_an_action_with_nothing_but_an_owner_or_a_due_date_is_no_entry() -> None:
    assert read_entry("a: @ana", "root") is None
    assert read_entry("a: due:2027-01-15", "root") is None
    assert read_entry("a:  @ana   due:2027-01-15 ", "root") is None
    assert read_entry("@ana", "root", "action") is None


def test_two_different_owners_are_refused_and_the_same_one_twice_is_one() -> None:
    with pytest.raises(ValueError, match="Two owners, '@ana' and '@ben'") as refused:
        read_entry("a: @ana call the dean @ben", "root")
    assert "\n" not in str(refused.value)
    assert read_entry("a: @ana call @ana", "root") == Entry("action", "call", "ana", None)


def test_two_due_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="Two due dates, 'due:2027-01-15' and 'due:2027-01-20'") as refused:
        read_entry("a: due:2027-01-15 call the dean due:2027-01-20", "root")
    assert "\n" not in str(refused.value)
    with pytest.raises(ValueError, match="Two due dates"):
        read_entry("a: due:2027-01-15 call the dean due:2027-01-15", "root")


def test_a_due_date_that_is_not_one_is_refused_wherever_it_stands() -> None:
    for typed in ("a: send CV due:2026-13-40", "a: due:2026-13-40 send CV"):
        with pytest.raises(ValueError, match=r"^'2026-13-40' is not a due date: use due:YYYY-MM-DD$"):
            read_entry(typed, "root")


def test_punctuation_after_an_owner_or_a_due_date_is_the_sentences() -> None:
    """ "@ben, call the office" gave the owner "ben," (nobody), and "due:2027-01-15," was
    refused as not a date."""
    assert split_action("@ben, call the office", "ana") == ("call the office", "ben", None)
    assert split_action("call the dean @ben.", "ana") == ("call the dean", "ben", None)
    assert split_action("due:2027-01-15, call @ben.okafor", "ana") == ("call", "ben.okafor", date(2027, 1, 15))
    with pytest.raises(ValueError, match="'tomorrow' is not a due date"):
        split_action("due:tomorrow, call", "ana")
