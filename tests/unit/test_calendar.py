"""Tests of the calendar export (RFC 5545): events, their zones, updates, hostile text, the CLI."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from mentortui.__main__ import main
from mentortui.export.calendar import agreements_calendar, uid
from mentortui.model import Agreement, MeetingStatus, Party, meetings
from mentortui.model.base import replace
from mentortui.model.meeting import ActionItem, Meeting, Note
from mentortui.model.sample import sample_agreement
from mentortui.store import Store

from ..planted import plant

PARIS = ZoneInfo("Europe/Paris")


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def by_uid(data: bytes) -> dict:
    return {str(e["UID"]): e for e in events(data)}


def test_one_event_a_meeting_with_stable_uids_zones_and_cancellations(tmp_path):
    agreement = Store(tmp_path).create(sample_agreement())
    data = agreements_calendar([agreement], zone=PARIS)
    shown = meetings.in_order(meetings.plan_from_schedule(agreement))
    found = by_uid(data)
    assert set(found) == {uid(agreement, m) for m in shown if m.when}
    again = by_uid(agreements_calendar([agreement], zone=PARIS))
    assert set(again) == set(found), "the same UIDs in every export: an import updates, never duplicates"
    calendar = Calendar.from_ical(data)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    for meeting in shown:
        event = found[uid(agreement, meeting)]
        start = event.decoded("DTSTART")
        assert start == meeting.when and str(start.tzinfo) == "Europe/Paris"
        assert event.decoded("DTEND") > start
        assert str(event["STATUS"]) == ("CANCELLED" if meeting.status is MeetingStatus.CANCELLED else "CONFIRMED")
        assert str(event["SUMMARY"]).startswith("Mentoring: Ana Silva ↔ Ben Okafor")
    assert any(str(e["STATUS"]) == "CANCELLED" for e in found.values())
    # The mentee's contact is an e-mail address: an attendee; the mentor's (@ben) is not.
    attendees = {str(e["ATTENDEE"]) for e in found.values() if "ATTENDEE" in e}
    assert attendees == {"mailto:ana@example.org"}


def test_an_edit_raises_the_sequence_and_moves_the_event(tmp_path):
    store = Store(tmp_path)
    planned = Meeting(status=MeetingStatus.PLANNED, planned_for=datetime(2026, 12, 14, 15, tzinfo=UTC))
    agreement = store.create(sample_agreement())
    agreement = store.update(agreement.id, lambda a: meetings.replace_meeting(a, planned))
    before = by_uid(agreements_calendar([agreement], zone=PARIS))[uid(agreement, planned)]
    moved = planned.when + timedelta(days=2)

    def move(a: Agreement) -> Agreement:
        return meetings.replace_meeting(a, a.meeting(planned.id).edit(planned_for=moved))

    edited = store.update(agreement.id, move)
    after = by_uid(agreements_calendar([edited], zone=PARIS))[uid(agreement, planned)]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == moved


def test_the_agenda_carries_open_actions_and_never_a_private_note():
    start = datetime(2026, 3, 2, 15, tzinfo=UTC)
    held = Meeting(
        status=MeetingStatus.HELD,
        started_at=start,
        ended_at=start + timedelta(minutes=50),
        notes=(Note("my secret worry", author="ana", private=True), Note("shared", author="ana")),
        actions=(
            ActionItem("Book the exam", owner="ana"),
            ActionItem("Done already", done_at=start + timedelta(hours=1)),
        ),
    )
    nxt = Meeting(status=MeetingStatus.PLANNED, planned_for=start + timedelta(days=14), purpose="Plan")
    agreement = Agreement(mentee=Party("Ana"), mentor=Party("Ben"), meetings=(held, nxt))
    found = by_uid(agreements_calendar([agreement], zone=UTC))
    first, second = found[uid(agreement, held)], found[uid(agreement, nxt)]
    assert first.decoded("DTEND") - first.decoded("DTSTART") == timedelta(minutes=50)
    description = str(second["DESCRIPTION"])
    assert "Book the exam (ana)" in description and "Done already" not in description
    text = agreements_calendar([agreement]).decode()
    assert "secret" not in text and "shared" not in text


def test_hostile_text_stays_inside_its_property():
    evil = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:owned;a,b\\ \x1b[2J\x07\u202e"
    start = datetime(2026, 3, 2, 15, tzinfo=UTC)
    agreement = Agreement(
        mentee=Party(evil, contact="ana@example.org"),
        mentor=Party(evil, contact="x@y.z\r\nUID:evil"),
        meetings=(
            Meeting(status=MeetingStatus.PLANNED, planned_for=start, purpose=evil, location=evil, actions=()),
            Meeting(status=MeetingStatus.PLANNED, planned_for=start + timedelta(days=1), actions=(ActionItem(evil),)),
        ),
    )
    # An action of an earlier meeting reaches the second one's agenda.
    agreement = replace(
        agreement, meetings=(replace(agreement.meetings[0], actions=(ActionItem(evil),)), agreement.meetings[1])
    )
    data = agreements_calendar([agreement], zone=PARIS)
    assert b"\x1b" not in data and b"\x07" not in data and "\u202e".encode() not in data
    found = by_uid(data)
    assert set(found) == {uid(agreement, m) for m in agreement.meetings}, "no event was added"
    first = found[uid(agreement, agreement.meetings[0])]
    assert "END:VEVENT" in str(first["SUMMARY"]) and "owned;a,b" in str(first["SUMMARY"])
    assert "UID:evil" in str(first["LOCATION"])
    assert "UID:evil" in str(found[uid(agreement, agreement.meetings[1])]["DESCRIPTION"])
    assert [str(first["ATTENDEE"])] == ["mailto:ana@example.org"], "a contact with a newline is no address"
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line


def test_the_command_line_writes_one_or_all_of_mine_and_refuses_the_rest(tmp_path, capsys):
    data = str(tmp_path / "data")
    main(["--data-dir", data, "people", "add", "ana", "--name", "Ana"])
    store = Store(tmp_path / "data")
    sample = sample_agreement()
    mine = plant(tmp_path / "data", sample.edit(mentee=replace(sample.mentee, handle="ana")))
    other = plant(tmp_path / "data", sample_agreement())
    capsys.readouterr()
    out = tmp_path / "mine.ics"
    assert main(["--data-dir", data, "--as", "ana", "calendar", mine.id, "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert {str(e["UID"]).split(".")[0] for e in events(out.read_bytes())} == {mine.id}
    assert main(["--data-dir", data, "--as", "ana", "calendar", mine.id, "-o", str(out)]) == 1
    assert "exists; add --force" in capsys.readouterr().err
    assert main(["--data-dir", data, "--as", "ana", "calendar", "--mine"]) == 0
    assert {str(e["UID"]).split(".")[0] for e in events(capsys.readouterr().out.encode())} == {mine.id}
    assert main(["--data-dir", data, "--as", "ana", "calendar", other.id]) == 1
    assert f"no agreement with id '{other.id}'" in capsys.readouterr().err
    assert main(["--data-dir", data, "--as", "ana", "calendar"]) == 2
    assert main(["--data-dir", data, "--as", "ana", "calendar", mine.id, "--mine"]) == 2
    assert store.load(mine.id).revision == mine.revision, "exporting writes nothing to the store"


def test_each_event_is_in_the_zone_it_was_planned_in_else_the_exporters():
    from mentortui.model import TentativeMeeting

    row = TentativeMeeting(when=datetime(2026, 5, 4, 1, tzinfo=UTC), duration_minutes=30, zone="Asia/Tokyo")
    unknown = Meeting(status=MeetingStatus.PLANNED, planned_for=datetime(2026, 5, 11, 8, tzinfo=UTC), zone="Not/AZone")
    agreement = Agreement(mentee=Party("A"), mentor=Party("B"), tentative_meetings=(row,), meetings=(unknown,))
    data = agreements_calendar([agreement], zone=PARIS)
    planned = meetings.plan_from_schedule(agreement)
    found = by_uid(data)
    tokyo = found[uid(agreement, planned.meeting(row.id))]
    assert str(tokyo.decoded("DTSTART").tzinfo) == "Asia/Tokyo" and tokyo.decoded("DTSTART").hour == 10
    assert tokyo.decoded("DTEND") - tokyo.decoded("DTSTART") == timedelta(minutes=30)
    assert str(found[uid(agreement, unknown)].decoded("DTSTART").tzinfo) == "Europe/Paris"
    zones = {str(z["TZID"]) for z in Calendar.from_ical(data).walk("VTIMEZONE")}
    assert zones == {"Asia/Tokyo", "Europe/Paris"}
