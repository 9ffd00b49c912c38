"""Provides ExportScreen: an agreement's Markdown (or its meetings' calendar) to a file, a
download, or the clipboard."""

from __future__ import annotations

import io
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from ...clock import local_zone
from ...export import agreement_markdown, file_name, in_folder, write_new_in, write_private, write_problem
from ...mentor_node import MentorNode
from ...model import Agreement
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ..common.confirm import ConfirmScreen

#: Exports one served person may keep on the server (each never replaces another).
MAX_KEPT = 200


class ExportScreen(MentorNode, ModalScreen[str | None]):
    """Exports the Markdown; returns what was done, to be told, or None.

    Run locally it asks for a path. In a served session (restricted mode) no path is
    asked or opened: the Markdown goes to the browser as a download, to the terminal's
    clipboard, or into the person's own folder inside the data dir under a new name.
    """

    AUTO_FOCUS = "#path, #write"
    BINDINGS = [
        Binding(
            "ctrl+s",
            "write",
            "Save",
            tooltip="Write the file (served: download or keep a copy)",
            id="export.write",
            priority=True,
        ),
        Binding("ctrl+y", "copy", "Copy to clipboard", id="export.copy", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel"),
    ]

    def __init__(self, agreement: Agreement, calendar: bool = False) -> None:
        super().__init__()
        self.agreement = agreement
        #: What is exported: the agreement as Markdown, or its meetings as iCalendar.
        self.what = "the meetings' calendar" if calendar else "the Markdown"
        self.suffix, self.mime = (".ics", "text/calendar") if calendar else (".md", "text/markdown")
        if calendar:
            from ...export.calendar import agreements_calendar

            self.markdown = agreements_calendar([agreement], zone=local_zone()).decode("utf-8")
        else:
            self.markdown = agreement_markdown(agreement, tz=local_zone())

    @property
    def served(self) -> bool:
        """True in a restricted (served) session."""
        return self.app.served

    def compose(self) -> ComposeResult:
        name = file_name(self.agreement, self.suffix)
        with Vertical(id="dialog"):
            title = "Export the meetings as a calendar (.ics)" if self.suffix == ".ics" else "Export as Markdown"
            yield Static(title, classes="dialog-title")
            if not self.served:
                yield Field("File", SafeInput(str(Path.cwd() / name), id="path", compact=True))
                hint = (
                    "The file is readable by you only (0600). Copy to clipboard sends it to your own terminal instead."
                )
                write = "Write file (ctrl+s)"
            elif self.app.is_web:
                hint = f"Download saves {name} through your browser; copy puts it on your clipboard."
                write = "Download (ctrl+s)"
            else:
                hint = (
                    f"Copy sends {self.what} to your own terminal's clipboard (if it allows "
                    "programs to set it). Keep saves a copy on the server, in your exports "
                    "folder, for whoever runs mentortui to hand you."
                )
                write = "Keep on server (ctrl+s)"
            yield Static(hint, classes="hint", id="export-hint")
            with Horizontal(id="buttons"):
                yield Button(write, variant="primary", id="write", compact=True)
                yield Button("Copy (ctrl+y)", id="copy", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    @work(thread=True, exclusive=True, group="export", description="export to a file")
    def _write(self, path: Path, force: bool) -> str | None:
        """Write the file the person named, or a file in the folder they named (a worker:
        the screen never waits on the disk); what to say once written (`_done`)."""
        try:
            path = in_folder(path, file_name(self.agreement, self.suffix))
            write_private(path, self.markdown, force=force)
        except FileExistsError:

            def answered(replace: bool | None) -> None:
                if replace:
                    self._write(path, True)

            self.app.call_from_thread(
                self.app.push_screen, ConfirmScreen(f"{path} exists. Replace it?", "Replace"), answered
            )
            return None
        except OSError as error:
            self.app.call_from_thread(self.query_one("#path-field", Field).show, write_problem(path, error))
            return None
        return f"Wrote {path}"

    @work(thread=True, exclusive=True, group="export", description="export")
    def _keep(self) -> str | None:
        """Write a new file in the person's exports folder (a worker: it touches the disk)."""
        store = self.app.store
        try:
            folder = store.exports_dir(self.app.viewer.handle)
            if sum(1 for _ in folder.iterdir()) >= MAX_KEPT:
                raise OSError(
                    f"you have {MAX_KEPT} exports kept already; ask whoever runs "
                    "mentortui to hand them over and clear them"
                )
            path = write_new_in(folder, file_name(self.agreement, self.suffix), self.markdown)
        except (OSError, ValueError) as error:
            message = getattr(error, "strerror", None) or str(error)
            self.app.call_from_thread(
                self.notify, f"Not kept: {message}. Try copy instead.", severity="error", markup=False
            )
            return None
        shown = path.relative_to(store.data_dir)
        return f"Kept on the server as {shown} in the data folder"

    @on(Worker.StateChanged)
    def _done(self, event: Worker.StateChanged) -> None:
        """Written: close, saying where. (Closed from the worker, the dialog cancelled the
        worker while it was finishing.)"""
        worker = event.worker
        if worker.group == "export" and event.state is WorkerState.SUCCESS and worker.result:
            self.dismiss(worker.result)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        """Write the file at the path typed (served: download, or keep in the exports folder)."""
        if self.served:
            if self.app.is_web:
                name = file_name(self.agreement, self.suffix)
                self.app.deliver_text(io.StringIO(self.markdown), save_filename=name, mime_type=self.mime)
                self.dismiss(f"Download of {name} started")
            else:
                self._keep()
            return
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#path-field", Field).show("Type where to write the file.")
            return
        self._write(Path(text).expanduser(), force=False)

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        """Send the text to the terminal's clipboard (OSC 52), where the terminal allows it."""
        self.app.copy_to_clipboard(self.markdown)
        self.dismiss("Sent to your terminal's clipboard (if your terminal allows programs to set it)")

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
