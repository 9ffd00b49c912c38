"""Provides MentorApp: the Textual application, its stylesheets, screens and palette."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
import time
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import Notification, Notify
from textual.screen import Screen

from . import __version__, collecting, paste, render, scrollbars, sizes
from .commands import binding_commands
from .locations import private_dir, unsaved_dir
from .model import Agreement
from .model.merge import merge
from .model.people import HANDLE, access_ended
from .screens.common.saving import Saver, save_everything, unsaved_draft
from .screens.home.screen import HomeScreen
from .screens.people.not_admitted import NotAdmittedScreen
from .store import Store, StoreError
from .store.atomic import FILE_MODE
from .store.prefetch import Prefetch
from .text import plain
from .typeahead import TypeAhead
from .unsaved import Kept, unsaved_text, why

#: How often a served session checks that its person may still use the app (seconds).
ACCESS_CHECK_INTERVAL = 1.0
#: The exit status of a served session ended because its person's access was removed.
ACCESS_REMOVED = 3
#: How often the screen on top looks for saves made by others (seconds).
WATCH_SECONDS = 1.0
#: On stopping, a save that is failing (the disk full, a lock held) is tried this many more
#: times, a second apart, before what it holds is kept in the exports folder instead.
STOP_TRIES = 2
#: Full garbage collections wait for a pause in the typing this long (seconds), and run at
#: most this often: with 2,000 rows listed one took 70-125 ms, a key waiting that long.
COLLECT_AFTER_IDLE = 1.5
COLLECT_EVERY = 20.0
#: Collections of the young generations stay automatic; the oldest only when idle.
GC_THRESHOLDS = (700, 10, 1_000_000)
#: Collections are held from the process's start until the list is drawn, at most this long
#: from the app's mount (seconds; see mentortui.collecting).
COLLECTION_HELD_AT_MOST = 5.0


def stylesheets() -> list[Path]:
    """The .tcss files: shipped inside the package, or at the top of a source checkout."""
    here = Path(__file__).parent
    for folder in (here / "styles", here.parent.parent / "styles"):
        if folder.is_dir():
            return sorted(folder.glob("*.tcss"))
    raise FileNotFoundError("mentortui's styles/ folder is missing from this installation")


#: When this process imported the app: a module file changed after it was updated meanwhile.
STARTED = time.time()


def updated_since(folder: Path, started: float) -> bool:
    """True when a module of the installed app in ``folder`` changed after ``started``: it
    was upgraded under a running session, whose next screen then imports the new code."""
    try:
        return any(path.stat().st_mtime > started for path in folder.rglob("*.py"))
    except OSError:
        return False


#: Crash logs kept in ``logs/``, the latest: whoever can make the app fail again and again
#: (a served session is anyone's) cannot fill the service account's disk with them.
CRASH_LOGS_KEPT = 50
#: The most of one traceback written (a deep recursion's is megabytes): its start and end.
CRASH_LOG_MAX = 64 * 1024


def write_crash_log(data_dir: Path, error: BaseException) -> Path:
    """Write ``error``'s traceback (no local variables) to an owner-only file in ``logs/``,
    keeping the last `CRASH_LOGS_KEPT` of them, each at most `CRASH_LOG_MAX` characters."""
    folder = private_dir(data_dir / "logs")
    older = sorted(folder.glob("crash-*.log"))  # named by time: the oldest first
    for stale in older[: max(0, len(older) - (CRASH_LOGS_KEPT - 1))]:
        try:
            stale.unlink()
        except OSError:
            pass  # another session's, gone already, or not ours to remove: the new one is written
    path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}-{id(error):x}.log"
    text = "".join(traceback.format_exception(error))
    if len(text) > CRASH_LOG_MAX:
        half = CRASH_LOG_MAX // 2
        text = f"{text[:half]}\n… ({len(text) - 2 * half} characters left out) …\n{text[-half:]}"
    # Created owner-only (not made so after: the traceback may name what the person typed).
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "w", encoding="utf-8") as handle:
        handle.write(f"mentortui {__version__}\n{text}")
    return path


class MentorApp(TypeAhead, App[None]):
    """Mentoring agreements, meetings and goals, for a mentor and a mentee.

    ``served`` is restricted mode, for sessions reached over SSH or a browser: the person
    at the keyboard is not the account the app runs as, so nothing they do opens a path
    they typed or writes outside the data directory, and the people registry decides, all
    the time, whether they may go on (``key_fingerprint`` names the key they logged in with).
    """

    TITLE = "mentortui"
    CSS_PATH: ClassVar[list[str | PurePath]] = [*stylesheets()]  # (Textual takes a list of either)
    BINDINGS: ClassVar[list[BindingType]] = [
        # Escape closes the keys panel (opened from the palette) before it does anything else.
        Binding("escape", "hide_help_panel", "Hide keys", show=False, priority=True, id="app.hide_keys"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hide_help_panel":
            return bool(self.screen.query("HelpPanel"))
        return True

    def __init__(
        self,
        data_dir: Path,
        user: str = "",
        served: bool = False,
        key_fingerprint: str = "",
        prefetch: Prefetch | None = None,
    ) -> None:
        super().__init__()
        #: The first listing, read by a child process while the app was imported (if any),
        #: read from the child now, so the list's first worker finds it ready.
        self._prefetch = prefetch
        if prefetch is not None:
            threading.Thread(target=prefetch.load, name="prefetch", daemon=True).start()
        paste.install()  # a bracketed paste is read whole: nothing pasted acts as a key
        sizes.install()  # a browser tab's size is held to what a person can use
        render.install()
        scrollbars.install()  # a frame is drawn with its scrollbars, not followed by one that adds them
        self.store = Store(data_dir, user=user)
        self.served = served
        self.key_fingerprint = key_fingerprint
        #: Who is at the keyboard, and so which agreements they see.
        self.viewer = self.store.people.viewer(user, restricted=served)
        #: Restricted mode with an empty registry: nobody at all is let in.
        self.nobody_registered = served and not self.viewer.admitted and not self.store.people.all()
        self.sub_title = f"{user} · v{__version__}" if user else f"v{__version__}"
        #: Screens' savers with something not yet on disk (see screens/saving.py).
        self.savers: set[Saver] = set()
        self._init_type_ahead()
        self._stopping = False
        #: Where what could not be saved on stopping was kept (a sentence each).
        self._kept: list[str] = []

    def on_mount(self) -> None:
        if self.viewer.admitted:
            self.push_screen(HomeScreen())
        else:
            self.push_screen(NotAdmittedScreen(self.viewer.handle, self.nobody_registered))
        if self.served and self.viewer.admitted:
            self.set_interval(ACCESS_CHECK_INTERVAL, self._check_access)
        self.set_interval(WATCH_SECONDS, self._watch, name="watch")
        self._last_input = self._last_collect = time.monotonic()
        # The list resumes collections once drawn (if they were held); whatever is drawn, by then.
        self.set_timer(COLLECTION_HELD_AT_MOST, collecting.resume, name="resume collections")
        if not self.is_headless:  # the process is the app's (a test's pilot shares its own)
            gc.set_threshold(*GC_THRESHOLDS)
            self.set_interval(COLLECT_AFTER_IDLE, self._collect_when_idle, name="collect")
        try:
            loop = asyncio.get_running_loop()
            # Headless (a test's pilot) the process is not the app's: its signals stay its own.
            for number in () if self.is_headless else (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(number, self._on_stop_signal, number)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
            pass

    def take_prefetch(self) -> Prefetch | None:
        """The prefetched first listing, to the first who asks (the list's first worker)."""
        prefetch, self._prefetch = self._prefetch, None
        return prefetch

    # -- garbage collection, between keys ----------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste, events.MouseDown)):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        """A full collection, once the person has paused (never in the middle of typing)."""
        moment = time.monotonic()
        if moment - self._last_input >= COLLECT_AFTER_IDLE and moment - self._last_collect >= COLLECT_EVERY:
            self._last_collect = moment
            gc.collect()

    # -- one watcher for the app -----------------------------------------------------------

    def _watch(self) -> None:
        """Let the screen on top (only that one) look for others' saves."""
        if self._stopping or not self.screen_stack:  # a tick can come after the last screen went
            return
        screen = self.screen
        watch = getattr(screen, "watch_disk", None)
        if watch is None or not screen.is_mounted:
            return
        if any(worker.node is screen and worker.group == "watch" and not worker.is_finished for worker in self.workers):
            return  # its last look is still reading (a busy host): no second thread beside it
        watch()

    # -- stopping without losing what was typed ----------------------------------------------

    async def action_quit(self) -> None:
        """Quit once everything typed is on disk (what could not be written is said on exit)."""
        await self.stop(0)

    async def _save_drafts(self) -> bool:
        """Stop watching, hand every screen's unsaved keys to its saver and wait for all of
        them; False if some could not be written in time.

        What is still not on disk then (a save failing: the disk full, a lock held; a field
        held in a conflict) is kept in the person's exports folder as the agreement as it was
        on screen (`_keep_unsaved`), so stopping loses nothing typed."""
        self._stopping = True
        await self._hand_over_type_ahead()  # keys typed ahead are typed too
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_draft", None)
            if flush is not None:
                flush()
        saved = await save_everything(self, tries=STOP_TRIES)
        # The screens open, and those closed with a save still failing (a meeting left while
        # the disk was full: its saver goes on trying, and holds the screen's draft).
        owners = list(dict.fromkeys([*self.screen_stack, *(saver.owner for saver in self.savers)]))
        by_id: dict[str, Agreement] = {}
        for owner in owners:  # two screens on one agreement (a meeting log, its session): one draft
            draft = unsaved_draft(owner)
            if draft is None:
                continue
            kept, base = by_id.get(draft.id), getattr(owner, "base", None)
            by_id[draft.id] = draft if kept is None or base is None else merge(base, kept, draft)[0]
        drafts = list(by_id.values())
        if drafts:
            self._kept = await asyncio.to_thread(self._keep_unsaved, drafts)
        return saved and not drafts

    def _keep_unsaved(self, drafts: list[Agreement]) -> list[str]:
        """Keep each agreement as it was on screen (`keep_unsaved`, in a thread); a sentence
        for each, saying where, or why it could not be."""
        return [self.keep_unsaved(draft).said for draft in drafts]

    def keep_unsaved(self, draft: Agreement) -> Kept:
        """Write the agreement as it was on screen to a new file in the person's exports
        folder (call it from a thread); where, and a sentence saying so or why it could not be.

        When the data folder cannot be written either, it goes to a folder of the person's
        own (`unsaved_dir`), unless the session is served (the person is not the account the
        app runs as); failing that too, the sentence is followed by what was not saved, on
        the lines after it, for the exit message to show."""
        from .export import agreement_markdown, file_name, write_new_in
        from .export.meetings import own_private_notes

        text = agreement_markdown(draft)
        if private := own_private_notes(draft, self.viewer.handle):  # the Markdown leaves every private note out
            text += "\n" + private + "\n"

        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        handle = self.viewer.handle if HANDLE.fullmatch(self.viewer.handle) else "local"
        exports = self.store.data_dir / "exports" / handle
        title = plain(draft.display_title, single_line=True)
        name = file_name(draft).removesuffix(".md") + f"-unsaved-{stamp}.md"
        try:
            path = write_new_in(self.store.exports_dir(handle), name, text)
        except (OSError, ValueError) as error:
            problem = f"{exports} could not be written ({why(error)})"
        else:
            return Kept(path, f"what was on screen of “{title}” is kept in {path}")
        if not self.served:  # the person owns the process: a folder of theirs will do
            own = "the folder of your own for unsaved text"
            try:
                own = str(unsaved_dir())
                path = write_new_in(private_dir(Path(own)), name, text)
            except (OSError, ValueError, RuntimeError) as error:  # (RuntimeError: no home)
                problem += f", nor {own} ({why(error)})"
            else:
                return Kept(path, f"{problem}: what was on screen of “{title}” is kept in {path} instead")
        else:
            problem += ", and a served session writes nowhere else"
        return Kept(
            None,
            f"“{title}” could not be kept either: {problem}. "
            f"What was not saved is shown below: copy it now\n{unsaved_text(self.store, draft, self.viewer.handle)}",
        )

    async def stop(self, return_code: int = 0, message: str | None = None) -> None:
        """Save every draft, then exit (1 when something could not be saved); what could not
        be kept anywhere is shown after the message, as plain text."""
        if self._stopping:
            return
        if any(saver.failing for saver in self.savers):
            # Shown now: a notice posted as a message would wait for this very handler (the
            # quit key's) to end, that is, for the tries it announces.
            notice = Notification("Stopping: trying the failed saves twice more first.", "Stopping", markup=False)
            self._on_notify(Notify(notice))
        saved = await self._save_drafts()
        if not saved and message is None:
            failing = list(dict.fromkeys(plain(s.failing, single_line=True) for s in self.savers if s.failing))
            message = "mentortui: some changes could not be saved before stopping"
            message += f": {'; '.join(failing)}" if failing else ""
            return_code = return_code or 1
        if message is not None and self._kept:  # (a message of its own, too: access removed)
            shown = [kept.partition("\n") for kept in self._kept]
            message += "".join(f"; {plain(sentence, single_line=True)}" for sentence, _, _ in shown)
            message += "".join(f"\n\n{text}" for _, _, text in shown if text)  # plain() already
        # As Text: the console would turn ":name:" in what was typed into an emoji.
        self.exit(return_code=return_code, message=Text(message) if message is not None else None)

    async def _shutdown(self) -> None:
        # Whatever way the app ends (Textual's own quit, a test's end), drafts go to disk first.
        if not self._stopping:
            await self._save_drafts()
        await super()._shutdown()

    def _on_stop_signal(self, number: int) -> None:
        # SIGTERM (the service stopping) or SIGHUP (the SSH connection dropped).
        if number == signal.SIGHUP:
            self.call_later(self._hung_up)
        else:
            self.call_later(self.stop, 0)

    async def _hung_up(self) -> None:
        """The terminal is gone: save every draft, then end at once.

        Textual's usual exit restores a terminal that no longer exists, and can wait on it
        for ever; there is nobody left to show anything to.
        """
        await self._save_drafts()
        os._exit(128 + signal.SIGHUP)

    @work(thread=True, exclusive=True, group="access", description="access")
    def _check_access(self) -> None:
        """End a served session once its person (or their key) is no longer registered."""
        try:
            reason = access_ended(self.store.people.all(), self.viewer.handle, self.key_fingerprint)
        except (StoreError, OSError) as error:
            reason = f"the people registry cannot be read ({error})"
        if reason:
            self.call_from_thread(
                self.call_later,
                self.stop,
                ACCESS_REMOVED,
                f"mentortui: session ended: {reason}. Ask a coordinator if this is a mistake.",
            )

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        # Notifications often quote stored text (who changed what, a file's name): every
        # control shows as a stand-in, as everywhere else, whoever calls.
        super().notify(plain(message), title=plain(title, single_line=True), **kwargs)

    def _on_notify(self, event: Notify) -> None:
        # The same notice again (a save retried, a conflict seen at each look) replaces the
        # one shown rather than stacking over the field being typed in.
        new = event.notification
        for shown in list(self._notifications):
            if (shown.title, shown.message, shown.severity) == (new.title, new.message, new.severity):
                self._unnotify(shown, refresh=False)
        super()._on_notify(event)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # The screen's own actions first; Textual's (theme, keys, quit...) after them.
        yield from binding_commands(self, screen)
        yield from getattr(screen, "palette_commands", lambda: ())()
        for command in super().get_system_commands(screen):
            # A screenshot is a file written on the host: not for a served session.
            if not (self.served and command.title == "Screenshot"):
                yield command

    def _writes_on_host(self, even_in_browser: bool = False) -> bool:
        """True (and the person is told) when a served session would write a file on the host.

        In a terminal, Textual "delivers" a file into the downloads folder of the account
        the app runs as: only a browser download reaches a served person.
        """
        if self.served and (even_in_browser or not self.is_web):
            self.notify("Files are not written on the server in a served session.", severity="warning")
            return True
        return False

    def save_screenshot(self, *args: Any, **kwargs: Any) -> str:
        return "" if self._writes_on_host(even_in_browser=True) else super().save_screenshot(*args, **kwargs)

    def deliver_text(self, *args: Any, **kwargs: Any) -> str | None:  # screenshots too
        return None if self._writes_on_host() else super().deliver_text(*args, **kwargs)

    def deliver_binary(self, *args: Any, **kwargs: Any) -> str | None:
        return None if self._writes_on_host() else super().deliver_binary(*args, **kwargs)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        # In a terminal this would start a browser on the host.
        if self.served and not self.is_web:
            return
        super().open_url(url, new_tab=new_tab)

    # -- unexpected errors -------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Stop on an unexpected error with a short message; the traceback goes to a log file.

        Textual's own crash screen shows every frame's local variables, which hold
        agreements: never on the person's screen.
        """
        self._return_code = 1
        if self._exception is None:  # so that a test under the pilot sees it raised
            self._exception = error
            self._exception_event.set()
        try:
            where = f"the details are in {write_crash_log(self.store.data_dir, error)}"
        except OSError as log_error:
            where = f"the details could not be written ({log_error.strerror or log_error})"
        self.bell()
        if updated_since(Path(__file__).parent, STARTED):
            said = (
                "mentortui was updated while it ran, and this session could not go on with the new "
                f"version: start it again. What was saved is kept; {where}."
            )
        else:
            said = (
                "mentortui stopped on an unexpected error; what was saved is kept, and "
                f"{where}. Please tell whoever runs mentortui."
            )
        self._exit_renderables.append(Text(said, style="bold red"))
        self._close_messages_no_wait()
