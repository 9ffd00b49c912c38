"""Pilot test of calling off a planned meeting whose time has passed: what the dialog says, and the log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentortui.app import MentorApp
from mentortui.model import Agreement, Meeting, MeetingStatus, Party, Schedule, now
from mentortui.screens.meetings.dialogs import CancelMeetingScreen
from mentortui.store import Store

from .pilot import SIZE, rows_of, type_text
from .test_meetings import open_log

PASSED = "The meeting time has passed: calling it off records that it did not take place"


@pytest.mark.parametrize(
    ("notice_hours", "said", "logged"),
    [
        (48, f"{PASSED}, with no notice given (agreed: 48 h) ⚠ short notice", "cancelled ⚠ short notice"),
        (None, f"{PASSED}.", "cancelled"),
    ],
)
async def test_calling_off_a_meeting_whose_time_has_passed(tmp_path, notice_hours, said, logged):
    past = Meeting(planned_for=now() - timedelta(hours=3), purpose="Draft review")
    agreement = Agreement(
        mentee=Party(name="Ana Silva", handle="ana"),
        mentor=Party(name="Ben Okafor", handle="ben"),
        schedule=Schedule(notice_hours=notice_hours),
        meetings=(past,),
    )
    agreement_id = Store(tmp_path).create(agreement).id
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert [row[1] for row in rows_of(log, "meetings")] == ["planned"]
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CancelMeetingScreen)
        shown = " ".join(str(app.screen.query_one("#cancel-notice").render()).split())
        assert shown == said
        await type_text(pilot, "no-show\n")
        await pilot.pause()
        assert app.screen is log
        # The dialog flags short notice exactly when the log does, for the same meeting.
        assert [row[1] for row in rows_of(log, "meetings")] == [logged]

    [stored] = Store(tmp_path).load(agreement_id).meetings
    assert stored.status is MeetingStatus.CANCELLED and stored.cancellation.reason == "no-show"
