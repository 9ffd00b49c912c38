"""Tests of the scripting commands: goals, progress, action (list, add, tick off)."""

from __future__ import annotations

import json

from mentortui.__main__ import main
from mentortui.model import meetings
from mentortui.model.base import replace
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
    for args, said in (
        (("9", "--percent", "5"), "no goal '9'"),
        (("1", "--percent", "170"), "0 to 100"),
        (("1", "--percent", "5", "--comment", "a\x1b[2Jb"), "--comment"),
    ):
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
    for command in (
        ("goals", other.id),
        ("progress", other.id, "1", "--percent", "60"),
        ("action", other.id, "Sneaky"),
        ("action", other.id, "--done", "1"),
    ):
        assert run(data, "--as", "ana", *command) == 1
        assert f"no agreement with id '{other.id}'" in capsys.readouterr().err
    assert Store(data).load(other.id) == other


def test_new_from_flags_or_a_file_and_show(tmp_path, capsys):
    assert (
        run(
            tmp_path,
            "new",
            "--mentee",
            "Ana Silva",
            "--mentor",
            "Ben Okafor",
            "--start",
            "2026-01-05",
            "--end",
            "2026-12-01",
        )
        == 0
    )
    created = capsys.readouterr().out.strip()
    stored = Store(tmp_path).load(created)
    assert (stored.mentee.name, stored.mentor.name, str(stored.end_date)) == ("Ana Silva", "Ben Okafor", "2026-12-01")
    assert run(tmp_path, "show", created, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["id"], shown["status"], shown["mentee"], shown["end_date"]) == (
        created,
        "draft",
        "Ana Silva",
        "2026-12-01",
    )
    assert any("not signed" in alert["text"] for alert in shown["alerts"])
    assert run(tmp_path, "show", created) == 0
    assert "Mentee: Ana Silva" in capsys.readouterr().out
    # From an export: its content as a new draft, none of its life (signatures, meetings).
    template = Store(tmp_path / "other").create(sample_agreement())
    assert run(tmp_path / "other", "export", template.id, "--format", "json", "-o", str(tmp_path / "t.json")) == 0
    capsys.readouterr()
    assert run(tmp_path, "new", "--from", str(tmp_path / "t.json")) == 0
    copy = Store(tmp_path).load(capsys.readouterr().out.strip())
    assert copy.id != template.id and copy.status.value == "draft" and copy.revision == 1
    assert copy.goals == template.goals and copy.meetings == () and copy.signatures == ()
    (tmp_path / "bad.json").write_text('{"mentee": {"name": "A\\u001b[2J"}, "mentor": {"name": "B"}}')
    for args in (
        ("--mentee", "A"),
        ("--mentee", "A", "--mentor", "B", "--start", "2026-05-01", "--end", "2026-01-01"),
        ("--from", str(tmp_path / "bad.json")),
        ("--from", str(tmp_path / "none.json")),
    ):
        assert run(tmp_path, "new", *args) == 2, args
        assert capsys.readouterr().err.count("\n") == 1
    assert len(Store(tmp_path).list_agreements()) == 2


def test_a_mentee_creates_only_agreements_they_are_part_of(tmp_path, capsys):
    data = tmp_path / "data"
    run(data, "people", "add", "ana", "--name", "Ana")
    capsys.readouterr()
    assert run(data, "--as", "ana", "new", "--mentee", "Cy", "--mentor", "Di") == 2
    assert "you must be one of its parties" in capsys.readouterr().err
    assert run(data, "--as", "ana", "new", "--mentee", "Ana", "--mentee-handle", "ana", "--mentor", "Di") == 0
    assert [s.mentee_handle for s in Store(data).list_agreements()] == ["ana"]


def test_the_completion_script_completes_commands_and_their_options(tmp_path):
    import subprocess
    import sys

    script = subprocess.run(
        [sys.executable, "-m", "mentortui", "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    (tmp_path / "c.sh").write_text(script)
    probe = f"""source {tmp_path / "c.sh"}
COMP_WORDS=(mentortui ex); COMP_CWORD=1; _mentortui; echo "${{COMPREPLY[*]}}"
COMP_WORDS=(mentortui --data-dir /x calendar abc --m); COMP_CWORD=5; _mentortui; echo "${{COMPREPLY[*]}}"
COMP_WORDS=(mentortui people a); COMP_CWORD=2; _mentortui; echo "${{COMPREPLY[*]}}"
"""
    lines = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True).stdout.splitlines()
    assert lines == ["export", "--mine", "add authorized-keys"]


def test_the_zsh_completion_completes_as_bashcompinit_calls_it(tmp_path):
    """bashcompinit hands the function 1-based arrays with a 0-based COMP_CWORD: set up here
    the way its _bash_complete does (checked by hand with Tab in an interactive zsh too)."""
    import shutil
    import subprocess
    import sys

    import pytest

    if shutil.which("zsh") is None:
        pytest.skip("no zsh on this machine")
    script = subprocess.run(
        [sys.executable, "-m", "mentortui", "completion", "zsh"], capture_output=True, text=True, check=True
    ).stdout
    (tmp_path / "c.zsh").write_text(script)
    probe = f"""source {tmp_path / "c.zsh"}
words=(mentortui ex); CURRENT=2; COMP_WORDS=("${{words[@]}}"); COMP_CWORD=$((CURRENT - 1)); _mentortui; echo "${{COMPREPLY[@]}}"
words=(mentortui --data-dir /x calendar abc --m); CURRENT=6; COMP_WORDS=("${{words[@]}}"); COMP_CWORD=$((CURRENT - 1))
_mentortui; echo "${{COMPREPLY[@]}}"
complete -p | grep -c _mentortui
"""
    lines = subprocess.run(["zsh", "-f", "-c", probe], capture_output=True, text=True, check=True).stdout.splitlines()
    assert lines == ["export", "--mine", "1"]
