"""Provides PartiesStep: mentee and mentor, the kinds of mentorship, start and end date."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Select, SelectionList, Static

from ....model import Agreement, CareerStage, MentorshipType, Party, Role
from ....store import StoreError
from ....widgets.date_input import DateInput
from ....widgets.field import Field
from ....widgets.safe_text import SafeInput
from ....widgets.tick_list import TickList
from .base import Step, field_id

STAGES = [(stage.value.capitalize(), stage) for stage in CareerStage]
TYPE_HELP = {
    MentorshipType.IN_CLINIC: "same clinic",
    MentorshipType.LOCAL: "same area, in person",
    MentorshipType.DISTANCE: "different areas, virtual",
    MentorshipType.TRADITIONAL: "mentor more experienced",
    MentorshipType.PEER: "equal experience",
    MentorshipType.REVERSE: "mentee more experienced",
}


class PartiesStep(Step):
    """Step 1: who the parties are, what kind of mentorship, and for how long."""

    TITLE = "Parties"
    PATHS = ("title", "mentee", "mentor", "mentorship_types", "start_date", "end_date")

    def compose(self) -> ComposeResult:
        yield Field("Title", SafeInput(placeholder="Mentee ↔ Mentor", id="title", compact=True))
        for role in Role:
            yield Static(role.value.capitalize(), classes="section")
            yield Field("Name *", SafeInput(id=f"{role}-name", compact=True))
            yield Field(
                "Handle",
                SafeInput(
                    placeholder="their mentortui login (links them to this agreement)",
                    id=f"{role}-handle",
                    compact=True,
                ),
            )
            yield Field("Contact", SafeInput(placeholder="email or handle", id=f"{role}-contact", compact=True))
            yield Field(
                "Career stage",
                Select(STAGES, prompt="choose", id=f"{role}-career_stage", compact=True),
            )
        yield Static("Mentorship (check all that apply: space)", classes="section")
        yield Field(
            "Types",
            TickList(
                *((f"{t.value} — {TYPE_HELP[t]}", t) for t in MentorshipType),
                id="mentorship_types",
                compact=True,
            ),
        )
        yield Field("Start date", DateInput(id="start_date", compact=True))
        yield Field("End date", DateInput(id="end_date", compact=True))

    def on_mount(self) -> None:
        # Only a coordinator is shown who is registered: a party would learn every handle
        # on the host one letter at a time.
        if self.app.viewer.is_coordinator:
            self._read_handles()

    @work(thread=True, group="people", description="people")
    def _read_handles(self) -> None:
        """The registered handles, to suggest in the Handle fields (read off the UI thread)."""
        try:
            handles = [p.handle for p in self.app.store.people.all()]
        except (StoreError, OSError):
            return  # no suggestions; the field still takes any handle
        self.app.call_from_thread(self._suggest, handles)

    def _suggest(self, handles: list[str]) -> None:
        for role in Role:
            self.query_one(f"#{role}-handle", SafeInput).suggester = SuggestFromList(handles)

    def show(self, agreement: Agreement) -> None:
        self.set_text("title", agreement.title)
        for role in Role:
            party = agreement.party(role)
            self.set_text(f"{role}.name", party.name)
            self.set_text(f"{role}.contact", party.contact)
            self.set_text(f"{role}.handle", party.handle)
            stage = self.query_one(f"#{field_id(f'{role}.career_stage')}", Select)
            wanted = party.career_stage if party.career_stage is not None else Select.NULL
            if stage.value != wanted:
                stage.value = wanted
        types = self.query_one("#mentorship_types", SelectionList)
        if set(types.selected) != set(agreement.mentorship_types):
            types.deselect_all()
            for kind in agreement.mentorship_types:
                types.select(kind)
        for path in ("start_date", "end_date"):
            value = getattr(agreement, path)
            self.set_text(path, value.isoformat() if value else "", stored=value)

    def collect(self, agreement: Agreement) -> Agreement:
        parties = {}
        for role in Role:
            stage = self.query_one(f"#{field_id(f'{role}.career_stage')}", Select).value
            parties[role.value] = Party(
                name=self.typed(f"{role}.name"),
                contact=self.typed(f"{role}.contact"),
                handle=self.typed(f"{role}.handle"),
                career_stage=stage if isinstance(stage, CareerStage) else None,  # Select.NULL: none chosen
            )
        selected = set(self.query_one("#mentorship_types", SelectionList).selected)
        return agreement.edit(
            title=self.typed("title"),
            **parties,
            mentorship_types=tuple(t for t in MentorshipType if t in selected),
            start_date=self.read_date("start_date", agreement.start_date),
            end_date=self.read_date("end_date", agreement.end_date),
        )

    @classmethod
    def is_complete(cls, agreement: Agreement) -> bool:
        parties = (agreement.mentee, agreement.mentor)
        return (
            all(p.name.strip() and p.career_stage for p in parties)
            and bool(agreement.mentorship_types)
            and agreement.start_date is not None
            and agreement.end_date is not None
        )
