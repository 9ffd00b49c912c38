"""Provides a fully filled example agreement, for trying the app, tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from .agreement import (
    Acknowledgement,
    Agreement,
    Amendment,
    Party,
    Schedule,
    Signature,
    TentativeMeeting,
    Termination,
)
from .base import new_id
from .enums import (
    AgreementStatus,
    CareerStage,
    EvaluationDecision,
    EvaluationKind,
    GoalOutcome,
    MeetingStatus,
    MentorshipType,
    Role,
)
from .evaluation import Evaluation, GoalReview, Reflection
from .goal import Goal, Milestone, ProgressEntry
from .meeting import ActionItem, Cancellation, Decision, Meeting, Note


def sample_meeting(when: datetime, n: int = 0) -> Meeting:
    """A held meeting with a shared and a private note, an action item and a decision."""
    return Meeting(
        id=new_id(),
        status=MeetingStatus.HELD,
        planned_for=when,
        started_at=when,
        ended_at=when + timedelta(minutes=45),
        location="Video call",
        purpose=f"Review progress ({n})",
        notes=(
            Note(text="Went through the case notes | with *care*", author="ana", at=when),
            Note(text="Private worry about workload", author="ben", at=when, private=True),
        ),
        actions=(ActionItem(text="Draft the study plan", owner="ana", due=when.date()),),
        decisions=(Decision(text="Meet fortnightly until the exam", at=when),),
        next_meeting=when + timedelta(days=14),
    )


def sample_agreement(meetings: int = 2) -> Agreement:
    """An agreement with every field filled, from the contents of the two seed forms."""
    start = date(2026, 1, 12)
    first = datetime(2026, 1, 12, 15, 0, tzinfo=UTC)
    goal = Goal(
        title="Achieve CCM certification",
        owner=Role.MENTEE,
        specific="Pass the CCM exam on the first attempt",
        measurable="Practice-test scores above 80 % by the exam date",
        achievable="Study two evenings a week with the official guide",
        relevant="Required for the case-manager role I am applying for",
        target_date=date(2026, 6, 30),
        milestones=(
            Milestone(title="Finish the study guide", due=date(2026, 3, 31), done_on=date(2026, 3, 28)),
            Milestone(title="Three practice tests above 80 %", due=date(2026, 5, 31)),
        ),
        resources_needed="Study guide; exam fee",
        potential_obstacles="Night shifts in March",
        progress=(
            ProgressEntry(percent=20, comment="Guide started", at=first, by="ana"),
            ProgressEntry(percent=55, comment="Guide done", at=first + timedelta(days=70), by="ana"),
        ),
        baseline_rating=2,
        final_rating=4,
    )
    leader = Goal(
        title="Gain leadership skills",
        owner=Role.MENTOR,
        specific="Lead the weekly team huddle",
        measurable="Peer feedback after eight huddles",
        achievable="The manager agreed to hand over the huddle",
        relevant="Mentoring others is part of my growth plan",
        target_date=date(2026, 9, 30),
        baseline_rating=3,
    )
    held = tuple(sample_meeting(first + timedelta(days=14 * i), i) for i in range(meetings))
    if held:  # the first reading was taken at the first meeting
        first_reading = goal.progress[0].edit(meeting_id=held[0].id)
        goal = goal.edit(progress=(first_reading, *goal.progress[1:]))
    cancelled = Meeting(
        status=MeetingStatus.CANCELLED,
        planned_for=datetime(2026, 2, 23, 15, 0, tzinfo=UTC),
        cancellation=Cancellation(by="ben", at=datetime(2026, 2, 23, 9, 0, tzinfo=UTC), reason="Clinic emergency"),
    )
    return Agreement(
        title="Ana ↔ Ben: CCM year",
        mentee=Party("Ana Silva", "ana@example.org", CareerStage.EARLY_CAREER),
        mentor=Party("Ben Okafor", "@ben", CareerStage.LATE_CAREER),
        mentorship_types=(MentorshipType.DISTANCE, MentorshipType.TRADITIONAL),
        start_date=start,
        end_date=date(2026, 12, 18),
        schedule=Schedule(
            frequency="every two weeks",
            length_min_minutes=30,
            length_max_minutes=60,
            location="virtual",
            place_time="Mondays 15:00 UTC on the clinic's video service",
            notice_hours=24,
        ),
        tentative_meetings=(
            TentativeMeeting(when=first, duration_minutes=60, location="virtual", purpose="Agreement"),
            TentativeMeeting(when=first + timedelta(days=14), duration_minutes=45, location="virtual", purpose="Goals"),
        ),
        mentee_hopes="Certified, and confident leading complex cases",
        mentor_hopes="Better at giving feedback across distance",
        goals=(goal, leader),
        evaluation_metrics="Certification passed; huddle feedback average of 4 or more",
        resources=("CCM study guide", "Case management body of knowledge"),
        off_limits=("Salary negotiations", "Other staff's performance"),
        acknowledgements=(
            Acknowledgement(Role.MENTEE, "Ana Silva", first),
            Acknowledgement(Role.MENTOR, "Ben Okafor", first),
        ),
        signatures=(
            Signature(Role.MENTEE, "Ana Silva", start, first, "0" * 64),
            Signature(Role.MENTOR, "Ben Okafor", start, first, "1" * 64),
        ),
        termination=Termination(on=date(2026, 12, 1), by="ben", reason="Moved abroad"),
        status=AgreementStatus.AMENDED,
        amendments=(Amendment(at=first, by="ana", fields=("goals",), summary="changed goals"),),
        meetings=(*held, cancelled),
        evaluations=(
            Evaluation(
                kind=EvaluationKind.END,
                on=date(2026, 12, 18),
                by=("Ana Silva", "Ben Okafor"),
                goals=(GoalReview(goal.id, GoalOutcome.MET, "Passed in June"),),
                reflections=(
                    Reflection(Role.MENTEE, "Fortnightly rhythm", "More practice tests"),
                    Reflection(Role.MENTOR, "Clear goals", "Shorter calls"),
                ),
                decision=EvaluationDecision.EXTEND,
                new_end_date=date(2027, 6, 30),
            ),
        ),
        created_at=first,
        updated_at=first,
        updated_by="ana",
    )
