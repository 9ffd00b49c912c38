"""Tests of `mentortui log ID --note TEXT` reading TEXT as the live session reads an entry."""

from __future__ import annotations

from datetime import date

import pytest

from mentortui.__main__ import main
from mentortui.model import Agreement, Party
from mentortui.store import Store


def run(data, *args: str) -> int:
    return main(["--data-dir", str(data), "--as", "ana", *args])


@pytest.fixture
def agreement_id(tmp_path) -> str:
    return Store(tmp_path).create(Agreement(mentee=Party("Ana", handle="ana"), mentor=Party("Ben", handle="ben"))).id


def test_p_is_a_private_note_that_export_leaves_out(tmp_path, capsys, agreement_id):
    assert run(tmp_path, "log", agreement_id, "--note", "p: cli private") == 0
    assert run(tmp_path, "log", agreement_id, "--note", "shared remark") == 0
    assert "Noted privately in the meeting started" in capsys.readouterr().out
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert [(n.text, n.author, n.private) for n in meeting.notes] == [
        ("cli private", "ana", True),
        ("shared remark", "ana", False),
    ]
    assert run(tmp_path, "export", agreement_id) == 0
    exported = capsys.readouterr().out
    assert "shared remark" in exported and "cli private" not in exported


def test_a_and_d_are_an_action_item_and_a_decision_in_the_meeting_under_way(tmp_path, capsys, agreement_id):
    assert run(tmp_path, "log", agreement_id, "--note", "a: @ben call the dean due:2027-01-15") == 0
    assert "Action item for ben, due 2027-01-15, added to the meeting started" in capsys.readouterr().out
    assert run(tmp_path, "log", agreement_id, "--note", "A: send CV") == 0
    assert run(tmp_path, "log", agreement_id, "--note", "d: meet fortnightly") == 0
    assert run(tmp_path, "log", agreement_id, "--note", "as agreed: more") == 0
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert meeting.in_progress
    assert [(a.text, a.owner, a.due) for a in meeting.actions] == [
        ("call the dean", "ben", date(2027, 1, 15)),
        ("send CV", "ana", None),
    ]
    assert [d.text for d in meeting.decisions] == ["meet fortnightly"]
    assert [(n.text, n.private) for n in meeting.notes] == [("as agreed: more", False)]


def test_private_wins_over_the_prefix_as_the_session_key_does(tmp_path, agreement_id):
    assert run(tmp_path, "log", agreement_id, "--note", "a: not an action", "--private") == 0
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert [(n.text, n.private) for n in meeting.notes] == [("not an action", True)] and meeting.actions == ()


@pytest.mark.parametrize(
    ("note", "said"),
    [
        ("a: @ana", "type the entry first"),
        ("p:", "type the entry first"),
        ("a: due:2027-01-15", "type the entry first"),
        ("a: @ana call @ben", "Two owners, '@ana' and '@ben'"),
        ("a: due:2027-01-15 call due:2027-01-20", "Two due dates"),
        ("a: call due:2026-13-40", "'2026-13-40' is not a due date: use due:YYYY-MM-DD"),
    ],
)
def test_an_entry_the_grammar_refuses_is_said_in_one_line_and_nothing_is_written(
    tmp_path, capsys, agreement_id, note, said
):
    before = Store(tmp_path).path_of(agreement_id).read_bytes()
    assert run(tmp_path, "log", agreement_id, "--note", note) == 2
    err = capsys.readouterr().err
    assert err.startswith("mentortui: --note: ") and said in err and err.count("\n") == 1, err
    assert Store(tmp_path).path_of(agreement_id).read_bytes() == before
