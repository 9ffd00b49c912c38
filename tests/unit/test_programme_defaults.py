"""Tests of the programme's defaults: new agreements start from them, existing ones keep theirs."""

from __future__ import annotations

import json
import stat

from mentortui.__main__ import main
from mentortui.model import Agreement, Party, Schedule
from mentortui.model.agreement import default_values
from mentortui.model.programme import ProgrammeDefaults, with_defaults
from mentortui.store import Store

DISCLAIMER = "Participation is voluntary; the programme endorses nothing. Each party holds it harmless."


def test_defaults_fill_what_a_new_agreement_leaves_as_the_apps_own():
    defaults = ProgrammeDefaults(
        disclaimer=DISCLAIMER,
        values=(("respect", "We respect each other's time."),),
        frequency="monthly",
        length_min_minutes=45,
        notice_hours=48,
    )
    fresh = with_defaults(Agreement(mentee=Party("A"), mentor=Party("B")), defaults)
    assert fresh.disclaimer.text == DISCLAIMER
    assert next(c.text for c in fresh.values) == "We respect each other's time."
    assert [c.text for c in fresh.values][1:] == [c.text for c in default_values()][1:]
    assert (fresh.schedule.frequency, fresh.schedule.length_min_minutes, fresh.schedule.notice_hours) == (
        "monthly",
        45,
        48,
    )
    own = Agreement(schedule=Schedule(frequency="weekly", notice_hours=12))
    own = own.edit(disclaimer=own.disclaimer.edit(text="Our own words."))
    kept = with_defaults(own, defaults)
    assert (kept.disclaimer.text, kept.schedule.frequency, kept.schedule.notice_hours) == (
        "Our own words.",
        "weekly",
        12,
    )


def test_a_coordinator_sets_them_and_only_new_agreements_take_them(tmp_path, capsys):
    data = tmp_path / "data"
    main(["--data-dir", str(data), "people", "add", "ana", "--name", "Ana"])
    main(["--data-dir", str(data), "people", "add", "zoe", "--name", "Zoe", "--role", "coordinator"])
    before = Store(data).create(Agreement(mentee=Party("Ana", handle="ana"), mentor=Party("Ben")))
    (tmp_path / "disclaimer.txt").write_text(DISCLAIMER + "\n")
    setting = [
        "defaults",
        "set",
        "--frequency",
        "every two weeks",
        "--length-min",
        "30",
        "--length-max",
        "60",
        "--disclaimer-file",
        str(tmp_path / "disclaimer.txt"),
    ]
    capsys.readouterr()
    assert main(["--data-dir", str(data), "--as", "ana", *setting]) == 2
    assert "only coordinators" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "--as", "zoe", *setting]) == 0
    assert stat.S_IMODE((data / "programme.json").stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["--data-dir", str(data), "--as", "ana", "defaults"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["frequency"], shown["disclaimer"]) == ("every two weeks", DISCLAIMER)
    after = Store(data).create(Agreement(mentee=Party("Ana", handle="ana"), mentor=Party("Ben")))
    assert after.disclaimer.text == DISCLAIMER and after.schedule.length_max_minutes == 60
    assert Store(data).load(before.id) == before, "an existing agreement keeps what it has"
    (tmp_path / "bad.txt").write_text("x\x1b]0;PWNED\x07")
    for extra, said in (
        (["--disclaimer-file", str(tmp_path / "bad.txt")], "control character"),
        (["--value", "nope=" + str(tmp_path / "disclaimer.txt")], "no values clause 'nope'"),
        (["--length-min", "90", "--length-max", "30"], "shorter than the shortest"),
        (["--disclaimer-file", str(tmp_path / "none.txt")], "cannot read"),
    ):
        assert main(["--data-dir", str(data), "--as", "zoe", "defaults", "set", *extra]) == 2
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1 and "\x1b" not in err, err
    assert Store(data).programme.defaults().disclaimer == DISCLAIMER, "a refused change changes nothing"
