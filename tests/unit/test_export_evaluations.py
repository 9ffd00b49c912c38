"""Tests of the export's mid-point review and end-date evaluation: order, wording, drafts left
out, typed text keeping the structure, and the history naming each decision.

The parsing helpers and the hostile strings are those of ``test_export``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache

import pytest

from mentortui.export import agreement_markdown
from mentortui.model import (
    Agreement,
    Amendment,
    Evaluation,
    EvaluationDecision,
    EvaluationKind,
    Goal,
    GoalOutcome,
    GoalReview,
    Party,
    ProgressEntry,
    Reflection,
    Role,
    lifecycle,
)
from mentortui.model.base import replace
from mentortui.model.sample import sample_agreement
from mentortui.model.signing import sign

from .test_export import HOSTILE, UTC, Doc, assert_shape_kept, exported, in_cell, one_line, shown

MID, END, LATER = date(2026, 6, 15), date(2026, 12, 18), date(2027, 6, 30)
AT = datetime(2026, 12, 18, 16, 0, tzinfo=UTC)
MIDPOINT_SECTION, EVALUATION_SECTION = "Mid-point review", "End-date evaluation"
GLANCE = "Progress at a glance"
MID_COLUMNS = ["Goal", "Target date", GLANCE]
END_COLUMNS = ["Goal", "Outcome", "Evidence", "Baseline", "Final", GLANCE]
SECRET = "Draft: still thinking"


def section_of(doc: Doc, title: str) -> Doc:
    """One level-2 section alone: from its heading up to the next level-1 or -2 heading."""
    opened = [i for i, t in enumerate(doc.tokens) if t.type == "heading_open"]
    first = next(i for i in opened if doc.tokens[i].tag == "h2" and doc.after(i) == title)
    last = next((i for i in opened if i > first and doc.tokens[i].tag in ("h1", "h2")), None)
    return Doc(doc.source, doc.tokens[first:last])


def reading(percent: int, day: date, hour: int = 15) -> ProgressEntry:
    at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return ProgressEntry(percent, "", at, "ana")


def both(worked: str, change: str) -> tuple[Reflection, ...]:
    return (Reflection(Role.MENTEE, worked, change), Reflection(Role.MENTOR, worked, change))


# -- every typed field of both reviews holding one text --------------------------------------


def reviewed(text: str) -> Agreement:
    """A mid-point review and an end-date evaluation, typed text everywhere, drafts too."""
    goal = Goal(
        id="g1",
        title=text,
        baseline_rating=2,
        target_date=date(2026, 9, 30),
        progress=(
            ProgressEntry(10, text, datetime(2026, 2, 2, 15, tzinfo=UTC), text),
            reading(40, date(2026, 6, 1)),
            reading(80, date(2026, 12, 1)),
            reading(100, date(2027, 1, 11)),  # after the evaluation: not at a glance
        ),
    )
    midpoint = Evaluation(
        kind=EvaluationKind.MIDPOINT,
        on=MID,
        by=(text, "Ben Okafor"),
        goals=(GoalReview("g1"), GoalReview("gone")),
        reflections=both(text, text),
        changes_agreed=text,
        goals_adjusted=text,
    )
    end = Evaluation(
        kind=EvaluationKind.END,
        on=END,
        by=(text, "Ben Okafor"),
        goals=(
            GoalReview("g1", GoalOutcome.MET, text, 4),
            GoalReview("gone", GoalOutcome.NOT_MET, text, 1),
        ),
        reflections=both(text, text),
        decision=EvaluationDecision.EXTEND,
        new_end_date=LATER,
    )
    drafts = (
        Evaluation(kind=EvaluationKind.MIDPOINT, reflections=both(SECRET, SECRET), changes_agreed=SECRET),
        Evaluation(kind=EvaluationKind.END, goals=(GoalReview("g1", evidence=SECRET),)),
    )
    # Stored out of date order, drafts among them, on purpose.
    return Agreement(goals=(goal,), evaluations=(drafts[1], end, drafts[0], midpoint))


@cache
def neutral_shape() -> list[str]:
    return exported(reviewed("x")).fingerprint()


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_text_in_the_reviews_reads_as_typed_and_changes_no_structure(text: str) -> None:
    doc = exported(reviewed(text))
    e, t, c = shown(text), one_line(text), in_cell(text)
    assert_shape_kept(doc, neutral_shape())
    # `visible` fails on any link, image, emphasis or code span the text might have made.
    midpoint = section_of(doc, MIDPOINT_SECTION)
    assert midpoint.headings() == [
        (2, MIDPOINT_SECTION),
        (3, "2026-06-15"),
        (4, "Goals so far"),
        (4, "Mentee"),
        (4, "Mentor"),
    ]
    assert midpoint.tables() == [
        [
            MID_COLUMNS,
            [c, "2026-09-30", "10 % → 40 %"],
            ["(removed goal)", "—", "—"],
        ]
    ]
    assert midpoint.paragraphs(in_list=True) == [
        f"Changes agreed: {e}",
        f"Goals adjusted: {e}",
        "Date: 2026-06-15",
        f"By: {t}, Ben Okafor",
        f"What is working: {e}",
        f"What is not: {e}",
        f"What is working: {e}",
        f"What is not: {e}",
    ]
    assert midpoint.paragraphs(in_list=False) == []
    end = section_of(doc, EVALUATION_SECTION)
    assert end.headings() == [
        (2, EVALUATION_SECTION),
        (3, "2026-12-18"),
        (4, "Goals"),
        (4, "Mentee"),
        (4, "Mentor"),
    ]
    assert end.tables() == [
        [
            END_COLUMNS,
            [c, "met", c, "2 of 5", "4 of 5", "10 % → 40 % → 80 %"],
            ["(removed goal)", "not met", c, "—", "1 of 5", "—"],
        ]
    ]
    assert end.paragraphs(in_list=True) == [
        "Decision: extended to 2027-06-30",
        "Date: 2026-12-18",
        f"By: {t}, Ben Okafor",
        f"What worked: {e}",
        f"What to change: {e}",
        f"What worked: {e}",
        f"What to change: {e}",
    ]
    assert end.paragraphs(in_list=False) == []
    assert SECRET not in doc.source and "\x1b" not in doc.source and "\r" not in doc.source


# -- place, order and what nothing recorded reads as -----------------------------------------


def test_the_reviews_sit_after_the_meeting_log_and_before_the_resources() -> None:
    top = [h for level, h in exported(sample_agreement()).headings() if level == 2]
    log = top.index("Meeting log")
    assert top[log : log + 4] == [
        "Meeting log",
        MIDPOINT_SECTION,
        EVALUATION_SECTION,
        "Resources and references",
    ]


def test_nothing_recorded_reads_as_one_line_each() -> None:
    doc = exported(Agreement())
    assert section_of(doc, MIDPOINT_SECTION).paragraphs(in_list=False) == [
        "No mid-point review recorded yet.",
    ]
    assert section_of(doc, EVALUATION_SECTION).paragraphs(in_list=False) == [
        "No end-date evaluation recorded yet.",
    ]
    assert len(section_of(doc, MIDPOINT_SECTION).tokens) == 6  # the heading, then the line


def without_drafts(agreement: Agreement) -> Agreement:
    return replace(agreement, evaluations=tuple(e for e in agreement.evaluations if e.on))


def test_drafts_are_left_out_without_a_trace() -> None:
    agreement = reviewed("Plain words")
    assert agreement_markdown(agreement, UTC) == agreement_markdown(without_drafts(agreement), UTC)
    only_drafts = replace(agreement, evaluations=tuple(e for e in agreement.evaluations if e.on is None))
    doc = exported(only_drafts)
    assert SECRET not in doc.source and "Draft" not in doc.source
    assert section_of(doc, MIDPOINT_SECTION).paragraphs(in_list=False) == [
        "No mid-point review recorded yet.",
    ]
    assert section_of(doc, EVALUATION_SECTION).paragraphs(in_list=False) == [
        "No end-date evaluation recorded yet.",
    ]


def test_an_extended_agreement_shows_each_evaluation_oldest_first() -> None:
    goal = Goal(
        id="g1",
        title="Certify",
        progress=(
            reading(30, date(2026, 6, 1)),
            reading(70, date(2026, 12, 1)),
            reading(90, date(2027, 6, 1)),
        ),
    )
    second = Evaluation(
        kind=EvaluationKind.END,
        on=LATER,
        by=("Ana", "Ben"),
        goals=(GoalReview("g1", GoalOutcome.MET, "Passed"),),
        decision=EvaluationDecision.COMPLETE,
    )
    first = Evaluation(
        kind=EvaluationKind.END,
        on=END,
        by=("Ana", "Ben"),
        goals=(GoalReview("g1", GoalOutcome.PARTLY_MET, "One test above 80 %"),),
        decision=EvaluationDecision.EXTEND,
        new_end_date=LATER,
    )
    doc = exported(Agreement(goals=(goal,), evaluations=(second, first)))
    end = section_of(doc, EVALUATION_SECTION)
    assert [h for h in end.headings() if h[0] == 3] == [(3, "2026-12-18"), (3, "2027-06-30")]
    assert [p for p in end.paragraphs(in_list=True) if p.startswith("Decision")] == [
        "Decision: extended to 2027-06-30",
        "Decision: completed",
    ]
    assert [table[1][-1] for table in end.tables()] == ["30 % → 70 %", "30 % → 70 % → 90 %"]


# -- decisions, as the lifecycle records them ------------------------------------------------


def ready_to_decide() -> tuple[Agreement, Evaluation]:
    agreement = Agreement(
        mentee=Party("Ana Silva"),
        mentor=Party("Ben Okafor"),
        start_date=date(2026, 1, 12),
        end_date=END,
        goals=(
            Goal(
                id="g1",
                title="Certify",
                baseline_rating=2,
                progress=(reading(60, date(2026, 9, 1)),),
            ),
        ),
    )
    # Signed by both: an agreement nobody signed cannot be completed (lifecycle.check_choice).
    signed_at = datetime(2026, 1, 12, 15, tzinfo=UTC)
    agreement = sign(sign(agreement, Role.MENTEE, "Ana Silva", signed_at), Role.MENTOR, "Ben Okafor", signed_at)
    review = lifecycle.current_review(agreement, EvaluationKind.END)
    lines = tuple(replace(line, outcome=GoalOutcome.PARTLY_MET, final_rating=3) for line in review.goals)
    review = review.edit(
        goals=lines,
        reflections=(
            Reflection(Role.MENTEE, "Steady rhythm", "More mock exams"),
            Reflection(Role.MENTOR, "", ""),
        ),
    )
    return lifecycle.put_review(agreement, review), review


def history_rows(doc: Doc) -> list[list[str]]:
    [amendments] = [t for t in doc.tables() if t[0] == ["When", "Who", "Kind", "What changed"]]
    return amendments[1:]


@pytest.mark.parametrize(
    ("decision", "new_end", "wording", "kind", "summary"),
    [
        (
            EvaluationDecision.EXTEND,
            LATER,
            "extended to 2027-06-30",
            "extended",
            "extended from 2026-12-18 to 2027-06-30 at the end-date evaluation",
        ),
        (EvaluationDecision.COMPLETE, None, "completed", "completed", "completed at the end-date evaluation"),
        (
            EvaluationDecision.DISSOLVE,
            None,
            "dissolved without blame",
            "dissolved",
            "dissolved without blame at the end-date evaluation",
        ),
    ],
    ids=["extend", "complete", "dissolve"],
)
def test_each_decision_reads_in_the_evaluation_and_in_the_history(
    decision: EvaluationDecision, new_end: date | None, wording: str, kind: str, summary: str
) -> None:
    agreement, review = ready_to_decide()
    decided = lifecycle.decide(agreement, review, decision, END, "ana", AT, new_end)
    doc = exported(decided)
    end = section_of(doc, EVALUATION_SECTION)
    assert end.headings() == [
        (2, EVALUATION_SECTION),
        (3, "2026-12-18"),
        (4, "Goals"),
        (4, "Mentee"),
        (4, "Mentor"),
    ]
    assert end.paragraphs(in_list=True) == [
        f"Decision: {wording}",
        "Date: 2026-12-18",
        "By: Ana Silva, Ben Okafor",
        "What worked: Steady rhythm",
        "What to change: More mock exams",
        "What worked: —",
        "What to change: —",
    ]
    assert end.tables() == [
        [END_COLUMNS, ["Certify", "partly met", "—", "2 of 5", "3 of 5", "60 %"]],
    ]
    assert history_rows(doc) == [["2026-12-18 16:00 UTC", "ana", kind, summary]]


def test_reopening_and_plain_edits_read_as_such_in_the_history() -> None:
    agreement, review = ready_to_decide()
    done = lifecycle.decide(agreement, review, EvaluationDecision.COMPLETE, END, "ana", AT)
    reopened = lifecycle.reopen(done, "ben", AT + timedelta(days=3), "One more goal")
    edited = reopened.edit(
        amendments=(
            *reopened.amendments,
            Amendment(AT + timedelta(days=4), "ana", ("goals",), "changed goals"),
            Amendment(AT + timedelta(days=5), "ana", ("goals",), "", kind="merge | *x*"),
        )
    )
    rows = history_rows(exported(edited))
    assert [row[2] for row in rows] == ["completed", "reopened", "amended", "merge | *x*"]
    assert rows[1][3] == "reopened (was completed): One more goal"
    assert rows[3][3] == "goals"


# -- the mid-point review --------------------------------------------------------------------


def test_a_recorded_mid_point_review_reads_what_is_working_and_what_changed() -> None:
    agreement, _ = ready_to_decide()
    review = lifecycle.current_review(agreement, EvaluationKind.MIDPOINT).edit(
        reflections=both("Fortnightly calls", "Too little practice"),
        changes_agreed="A mock exam each month",
        goals_adjusted="Exam moved to September",
    )
    recorded = lifecycle.record_midpoint(agreement, review, MID)
    midpoint = section_of(exported(recorded), MIDPOINT_SECTION)
    assert midpoint.paragraphs(in_list=True) == [
        "Changes agreed: A mock exam each month",
        "Goals adjusted: Exam moved to September",
        "Date: 2026-06-15",
        "By: Ana Silva, Ben Okafor",
        "What is working: Fortnightly calls",
        "What is not: Too little practice",
        "What is working: Fortnightly calls",
        "What is not: Too little practice",
    ]
    # The reading of 1 September came after the review.
    assert midpoint.tables() == [[MID_COLUMNS, ["Certify", "—", "—"]]]
    assert "Decision" not in " ".join(midpoint.paragraphs(in_list=True))


# -- goals at a glance -----------------------------------------------------------------------


def glance(goal: Goal, tz=UTC, on: date = MID) -> str:
    review = Evaluation(kind=EvaluationKind.MIDPOINT, on=on, goals=(GoalReview(goal.id),))
    doc = exported(Agreement(goals=(goal,), evaluations=(review,)), tz)
    [table] = section_of(doc, MIDPOINT_SECTION).tables()
    return table[1][-1]


def test_progress_at_a_glance_stops_at_the_review_date_in_the_zone_asked_for() -> None:
    late_evening = ProgressEntry(50, "", datetime(2026, 6, 15, 23, 30, tzinfo=UTC))
    goal = Goal(progress=(reading(20, date(2026, 3, 1)), late_evening))
    assert glance(goal) == "20 % → 50 %"
    # Already 16 June in Berlin: after the review.
    assert glance(goal, timezone(timedelta(hours=2))) == "20 %"
    assert glance(Goal()) == "—"
    undated = Goal(progress=(ProgressEntry(5),))
    assert glance(undated) == "5 %"


def test_a_long_history_is_shortened_to_its_first_and_latest_readings() -> None:
    weekly = (reading(10 * i, date(2026, 2, 1) + timedelta(days=7 * i)) for i in range(9))
    goal = Goal(progress=tuple(weekly))
    assert glance(goal) == "0 % → … → 50 % → 60 % → 70 % → 80 %"
    six = replace(goal, progress=goal.progress[:6])
    assert glance(six) == "0 % → 10 % → 20 % → 30 % → 40 % → 50 %"


def test_untitled_removed_and_no_goals() -> None:
    review = Evaluation(
        kind=EvaluationKind.END,
        on=END,
        goals=(GoalReview("blank"), GoalReview("gone", GoalOutcome.MET)),
        decision=EvaluationDecision.COMPLETE,
    )
    doc = exported(Agreement(goals=(Goal(id="blank", title="  "),), evaluations=(review,)))
    end = section_of(doc, EVALUATION_SECTION)
    assert [row[:2] for row in end.tables()[0][1:]] == [
        ["(untitled)", "—"],
        ["(removed goal)", "met"],
    ]
    assert "By: —" in end.paragraphs(in_list=True)
    nothing = exported(Agreement(evaluations=(replace(review, goals=()),)))
    assert section_of(nothing, EVALUATION_SECTION).paragraphs(in_list=False) == [
        "No goals were reviewed.",
    ]
