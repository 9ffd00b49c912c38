"""Provides ExportScreen: write an agreement as Markdown to a file, or copy it to the clipboard."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from ..clock import local_zone
from ..export import agreement_markdown, write_private
from ..model import Agreement
from ..widgets.field import Field
from .confirm import ConfirmScreen


def file_name(agreement: Agreement) -> str:
    """A safe file name from the agreement's title: ``ana-ben-ccm-year.md``."""
    ascii_title = unicodedata.normalize("NFKD", agreement.display_title).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode().lower()).strip("-")
    return f"{slug or 'agreement'}-{agreement.id}.md"


class ExportScreen(ModalScreen[Path | None]):
    """Asks where to write the Markdown (default: the current directory); returns the path."""

    AUTO_FOCUS = "#path"
    BINDINGS = [
        Binding("ctrl+s", "write", "Write file", id="export.write", priority=True),
        Binding("ctrl+y", "copy", "Copy to clipboard", id="export.copy", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel"),
    ]

    def __init__(self, agreement: Agreement) -> None:
        super().__init__()
        self.agreement = agreement
        self.markdown = agreement_markdown(agreement, tz=local_zone())

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Export as Markdown", classes="dialog-title")
            yield Field("File", Input(str(Path.cwd() / file_name(self.agreement)), id="path", compact=True))
            yield Static(
                "The file is readable by you only (0600). Over SSH it is written on the server; "
                "copy to clipboard sends it to your own terminal instead.",
                classes="hint",
            )
            with Horizontal(id="buttons"):
                yield Button("Write file (ctrl+s)", variant="primary", id="write", compact=True)
                yield Button("Copy (ctrl+y)", id="copy", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    def _write(self, path: Path, force: bool) -> None:
        try:
            write_private(path, self.markdown, force=force)
        except FileExistsError:
            self.app.push_screen(
                ConfirmScreen(f"{path} exists. Replace it?", "Replace"),
                lambda yes: self._write(path, True) if yes else None,
            )
            return
        except OSError as error:
            self.query_one("#path-field", Field).show(f"Cannot write there: {error.strerror or error}.")
            return
        self.dismiss(path)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        """Write the file at the path typed."""
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#path-field", Field).show("Type where to write the file.")
            return
        self._write(Path(text).expanduser(), force=False)

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        """Send the Markdown to the terminal's clipboard (OSC 52), where the terminal allows it."""
        self.app.copy_to_clipboard(self.markdown)
        self.notify(
            "Sent to your terminal's clipboard (if your terminal allows programs to set it).",
            title="Copied",
        )
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
