"""End to end by keys: a whole agreement from an empty data directory to signed and exported."""

from __future__ import annotations

import stat
import time as system_time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mentortui.app import MentorApp
from mentortui.model import (
    Acknowledgement,
    Agreement,
    AgreementStatus,
    CareerStage,
    Goal,
    MentorshipType,
    Milestone,
    Party,
    Role,
    Schedule,
)
from mentortui.model.agreement import (
    Signature,
    TentativeMeeting,
    default_termination_clause,
    default_values,
)
from mentortui.model.signing import content_hash, is_current
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.agreement.export import ExportScreen
from mentortui.screens.agreement.tentative import FillScheduleScreen
from mentortui.screens.home.screen import HomeScreen
from mentortui.store import Store
from mentortui.widgets.steps_bar import StepsBar

from .pilot import (
    SIZE,
    add_goal,
    add_tentative_meeting,
    blanked,
    choose,
    fill_new_agreement,
    go_to_step,
    keys,
    markdown_blocks,
    paste_text,
    rows_of,
    sign_as,
    tab_to,
    type_text,
    workers_done,
)

pytestmark = pytest.mark.skipif(not hasattr(system_time, "tzset"), reason="needs time.tzset")
BERLIN = ZoneInfo("Europe/Berlin")  # summer time from 2026-03-29: CET, then CEST

ANA = Party("Ana Silva", "ana@x.org", CareerStage.EARLY_CAREER, handle="ana")
BEN = Party("Ben Okafor", "@ben", CareerStage.LATE_CAREER, handle="ben")
EXAM = Goal(
    title="CCM exam",
    owner=Role.MENTEE,
    specific="June sitting",
    measurable="A pass",
    achievable="10 h/week",
    relevant="New role",
    target_date=date(2026, 6, 30),
    milestones=(Milestone("Mock exam", due=date(2026, 4, 15), done_on=date(2026, 4, 10)),),
    resources_needed="Mock tests",
    potential_obstacles="Shifts",
    baseline_rating=2,
)
FEEDBACK = Goal(
    title="Feedback",
    owner=Role.MENTOR,
    specific="Written notes",
    measurable="Rated 4/5",
    achievable="Fridays",
    relevant="Supervising",
    target_date=date(2026, 7, 15),
    milestones=(Milestone("A form", due=date(2026, 3, 1)),),
    resources_needed="A guide",
    potential_obstacles="Busy weeks",
    baseline_rating=3,
)
MEETINGS = (  # two typed by hand (2026-02-02 09:30 and 04-20), the rest filled monthly at 10:00
    # Each row keeps the zone it was planned in (the viewer's), for calendars.
    TentativeMeeting(datetime(2026, 2, 2, 9, 30, tzinfo=BERLIN), 30, "off-site", "Start | goals", "Europe/Berlin"),
    *(TentativeMeeting(datetime(2026, m, 2, 10, tzinfo=BERLIN), 45, "virtual", zone="Europe/Berlin") for m in (3, 4)),
    TentativeMeeting(datetime(2026, 4, 20, 17, 45, tzinfo=BERLIN), 45, "virtual", "Mid-point", "Europe/Berlin"),
    *(
        TentativeMeeting(datetime(2026, m, 2, 10, tzinfo=BERLIN), 45, "virtual", zone="Europe/Berlin")
        for m in (5, 6, 7)
    ),
)
RESPECT, HONESTY, CONFIDENTIALITY, PREPARATION = default_values()
EXPECTED = Agreement(
    title="CCM year",
    mentee=ANA,
    mentor=BEN,
    mentorship_types=(MentorshipType.LOCAL, MentorshipType.TRADITIONAL),
    start_date=date(2026, 2, 2),
    end_date=date(2026, 7, 31),
    schedule=Schedule("monthly", 45, 60, "virtual", "Tue 9:00, video", 24),
    tentative_meetings=MEETINGS,
    mentee_hopes="Certified\nTeam lead",
    mentor_hopes="Better feedback",
    goals=(EXAM, FEEDBACK),
    evaluation_metrics="Exam passed\nReviews led",
    resources=("CCM outline", "Mentor's Guide"),
    values=(
        RESPECT.edit(agreed=True, text=RESPECT.text + " Always."),
        *(clause.edit(agreed=True) for clause in (HONESTY, CONFIDENTIALITY, PREPARATION)),
    ),
    off_limits=("Pay", "Colleagues"),
    termination_clause=default_termination_clause().edit(agreed=True),
    acknowledgements=(
        Acknowledgement(Role.MENTEE, ANA.name),
        Acknowledgement(Role.MENTOR, BEN.name),
    ),
    signatures=(Signature(Role.MENTEE, ANA.name), Signature(Role.MENTOR, BEN.name)),
    status=AgreementStatus.ACTIVE,
    updated_by="ana",
)
#: What the comparison leaves out: ids, timestamps, and what is checked on its own below.
UNCOMPARED = dict(id="", at=None, created_at=None, updated_at=None, signed_on=None, content_hash="", revision=0)


async def fill(pilot, control_id: str, text: str) -> None:
    """Tab to a control and paste into it (an Input's text is selected on focus: replaced).

    The text goes in as a paste, the dates and times are typed: what is stored is the
    subject here; typing key by key is tested in test_typing."""
    await tab_to(pilot, control_id)
    await paste_text(pilot, text)


async def test_a_whole_agreement_typed_signed_and_exported(tmp_path, viewer_zone, monkeypatch):
    from mentortui.screens.agreement.steps import schedule

    viewer_zone("Europe/Berlin")
    # Set up on 2026-01-15, before it starts: fill from frequency plans no meeting before
    # today, and the test must not depend on the day it runs.
    monkeypatch.setattr(schedule, "today", lambda zone=None: date(2026, 1, 15))
    monkeypatch.chdir(tmp_path)  # the export is typed as a path relative to here
    target = tmp_path / "ana-and-ben.md"
    app = MentorApp(tmp_path / "data", user="ana")
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#empty").display, "the data directory starts empty"
        await fill_new_agreement(pilot, ANA.name, BEN.name, str(EXPECTED.start_date), str(EXPECTED.end_date))
        await pilot.press("ctrl+s")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, AgreementEditor)

        # Step 1, Parties: the names and dates came from the new-agreement form.
        await fill(pilot, "title", EXPECTED.title)
        for role, party, stage in ((Role.MENTEE, ANA, 3), (Role.MENTOR, BEN, 5)):
            await fill(pilot, f"{role}-handle", party.handle)
            await fill(pilot, f"{role}-contact", party.contact)
            await tab_to(pilot, f"{role}-career_stage")
            await choose(pilot, stage)  # blank, volunteer, trainee, early, mid, late career
        await tab_to(pilot, "mentorship_types")
        await keys(pilot, "down", "space", "down", "down", "space")  # local, traditional

        # Step 2, Goals, each on its own screen; then the evaluation metrics.
        await go_to_step(pilot, 2)
        for goal in EXPECTED.goals:
            await add_goal(pilot, goal)
        await fill(pilot, "evaluation_metrics", EXPECTED.evaluation_metrics)

        # Step 3, Schedule: two meetings by hand, then the rest from the frequency.
        await go_to_step(pilot, 3)
        for name in ("frequency", "length_min_minutes", "length_max_minutes", "location", "place_time", "notice_hours"):
            await fill(pilot, f"schedule-{name}", str(getattr(EXPECTED.schedule, name)))
        await tab_to(pilot, "tentative_meetings")
        await add_tentative_meeting(pilot, "2026-02-02", "09:30", "30", "off-site", "Start | goals")
        await add_tentative_meeting(pilot, "2026-04-20", "17:45", None, None, "Mid-point")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FillScheduleScreen)
        await type_text(pilot, "1000\n")  # over the first row's 09:30
        await pilot.pause()
        await fill(pilot, "resources", "\n".join(EXPECTED.resources))

        # Step 4, Hopes & values: every clause agreed, the first one's wording added to.
        await go_to_step(pilot, 4)
        await fill(pilot, "mentee_hopes", EXPECTED.mentee_hopes)
        await fill(pilot, "mentor_hopes", EXPECTED.mentor_hopes)
        for clause in (*EXPECTED.values, EXPECTED.termination_clause):
            await tab_to(pilot, f"clause-{clause.key}-agreed")
            await keys(pilot, "space")
            if clause.key == "respect":
                await tab_to(pilot, "clause-respect-text")
                await keys(pilot, "end")
                await paste_text(pilot, " Always.")
            if clause.key == "confidentiality":
                await fill(pilot, "off_limits", "Pay\nColleagues\n")  # blank lines are dropped
        await pilot.pause()
        assert editor.query_one(StepsBar).complete == {0, 1, 2, 3}

        # Step 5, Review & sign: nothing missing; both sign; then export and leave.
        review = await go_to_step(pilot, 5)
        listing = review.query_one("#missing")
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert prompts == ["Nothing: the agreement is ready to sign."], "every field is filled"
        await sign_as(pilot, Role.MENTEE, ANA.name)
        await sign_as(pilot, Role.MENTOR, BEN.name)
        assert app.screen is editor
        assert "the agreement is active" in str(review.query_one("#signature-lines").render())
        assert editor.agreement.status is AgreementStatus.ACTIVE
        assert editor.query_one(StepsBar).complete == {0, 1, 2, 3, 4}

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await paste_text(pilot, target.name)  # over the suggested path, selected on opening
        await pilot.press("ctrl+s")
        await workers_done(app)  # the file is written in a worker
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # Title, mentee, mentor, end, status (the next meeting and alerts follow the real clock).
        assert [row[:5] for row in rows_of(app.screen, "agreements")] == [
            ["CCM year", "Ana Silva", "Ben Okafor", "2026-07-31", "active"]
        ]

    # The store holds exactly what was typed.
    [summary] = Store(tmp_path / "data").list_agreements()
    stored = Store(tmp_path / "data").load(summary.id)
    for name in ("mentee", "mentor", "schedule", "tentative_meetings", "goals", "values"):
        assert blanked(getattr(stored, name), **UNCOMPARED) == blanked(getattr(EXPECTED, name), **UNCOMPARED), (
            f"{name} differs"
        )  # field by field first: a failure names the part
    assert blanked(stored, **UNCOMPARED) == blanked(EXPECTED, **UNCOMPARED)
    assert all(row.when.utcoffset().total_seconds() == 0 for row in stored.tentative_meetings)
    assert all(is_current(stored, s) and s.signed_on == s.at.date() for s in stored.signatures)

    # The export: owner-only, with the sections, the parties, the meetings and the goals.
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    headings, tables = markdown_blocks(target.read_text())
    assert headings == [
        (1, "CCM year"),
        (2, "Parties"),
        (2, "Mentorship"),
        (2, "Schedule"),
        (3, "Tentative meeting schedule"),
        (2, "Hoped-for outcomes"),
        (3, "Mentee"),
        (3, "Mentor"),
        (2, "Goals"),
        (3, "Goal 1: CCM exam (mentee)"),
        (4, "Milestones"),
        (4, "Progress history"),
        (3, "Goal 2: Feedback (mentor)"),
        (4, "Milestones"),
        (4, "Progress history"),
        (3, "Evaluation metrics"),
        (2, "Meeting log"),
        (2, "Mid-point review"),
        (2, "End-date evaluation"),
        (2, "Resources and references"),
        (2, "Values and expectations"),
        (3, "Off-limits topics"),
        (3, "No-blame termination"),
        (2, "Disclaimer"),
        (2, "Signatures"),
        (2, "History"),
        (3, "Amendments"),
    ]
    parties, meetings, exam_milestones, feedback_milestones, signatures = tables
    assert parties == [
        ["Role", "Name", "Handle", "Contact", "Career stage"],
        ["Mentee", "Ana Silva", "ana", "ana@x.org", "early career"],
        ["Mentor", "Ben Okafor", "ben", "@ben", "late career"],
    ]
    assert meetings == [
        ["Date/Time", "Duration", "Location", "Purpose"],
        ["2026-02-02 09:30 CET", "30 minutes", "off-site", "Start | goals"],
        ["2026-03-02 10:00 CET", "45 minutes", "virtual", "—"],
        ["2026-04-02 10:00 CEST", "45 minutes", "virtual", "—"],
        ["2026-04-20 17:45 CEST", "45 minutes", "virtual", "Mid-point"],
        *([f"2026-0{m}-02 10:00 CEST", "45 minutes", "virtual", "—"] for m in (5, 6, 7)),
    ]
    assert exam_milestones[1:] == [["Mock exam", "2026-04-15", "2026-04-10"]]
    assert feedback_milestones[1:] == [["A form", "2026-03-01", "—"]]
    mentee_signed, mentor_signed = stored.signatures
    assert signatures[1:] == [
        ["Mentee", "Ana Silva", str(mentee_signed.signed_on), content_hash(stored), "current"],
        ["Mentor", "Ben Okafor", str(mentor_signed.signed_on), content_hash(stored), "current"],
    ]
    assert f"Status: active · revision {stored.revision}" in target.read_text().replace("**", "")
