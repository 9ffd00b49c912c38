"""Command-line tests of what goes wrong on a real host: each a line on stderr and exit 1 (2 for
bad input), never a traceback; the index never hides an agreement; the trash can be undone;
everything written is owner-only."""

from __future__ import annotations

import fcntl
import json
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from mentortui.model import Agreement, Party
from mentortui.store import Store


def run(*args: str | bytes, umask: int | None = None) -> subprocess.CompletedProcess:
    """`python -m mentortui` in a child process, arguments given as the bytes a shell passes."""
    raw = [a if isinstance(a, bytes) else a.encode() for a in args]
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"mentortui", *raw],
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def err(done: subprocess.CompletedProcess) -> str:
    text = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    return text


def pair(title: str = "Ana ↔ Ben") -> Agreement:
    return Agreement(title=title, mentee=Party("Ana Silva"), mentor=Party("Ben Okafor"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- the index is a cache ------------------------------------------------------------------------


def test_an_agreement_created_while_the_index_lock_is_busy_is_created_and_listed(tmp_path):
    store = Store(tmp_path)
    fd = os.open(tmp_path / "index.json.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        created = store.create(pair())  # no "busy" error: its file is what counts
        done = run("--data-dir", str(tmp_path), "list", "--json")
    finally:
        os.close(fd)
    assert done.returncode == 0, err(done)
    assert [s["id"] for s in json.loads(done.stdout)] == [created.id]
    assert run("--data-dir", str(tmp_path), "log", created.id, "--note", "seen").returncode == 0


def test_an_agreement_the_index_never_heard_of_is_listed(tmp_path):
    """A kill between writing the file and the index: the listing reconciles."""
    store = Store(tmp_path)
    first = store.create(pair("First"))
    store.list_agreements()
    index = store.index_path.read_bytes()
    second = store.create(pair("Second"))
    store.index_path.write_bytes(index)  # as if the app died before the index took it
    gone = store.create(pair("Gone"))
    store.list_agreements()
    store.path_of(gone.id).unlink()  # a file removed by hand: it drops out
    done = run("--data-dir", str(tmp_path), "list", "--json")
    assert {s["id"] for s in json.loads(done.stdout)} == {first.id, second.id}


def test_a_damaged_agreement_with_the_index_deleted_is_listed_and_named(tmp_path):
    store = Store(tmp_path)
    good = store.create(pair("Good"))
    bad = store.create(pair("Bad"))
    path = store.path_of(bad.id)
    path.write_text("{torn")
    store.index_path.unlink()
    listed = run("--data-dir", str(tmp_path), "list")
    assert listed.returncode == 0
    rows = listed.stdout.decode().splitlines()[1:]
    assert len(rows) == 2 and any(r.startswith(good.id) and "draft" in r for r in rows)
    assert any(r.startswith(bad.id) and "damaged" in r for r in rows)
    assert str(path) in err(listed) and "not valid JSON" in err(listed)
    shown = run("--data-dir", str(tmp_path), "meetings", bad.id)
    assert shown.returncode == 1
    assert str(path) in err(shown) and "no agreement with id" not in err(shown)
    assert len(err(shown).strip().splitlines()) == 1


def test_an_index_whose_entry_has_the_wrong_shape_is_kept_aside_and_said(tmp_path):
    store = Store(tmp_path)
    created = store.create(pair())
    store.list_agreements()
    data = json.loads(store.index_path.read_text())
    entry = next(iter(data["agreements"].values()))
    entry["start_date"] = "not a date"
    store.index_path.write_text(json.dumps(data))
    os.chmod(store.index_path, 0o600)
    done = run("--data-dir", str(tmp_path), "list", "--json")
    assert [s["id"] for s in json.loads(done.stdout)] == [created.id]
    (aside,) = tmp_path.glob("index.json.damaged-*")
    assert json.loads(aside.read_text()) == data
    assert aside.name in err(done) and "warning" in err(done)


def test_the_cli_says_what_the_store_recovered_from(tmp_path):
    store = Store(tmp_path)
    store.create(pair())
    store.list_agreements()
    store.index_path.write_bytes(b"{torn")
    os.chmod(store.index_path, 0o600)
    done = run("--data-dir", str(tmp_path), "list")
    assert done.returncode == 0 and "index" in err(done) and "damaged-" in err(done)


# -- operating-system errors ---------------------------------------------------------------------


def test_an_agreement_file_that_is_a_folder_is_one_line_and_exit_1(tmp_path):
    store = Store(tmp_path)
    created = store.create(pair())
    path = store.path_of(created.id)
    path.unlink()
    path.mkdir()
    for args in (("meetings", created.id), ("log", created.id, "--note", "x"), ("export", created.id)):
        done = run("--data-dir", str(tmp_path), *args)
        assert done.returncode == 1, args
        lines = err(done).strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and "folder" in lines[0], lines


def test_a_full_disk_on_the_cli_is_a_sentence(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("no tmpfs can be mounted here")
    try:
        store = Store(mount / "data")
        created = store.create(pair())
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"x" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        done = run("--data-dir", str(mount / "data"), "log", created.id, "--note", "on a full disk")
        assert done.returncode == 1
        line = err(done).strip()
        assert "the disk is full" in line and "free some space" in line and len(line.splitlines()) == 1
        assert Store(mount / "data").load(created.id).meetings == ()  # nothing half-written
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


# -- arguments that are not UTF-8 ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args, named",
    [
        ((b"log", b"abc", b"--note", b"caf\xe9"), "--note"),
        ((b"--as", b"\xff\xfe", b"list"), "--as"),
        ((b"people", b"add", b"ana", b"--name", b"Ana \xc3"), "--name"),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line_naming_it(tmp_path, args, named):
    done = run("--data-dir", str(tmp_path), *args)
    assert done.returncode == 2
    lines = err(done).strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "UTF-8" in lines[0]


# -- the trash -----------------------------------------------------------------------------------


def test_trash_list_restore_and_purge(tmp_path):
    store = Store(tmp_path)
    created = store.create(pair("Deleted by mistake"))
    agreements = store.agreements_dir
    (agreements / ".tmp").mkdir(exist_ok=True)
    (agreements / ".tmp" / f"{created.id}.json.1.abc.tmp").write_text("left by a killed writer")
    store.delete(created.id)
    assert not (agreements / f"{created.id}.json.lock").exists()
    assert list((agreements / ".tmp").glob(f"{created.id}.*")) == []

    listed = run("--data-dir", str(tmp_path), "trash", "list")
    assert created.id in listed.stdout.decode() and "Deleted by mistake" in listed.stdout.decode()
    assert json.loads(run("--data-dir", str(tmp_path), "list", "--json").stdout) == []

    done = run("--data-dir", str(tmp_path), "trash", "restore", created.id)
    assert done.returncode == 0, err(done)
    assert [s["id"] for s in json.loads(run("--data-dir", str(tmp_path), "list", "--json").stdout)] == [created.id]
    assert Store(tmp_path).load(created.id).title == "Deleted by mistake"
    assert "empty" in run("--data-dir", str(tmp_path), "trash").stdout.decode()

    again = run("--data-dir", str(tmp_path), "trash", "restore", created.id)
    assert again.returncode == 1 and created.id in err(again)

    store.delete(created.id)
    assert (
        run("--data-dir", str(tmp_path), "trash", "purge", "--older-than", "1").stdout.decode().startswith("Removed 0")
    )
    assert len(store.trash()) == 1
    assert len(store.purge(timedelta(seconds=-1))) == 1 and store.trash() == []


def test_restoring_never_overwrites_a_live_agreement(tmp_path):
    store = Store(tmp_path)
    created = store.create(pair("Old"))
    store.delete(created.id)
    live = store.create(pair("Live").edit(id=created.id))
    before = store.path_of(live.id).read_bytes()
    done = run("--data-dir", str(tmp_path), "trash", "restore", created.id)
    assert done.returncode == 1 and "in the list already" in err(done)
    assert store.path_of(live.id).read_bytes() == before
    assert len(store.trash()) == 1  # the deleted copy is still kept


# -- modes ---------------------------------------------------------------------------------------


def test_everything_written_is_owner_only_under_umask_000(tmp_path):
    data = tmp_path / "a" / "b" / "data"
    assert run("--data-dir", str(data), "list", umask=0).returncode == 0
    store = Store(data)
    created = store.create(pair())
    store.list_agreements()
    assert run("--data-dir", str(data), "log", created.id, "--note", "x", umask=0).returncode == 0
    assert run("--data-dir", str(data), "list", umask=0).returncode == 0
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert mode(folder) == 0o700, folder
    for path in data.rglob("*"):
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_modes_found_wider_are_tightened_and_said_once(tmp_path):
    store = Store(tmp_path)
    created = store.create(pair())
    store.list_agreements()
    os.chmod(tmp_path, 0o755)
    for path in (store.index_path, store.path_of(created.id), store.agreements_dir / f"{created.id}.json.lock"):
        os.chmod(path, 0o644)
    os.chmod(store.agreements_dir / ".tmp", 0o755)
    first = run("--data-dir", str(tmp_path), "log", created.id, "--note", "x")
    assert first.returncode == 0, err(first)
    said = err(first)
    assert str(tmp_path) in said and "0755" in said and "index.json" in said
    for path in tmp_path.rglob("*"):
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert mode(tmp_path) == 0o700
    second = run("--data-dir", str(tmp_path), "list")
    assert err(second) == ""
