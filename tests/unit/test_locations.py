"""Tests of where data lives: --data-dir takes over no folder, and what it makes is owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mentortui.__main__ import main
from mentortui.locations import DataDirError, data_dir
from mentortui.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_folder_holding_other_things_is_refused_and_left_untouched(tmp_path, capsys) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir(mode=0o755)
    foreign.chmod(0o1777)  # like /tmp: shared, sticky
    (foreign / "cat.jpg").write_text("meow")
    with pytest.raises(DataDirError, match="already holds other files"):
        data_dir(foreign)
    assert main(["--data-dir", str(foreign), "list"]) == 1
    assert "left untouched" in capsys.readouterr().err
    assert mode(foreign) == 0o1777 and sorted(os.listdir(foreign)) == ["cat.jpg"]


@pytest.mark.parametrize("folder", ["/", "/tmp"])
def test_system_folders_are_refused(folder: str) -> None:
    before = mode(Path(folder))
    with pytest.raises(DataDirError):
        data_dir(folder)
    assert mode(Path(folder)) == before and not Path(folder, "index.json").exists()


def test_an_empty_data_dir_argument_is_an_error(capsys) -> None:
    with pytest.raises(DataDirError, match="empty"):
        data_dir("")
    assert main(["--data-dir", "", "list"]) == 1
    assert "--data-dir is empty" in capsys.readouterr().err


def test_parents_it_makes_are_owner_only_whatever_the_umask(tmp_path) -> None:
    old = os.umask(0)
    try:
        made = data_dir(tmp_path / "a" / "b" / "data")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", made):
        assert mode(folder) == 0o700, folder


def test_a_folder_with_mentortui_data_or_nothing_in_it_is_used(tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o755)
    os.chmod(empty, 0o755)
    assert data_dir(empty) == empty
    store = Store(empty)  # the store makes an existing folder private, and says so
    assert mode(empty) == 0o700
    assert [w for w in store.warnings if str(empty) in w and "0755" in w and "0700" in w]
    assert Store(empty).warnings == []  # once
    _ = Store(tmp_path / "ours").people  # makes agreements/ and trash/
    assert data_dir(tmp_path / "ours") == tmp_path / "ours"


def test_a_file_is_not_a_data_dir(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataDirError, match="is a file"):
        data_dir(tmp_path / "file")


def test_a_folder_its_owner_made_read_only_is_not_made_writable(tmp_path):
    from mentortui.locations import tighten

    said: list[str] = []
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    assert tighten(folder, 0o700, said.append) is False and said == []
    assert mode(folder) == 0o500, "nothing is added"
    folder.chmod(0o555)
    assert tighten(folder, 0o700, said.append) is True
    assert mode(folder) == 0o500 and said == [f"{folder} was mode 0555 (others could reach it); it is now 0500"]
    folder.chmod(0o700)
