"""Who is at the keyboard: a uid with no login name (a container's) is a sentence, not a traceback."""

from __future__ import annotations

import getpass

import pytest

from mentortui.__main__ import main
from mentortui.cli.main import ENV_USER


@pytest.fixture
def no_login_name(monkeypatch):
    def getuser():
        raise KeyError("getpwuid(): uid not found: 4242")

    monkeypatch.setattr(getpass, "getuser", getuser)
    monkeypatch.delenv(ENV_USER, raising=False)


def test_a_uid_with_no_login_name_says_to_give_a_handle_and_exits_2(tmp_path, capsys, no_login_name):
    assert main(["--data-dir", str(tmp_path), "list"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and len(err.splitlines()) == 1
    assert err.startswith("mentortui: who is at the keyboard is not known")
    assert "has no login name" in err and f"--as HANDLE or ${ENV_USER}" in err


@pytest.mark.parametrize("given", ["as", "env"])
def test_a_uid_with_no_login_name_works_with_a_handle_given(tmp_path, monkeypatch, capsys, no_login_name, given):
    if given == "env":
        monkeypatch.setenv(ENV_USER, "ana")
    argv = ["--as", "ana"] if given == "as" else []
    assert main(["--data-dir", str(tmp_path), *argv, "list"]) == 0
    assert "not known" not in capsys.readouterr().err
