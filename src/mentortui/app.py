"""Provides MentorApp: the Textual application, its stylesheets, screens and palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from . import __version__
from .commands import binding_commands
from .screens.home import HomeScreen
from .screens.not_admitted import NotAdmittedScreen
from .store import Store


def stylesheets() -> list[Path]:
    """The .tcss files: shipped inside the package, or at the top of a source checkout."""
    here = Path(__file__).parent
    for folder in (here / "styles", here.parent.parent / "styles"):
        if folder.is_dir():
            return sorted(folder.glob("*.tcss"))
    raise FileNotFoundError("mentortui's styles/ folder is missing from this installation")


class MentorApp(App[None]):
    """Mentoring agreements, meetings and goals, for a mentor and a mentee."""

    TITLE = "mentortui"
    CSS_PATH = stylesheets()

    def __init__(self, data_dir: Path, user: str = "") -> None:
        super().__init__()
        self.store = Store(data_dir, user=user)
        #: Who is at the keyboard, and so which agreements they see.
        self.viewer = self.store.people.viewer(user)
        self.sub_title = f"{user} · v{__version__}" if user else f"v{__version__}"

    def on_mount(self) -> None:
        if self.viewer.admitted:
            self.push_screen(HomeScreen())
        else:
            self.push_screen(NotAdmittedScreen(self.viewer.handle))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen)
        yield from getattr(screen, "palette_commands", lambda: ())()
