"""Tests of the programme report: a fixture programme with known answers, as figures and on the CLI."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from markdown_it import MarkdownIt

from mentortui.__main__ import main
from mentortui.model import (
    Agreement,
    AgreementStatus,
    Amendment,
    Evaluation,
    EvaluationKind,
    Goal,
    GoalOutcome,
    GoalReview,
    Meeting,
    MeetingStatus,
    Note,
    Party,
    ProgressEntry,
    Schedule,
)
from mentortui.model.programme import programme_report

from ..planted import plant

START, END = date(2026, 1, 1), date(2026, 4, 30)


def held(day: date, secret: str = "") -> Meeting:
    at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    notes = (Note(secret, author="ana", private=True),) if secret else ()
    return Meeting(status=MeetingStatus.HELD, planned_for=at, started_at=at, ended_at=at.replace(hour=16), notes=notes)


def programme() -> list[Agreement]:
    a = Agreement(
        title="Pair A",
        mentee=Party("Ana", handle="ana"),
        mentor=Party("Ben"),
        status=AgreementStatus.ACTIVE,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        schedule=Schedule(frequency="monthly"),
        meetings=tuple(
            held(d, "my private worry")
            for d in (date(2026, 1, 5), date(2026, 2, 3), date(2026, 3, 2), date(2026, 4, 6))
        ),
        goals=(
            Goal("Late", target_date=date(2026, 3, 31)),
            Goal("Done", progress=(ProgressEntry(100, at=datetime(2026, 3, 1, tzinfo=UTC)),)),
            Goal("Later", target_date=date(2026, 6, 30)),
        ),
        evaluations=(Evaluation(kind=EvaluationKind.MIDPOINT, on=date(2026, 3, 31)),),
    )
    b = Agreement(
        title="Pair B",
        mentee=Party("Cy"),
        mentor=Party("Di"),
        status=AgreementStatus.EXTENDED,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 12, 31),
        schedule=Schedule(frequency="weekly"),
        meetings=(held(date(2026, 3, 3)),),
        amendments=(Amendment(at=datetime(2026, 4, 10, tzinfo=UTC), kind="extend", fields=("end_date",)),),
    )
    goal_one, goal_two = Goal("One"), Goal("Two")
    c = Agreement(
        title='=HYPERLINK("http://x")',
        mentee=Party("Ed"),
        mentor=Party("Flo"),
        status=AgreementStatus.TERMINATED,
        start_date=date(2025, 9, 1),
        end_date=date(2026, 2, 28),
        schedule=Schedule(frequency="when we can"),
        goals=(goal_one, goal_two),
        evaluations=(
            Evaluation(
                kind=EvaluationKind.END,
                on=date(2026, 2, 15),
                goals=(GoalReview(goal_one.id, GoalOutcome.MET), GoalReview(goal_two.id, GoalOutcome.PARTLY_MET)),
            ),
        ),
        amendments=(Amendment(at=datetime(2026, 2, 15, tzinfo=UTC), kind="dissolve", fields=("status",)),),
    )
    return [a, b, c]


def test_the_figures_of_a_known_programme():
    report = programme_report(programme(), START, END, UTC)
    a, b, c = report.pairs
    assert (a.held, a.expected, a.keeps_cadence, a.days_since_last) == (4, 4, True, 24)
    assert (a.goals_met, a.goals_overdue, a.goals_on_track) == (1, 1, 1)
    assert (a.midpoint_done, a.evaluation_done, a.bars) == (True, False, "▂▂▂▂")
    assert (b.held, b.expected, b.keeps_cadence, b.days_since_last, b.bars) == (1, 9, False, 58, "··▂·")
    assert (c.expected, c.keeps_cadence, c.goals_met, c.evaluation_done) == (None, None, 1, True)
    assert (report.active, report.cadence_share) == (2, 0.5)
    assert report.outcomes == {"met": 1, "partly met": 1, "not met": 0}
    assert (report.extensions, report.dissolutions) == (1, 1)
    later = programme_report(programme(), date(2026, 3, 1), END, UTC)
    assert later.dissolutions == 0, "counted within the period"


def test_the_report_on_the_command_line_for_coordinators_only(tmp_path, capsys):
    data = tmp_path / "data"
    main(["--data-dir", str(data), "people", "add", "ana", "--name", "Ana"])
    main(["--data-dir", str(data), "people", "add", "zoe", "--name", "Zoe", "--role", "coordinator"])
    for agreement in programme():
        plant(data, agreement)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "--as", "ana", "report"]) == 2
    assert "only coordinators" in capsys.readouterr().err
    span = ["--from", START.isoformat(), "--to", END.isoformat()]
    assert main(["--data-dir", str(data), "--as", "zoe", "report", "--format", "csv", *span]) == 0
    out = capsys.readouterr().out
    assert "private worry" not in out
    rows = {r["pair"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"Pair A", "Pair B", '\'=HYPERLINK("http://x")'}, "no cell runs as a formula"
    assert (rows["Pair A"]["held"], rows["Pair A"]["expected"], rows["Pair A"]["keeps cadence"]) == ("4", "4", "yes")
    assert rows["Pair B"]["days since last"] == "58" and rows["Pair B"]["keeps cadence"] == "no"
    assert main(["--data-dir", str(data), "--as", "zoe", "report", *span]) == 0
    markdown = capsys.readouterr().out
    assert "- Keeping their cadence: 50%" in markdown and "- Extensions: 1; dissolutions: 1" in markdown
    assert "met 1, partly met 1, not met 0" in markdown and "private worry" not in markdown
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    cells = [t.children[0].content if t.children else "" for t in tokens if t.type == "inline"]
    assert "Pair A" in cells and "▂▂▂▂" in cells
