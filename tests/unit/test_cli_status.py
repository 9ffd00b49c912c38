"""Tests of `mentortui status`: what needs attention, exit codes, --today, --json, who sees what."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from mentortui.__main__ import main
from mentortui.model import Agreement, AgreementStatus, Goal, Milestone, Party, Schedule, TentativeMeeting
from mentortui.model.people import Person, PersonRole
from mentortui.store import Store

from ..planted import plant


@pytest.fixture(autouse=True)
def utc(viewer_zone):
    viewer_zone("UTC")


def status(tmp_path, *args: str, user: str = "ana") -> list[str]:
    return ["--data-dir", str(tmp_path), "--as", user, "status", *args]


def quiet_agreement(**fields) -> Agreement:
    """Active, ending far away, with a meeting planned: nothing needs attention in November."""
    base = dict(
        title="Quiet",
        mentee=Party("Ana", handle="ana"),
        mentor=Party("Ben", handle="ben"),
        status=AgreementStatus.ACTIVE,
        start_date=date(2026, 11, 1),
        end_date=date(2027, 11, 1),
        tentative_meetings=(TentativeMeeting(when=datetime(2026, 12, 1, 15, 0, tzinfo=UTC), purpose="Goals"),),
    )
    return Agreement(**{**base, **fields})


def test_nothing_to_do_exits_0_and_an_alert_exits_1(tmp_path, capsys):
    store = Store(tmp_path)
    quiet = store.create(quiet_agreement())
    assert main(status(tmp_path, "--today", "2026-11-24")) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"Quiet ({quiet.id}, active)",
        "  Next meeting: 2026-12-01 15:00 UTC (in 7 days) · Goals",
        "  Last held: none yet",
    ]

    # The same agreement a month before its end date: plan the evaluation.
    assert main(status(tmp_path, "--today", "2027-10-10")) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "  ! ends on 2027-11-01 (in 22 days): plan the end-date evaluation"
    assert lines[1] == "  Next meeting: none planned"


def test_every_alert_is_listed_with_a_bang_and_a_draft_needs_signing(tmp_path, capsys):
    store = Store(tmp_path)
    store.create(quiet_agreement())
    draft = store.create(
        Agreement(
            title="Draft",
            mentee=Party("Ana", handle="ana"),
            mentor=Party("Cy"),
            start_date=date(2026, 10, 1),
            schedule=Schedule(frequency="weekly"),
        )
    )
    assert main(status(tmp_path, "--today", "2026-11-24")) == 1
    blocks = capsys.readouterr().out.split("\n\n")
    assert blocks[0].splitlines() == [
        f"Draft ({draft.id}, draft)",
        "  Next meeting: none planned",
        "  Last held: none yet",
        "  ! not signed yet: waiting for both parties",
        "  ! no meeting yet, 7 weeks after the start; agreed weekly",
    ]
    assert blocks[1].startswith("Quiet ")


def test_json_has_the_same_content(tmp_path, capsys):
    store = Store(tmp_path)
    store.create(quiet_agreement())
    assert main(status(tmp_path, "--today", "2027-10-10", "--json")) == 1
    [item] = json.loads(capsys.readouterr().out)
    assert (item["title"], item["status"], item["next_meeting"]) == ("Quiet", "active", None)
    assert item["alerts"] == [
        {
            "kind": "midpoint",
            "text": "mid-point was 2027-05-02 (161 days ago): a mid-point review is offered and not recorded yet",
        },
        {"kind": "end date", "text": "ends on 2027-11-01 (in 22 days): plan the end-date evaluation"},
    ]
    assert main(status(tmp_path, "--today", "2026-11-24", "--json")) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["next_meeting"] == {
        "at": "2026-12-01T15:00:00+00:00",
        "purpose": "Goals",
        "id": None,
        "tentative": True,
    }
    assert item["alerts"] == []


def test_a_bad_today_is_a_clear_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        main(status(tmp_path, "--today", "24/11/2026"))
    assert exit.value.code == 2
    assert "'24/11/2026' is not a date: use YYYY-MM-DD" in capsys.readouterr().err


def test_without_today_it_runs_as_of_now(tmp_path, capsys):
    Store(tmp_path).create(quiet_agreement(end_date=date(2000, 1, 2), start_date=date(2000, 1, 1)))
    assert main(status(tmp_path)) == 1
    assert "! end date 2000-01-02 reached" in capsys.readouterr().out


def test_user_text_is_made_safe(tmp_path, capsys):
    plant(
        tmp_path,
        quiet_agreement(
            title="Evil\x1b[2J\nline\u202e",
            tentative_meetings=(
                TentativeMeeting(when=datetime(2026, 12, 1, 15, 0, tzinfo=UTC), purpose="\x1b]0;x\x07"),
            ),
            end_date=date(2026, 12, 10),
            goals=(Goal(title="G\x1b[31m", milestones=(Milestone("M\n2", due=date(2026, 11, 1)),)),),
        ),
    )
    assert main(status(tmp_path, "--today", "2026-11-24")) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert out.startswith("Evil␛[2J⏎ line\ufffd (")
    assert "· ␛]0;x␇" in out
    assert "  ! milestone “M⏎ 2” of “G␛[31m” overdue since 2026-11-01" in out.splitlines()
    assert [line[:12] for line in out.splitlines()[1:]] == [
        "  Next meeti",
        "  Last held:",
        "  ! mileston",
        "  ! mid-poin",
        "  ! ends on ",
    ], "one line each, even with a newline in the title"
    assert main(status(tmp_path, "--today", "2026-11-24", "--json")) == 1
    assert "\x1b" not in json.loads(capsys.readouterr().out)[0]["title"]


def test_a_viewer_sees_only_their_agreements_and_a_coordinator_all(tmp_path, capsys):
    store = Store(tmp_path)
    for person in (
        Person("ana", "Ana", PersonRole.MENTEE),
        Person("cy", "Cy", PersonRole.MENTEE),
        Person("cora", "Cora", PersonRole.COORDINATOR),
    ):
        store.people.put(person)
    store.create(quiet_agreement(title="Ana's"))
    store.create(quiet_agreement(title="Cy's", mentee=Party("Cy", handle="cy")))

    def titles(user: str) -> list[str]:
        assert main(status(tmp_path, "--today", "2026-11-24", user=user)) == 0
        lines = capsys.readouterr().out.splitlines()
        return [line.split(" (")[0] for line in lines if line and not line.startswith(" ")]

    assert titles("ana") == ["Ana's"]
    assert titles("cy") == ["Cy's"]
    assert titles("cora") == ["Ana's", "Cy's"]
    assert main(status(tmp_path, user="nobody")) == 1
    assert "not registered" in capsys.readouterr().err


def test_an_unreadable_agreement_is_reported_and_needs_attention(tmp_path, capsys):
    store = Store(tmp_path)
    broken = store.create(quiet_agreement(title="Broken"))
    store.path_of(broken.id).write_text("{not json")
    assert main(status(tmp_path, "--today", "2026-11-24")) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Broken ({broken.id})"
    assert lines[1].startswith("  ! could not read it: ")


def test_no_agreements(tmp_path, capsys):
    assert main(status(tmp_path)) == 0
    assert capsys.readouterr().out == "No agreements.\n"
