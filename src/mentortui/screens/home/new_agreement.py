"""Provides NewAgreementScreen: the parties and dates needed to start an agreement."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from ...model import Agreement, Party, Severity
from ...model.validation import check_dates
from ...widgets.date_input import DateInput, read_day
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ..common.dialog import FormDialog, Judged, dialog_buttons


class NewAgreementScreen(FormDialog[Agreement]):
    """A short form; the rest of the agreement is filled in afterwards."""

    AUTO_FOCUS = "#mentee"
    BINDINGS = [Binding("ctrl+s", "save", "Create", id="new.create", priority=True)]
    CONTROLS = ("mentee", "mentor", "title", "start", "end")
    SAVE_ON_ENTER = False
    DISCARD_QUESTION = "Discard this new agreement?"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static("New agreement", classes="dialog-title")
            yield Field("Mentee's name *", SafeInput(placeholder="e.g. Ana Silva", id="mentee", compact=True))
            yield Field("Mentor's name *", SafeInput(placeholder="e.g. Ben Okafor", id="mentor", compact=True))
            yield Field("Title", SafeInput(placeholder="Mentee ↔ Mentor", id="title", compact=True))
            yield Field("Start date", DateInput(id="start", compact=True))
            yield Field("End date", DateInput(id="end", compact=True))
            yield from dialog_buttons("Create (ctrl+s)")
        yield Footer()

    def has_typed(self) -> bool:
        return any(field.value.strip("- ") for field in self.query(Input))

    def judge(self) -> Judged[Agreement]:
        """The agreement the form describes, what stops it (by control id), and what to warn of."""
        problems: dict[str, str] = {}
        names = {}
        for role in ("mentee", "mentor"):
            names[role] = self.query_one(f"#{role}", Input).value.strip()
            if not names[role]:
                problems[role] = f"The {role}'s name is required."
        dates = {
            name: read_day(self.query_one(f"#{name}", DateInput), problems, required=False) for name in ("start", "end")
        }
        warnings: dict[str, str] = {}
        if not problems.keys() & {"start", "end"}:
            for problem in check_dates(dates["start"], dates["end"]):
                target = "start" if problem.path == "start_date" else "end"
                if problem.severity is Severity.ERROR:
                    problems[target] = problem.sentence
                else:
                    warnings[target] = problem.sentence[:-1] + " (you can add it later)."
        agreement = Agreement(
            title=self.query_one("#title", Input).value.strip(),
            mentee=Party(name=names["mentee"]),
            mentor=Party(name=names["mentor"]),
            start_date=dates["start"],
            end_date=dates["end"],
        )
        return agreement, problems, warnings
