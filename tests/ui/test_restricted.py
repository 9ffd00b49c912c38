"""Pilot tests of restricted mode (a served session): exports, screenshots, the registry, crashes."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import asyncssh
import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from mentortui.app import ACCESS_REMOVED, MentorApp
from mentortui.model import Agreement, Party
from mentortui.model.people import Person, PersonRole, key_fingerprint
from mentortui.screens.agreement.export import ExportScreen
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.people.not_admitted import NotAdmittedScreen
from mentortui.store import Store

from .pilot import SIZE, open_agreement, type_text, workers_done

KEY, OTHER_KEY = (asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip() for _ in range(2))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ana registered with two keys, her agreement; home and the working folder are watched."""
    for folder in ("home", "cwd"):
        (tmp_path / folder).mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path / "home" / "Downloads"))
    monkeypatch.chdir(tmp_path / "cwd")
    store = Store(tmp_path / "data")  # the service account setting up: bound by no party rule
    store.people.put(Person(handle="ana", name="Ana Lima", role=PersonRole.MENTEE, keys=(KEY, OTHER_KEY)))
    store.create(Agreement(title="Rust basics", mentee=Party("Ana Lima", handle="ana"), mentor=Party("Bo")))
    return tmp_path / "data"


def files_outside(data: Path) -> list[Path]:
    """Every file under the test's folder that is not in the data dir."""
    return [p for p in data.parent.rglob("*") if p.is_file() and not p.is_relative_to(data)]


async def test_a_served_export_asks_no_path_and_never_replaces_a_file(site: Path) -> None:
    app = MentorApp(site, user="ana", served=True)
    folder = site / "exports" / "ana"
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        name = f"rust-basics-{editor.agreement.id}.md"
        folder.mkdir(parents=True)
        (folder / name).write_text("someone's earlier file")
        for _ in range(2):
            await pilot.press("ctrl+o")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ExportScreen)
            assert not dialog.query(Input), "no path is asked for"
            await type_text(pilot, "/etc/passwd")  # typing goes nowhere
            await pilot.press("ctrl+s")
            await workers_done(app)
            await pilot.pause()
            assert app.screen is editor
        shown = [str(n.message) for n in app._notifications]
    assert (folder / name).read_text() == "someone's earlier file"
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted([name, name.replace(".md", "-2.md"), name.replace(".md", "-3.md")])
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 or path.name == name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert any(f"exports/ana/{name.replace('.md', '-2.md')}" in text for text in shown)
    assert files_outside(site) == []


async def test_run_locally_the_export_still_asks_for_a_path(site: Path) -> None:
    app = MentorApp(site, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query_one("#path", Input)


async def palette_titles(pilot, search: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_text(pilot, search)
    await pilot.pause(0.5)
    options = pilot.app.screen.query_one(OptionList)
    titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    return titles


@pytest.mark.parametrize("served", [True, False])
async def test_a_served_session_has_no_screenshot_and_writes_no_file_on_the_host(site: Path, served: bool) -> None:
    app = MentorApp(site, user="ana", served=served)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        found = any("Screenshot" in t for t in await palette_titles(pilot, "screenshot"))
        assert found is not served
        if served:
            app.deliver_screenshot()
            app.deliver_text(__file__)
            await pilot.pause(0.3)
            assert files_outside(site) == []


async def test_a_served_session_with_an_empty_registry_lets_nobody_in(tmp_path: Path) -> None:
    Store(tmp_path / "data")
    app = MentorApp(tmp_path / "data", user="ana", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NotAdmittedScreen)
        assert "Nobody is registered" in str(app.screen.query_one("#not-admitted").render())
    unrestricted = MentorApp(tmp_path / "data", user="ana")
    async with unrestricted.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(unrestricted.screen, HomeScreen)  # one person on their own machine


@pytest.mark.parametrize("remove", ["person", "key"])
async def test_removing_a_person_or_their_key_ends_their_session(
    site: Path, remove: str, capsys: pytest.CaptureFixture, quick_access_check: None
) -> None:
    app = MentorApp(site, user="ana", served=True, key_fingerprint=key_fingerprint(KEY))
    store = Store(site)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)  # six checks of the access, every 50 ms (quick_access_check)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        if remove == "person":
            store.people.remove("ana")
        else:
            store.people.put(store.people.get("ana").edit(keys=(OTHER_KEY,)))
        for _ in range(50):  # within 5 s
            await pilot.pause(0.1)
            if app.return_code is not None:
                break
    assert app.return_code == ACCESS_REMOVED
    message = capsys.readouterr().err
    assert "session ended" in message
    assert ("no longer registered" if remove == "person" else "key you logged in with") in message


async def test_another_key_of_the_same_person_being_removed_ends_nothing(site: Path, quick_access_check: None) -> None:
    app = MentorApp(site, user="ana", served=True, key_fingerprint=key_fingerprint(KEY))
    store = Store(site)
    async with app.run_test(size=SIZE) as pilot:
        store.people.put(store.people.get("ana").edit(keys=(KEY,)))
        await pilot.pause(0.5)  # ten checks of the access, every 50 ms (quick_access_check)
        assert app.is_running and not app._exit_renderables


async def crash_on_timeline(site: Path, capsys: pytest.CaptureFixture, error: type[Exception]):
    """A served session's t (the timeline) ends in ``error``: the app, and what it printed."""
    app = MentorApp(site, user="ana", served=True)
    with pytest.raises(error):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
    return app, " ".join(capsys.readouterr().err.split())


async def test_a_crash_shows_a_short_message_and_logs_the_traceback_without_locals(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def explode(self) -> None:
        confidential = "Ana's private hopes"  # a local a crash screen with locals would show
        raise RuntimeError(f"boom near {len(confidential)}")

    monkeypatch.setattr(HomeScreen, "action_timeline", explode)
    app, shown = await crash_on_timeline(site, capsys, RuntimeError)
    assert app.return_code == 1
    shown = shown.replace("- ", "-")
    assert "unexpected error" in shown and "private hopes" not in shown and "boom" not in shown
    [log] = (site / "logs").iterdir()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.name in shown.replace(" ", "")
    text = log.read_text()
    assert "RuntimeError: boom near 19" in text and "explode" in text
    assert "private hopes" not in text  # no locals, only the code's own lines


async def test_a_served_person_keeps_a_bounded_number_of_exports(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mentortui.screens.agreement.export.MAX_KEPT", 2)
    app = MentorApp(site, user="ana", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        for _ in range(3):
            await pilot.press("ctrl+o")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await workers_done(app)
            await pilot.pause()
        assert isinstance(app.screen, ExportScreen), "the dialog stays open with the message"
        assert any("2 exports kept already" in str(n.message) for n in app._notifications)
    assert len(list((site / "exports" / "ana").iterdir())) == 2


async def test_the_meeting_log_exports_a_calendar_served_and_locally(site: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    from mentortui.model import meetings

    agreement_id = Store(site).list_agreements()[0].id
    Store(site).update(agreement_id, lambda a: meetings.start(a, datetime(2026, 3, 2, 15, tzinfo=UTC))[0])
    app = MentorApp(site, user="ana", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await workers_done(app)
        await pilot.pause()
        log = app.screen
        assert "i" in {b.binding.key for b in log.active_bindings.values() if b.binding.show}
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen) and not dialog.query(Input)
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is log
    [kept] = list((site / "exports" / "ana").iterdir())
    assert kept.name.endswith(f"{agreement_id}.ics") and stat.S_IMODE(kept.stat().st_mode) == 0o600
    [event] = Calendar.from_ical(kept.read_bytes()).walk("VEVENT")
    assert str(event["UID"]).startswith(agreement_id)
    assert files_outside(site) == []

    target = tmp_path / "cwd" / "meetings.ics"
    app = MentorApp(site, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await workers_done(app)
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == 1


async def test_a_screen_that_fails_to_import_after_an_update_says_to_start_again(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The app imports a screen when it is first opened: upgraded under a running session,
    the new module may not fit the old ones. The person is told to start again."""
    import sys

    import mentortui.app as app_module

    monkeypatch.setattr(app_module, "STARTED", 0.0)  # every module file is newer: updated since
    monkeypatch.setitem(sys.modules, "mentortui.screens.timeline.screen", None)  # its import now fails
    _, shown = await crash_on_timeline(site, capsys, ImportError)
    assert "was updated while it ran" in shown and "start it again" in shown, shown
    assert "What was saved is kept" in shown


def test_an_update_is_told_from_a_module_file_newer_than_the_start(tmp_path: Path) -> None:
    import time

    from mentortui.app import updated_since

    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "screen.py"
    module.write_text("")
    started = time.time() + 5
    assert not updated_since(tmp_path, started)
    os.utime(module, (started + 1, started + 1))
    assert updated_since(tmp_path, started)
    assert not updated_since(tmp_path / "missing", started)


def test_crash_logs_are_bounded_in_number_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A person who can make the app fail again and again cannot fill the disk: the latest
    crash logs are kept, each cut to its start and end, each owner-only from the start."""
    from mentortui import app as app_module

    monkeypatch.setattr(app_module, "CRASH_LOGS_KEPT", 3)
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o700)
    for n in range(5):
        (logs / f"crash-20260101-00000{n}-0.log").write_text("old")
    (logs / "other.txt").write_text("kept")

    def deep(n: int) -> None:
        if n:
            deep(n - 1)
        raise RuntimeError("x" * 100_000)

    try:
        deep(50)
    except RuntimeError as error:
        written = app_module.write_crash_log(tmp_path, error)
    names = sorted(p.name for p in logs.iterdir())
    assert names == ["crash-20260101-000003-0.log", "crash-20260101-000004-0.log", written.name, "other.txt"]
    text = written.read_text()
    assert len(text) <= app_module.CRASH_LOG_MAX + 200 and "characters left out" in text
    assert text.startswith("mentortui ") and "RuntimeError" in text
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
