"""Pilot tests of the meeting log and live sessions: a whole session, carry-over, notice, resume, backdating."""

from __future__ import annotations

import re
from datetime import UTC, date, time, timedelta

from textual.widgets import Input, OptionList

from mentortui.app import MentorApp
from mentortui.clock import from_local, show
from mentortui.export import agreement_markdown
from mentortui.model import (
    ActionItem,
    Agreement,
    Goal,
    Meeting,
    MeetingStatus,
    Party,
    Schedule,
    TentativeMeeting,
    meetings,
    now,
)
from mentortui.screens.meetings.dialogs import (
    EndSessionScreen,
    LogPastScreen,
    ProgressScreen,
)
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.meetings.session import (
    ActionChoiceScreen,
    SessionScreen,
    elapsed_text,
    split_action,
    split_entry,
)
from mentortui.store import Store

from .pilot import SIZE, message_at, rows_of, saved, type_date, type_text, workers_done
from .test_typing import burst, wait_for

SCHEDULE = Schedule(length_min_minutes=30, length_max_minutes=60, notice_hours=48, location="Room 2")


def store_agreement(data_dir, **fields) -> str:
    """An agreement between ana (mentee) and ben (mentor) with one goal; its id."""
    agreement = Agreement(
        title="Ana ↔ Ben",
        mentee=Party(name="Ana Silva", handle="ana"),
        mentor=Party(name="Ben Okafor", handle="ben"),
        goals=(Goal(title="Publish a paper"),),
        schedule=SCHEDULE,
        off_limits=("Salary talks",),
        **fields,
    )
    return Store(data_dir).create(agreement).id


async def open_log(pilot) -> MeetingLogScreen:
    """From the home screen: m opens the meeting log of the agreement under the cursor."""
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingLogScreen)
    return pilot.app.screen


async def open_session(pilot) -> SessionScreen:
    """From the home screen: the meeting log, then s starts (or resumes) a session; the session."""
    await open_log(pilot)
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SessionScreen)
    return pilot.app.screen


async def end_session(pilot, next_day: date, next_time: str) -> None:
    """ctrl+n in a session: the next meeting's day and time, saved; back on the meeting log."""
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, EndSessionScreen)
    await type_date(pilot, next_day)
    await pilot.press("tab")
    await type_text(pilot, next_time)
    await pilot.press("ctrl+s")
    await saved(pilot)
    assert isinstance(pilot.app.screen, MeetingLogScreen)


async def log_past(pilot, day: date, start: str, end: str) -> LogPastScreen:
    """l on the meeting log: the day, start and end typed, ctrl+s; the dialog (still open if refused)."""
    await pilot.press("l")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, LogPastScreen)
    await type_date(pilot, day)
    await pilot.press("tab")
    await type_text(pilot, start)
    await pilot.press("tab")
    await type_text(pilot, end)
    await pilot.press("ctrl+s")
    await pilot.pause()
    return dialog


async def enter(pilot, text: str) -> None:
    """Type an entry into the note field and press Enter."""
    assert pilot.app.focused.id == "note"
    await type_text(pilot, text + "\n")
    await pilot.pause()


def carried(screen) -> list[str]:
    """The carried-over action items in a session's agenda."""
    options = screen.query_one("#carried", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def test_the_session_timer_says_its_units():
    assert [elapsed_text(n) for n in (0, 30, 65, 59 * 60 + 59, 3600, 3900)] == [
        "0 min 00 s",
        "0 min 30 s",
        "1 min 05 s",
        "59 min 59 s",
        "1 h 00 min",
        "1 h 05 min",
    ]


def test_entry_prefixes():
    assert split_entry("a: Draft plan") == ("action", "Draft plan")
    assert split_entry("D:  Meet weekly ") == ("decision", "Meet weekly")
    assert split_entry("p: worry") == ("private", "worry")
    assert split_entry("as agreed: more") == ("note", "as agreed: more")
    assert split_action("Draft plan @ben due:2026-02-01", "ana") == ("Draft plan", "ben", date(2026, 2, 1))
    assert split_action("Read due:2026-03-01 @cy", "ana") == ("Read", "cy", date(2026, 3, 1))
    assert split_action("Read the paper", "ana") == ("Read the paper", "ana", None)


async def test_a_whole_session_by_keys_is_stored_and_exported(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        timer = str(session.query_one("#timer").render())
        assert re.search(r"· 0 min 0\d s of 30–60 min$", timer), timer  # not "0:03", read as hours
        assert "Salary talks" in str(session.query_one("#off-limits").render())
        await enter(pilot, "Talked about the first draft")
        await enter(pilot, "a: Draft plan @ben due:2026-02-01")
        await enter(pilot, "d: Meet fortnightly")
        await enter(pilot, "p: private worry")
        assert session.query_one("#note", Input).value == ""
        shown = str(session.query_one("#entries").render())
        assert "ana Talked about the first draft" in shown and "private worry" in shown

        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("tab")
        await type_text(pilot, "140\n")
        await pilot.pause()
        assert message_at(app.screen, "progress-percent") == "A whole number from 0 to 100."
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "40")
        await pilot.press("tab")
        await type_text(pilot, "Outline done\n")
        await pilot.pause()
        assert app.screen is session
        assert "40 % Publish a paper" in str(session.query_one("#goals").render())

        # Typed straight after ctrl+g, as people do: the digits are the new %, on the goal shown.
        burst(pilot, "55", "ctrl+g")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ProgressScreen)
                and app.screen.query_one("#progress-percent", Input).value == "55"
            ),
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is session
        assert "55 % Publish a paper" in str(session.query_one("#goals").render())

        await end_session(pilot, date(2027, 1, 5), "1000")
        statuses = [row[1] for row in rows_of(app.screen, "meetings")]
        assert statuses == ["held", "planned"]

    stored = Store(tmp_path).load(agreement_id)
    held, planned = meetings.in_order(stored)
    assert [(n.text, n.author, n.private) for n in held.notes] == [
        ("Talked about the first draft", "ana", False),
        ("private worry", "ana", True),
    ]
    assert [(a.text, a.owner, a.due, a.done_at) for a in held.actions] == [
        ("Draft plan", "ben", date(2026, 2, 1), None),
    ]
    assert [d.text for d in held.decisions] == ["Meet fortnightly"]
    entry, typed_at_once = stored.goals[0].progress
    assert (entry.percent, entry.comment, entry.by, entry.meeting_id) == (40, "Outline done", "ana", held.id)
    assert (typed_at_once.percent, typed_at_once.meeting_id) == (55, held.id)
    assert held.status is MeetingStatus.HELD and held.started_at <= held.ended_at
    next_time = from_local(date(2027, 1, 5), time(10, 0))
    assert held.next_meeting == next_time
    assert (planned.status, planned.planned_for, planned.started_at) == (MeetingStatus.PLANNED, next_time, None)

    exported = agreement_markdown(stored)
    for text in ("Talked about the first draft", "Meet fortnightly", "Draft plan"):
        assert text in exported
    assert "private worry" not in exported


async def test_ctrl_o_marks_the_chosen_action_done_and_again_opens_it_again(tmp_path):
    earlier = now() - timedelta(days=14)
    first = Meeting(
        status=MeetingStatus.HELD,
        planned_for=earlier,
        started_at=earlier,
        ended_at=earlier + timedelta(minutes=45),
        actions=(ActionItem(text="Send CV", owner="ben"), ActionItem(text="Book the room", owner="ana")),
    )
    agreement_id = store_agreement(tmp_path, meetings=(first,))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        assert carried(session) == ["Send CV @ben", "Book the room @ana"]
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ActionChoiceScreen), "nothing is marked without being chosen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is session and carried(session) == ["Send CV @ben", "Book the room @ana"]
        await pilot.press("ctrl+o", "down", "enter")  # the second one
        await pilot.pause()
        assert carried(session) == ["Send CV @ben"]
        await saved(pilot)
        done = {a.text: a.done for a in Store(tmp_path).load(agreement_id).meeting(first.id).actions}
        assert done == {"Send CV": False, "Book the room": True}
        await pilot.press("ctrl+o", "down", "enter")  # ✓ Book the room, marked here: open again
        await pilot.pause()
        assert carried(session) == ["Send CV @ben", "Book the room @ana"]
        await saved(pilot)
    assert not any(a.done for a in Store(tmp_path).load(agreement_id).meeting(first.id).actions)


async def test_open_actions_carry_over_until_done(tmp_path):
    earlier = now() - timedelta(days=14)
    first = Meeting(
        status=MeetingStatus.HELD,
        planned_for=earlier,
        started_at=earlier,
        ended_at=earlier + timedelta(minutes=45),
        actions=(ActionItem(text="Send CV", owner="ben"),),
    )
    agreement_id = store_agreement(tmp_path, meetings=(first,))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert rows_of(log, "meetings")[0][4] == "1", "one open action item"
        await pilot.press("s")  # the highlighted meeting was held: a new one starts now
        await pilot.pause()
        assert carried(app.screen) == ["Send CV @ben"]
        await pilot.press("ctrl+o")  # the carried-over items to choose from; Enter marks one done
        await pilot.pause()
        assert isinstance(app.screen, ActionChoiceScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert carried(app.screen) == []
        await saved(pilot)
        done_at = Store(tmp_path).load(agreement_id).meeting(first.id).actions[0].done_at
        assert done_at is not None and done_at > earlier
        await pilot.press("ctrl+n", "enter")  # no next meeting agreed yet
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen)
        assert rows_of(app.screen, "meetings")[0][4] == "0"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert carried(app.screen) == []

    stored = Store(tmp_path).load(agreement_id)
    assert len(stored.meetings) == 3
    assert meetings.open_actions(stored) == []


async def test_a_cancellation_with_short_notice_is_flagged(tmp_path):
    soon, later = now() + timedelta(hours=5), now() + timedelta(days=10)
    agreement_id = store_agreement(
        tmp_path,
        tentative_meetings=(
            TentativeMeeting(when=soon, purpose="Draft review"),
            TentativeMeeting(when=later, purpose="Plan"),
        ),
    )
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert [row[1] for row in rows_of(log, "meetings")] == ["planned", "planned"]
        await pilot.press("c")
        await pilot.pause()
        assert "⚠ short notice" in str(app.screen.query_one("#cancel-notice").render())
        await type_text(pilot, "ill\n")
        await pilot.pause()
        await pilot.press("down", "c", "enter")
        await pilot.pause()
        assert [row[1] for row in rows_of(log, "meetings")] == ["cancelled ⚠ short notice", "cancelled"]

    short, enough = meetings.in_order(Store(tmp_path).load(agreement_id))
    assert (short.cancellation.by, short.cancellation.reason) == ("ana", "ill")
    assert enough.status is MeetingStatus.CANCELLED and enough.cancellation.reason == ""


async def test_an_interrupted_session_is_resumed_with_every_note(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_session(pilot)
        await enter(pilot, "Before the connection dropped")
        await type_text(pilot, "Held for ctrl+t")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await type_text(pilot, "typed but never entered")  # kept too: saved as a note on stopping

    again = MentorApp(tmp_path, user="ana")
    async with again.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert rows_of(log, "meetings")[0][1] == "in progress"
        await pilot.press("enter")
        await pilot.pause()
        session = again.screen
        assert isinstance(session, SessionScreen)
        shown = str(session.query_one("#entries").render())
        assert "Before the connection dropped" in shown and "decided Held for ctrl+t" in shown
        assert "typed but never entered" in shown
        await enter(pilot, "After resuming")
        await pilot.press("escape", "s")  # s on the log resumes the same meeting too
        await pilot.pause()
        assert isinstance(again.screen, SessionScreen) and again.screen.meeting_id == session.meeting_id

    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert meeting.in_progress
    assert [n.text for n in meeting.notes] == [
        "Before the connection dropped",
        "typed but never entered",
        "After resuming",
    ]
    assert [d.text for d in meeting.decisions] == ["Held for ctrl+t"]


async def test_what_is_typed_without_enter_is_saved_on_ending_or_going_back(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        await type_text(pilot, "d: typed, then back")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen)
        await pilot.press("s")  # the same meeting, resumed
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await type_text(pilot, "typed, then ended")
        await end_session(pilot, date.today() + timedelta(days=14), "15:00")
        await saved(pilot)
    [meeting] = [m for m in Store(tmp_path).load(agreement_id).meetings if m.started_at]
    assert [d.text for d in meeting.decisions] == ["typed, then back"], "its prefix read as typed"
    assert [n.text for n in meeting.notes] == ["typed, then ended"]
    assert not meeting.in_progress


async def test_typed_text_that_cannot_be_saved_keeps_the_person_on_the_session(tmp_path):
    store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        await type_text(pilot, "a: send it due:2026-02-31")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is session, "not left: what was typed would be lost"
        assert session.query_one("#note", Input).value == "a: send it due:2026-02-31"
        assert any("Not saved" in (n.title or "") for n in app._notifications)


async def test_log_a_past_meeting_with_real_times(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        dialog = await log_past(pilot, date(2026, 1, 5), "1500", "1400")
        assert app.screen is dialog, "a bad end time keeps the dialog open"
        assert message_at(dialog, "past-end") == "The meeting must end after it starts."
        assert message_at(dialog, "past-start") == ""
        await pilot.press("shift+tab", "tab")  # back into the field: its text is selected
        await type_text(pilot, "1630")
        await pilot.press("tab", "tab")  # the location keeps the agreed one
        await type_text(pilot, "Catch-up")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is log
        [row] = rows_of(log, "meetings")
        assert row[0].startswith("2026-01-05 15:00") and row[1:4] == ["held", "90", "Catch-up"]

    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert meeting.started_at == from_local(date(2026, 1, 5), time(15, 0))
    assert meeting.ended_at == from_local(date(2026, 1, 5), time(16, 30))
    assert (meeting.location, meeting.purpose, meeting.status) == ("Room 2", "Catch-up", MeetingStatus.HELD)


async def test_what_is_recorded_in_a_past_meeting_takes_its_date(tmp_path):
    """Progress, notes and decisions added to a meeting held in February are February's: the
    timeline and the export keep the year's history in order."""
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        await log_past(pilot, date(2026, 2, 2), "1700", "1745")
        assert app.screen is log
        await pilot.press("enter")  # opens the held meeting
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert "Session 2026-02-02 17:00" in str(session.query_one("#timer").render()), "the day is shown"
        from .pilot import footer_keys

        assert "end" not in [k.action for k in footer_keys(session)], "an ended meeting offers no End"
        await enter(pilot, "d: weekly 1:1 with the PM")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await type_text(pilot, "15")
        await pilot.press("ctrl+s")
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    [meeting] = stored.meetings
    ended = from_local(date(2026, 2, 2), time(17, 45))
    assert meeting.ended_at == ended
    assert [d.at for d in meeting.decisions] == [ended]
    assert [e.at for e in stored.goals[0].progress] == [ended]


async def test_a_meeting_both_edited_at_once_says_what_of_theirs_was_written_over(tmp_path, monkeypatch):
    from mentortui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 60)  # Ben's save is not seen before ours
    agreement_id = store_agreement(tmp_path)
    start, end = from_local(date(2026, 1, 5), time(15, 0)), from_local(date(2026, 1, 5), time(16, 0))
    Store(tmp_path).update(agreement_id, lambda a: meetings.log_past(a, start, end, "Room 2", "Catch-up")[0])
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        ben = Store(tmp_path, user="ben")
        stored = ben.load(agreement_id)
        ben.save(stored.edit(meetings=(stored.meetings[0].edit(location="Office Ben"),)))
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#past-location", Input).value = "Cafe Ana"
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert app.screen is log
        said = [n.message for n in app._notifications]
        assert any("yours was saved over theirs: location was “Office Ben”" in m for m in said), said
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert meeting.location == "Cafe Ana"


async def test_edit_corrects_a_meetings_time_place_and_purpose(tmp_path):
    agreement_id = store_agreement(tmp_path)
    store = Store(tmp_path)
    store.update(
        agreement_id,
        lambda a: meetings.log_past(
            a,
            from_local(date(2026, 1, 5), time(15, 0)),
            from_local(date(2026, 1, 5), time(16, 0)),
            "Room 2",
            "Catch-up",
        )[0],
    )
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogPastScreen)
        assert dialog.query_one("#past-purpose", Input).value == "Catch-up", "the form starts filled in"
        await pilot.press("tab", "tab")  # to the end time: its text is selected
        await type_text(pilot, "1645")
        await pilot.press("tab")
        dialog.query_one("#past-location", Input).value = "Cafe"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is log
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert meeting.started_at == from_local(date(2026, 1, 5), time(15, 0))
    assert meeting.ended_at == from_local(date(2026, 1, 5), time(16, 45))
    assert (meeting.location, meeting.purpose) == ("Cafe", "Catch-up")


async def test_ending_a_session_on_a_tentative_rows_time_plans_that_meeting_once(tmp_path):
    row_time = from_local(date(2027, 1, 5), time(10, 0))
    agreement_id = store_agreement(
        tmp_path, tentative_meetings=(TentativeMeeting(when=row_time, purpose="Draft review"),)
    )
    store = Store(tmp_path)
    store.update(agreement_id, meetings.plan_from_schedule)  # the row is in the log already
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_session(pilot)
        await end_session(pilot, date(2027, 1, 5), "1000")
        assert [row[1] for row in rows_of(app.screen, "meetings")].count("planned") == 1
    planned = [m for m in Store(tmp_path).load(agreement_id).meetings if m.status is MeetingStatus.PLANNED]
    assert [(m.planned_for, m.purpose) for m in planned] == [(row_time, "Draft review")]


async def test_a_closed_agreements_log_says_read_only_before_any_form_opens(tmp_path):
    from mentortui.model.lifecycle import terminate

    agreement_id = store_agreement(tmp_path)
    Store(tmp_path).update(agreement_id, lambda a: terminate(a, date.today(), "ben", now(), "moved"))
    before = Store(tmp_path).path_of(agreement_id).read_bytes()
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        for key in ("l", "s"):  # log a past meeting; start one
            app._notifications.clear()
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is log, f"{key}: no form opens on a closed agreement"
            said = " ".join(str(n.message) for n in app._notifications)
            assert "read-only" in said and "Reopen it" in said
    assert Store(tmp_path).path_of(agreement_id).read_bytes() == before


async def test_a_past_meeting_before_the_start_date_is_pointed_out_once(tmp_path):
    agreement_id = store_agreement(tmp_path, start_date=date(2026, 1, 12), end_date=date(2026, 12, 18))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        dialog = await log_past(pilot, date(2026, 1, 5), "1500", "1600")
        assert app.screen is dialog, "not logged without a word"
        assert message_at(dialog, "past-date") == (
            "This is before the agreement's start date, 2026-01-12: ctrl+s again logs it anyway."
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is log
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert meeting.started_at == from_local(date(2026, 1, 5), time(15, 0))


async def test_the_sessions_palette_lists_its_actions_first_and_no_editing_keys(tmp_path):
    store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot)
        await pilot.press("s")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen) and app.focused.id == "note"
        titles = [c.title for c in app.get_system_commands(session)]
        assert titles[0] == "Save the typed text as an action item"
        assert "Choose a carried-over action item to mark done (or open again)" in titles[:8]
        assert not any("Delete all to the right" in t or (t[:6] == "Delete" and "right" in t) for t in titles)
        assert titles.index("Quit") > titles.index("Save the typed text as a decision")
        assert "Focus Next" not in titles


async def test_every_key_of_the_meeting_log_fits_its_footer_at_80_columns(tmp_path):
    """Every key, Delete (d) too, is drawn whole, left of the palette key, and in the palette."""
    from mentortui.model.sample import sample_agreement

    from .pilot import footer_keys

    Store(tmp_path).create(sample_agreement())
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen)
        keys = footer_keys(app.screen)
        [palette] = [key for key in keys if key.palette]
        drawn = {key.key: key for key in keys if key is not palette}
        assert {"e", "d", "s", "l", "c", "u", "i", "escape"} <= set(drawn)
        for key in drawn.values():
            assert key.end > key.start and key.end <= palette.start, key.key
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Delete the meeting", "Export the meetings as a calendar file (.ics)"} <= titles


async def test_a_meeting_keeps_the_zone_it_was_planned_in_for_calendars(tmp_path, viewer_zone):
    """Planned in New York by keys, exported by someone in Paris: the event is at New York time."""
    from icalendar import Calendar

    from mentortui.export.calendar import agreements_calendar, uid

    viewer_zone("America/New_York")
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_session(pilot)
        await end_session(pilot, date.today() + timedelta(days=14), "09:30")
        await pilot.press("escape")
        await pilot.pause()
    stored = Store(tmp_path).load(agreement_id)
    [planned] = [m for m in stored.meetings if m.status is MeetingStatus.PLANNED]
    assert planned.zone == "America/New_York"
    viewer_zone("Europe/Paris")
    from zoneinfo import ZoneInfo

    events = {
        str(e["UID"]): e
        for e in Calendar.from_ical(agreements_calendar([stored], zone=ZoneInfo("Europe/Paris"))).walk("VEVENT")
    }
    start = events[uid(stored, planned)].decoded("DTSTART")
    assert str(start.tzinfo) == "America/New_York" and (start.hour, start.minute) == (9, 30)
    assert start == planned.planned_for


async def end_dialog(pilot) -> EndSessionScreen:
    """From the list: the meeting log, s to start a session, ctrl+n to end it; its dialog."""
    await open_session(pilot)
    await pilot.press("ctrl+n")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, EndSessionScreen)
    return dialog


async def test_a_next_meeting_after_the_end_date_is_pointed_out_once_then_planned(tmp_path):
    agreement_id = store_agreement(tmp_path, start_date=date(2026, 1, 1), end_date=date(2027, 1, 31))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await end_dialog(pilot)
        await type_date(pilot, date(2027, 2, 15))
        await pilot.press("tab")
        await type_text(pilot, "1000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog, "not planned yet: said first"
        assert "after the agreement's end date, 2027-01-31" in message_at(dialog, "next-date")
        assert dialog.query_one("#next-time", Input).value == "10:00", "what was typed stays"
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, MeetingLogScreen)
    planned = [m for m in Store(tmp_path).load(agreement_id).meetings if m.status is MeetingStatus.PLANNED]
    assert [m.planned_for.date() for m in planned] == [date(2027, 2, 15)]


async def test_s_holds_the_highlighted_planned_meeting_only_when_it_is_due(tmp_path):
    """The log opens on the next planned meeting: s there, weeks ahead, starts a new meeting
    and leaves that one planned on its date; a meeting planned for about now is the one held."""
    from datetime import datetime, timedelta

    soon = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=1)
    later = soon + timedelta(days=60)
    agreement_id = store_agreement(tmp_path, meetings=(Meeting(planned_for=later, purpose="Far"),))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert log.table.current_id == Store(tmp_path).load(agreement_id).meetings[0].id, "opens on it"
        await pilot.press("s")
        await saved(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "stays planned" in " ".join(n.message for n in app._notifications)
    far, new = sorted(Store(tmp_path).load(agreement_id).meetings, key=lambda m: m.purpose != "Far")
    assert (far.status, far.planned_for, far.started_at) == (MeetingStatus.PLANNED, later, None)
    assert new.status is MeetingStatus.HELD and new.started_at is not None

    other = store_agreement(tmp_path / "b", meetings=(Meeting(planned_for=soon, purpose="Now"),))
    app = MentorApp(tmp_path / "b", user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot)
        await pilot.press("s")
        await saved(pilot)
        assert isinstance(app.screen, SessionScreen)
    [held] = Store(tmp_path / "b").load(other).meetings
    assert (held.purpose, held.status) == ("Now", MeetingStatus.HELD) and held.started_at is not None


async def test_the_end_dialogs_footer_names_its_key_as_its_button_does(tmp_path):
    store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await end_dialog(pilot)
        keys = {key: b.binding.description for key, b in dialog.active_bindings.items() if b.binding.show}
        assert keys.get("ctrl+s") == "End" and "End (ctrl+s)" in str(dialog.query_one("#save").label)


async def test_the_call_off_and_end_early_dialogs_name_their_keys_as_their_buttons_do(tmp_path):
    from mentortui.screens.reviews.decision import terminate_screen

    store_agreement(tmp_path, tentative_meetings=(TentativeMeeting(when=now() + timedelta(days=3)),))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot)
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        keys = {key: b.binding.description for key, b in dialog.active_bindings.items() if b.binding.show}
        assert (keys.get("ctrl+s"), keys.get("escape")) == ("Call off", "Keep it")
        await pilot.press("escape")
        await pilot.pause()
        ending = terminate_screen(Store(tmp_path).load(store_agreement(tmp_path)))
        await app.push_screen(ending)
        await pilot.pause()
        keys = {key: b.binding.description for key, b in ending.active_bindings.items() if b.binding.show}
        assert (keys.get("ctrl+s"), keys.get("escape")) == ("End it", "Keep it")
    from mentortui.screens.common.dialog import FormDialog

    assert [b.description for b in FormDialog._merged_bindings.key_to_bindings["ctrl+s"]] == ["Save"], "unchanged"


async def test_a_meeting_past_the_limit_is_refused_when_asked_for(tmp_path):
    """At 2,000 meetings, l (log a past one) says there is no room instead of opening a dialog
    whose meeting would then not save."""
    from mentortui.model.hygiene import MAX_MEETINGS
    from mentortui.model.sample import sample_agreement

    agreement_id = Store(tmp_path).create(sample_agreement(meetings=MAX_MEETINGS - 1)).id
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is log
        assert any("An agreement has at most 2,000 meetings" in str(n.message) for n in app._notifications)
    assert len(Store(tmp_path).load(agreement_id).meetings) == MAX_MEETINGS


def test_what_of_theirs_was_written_over_reads_as_words_not_code():
    from mentortui.model import Reflection, Role
    from mentortui.model.merge import Conflict
    from mentortui.screens.common.watched import overwritten

    reflections = Conflict(
        "evaluations",
        "e1",
        None,
        (Reflection(Role.MENTEE, "Ben's words", ""),),
        (Reflection(Role.MENTEE, "Ana's", ""),),
    )
    assert overwritten(reflections) == "worked was “Ben's words”"
    assert overwritten(Conflict("title", None, "Old", "Theirs", "Mine")) == "title was “Theirs”"


async def test_the_second_to_end_a_session_is_told_whose_next_meeting_stands(tmp_path, monkeypatch):
    from mentortui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 60)  # Ben's end is not seen before Ana's
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        await saved(pilot)
        ben = Store(tmp_path, user="ben")
        stored = ben.load(agreement_id)
        bens_next = from_local(date.today() + timedelta(days=15), time(16, 0))
        ben.save(meetings.end(stored, session.meeting_id, now(), bens_next))
        await end_session(pilot, date.today() + timedelta(days=14), "15:00")
        await saved(pilot)
        said = " ".join(n.message for n in app._notifications)
        assert "yours was saved over theirs" in said, said
        assert f"next meeting was “{show(bens_next)}”" in said, "theirs, as a time in the viewer's zone"
    planned = [m for m in Store(tmp_path).load(agreement_id).meetings if m.status is MeetingStatus.PLANNED]
    assert len(planned) == 1, "one next meeting"
