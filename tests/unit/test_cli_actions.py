"""Tests of the scripting commands: goals, progress, action (list, add, tick off)."""

from __future__ import annotations

import json
from dataclasses import replace

from mentortui.__main__ import main
from mentortui.model import meetings
from mentortui.model.sample import sample_agreement
from mentortui.store import Store

from ..planted import plant


def run(data, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def test_goals_and_progress_by_number_or_id(tmp_path, capsys):
    agreement = Store(tmp_path).create(sample_agreement())
    assert run(tmp_path, "goals", agreement.id, "--json") == 0
    goals = json.loads(capsys.readouterr().out)
    assert [g["title"] for g in goals] == [g.title for g in agreement.goals]
    assert goals[0]["number"] == 1 and goals[0]["percent"] == agreement.goals[0].current_percent
    assert run(tmp_path, "progress", agreement.id, "1", "--percent", "70", "--comment", "mock exam") == 0
    assert run(tmp_path, "progress", agreement.id, agreement.goals[1].id, "--percent", "10") == 0
    stored = Store(tmp_path).load(agreement.id)
    assert stored.goals[0].progress[-1].percent == 70 and stored.goals[0].progress[-1].comment == "mock exam"
    assert stored.goals[1].current_percent == 10
    capsys.readouterr()
    for args, said in ((("9", "--percent", "5"), "no goal '9'"), (("1", "--percent", "170"), "0 to 100"),
                       (("1", "--percent", "5", "--comment", "a\x1b[2Jb"), "--comment")):
        assert run(tmp_path, "progress", agreement.id, *args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "\x1b" not in err, err
        assert said in err or "control" in err or "character" in err, err
    assert Store(tmp_path).load(agreement.id).revision == stored.revision, "nothing refused was written"


def test_action_items_listed_added_and_ticked_off(tmp_path, capsys):
    agreement = Store(tmp_path).create(sample_agreement())
    before = meetings.open_actions(agreement)
    assert run(tmp_path, "action", agreement.id, "--json") == 0
    assert [a["text"] for a in json.loads(capsys.readouterr().out)] == [a.text for _, a in before]
    assert run(tmp_path, "action", agreement.id, "Book the exam", "--owner", "ana", "--due", "2026-12-20") == 0
    stored = Store(tmp_path).load(agreement.id)
    latest_held = [m for m in meetings.in_order(stored) if m.status.value == "held"][-1]
    assert latest_held.actions[-1].text == "Book the exam" and str(latest_held.actions[-1].due) == "2026-12-20"
    assert run(tmp_path, "action", agreement.id, "--done", "1") == 0
    after = meetings.open_actions(Store(tmp_path).load(agreement.id))
    assert [a.id for _, a in after] == [a.id for _, a in before[1:]] + [latest_held.actions[-1].id]
    capsys.readouterr()
    assert run(tmp_path, "action", agreement.id, "--done", "99") == 2
    assert "no open action item 99" in capsys.readouterr().err


def test_a_mentee_acts_only_on_their_own_agreement(tmp_path, capsys):
    data = tmp_path / "data"
    run(data, "people", "add", "ana", "--name", "Ana")
    sample = sample_agreement()
    mine = plant(data, sample.edit(mentee=replace(sample.mentee, handle="ana")))
    other = plant(data, sample_agreement())
    capsys.readouterr()
    assert run(data, "--as", "ana", "progress", mine.id, "1", "--percent", "60") == 0
    for command in (("goals", other.id), ("progress", other.id, "1", "--percent", "60"),
                    ("action", other.id, "Sneaky"), ("action", other.id, "--done", "1")):
        assert run(data, "--as", "ana", *command) == 1
        assert f"no agreement with id '{other.id}'" in capsys.readouterr().err
    assert Store(data).load(other.id) == other
