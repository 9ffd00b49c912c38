"""Tests the agreement rules in mentortui.model.validation, one rule at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from mentortui.model import (
    ActionItem,
    Agreement,
    Evaluation,
    EvaluationDecision,
    FieldProblem,
    Goal,
    Meeting,
    Milestone,
    Party,
    ProgressEntry,
    Schedule,
    Severity,
    TentativeMeeting,
    ValidationError,
)
from mentortui.model.base import replace
from mentortui.model.sample import sample_agreement
from mentortui.model.validation import errors, require_valid, smart_gaps, validate

START, END = date(2026, 1, 1), date(2026, 12, 31)


def valid(**changes: object) -> Agreement:
    """A minimal agreement with no problems, with the given fields changed."""
    base = Agreement(mentee=Party("Ana"), mentor=Party("Ben"), start_date=START, end_date=END)
    return base.edit(**changes)


def found(agreement: Agreement) -> dict[str, Severity]:
    """Every problem's path mapped to its severity."""
    problems = validate(agreement)
    paths = {p.path: p.severity for p in problems}
    assert len(paths) == len(problems), f"one path reported twice: {problems}"
    return paths


def test_the_minimal_agreement_has_no_problems() -> None:
    assert validate(valid()) == []


def test_sample_agreement_validates_with_no_problems() -> None:
    assert validate(sample_agreement()) == []
    assert validate(sample_agreement(meetings=5)) == []


@pytest.mark.parametrize("role", ["mentee", "mentor"])
@pytest.mark.parametrize("name", ["", "   "])
def test_party_name_is_required(role: str, name: str) -> None:
    assert found(valid(**{role: Party(name, "x@example.org")})) == {f"{role}.name": Severity.ERROR}


def test_both_names_missing_reports_both() -> None:
    assert found(valid(mentee=Party(), mentor=Party())) == {
        "mentee.name": Severity.ERROR,
        "mentor.name": Severity.ERROR,
    }


@pytest.mark.parametrize("end", [START, START - timedelta(days=1)])
def test_end_date_must_be_after_start(end: date) -> None:
    assert found(valid(end_date=end)) == {"end_date": Severity.ERROR}


def test_end_date_the_day_after_start_is_fine() -> None:
    assert validate(valid(end_date=START + timedelta(days=1))) == []


def test_missing_end_date_is_a_warning() -> None:
    agreement = valid(end_date=None)
    assert found(agreement) == {"end_date": Severity.WARNING}
    assert errors(agreement) == []


def test_missing_start_date_is_a_warning() -> None:
    assert found(valid(start_date=None)) == {"start_date": Severity.WARNING}


@pytest.mark.parametrize("field", ["length_min_minutes", "length_max_minutes"])
@pytest.mark.parametrize("minutes", [0, -15])
def test_meeting_length_must_be_positive(field: str, minutes: int) -> None:
    schedule = Schedule(**{field: minutes})
    assert found(valid(schedule=schedule)) == {f"schedule.{field}": Severity.ERROR}


def test_meeting_length_range_must_run_low_to_high() -> None:
    bad = valid(schedule=Schedule(length_min_minutes=60, length_max_minutes=30))
    assert found(bad) == {"schedule.length_max_minutes": Severity.ERROR}
    same = valid(schedule=Schedule(length_min_minutes=45, length_max_minutes=45))
    assert validate(same) == []


def test_notice_cannot_be_negative() -> None:
    assert found(valid(schedule=Schedule(notice_hours=-1))) == {"schedule.notice_hours": Severity.ERROR}
    assert validate(valid(schedule=Schedule(notice_hours=0))) == []


@pytest.mark.parametrize("minutes", [0, -30])
def test_tentative_meeting_duration_must_be_positive(minutes: int) -> None:
    row = TentativeMeeting(when=datetime(2026, 3, 1, 10, tzinfo=UTC), duration_minutes=minutes)
    ok = TentativeMeeting(when=datetime(2026, 3, 1, 10, tzinfo=UTC), duration_minutes=1)
    assert found(valid(tentative_meetings=(ok, row))) == {"tentative_meetings[1].duration_minutes": Severity.ERROR}


@pytest.mark.parametrize("when", [datetime(2025, 12, 31, 23, tzinfo=UTC), datetime(2027, 1, 1, 0, tzinfo=UTC)])
def test_tentative_meeting_outside_the_dates_is_a_warning(when: datetime) -> None:
    agreement = valid(tentative_meetings=(TentativeMeeting(when=when, duration_minutes=30),))
    assert found(agreement) == {"tentative_meetings[0].when": Severity.WARNING}
    assert errors(agreement) == []


def test_tentative_meeting_on_the_first_and_last_day_is_inside() -> None:
    rows = (
        TentativeMeeting(when=datetime(2026, 1, 1, 0, tzinfo=UTC)),
        TentativeMeeting(when=datetime(2026, 12, 31, 23, tzinfo=UTC)),
    )
    assert validate(valid(tentative_meetings=rows)) == []


@pytest.mark.parametrize("title", ["", "  "])
def test_goal_title_is_required(title: str) -> None:
    goals = (Goal(title="Fine"), Goal(title=title))
    assert found(valid(goals=goals)) == {"goals[1].title": Severity.ERROR}


@pytest.mark.parametrize("target", [date(2025, 12, 31), date(2027, 1, 1)])
def test_goal_target_outside_the_agreement_is_a_warning(target: date) -> None:
    agreement = valid(goals=(Goal(title="G", target_date=target),))
    assert found(agreement) == {"goals[0].target_date": Severity.WARNING}
    assert errors(agreement) == []


def test_milestone_due_after_goal_target_is_an_error() -> None:
    goal = Goal(
        title="G",
        target_date=date(2026, 6, 30),
        milestones=(
            Milestone(title="on the day", due=date(2026, 6, 30)),
            Milestone(title="too late", due=date(2026, 7, 1)),
        ),
    )
    assert found(valid(goals=(Goal(title="first"), goal))) == {"goals[1].milestones[1].due": Severity.ERROR}


def test_milestone_title_is_required() -> None:
    goal = Goal(title="G", milestones=(Milestone(title=" "),))
    assert found(valid(goals=(goal,))) == {"goals[0].milestones[0].title": Severity.ERROR}


@pytest.mark.parametrize("percent", [-1, 101])
def test_progress_outside_0_to_100_is_an_error(percent: int) -> None:
    progress = (ProgressEntry(percent=50), ProgressEntry(percent=percent))
    goal = Goal(title="G", progress=progress)
    assert found(valid(goals=(goal,))) == {"goals[0].progress[1].percent": Severity.ERROR}


def test_progress_of_0_and_100_is_accepted() -> None:
    goal = Goal(title="G", progress=(ProgressEntry(percent=0), ProgressEntry(percent=100)))
    assert validate(valid(goals=(goal,))) == []


@pytest.mark.parametrize("field", ["baseline_rating", "final_rating"])
@pytest.mark.parametrize("rating", [0, 6, -3])
def test_ratings_outside_1_to_5_are_errors(field: str, rating: int) -> None:
    goal = Goal(title="G", **{field: rating})
    assert found(valid(goals=(goal,))) == {f"goals[0].{field}": Severity.ERROR}


@pytest.mark.parametrize("rating", [1, 5])
def test_ratings_of_1_and_5_are_accepted(rating: int) -> None:
    goal = Goal(title="G", baseline_rating=rating, final_rating=rating)
    assert validate(valid(goals=(goal,))) == []


def test_meeting_cannot_end_before_it_starts() -> None:
    start = datetime(2026, 2, 1, 10, tzinfo=UTC)
    backwards = Meeting(started_at=start, ended_at=start - timedelta(minutes=1))
    instant = Meeting(started_at=start, ended_at=start)
    assert found(valid(meetings=(instant, backwards))) == {"meetings[1].ended_at": Severity.ERROR}


def test_meeting_end_compares_instants_across_time_zones() -> None:
    # 10:00 UTC is 15:30 in +05:30: ending at 11:00 UTC is after, not before.
    start = datetime(2026, 2, 1, 15, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    meeting = Meeting(started_at=start, ended_at=datetime(2026, 2, 1, 11, tzinfo=UTC))
    assert validate(valid(meetings=(meeting,))) == []


@pytest.mark.parametrize("text", ["", "  \n"])
def test_action_item_needs_text(text: str) -> None:
    meeting = Meeting(actions=(ActionItem(text="Read"), ActionItem(text=text)))
    assert found(valid(meetings=(meeting,))) == {"meetings[0].actions[1].text": Severity.ERROR}


def test_extension_needs_a_new_end_date() -> None:
    evaluation = Evaluation(on=END, decision=EvaluationDecision.EXTEND)
    assert found(valid(evaluations=(evaluation,))) == {"evaluations[0].new_end_date": Severity.ERROR}


@pytest.mark.parametrize("new_end", [END, END - timedelta(days=1)])
def test_extension_end_date_must_follow_the_evaluation(new_end: date) -> None:
    evaluation = Evaluation(on=END, decision=EvaluationDecision.EXTEND, new_end_date=new_end)
    assert found(valid(evaluations=(evaluation,))) == {"evaluations[0].new_end_date": Severity.ERROR}


def test_extension_with_a_later_end_date_is_fine() -> None:
    later = Evaluation(on=END, decision=EvaluationDecision.EXTEND, new_end_date=END + timedelta(days=1))
    assert validate(valid(evaluations=(later,))) == []


@pytest.mark.parametrize("decision", [EvaluationDecision.COMPLETE, EvaluationDecision.DISSOLVE])
def test_other_decisions_need_no_new_end_date(decision: EvaluationDecision) -> None:
    assert validate(valid(evaluations=(Evaluation(on=END, decision=decision),))) == []


def test_require_valid_returns_a_valid_agreement_unchanged() -> None:
    agreement = valid()
    assert require_valid(agreement) is agreement


def test_require_valid_raises_with_every_error_and_no_warnings() -> None:
    bad = valid(
        mentee=Party(),
        mentor=Party(""),
        end_date=START,
        goals=(Goal(title="", target_date=date(2030, 1, 1)),),
        meetings=(Meeting(actions=(ActionItem(),)),),
    )
    with pytest.raises(ValidationError) as caught:
        require_valid(bad)
    problems = caught.value.problems
    assert all(isinstance(p, FieldProblem) for p in problems)
    assert {p.path for p in problems} == {
        "mentee.name",
        "mentor.name",
        "end_date",
        "goals[0].title",
        "meetings[0].actions[0].text",
    }
    assert all(p.severity is Severity.ERROR for p in problems)
    assert "mentor.name" in str(caught.value) and "goals[0].title" in str(caught.value)


def test_require_valid_lets_warnings_through() -> None:
    agreement = valid(end_date=None, goals=(Goal(title="G", target_date=date(2025, 1, 1)),))
    assert len(validate(agreement)) == 2
    assert require_valid(agreement) is agreement


def test_smart_gaps_lists_every_missing_part() -> None:
    assert smart_gaps(Goal(title="G", specific="  "), valid()) == [
        "not yet specific",
        "not yet measurable",
        "not yet achievable",
        "not yet relevant",
        "no target date (time-bound)",
    ]


def test_smart_gaps_empty_for_a_smart_goal() -> None:
    agreement = sample_agreement()
    for goal in agreement.goals:
        assert smart_gaps(goal, agreement) == []


def test_smart_gaps_flags_a_target_outside_the_agreement() -> None:
    agreement = sample_agreement()
    goal = agreement.goals[0].edit(target_date=date(2030, 1, 1), measurable="")
    assert smart_gaps(goal, agreement) == [
        "not yet measurable",
        "target date outside the agreement",
    ]


def test_validate_only_some_fields_judges_those_and_the_same_way() -> None:
    """A step judges its own fields on every key: the same problems, for those fields only."""
    bad = sample_agreement().edit(
        title="A\x1b[31m title",
        mentor=Party(""),
        end_date=START,
        start_date=START,
        meetings=(
            Meeting(started_at=datetime(2026, 2, 2, 10, tzinfo=UTC), ended_at=datetime(2026, 2, 2, 9, tzinfo=UTC)),
        ),
    )
    every = validate(bad)
    mine = validate(bad, only={"title", "mentor", "end_date"})
    assert {p.path for p in mine} == {"title", "mentor.name", "end_date"}
    assert all(p in every for p in mine)
    assert any(p.path.startswith("meetings[0]") for p in every)
    assert validate(bad, only={"goals"}) == [p for p in every if p.path.startswith("goals")]


def test_one_goals_problems_are_what_validating_the_whole_agreement_says_of_it():
    """The goal screen judges its goal alone on every key; it must say what the whole
    agreement's validation says of that goal, no more and no less."""
    from mentortui.model.hygiene import MAX_MILESTONES
    from mentortui.model.validation import goal_problems

    outside = Goal(
        "Outside",
        target_date=date(2027, 3, 1),
        baseline_rating=9,
        final_rating=0,
        milestones=(Milestone(""), Milestone("Late", due=date(2027, 4, 1))),
        progress=(ProgressEntry(140),),
    )
    hostile = Goal("Bell\x07 ring", specific="line\x1b[2J", measurable="\u202eevil", milestones=(Milestone("ok\x00"),))
    crowded = Goal("Crowded", milestones=tuple(Milestone(f"Step {n}") for n in range(MAX_MILESTONES + 1)))
    agreement = Agreement(
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        start_date=START,
        end_date=END,
        goals=(Goal("Fine"), Goal(""), outside, hostile, crowded),
        meetings=(Meeting(actions=(ActionItem(""),)),),
        mentee_hopes="x\x1b",
    )
    whole = validate(agreement)
    for index in range(len(agreement.goals)):
        prefix = f"goals[{index}]"
        expected = [p for p in whole if p.path == prefix or p.path.startswith((prefix + ".", prefix + "["))]
        assert sorted(map(str, goal_problems(agreement, index))) == sorted(map(str, expected)), index
    assert not goal_problems(agreement, 0)
    assert len(goal_problems(agreement, 2)) == 6 and len(goal_problems(agreement, 3)) == 4
    assert [p.path for p in goal_problems(agreement, 4)] == ["goals[4].milestones"]


def test_texts_judged_again_after_an_edit_and_named_by_their_new_place():
    """The texts of goals and milestones are kept by record between judgements (a key on
    the goals step judged 100 goals); an edit or a move must still be judged as it is now."""
    from mentortui.model.hygiene import text_problems

    bad = Goal("Bell\x07", milestones=(Milestone("fine"),))
    good = Goal("Good", milestones=(Milestone("fine"), Milestone("fine too")))
    agreement = Agreement(goals=(bad, good))
    assert [p.path for p in text_problems(agreement)] == ["goals[0].title"]
    moved = agreement.edit(goals=(good, bad))
    assert [p.path for p in text_problems(moved)] == ["goals[1].title"]
    edited = moved.edit(goals=(replace(good, milestones=(Milestone("fine"), Milestone("esc\x1b"))), bad))
    assert [p.path for p in text_problems(edited)] == ["goals[0].milestones[1].title", "goals[1].title"]
    assert [p.path for p in text_problems(edited, before=moved)] == ["goals[0].milestones[1].title"]
