"""A write refused names what refused it: the folder a file could not be made or renamed in,
not the agreement's file (a tester was told to check a file that was writable)."""

from __future__ import annotations

import errno
import os

import pytest

from mentortui.store import atomic
from mentortui.store.errors import FileAccessError


def test_a_temp_file_refused_names_the_folder_it_is_made_in(tmp_path, monkeypatch):
    target = tmp_path / "agreements" / "a1.json"
    target.parent.mkdir()
    real_open = os.open

    def refusing(path, flags, *args):
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", refusing)
    with pytest.raises(FileAccessError) as raised:
        atomic.write_atomically(target, "{}")
    assert raised.value.path == target.parent / ".tmp"
    assert raised.value.short == "agreements/.tmp: permission denied; check owner and mode"


def test_a_rename_refused_names_the_agreements_folder(tmp_path, monkeypatch):
    target = tmp_path / "agreements" / "a1.json"
    target.parent.mkdir()

    def refusing(source, destination):
        raise PermissionError(errno.EACCES, "Permission denied", str(source), None, str(destination))

    monkeypatch.setattr(atomic.os, "replace", refusing)
    with pytest.raises(FileAccessError) as raised:
        atomic.write_atomically(target, "{}")
    assert raised.value.path == target.parent
    assert raised.value.short.startswith("agreements: permission denied")


def test_a_full_disk_still_names_the_file(tmp_path, monkeypatch):
    target = tmp_path / "agreements" / "a1.json"
    target.parent.mkdir()

    def full(source, destination):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(FileAccessError) as raised:
        atomic.write_atomically(target, "{}")
    assert raised.value.short == "a1.json: the disk is full; free some space"


def test_the_longest_of_these_fits_the_editors_status_line(tmp_path):
    from mentortui.screens.agreement.editor import STATUS_ROOM

    refused = FileAccessError(tmp_path / "agreements" / ".tmp", PermissionError(errno.EACCES, "Permission denied"))
    assert len(f"Not saved, retrying: {refused.short}") <= STATUS_ROOM
