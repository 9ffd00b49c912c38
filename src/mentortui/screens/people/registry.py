"""Provides PeopleScreen and PersonScreen: coordinators add, edit and remove registered people."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Input, Select, Static, TextArea

from ...mentor_node import MentorNode
from ...model.errors import FieldProblem, ValidationError
from ...model.people import Person, PersonRole, check_person
from ...store import StoreError
from ...text import plain
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.record_table import RecordTable
from ...widgets.safe_text import SafeInput, SafeTextArea
from ..common.confirm import ConfirmScreen

COLUMNS = (("Handle", 16), ("Name", 32), ("Role", 12), ("Keys", 4))
ROLES = [(role.value, role) for role in PersonRole]
KEYS_PLACEHOLDER = "Paste the contents of each .pub file, one key per line"


def key_lines(text: str) -> list[tuple[int, str]]:
    """The keys typed, as the registry keeps them (stripped, blank and repeated lines dropped),
    each with the line it is on, so ``keys[i]`` can be pointed at on screen."""
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()):
        key = line.strip()
        if key and key not in first_line:
            first_line[key] = number
    return [(number, key) for key, number in first_line.items()]


class PersonScreen(MentorNode, ModalScreen[Person | None]):
    """Add or edit one person; ctrl+s saves to the registry and returns them, escape returns None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="person.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="person.cancel"),
    ]

    def __init__(self, person: Person | None = None, me: str = "", suggested: Person | None = None) -> None:
        super().__init__()
        #: The person as stored, or None when adding someone new.
        self.person = person
        #: The handle of whoever is at the keyboard (who may not demote themselves).
        self.me = me
        #: What a new person's form starts with.
        self.start = person or suggested or Person()

    @property
    def adding(self) -> bool:
        """True for a new person, whose handle can still be typed."""
        return self.person is None

    def compose(self) -> ComposeResult:
        start = self.start
        handle: SafeInput | Static
        if self.adding:
            handle = SafeInput(start.handle, placeholder="login name, e.g. ana", id="handle", compact=True)
        else:
            handle = Static(Content(plain(start.handle, single_line=True)), id="handle")
        with VerticalScroll(id="dialog"):
            yield Static("Add a person" if self.adding else "Edit a person", classes="dialog-title")
            yield Field("Handle *" if self.adding else "Handle", handle)
            yield Field("Name *", SafeInput(start.name, placeholder="e.g. Ana Silva", id="name", compact=True))
            yield Field("Role", Select(ROLES, value=start.role, allow_blank=False, id="role", compact=True))
            yield Field(
                "SSH public keys",
                SafeTextArea(
                    "\n".join(start.keys),
                    id="keys",
                    soft_wrap=True,
                    tab_behavior="focus",
                    show_line_numbers=True,
                    compact=True,
                    placeholder=KEYS_PLACEHOLDER,
                ),
            )
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#handle" if self.adding else "#name").focus()

    def _typed(self) -> tuple[str, str, object, str]:
        """What the form holds now, as typed."""
        handle = self.query_one("#handle", Input).value if self.adding else self.start.handle
        return (
            handle,
            self.query_one("#name", Input).value,
            self.query_one("#role", Select).value,
            self.query_one("#keys", TextArea).text,
        )

    def _own_problems(self, person: Person, keys_text: str) -> list[FieldProblem]:
        """What the registry cannot know is wrong: a taken handle, a private key, self-demotion."""
        problems = []
        if self.adding and person.handle and self.app.store.people.get(person.handle) is not None:
            problems.append(FieldProblem("handle", "someone already has this handle; edit them instead"))
        if "PRIVATE KEY" in keys_text:
            problems.append(
                FieldProblem(
                    "keys", "this is a private key: paste the .pub file instead, and keep the private key secret"
                )
            )
        was_coordinator = self.person is not None and self.person.role is PersonRole.COORDINATOR
        if person.handle == self.me and was_coordinator and person.role is not PersonRole.COORDINATOR:
            problems.append(
                FieldProblem("role", "you cannot give up your own coordinator role; another coordinator can")
            )
        return problems

    def _show(self, problems: list[FieldProblem], lines: list[tuple[int, str]]) -> None:
        """Each problem at its field ("Key 2: …" under the keys); fields without one are cleared."""
        messages: dict[str, list[str]] = {}
        first_bad_line = None
        for problem in problems:
            field, _, index = problem.path.partition("[")
            if field == "keys" and index:
                i = int(index.rstrip("]"))
                line = lines[i][0] if i < len(lines) else i
                if first_bad_line is None:
                    first_bad_line = line
                where = f"Key {i + 1}" if line == i else f"Key {i + 1} (line {line + 1})"
                messages.setdefault("keys", []).append(f"{where}: {problem.sentence}")
            elif field in ("handle", "name", "role", "keys"):
                messages.setdefault(field, []).append(problem.sentence)
            else:
                self.notify(problem.sentence, title="Not saved", severity="error", markup=False)
        for field in ("handle", "name", "role", "keys"):
            self.query_one(f"#{field}-field", Field).show("\n".join(messages.get(field, [])))
        if messages:
            first = next(f for f in ("handle", "name", "role", "keys") if f in messages)
            if first != "handle" or self.adding:
                self.query_one(f"#{first}").focus()
            if first == "keys" and first_bad_line is not None:
                self.query_one("#keys", TextArea).move_cursor((first_bad_line, 0))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save the person if the registry takes them; otherwise show each problem at its field."""
        handle, name, role, keys_text = self._typed()
        lines = key_lines(keys_text)
        person = self.start.edit(
            handle=handle.strip(), name=name.strip(), role=role, keys=tuple(key for _, key in lines)
        )
        try:
            problems = self._own_problems(person, keys_text)
            if problems:
                self._show(problems + check_person(person), lines)
                return
            saved = self.app.store.people.put(person)
        except ValidationError as error:
            self._show(error.problems, lines)
            return
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)
            return
        self.dismiss(saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving; asks first when something was typed."""
        start = self.start
        if self._typed() == (start.handle, start.name, start.role, "\n".join(start.keys)):
            self.dismiss(None)
            return

        def closed(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed about this person?", "Discard"), closed)


class PeopleScreen(MentorNode, Screen[None]):
    """Everyone registered, one row each, for a coordinator to add, edit and remove."""

    BINDINGS = [
        Binding(
            "g",
            "programme",
            "Programme",
            id="people.programme",
            tooltip="The programme: every pair's figures and the totals",
        ),
        Binding("escape,b", "back", "Back", id="people.back"),
    ]

    def action_programme(self) -> None:
        """Open the programme report."""
        from .programme import ProgrammeScreen

        self.app.push_screen(ProgrammeScreen())

    def __init__(self) -> None:
        super().__init__()
        self.people: list[Person] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="people-note")
        yield RecordTable(COLUMNS, id="people")
        yield Static("a add · e or enter edit · d delete · esc or b back", id="people-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_people()
        self.table.focus()

    @property
    def table(self) -> RecordTable:
        """The people table."""
        return self.query_one("#people", RecordTable)

    @property
    def me(self) -> str:
        """The handle of whoever is at the keyboard."""
        return self.app.viewer.handle

    def refresh_people(self, select: str | None = None) -> None:
        """Reload the registry, keeping the cursor on the same person (or on ``select``)."""
        try:
            self.people = self.app.store.people.all()
        except StoreError as error:
            self.notify(str(error), title="Could not list people", severity="error", markup=False)
            return
        self.table.show([(p.handle, (p.handle, p.name, p.role.value, len(p.keys))) for p in self.people], select)
        note = self.query_one("#people-note", Static)
        note.display = not self.people
        if not self.people:
            me = f" ({self.me})" if self.me else ""
            note.update(
                Content(
                    plain(
                        "Nobody is registered yet, so everyone may do everything. Add yourself"
                        + me
                        + " as a coordinator first: once anyone is registered, only registered people get in."
                    )
                )
            )

    def action_back(self) -> None:
        """Back to the agreements."""
        self.dismiss()

    @on(RecordTable.Requested, "#people")
    def _requested(self, event: RecordTable.Requested) -> None:
        if event.what == "add":
            self._add()
        elif event.what == "edit":
            self._edit(event.record_id)
        elif event.what == "delete":
            self._delete(event.record_id)

    def _add(self) -> None:
        """Open an empty form (offering yourself, as a coordinator, while nobody is registered)."""
        suggested = None
        if not self.people and self.me:
            suggested = Person(self.me, role=PersonRole.COORDINATOR)
        self.app.push_screen(PersonScreen(me=self.me, suggested=suggested), self._saved)

    def _edit(self, handle: str | None) -> None:
        person = next((p for p in self.people if p.handle == handle), None)
        if person is None:
            self.notify("There is nobody to edit yet: press a to add someone.")
            return
        self.app.push_screen(PersonScreen(person, me=self.me), self._saved)

    def _saved(self, person: Person | None) -> None:
        if person is None:
            return
        self.refresh_people(select=person.handle)
        self.notify(f"{person.name} ({person.handle}) saved.", title="People", markup=False)

    def _delete(self, handle: str | None) -> None:
        """Remove the person under the cursor, after asking; never yourself."""
        person = next((p for p in self.people if p.handle == handle), None)
        if person is None:
            self.notify("There is nobody to delete.")
            return
        if person.handle == self.me:
            self.notify(
                "You cannot delete yourself; another coordinator can.",
                title="Not deleted",
                severity="warning",
                markup=False,
            )
            return

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.app.store.people.remove(person.handle)
            except StoreError as error:
                self.notify(str(error), title="Not deleted", severity="error", markup=False)
                return
            self.refresh_people()
            self.notify(f"{person.name} ({person.handle}) can no longer sign in.", title="Person deleted", markup=False)

        self.app.push_screen(
            ConfirmScreen(f"Delete {person.name} ({person.handle})? They will no longer be able to sign in.", "Delete"),
            delete,
        )
