"""Pilot tests of the reviews: a whole end-date evaluation by keys to each decision, the mid-point review,
read-only when closed, reopening."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime

import pytest
from markdown_it import MarkdownIt
from textual.widgets import Input, Select, TextArea

from mentortui.app import MentorApp
from mentortui.export import agreement_markdown
from mentortui.model import (
    Agreement,
    AgreementStatus,
    EvaluationDecision,
    EvaluationKind,
    Goal,
    GoalOutcome,
    Party,
    ProgressEntry,
    Role,
    lifecycle,
)
from mentortui.model.signing import sign
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.reviews.decision import DecisionScreen, ReasonScreen
from mentortui.screens.reviews.evaluation import EvaluationScreen
from mentortui.screens.reviews.midpoint import MidpointReviewScreen
from mentortui.store import Store

from .pilot import (
    SIZE,
    answer,
    keys,
    message_at,
    open_agreement,
    paste_text,
    rows_of,
    saved,
    type_date,
    type_text,
    wait_for,
)

END = date(2026, 11, 1)
TODAY = date(2026, 11, 24)
AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def store_signed(data_dir) -> str:
    """A signed agreement that ended on 2026-11-01, with two goals; its id."""
    goals = (
        Goal(
            title="Publish a paper",
            measurable="Accepted by a journal",
            baseline_rating=2,
            progress=(ProgressEntry(20, at=AT), ProgressEntry(70, at=AT)),
        ),
        Goal(title="Lead a huddle", baseline_rating=1),
    )
    agreement = Agreement(
        title="Ana ↔ Ben",
        mentee=Party(name="Ana Silva", handle="ana"),
        mentor=Party(name="Ben Okafor", handle="ben"),
        start_date=date(2026, 1, 5),
        end_date=END,
        goals=goals,
    )
    agreement = sign(sign(agreement, Role.MENTEE, "Ana Silva", AT), Role.MENTOR, "Ben Okafor", AT)
    return Store(data_dir).create(agreement).id


def store_filled(data_dir) -> str:
    """`store_signed`, with the end-date evaluation's draft as `fill_evaluation` leaves it
    (saved through the store, by Ana); its id."""
    agreement_id = store_signed(data_dir)

    def filled(agreement):
        review = lifecycle.current_review(agreement, EvaluationKind.END)
        publish, huddle = review.goals
        mentee, mentor = review.reflections
        return lifecycle.put_review(
            agreement,
            review.edit(
                goals=(
                    publish.edit(outcome=GoalOutcome.MET, evidence="Accepted in *Nature*", final_rating=4),
                    huddle.edit(outcome=GoalOutcome.PARTLY_MET, evidence="Led two of four"),
                ),
                reflections=(
                    mentee.edit(worked="Fortnightly calls", change="More practice"),
                    mentor.edit(worked="Clear goals", change="# Shorter calls"),
                ),
            ),
        )

    Store(data_dir, user="ana").update(agreement_id, filled)
    return agreement_id


@pytest.fixture(scope="session")
def _filled_once(tmp_path_factory):
    """A data directory holding `store_filled`'s agreement, made once per test process."""
    folder = tmp_path_factory.mktemp("filled")
    return folder, store_filled(folder)


@pytest.fixture
def filled(_filled_once, tmp_path) -> str:
    """This test's data directory (tmp_path) holds a copy of `store_filled`'s agreement; its id.

    What `fill_evaluation` types is tested once, by keys, in the test ending in an extension;
    the tests of what follows start from that draft as stored (typing it took ~110 keys each).
    """
    folder, agreement_id = _filled_once
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    return agreement_id


async def open_evaluation(pilot, agreement_id: str, today: date = TODAY) -> EvaluationScreen:
    # As the app opens it: with the agreement read first (a screen reads nothing on the UI thread).
    pilot.app.push_screen(EvaluationScreen(agreement_id, today).opened_with(pilot.app.store.load(agreement_id)))
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, EvaluationScreen)
    return pilot.app.screen


async def open_midpoint(pilot, agreement_id: str, today: date = date(2026, 6, 10)) -> MidpointReviewScreen:
    pilot.app.push_screen(MidpointReviewScreen(agreement_id, today).opened_with(pilot.app.store.load(agreement_id)))
    await pilot.pause()
    assert isinstance(pilot.app.screen, MidpointReviewScreen)
    return pilot.app.screen


async def choose_in(pilot, control_id: str, downs: int) -> None:
    """Focus a Select, open it with Enter, move down and pick with Enter."""
    pilot.app.screen.query_one(f"#{control_id}").focus()
    await keys(pilot, "enter", *["down"] * downs, "enter")
    await pilot.pause()


async def type_into(pilot, control_id: str, text: str) -> None:
    """Focus a field and type into it key by key."""
    pilot.app.screen.query_one(f"#{control_id}").focus()
    await type_text(pilot, text)
    await pilot.pause()


async def paste_into(pilot, control_id: str, text: str) -> None:
    """Focus a field and paste into it."""
    pilot.app.screen.query_one(f"#{control_id}").focus()
    await paste_text(pilot, text)


async def fill_evaluation(pilot) -> None:
    """Both goals' outcome, evidence and final rating, and both parties' reflections, chosen by
    keys, the text pasted (`store_filled` stores the same)."""
    await choose_in(pilot, "outcome-0", 1)  # met
    await paste_into(pilot, "evidence-0", "Accepted in *Nature*")
    await choose_in(pilot, "rating-0", 4)  # 4 of 5
    await choose_in(pilot, "outcome-1", 2)  # partly met
    await paste_into(pilot, "evidence-1", "Led two of four")
    await paste_into(pilot, "worked-mentee", "Fortnightly calls")
    await paste_into(pilot, "change-mentee", "More practice")
    await paste_into(pilot, "worked-mentor", "Clear goals")
    await paste_into(pilot, "change-mentor", "# Shorter calls")


async def decide(pilot, downs: int) -> DecisionScreen:
    """ctrl+t opens the decision; pick the radio button ``downs`` below the first."""
    await pilot.press("ctrl+t")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, DecisionScreen)
    await pilot.press(*["down"] * downs, "enter")
    await pilot.pause()
    return dialog


def headings(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


async def test_a_whole_evaluation_ending_in_an_extension(tmp_path):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        assert "Progress: 20 % → 70 % · baseline self-rating 2 of 5" in str(screen.query_one(".goal-progress").render())
        await fill_evaluation(pilot)
        # Saved as typed: a draft in the store before any decision.
        await saved(pilot)
        draft = lifecycle.draft_of(Store(tmp_path).load(agreement_id), EvaluationKind.END)
        assert [(g.outcome, g.evidence, g.final_rating) for g in draft.goals] == [
            (GoalOutcome.MET, "Accepted in *Nature*", 4),
            (GoalOutcome.PARTLY_MET, "Led two of four", None),
        ]
        assert [(r.role, r.worked, r.change) for r in draft.reflections] == [
            (Role.MENTEE, "Fortnightly calls", "More practice"),
            (Role.MENTOR, "Clear goals", "# Shorter calls"),
        ]
        dialog = await decide(pilot, 0)  # extend
        assert dialog.query_one("#new-end-date-field").display
        await pilot.press("tab")
        await type_date(pilot, date(2026, 10, 1))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert message_at(dialog, "new-end-date") == "The new end date must be after 2026-11-24."
        dialog.query_one("#new-end-date", Input).value = ""
        dialog.query_one("#new-end-date").focus()
        await type_date(pilot, date(2027, 5, 31))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is AgreementStatus.EXTENDED
        assert stored.end_date == date(2027, 5, 31)
        (review,) = lifecycle.recorded(stored, EvaluationKind.END)
        assert (review.decision, review.on, review.new_end_date) == (
            EvaluationDecision.EXTEND,
            TODAY,
            date(2027, 5, 31),
        )
        assert stored.amendments[-1].kind == "extend" and stored.amendments[-1].by == "ana"
        assert [g.final_rating for g in stored.goals] == [4, None]
        assert "extended to 2027-05-31" in str(screen.query_one("#decision-line").render())
        # Decided: the evaluation is shown, not edited.
        assert all(c.disabled for c in screen.query("Input, Select, TextArea"))
        markdown = agreement_markdown(stored)
        assert "End-date evaluation" in headings(markdown)
        assert "# Shorter calls" not in headings(markdown)
        assert "**Decision:** extended to 2027-05-31" in markdown


async def test_a_whole_evaluation_ending_in_completion_makes_the_agreement_read_only(tmp_path, filled):
    agreement_id = filled
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        dialog = await decide(pilot, 1)  # complete
        assert not dialog.query_one("#new-end-date-field").display
        assert "read-only" in str(dialog.query_one("#decision-explained").render())
        await pilot.press("ctrl+s")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is AgreementStatus.COMPLETED and stored.end_date == END
        assert stored.amendments[-1].kind == "complete"
        assert "Read-only: completed on" in str(screen.query_one("#review-status").render())
        # The editor shows it but takes no edits.
        await pilot.press("escape")
        editor = await open_agreement(pilot)
        assert editor.query_one("#title", Input).disabled
        await pilot.press("x", "y")
        await pilot.pause()
        assert "Read-only" in str(editor.query_one("#save-status").render())
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).title == "Ana ↔ Ben"
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_evaluation(pilot, agreement_id)
        # Reopening is an explicit, recorded action.
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await type_text(pilot, "We forgot a goal\n")
        await saved(pilot)
        reopened = Store(tmp_path).load(agreement_id)
        assert reopened.status is AgreementStatus.ACTIVE
        assert reopened.amendments[-1].summary == "reopened (was completed): We forgot a goal"
        assert reopened.amendments[-1].by == "ben"
        # The screen is editable again at once, starting from the evaluation that closed it.
        assert app.screen is screen
        assert "Read-only" not in str(screen.query_one("#review-status").render())
        evidence = screen.query_one("#evidence-0", Input)
        assert not evidence.disabled and evidence.value == "Accepted in *Nature*"
        evidence.focus()
        await pilot.press("end")
        await type_text(pilot, ", then cited")
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    (closed_by,) = lifecycle.recorded(stored, EvaluationKind.END)
    assert closed_by.goals[0].evidence == "Accepted in *Nature*", "the recorded one stays as it was"
    draft = lifecycle.draft_of(stored, EvaluationKind.END)
    assert draft.goals[0].evidence == "Accepted in *Nature*, then cited"
    assert draft.goals[0].outcome is GoalOutcome.MET and draft.decision is None


async def test_a_whole_evaluation_ending_in_dissolution_without_blame(tmp_path, filled):
    agreement_id = filled
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_evaluation(pilot, agreement_id)
        await decide(pilot, 2)  # dissolve
        await pilot.press("ctrl+s")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is AgreementStatus.TERMINATED
        assert stored.termination.on == TODAY and stored.termination.by == "ana"
        assert lifecycle.recorded(stored, EvaluationKind.END)[0].decision is EvaluationDecision.DISSOLVE
        # The meeting log of a closed agreement refuses new meetings, with a message.
        app.push_screen(MeetingLogScreen(agreement_id).opened_with(app.store.load(agreement_id)))
        await pilot.pause()
        await pilot.press("s")
        await saved(pilot)
        assert not Store(tmp_path).load(agreement_id).meetings
        assert any("read-only" in str(n.message) for n in app._notifications)


async def test_deciding_asks_first_for_every_goals_outcome(tmp_path):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        await choose_in(pilot, "outcome-0", 3)  # not met
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is screen, "no decision before every goal has an outcome"
        assert message_at(screen, "outcome-1") == "Choose met, partly met or not met for “Lead a huddle”."
        assert message_at(screen, "outcome-0") == ""
        assert app.focused.id == "outcome-1"
        assert screen.query_one("#outcome-0", Select).value is GoalOutcome.NOT_MET  # kept


async def test_the_other_partys_words_arrive_while_typing_and_neither_is_lost(tmp_path):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        await type_into(pilot, "worked-mentee", "Calls")
        await saved(pilot)  # the review exists on disk; Ben writes into it

        def bens_words(agreement):
            review = lifecycle.current_review(agreement, EvaluationKind.END)
            reflections = tuple(r.edit(worked="Goals") if r.role is Role.MENTOR else r for r in review.reflections)
            return lifecycle.put_review(agreement, review.edit(reflections=reflections))

        Store(tmp_path, user="ben").update(agreement_id, bens_words)
        await type_text(pilot, " work")
        screen.reload()
        await pilot.pause()
        assert screen.query_one("#worked-mentor", TextArea).text == "Goals"
        assert screen.query_one("#worked-mentee", TextArea).text == "Calls work"
        await saved(pilot)
        review = lifecycle.draft_of(Store(tmp_path).load(agreement_id), EvaluationKind.END)
        assert [r.worked for r in review.reflections] == ["Calls work", "Goals"]


async def test_the_midpoint_review_is_saved_as_typed_and_recorded(tmp_path):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_midpoint(pilot, agreement_id)
        assert "mid-point 2026-06-04" in str(screen.query_one("#review-title").render())
        assert [str(s.render()) for s in screen.query(".goal-line")] == [
            "1. Publish a paper — 20 % → 70 % · target no target date",
            "2. Lead a huddle — no progress recorded · target no target date",
        ]
        await pilot.press("ctrl+t")  # nothing written yet
        await pilot.pause()
        assert message_at(screen, "worked-mentee") == "Write what is working or not before recording the review."
        await paste_into(pilot, "worked-mentee", "The [b]calls[/b]")
        await paste_into(pilot, "change-mentor", "Too long")
        await paste_into(pilot, "changes-agreed", "45 minutes")
        await paste_into(pilot, "goals-adjusted", "Huddle later")
        await saved(pilot)
        draft = lifecycle.draft_of(Store(tmp_path).load(agreement_id), EvaluationKind.MIDPOINT)
        assert (draft.changes_agreed, draft.goals_adjusted) == ("45 minutes", "Huddle later")
        await pilot.press("ctrl+t")
        await saved(pilot)
        (review,) = lifecycle.recorded(Store(tmp_path).load(agreement_id), EvaluationKind.MIDPOINT)
        assert review.on == date(2026, 6, 10)
        assert review.reflections[0].worked == "The [b]calls[/b]"
        assert "Recorded on 2026-06-10" in str(screen.query_one("#review-status").render())
        await saved(pilot)
        markdown = agreement_markdown(Store(tmp_path).load(agreement_id))
        assert "- **What is working:** The \\[b\\]calls\\[/b\\]" in markdown.splitlines()


@pytest.mark.parametrize("width", [80])
async def test_the_evaluation_fits_80_columns(tmp_path, width):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        for widget in screen.query("Field"):
            assert widget.region.right <= width
        footer_keys = [key for key, active in screen.active_bindings.items() if active.binding.show]
        assert "ctrl+t" in footer_keys


@pytest.mark.parametrize(
    "today, opens",
    [
        (date(2026, 5, 1), "The mid-point review opens on 2026-06-04, the end-date evaluation on 2026-11-01."),
        (date(2026, 6, 4), MidpointReviewScreen),
        (date(2026, 11, 1), EvaluationScreen),
    ],
)
async def test_v_on_the_list_opens_the_review_that_is_due(tmp_path, monkeypatch, today, opens):
    from mentortui.screens.home import screen as home

    monkeypatch.setattr(
        home, "current_time", lambda: datetime.combine(today, datetime.min.time(), UTC).replace(hour=12)
    )
    store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        if isinstance(opens, str):
            assert isinstance(app.screen, home.HomeScreen)
            assert [n.message for n in app._notifications][-1] == opens
        else:
            assert type(app.screen) is opens
            assert app.screen.today == today


async def test_either_party_can_end_the_agreement_early_without_blame_and_reopen_it(tmp_path):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await type_text(pilot, "Moved abroad\n")
        await saved(pilot)
        ended = Store(tmp_path).load(agreement_id)
        assert ended.status is AgreementStatus.TERMINATED
        assert (ended.termination.by, ended.termination.reason) == ("ben", "Moved abroad")
        assert ended.amendments[-1].summary == "ended without blame: Moved abroad"
        assert "terminated" in rows_of(app.screen, "agreements")[0]
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EvaluationScreen)
        assert "(Moved abroad)" in str(screen.query_one("#decision-line").render())
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await saved(pilot)
        reopened = Store(tmp_path).load(agreement_id)
        assert reopened.status is AgreementStatus.ACTIVE and reopened.termination is None
        assert reopened.amendments[-1].summary.startswith("reopened (was terminated on ")


async def test_extending_by_space_tab_and_a_typed_date_keeps_the_date(tmp_path, filled):
    """As a newcomer does it: ctrl+t, space on "extend", Tab, the date with its dashes, ctrl+s."""
    agreement_id = filled
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "2027-05-31")
        assert dialog.query_one("#new-end-date", Input).value == "2027-05-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, message_at(dialog, "new-end-date")
        await saved(pilot)
    assert Store(tmp_path).load(agreement_id).end_date == date(2027, 5, 31)


async def test_an_extension_waits_for_both_signatures_on_the_new_end_date(tmp_path, monkeypatch, capsys, filled):
    import contextlib
    import io

    from mentortui.__main__ import main
    from mentortui.model import Role
    from mentortui.screens.home import screen as home

    from .pilot import go_to_step, sign_as
    from .test_typing import open_editor_on

    monkeypatch.setattr(home, "current_time", lambda: datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    agreement_id = filled
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_evaluation(pilot, agreement_id)
        await decide(pilot, 0)  # extend
        await pilot.press("tab")
        await type_date(pilot, date(2027, 5, 31))
        await pilot.press("ctrl+s")
        await saved(pilot)
        await pilot.press("escape")
        await pilot.pause()
        home_screen = app.screen
        assert isinstance(home_screen, home.HomeScreen)
        expected = "extended to 2027-05-31: both parties must sign the new end date"
        alert = f"⚠ {expected} (keys o, ctrl+g 5)"
        for _ in range(100):  # the dashboard is read in a worker: until it shows (at most 5 s)
            if alert in str(home_screen.query_one("#dashboard-text").render()):
                break
            await pilot.pause(0.05)
        assert alert in str(home_screen.query_one("#dashboard-text").render())
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):  # the app holds sys.stdout while it runs
            assert main(["--data-dir", str(tmp_path), "status", "--today", "2026-11-24"]) == 1
        assert f"  ! {expected}" in printed.getvalue().splitlines()
        assert "stale: signed content changed since" in agreement_markdown(Store(tmp_path).load(agreement_id))

        await open_editor_on(pilot, agreement_id)
        await go_to_step(pilot, 5)  # the keys the alert names
        assert app.screen.steps[app.screen.current].TITLE == "Review & sign"
        await sign_as(pilot, Role.MENTEE, "Ana Silva")
        await sign_as(pilot, Role.MENTOR, "Ben Okafor")
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    assert stored.status is AgreementStatus.EXTENDED and stored.end_date == date(2027, 5, 31)
    main(["--data-dir", str(tmp_path), "status", "--today", "2026-11-24"])
    out = capsys.readouterr().out
    assert "must sign" not in out, out


async def test_deciding_with_nobody_saying_what_worked_is_warned_not_refused(tmp_path):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_evaluation(pilot, agreement_id)
        await choose_in(pilot, "outcome-0", 1)
        await choose_in(pilot, "outcome-1", 2)
        dialog = await decide(pilot, 1)  # complete
        assert "Neither party has said what worked yet" in str(dialog.query_one("#decision-warning").render())
        await pilot.press("escape")
        await answer(pilot, "y")  # the choice made is discarded, once asked
        await pilot.pause()
        await paste_into(pilot, "worked-mentee", "Fortnightly calls")
        dialog = await decide(pilot, 1)
        assert not dialog.query("#decision-warning"), "one party said it: no warning"
        await pilot.press("ctrl+s")
        await saved(pilot)
    assert Store(tmp_path).load(agreement_id).status is AgreementStatus.COMPLETED


# -- the tester's reports: no decision before the end date or on nobody's signature; the
# mid-point review after the end date; the palette's entries by name ------------------------

DRAFT_END = date(2027, 3, 1)
DRAFT_TODAY = date(2026, 12, 7)


def store_unsigned(data_dir, end: date = DRAFT_END) -> str:
    """An agreement nobody signed (a draft), from 2026-03-01 to ``end``, with no goals; its id."""
    agreement = Agreement(
        title="Ana ↔ Ben",
        mentee=Party(name="Ana Silva", handle="ana"),
        mentor=Party(name="Ben Okafor", handle="ben"),
        start_date=date(2026, 3, 1),
        end_date=end,
    )
    return Store(data_dir).create(agreement).id


def home_today(monkeypatch, today: date) -> None:
    """The list computes "today" (and opens the reviews) as of ``today``."""
    from mentortui.screens.home import screen as home

    monkeypatch.setattr(
        home, "current_time", lambda: datetime.combine(today, datetime.min.time(), UTC).replace(hour=12)
    )


async def test_a_draft_ended_early_and_reopened_cannot_be_decided_before_its_end_date(tmp_path, monkeypatch):
    """x, a reason, Enter; v, ctrl+o, Enter; ctrl+t: no decision is offered before 2027-03-01."""
    home_today(monkeypatch, DRAFT_TODAY)
    agreement_id = store_unsigned(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await type_text(pilot, "Moved abroad\n")
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).status is AgreementStatus.TERMINATED
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EvaluationScreen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).status is AgreementStatus.DRAFT
        assert app.screen is screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is screen, "no decision before the end date, reopened or not"
        line = str(screen.query_one("#decision-line").render())
        assert line.startswith("The end-date evaluation is offered from 2027-03-01 on; nothing can be decided")
        assert "end the agreement early, without blame (x on the list)" in line
        assert "ctrl+t" not in [key for key, active in screen.active_bindings.items() if active.binding.show]
        assert all(c.disabled for c in screen.query("Input, Select, TextArea"))
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    assert stored.status is AgreementStatus.DRAFT
    assert not lifecycle.recorded(stored, EvaluationKind.END)


async def test_completing_an_agreement_nobody_signed_is_refused_at_the_decision(tmp_path):
    agreement_id = store_unsigned(tmp_path, end=END)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        dialog = await decide(pilot, 1)  # complete
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert message_at(dialog, "decision") == (
            "Nobody signed this agreement, so it cannot be completed: sign it first, or dissolve it without blame."
        )
        await pilot.press("escape")
        await answer(pilot, "y")
        await pilot.pause()
        assert app.screen is screen
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    assert stored.status is AgreementStatus.DRAFT
    assert not lifecycle.recorded(stored, EvaluationKind.END)


async def palette_pick(pilot, search: str) -> str:
    """ctrl+p, type ``search``, Enter on the first entry; the first entry's title."""
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_text(pilot, search)
    await pilot.pause(0.5)
    options = pilot.app.screen.query_one(OptionList)
    first = str(options.get_option_at_index(0).prompt)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    return first


async def test_the_palette_puts_the_mid_point_review_first_and_after_the_end_date_says_what_is_open(
    tmp_path, monkeypatch
):
    home_today(monkeypatch, date(2026, 11, 24))  # after the end date (2026-11-01)
    store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert (await palette_pick(pilot, "mid-point")).startswith("Mid-point review")
        assert not isinstance(app.screen, EvaluationScreen), "the name asked for, not the review that is due"
        assert [n.message for n in app._notifications][-1] == (
            "The mid-point review is offered only until the end date (2026-11-01), which has passed: "
            "the end-date evaluation is open instead (v on the list, or “End-date evaluation” in the palette)."
        )


async def test_the_palette_puts_the_end_date_evaluation_first(tmp_path, monkeypatch):
    home_today(monkeypatch, date(2026, 6, 10))  # between the mid-point (2026-06-04) and the end
    store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert (await palette_pick(pilot, "end-date")).startswith("End-date evaluation")
        assert not isinstance(app.screen, MidpointReviewScreen), "the name asked for, not the review that is due"
        assert [n.message for n in app._notifications][-1] == "The end-date evaluation opens on 2026-11-01."
        assert (await palette_pick(pilot, "mid-point")).startswith("Mid-point review")
        assert isinstance(app.screen, MidpointReviewScreen)


async def test_the_midpoint_review_is_said_recorded_only_once_it_is_on_disk(tmp_path, monkeypatch):
    import errno

    from mentortui.store import atomic

    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_midpoint(pilot, agreement_id)
        await paste_into(pilot, "worked-mentee", "The calls")
        await saved(pilot)
        real = atomic.write_atomically

        def full(path, text):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

        monkeypatch.setattr(atomic, "write_atomically", full)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: bool(screen.saver.failing))
        said = [n.message for n in app._notifications]
        assert not any("recorded" in m for m in said), said
        monkeypatch.setattr(atomic, "write_atomically", real)
        await saved(pilot)
        assert any(m == "Mid-point review recorded on 2026-06-10." for m in (n.message for n in app._notifications))
        (review,) = lifecycle.recorded(Store(tmp_path).load(agreement_id), EvaluationKind.MIDPOINT)
        assert review.on == date(2026, 6, 10)


@pytest.mark.parametrize("opened", ["midpoint", "evaluation"])
async def test_tab_goes_round_the_fields_with_no_stop_where_keys_go_nowhere(tmp_path, opened):
    agreement_id = store_signed(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await (
            open_midpoint(pilot, agreement_id) if opened == "midpoint" else open_evaluation(pilot, agreement_id)
        )
        await pilot.pause()
        fields = [c for c in screen.query("Input, Select, TextArea") if not c.disabled]
        for _ in range(len(fields) + 2):
            assert app.focused in fields, f"Tab stopped on {app.focused!r}"
            await keys(pilot, "tab")
