"""Tests of `mentortui people` and of --as / MENTORTUI_USER deciding what the CLI shows."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mentortui.__main__ import main
from mentortui.model import Agreement, Party
from mentortui.store import Store


def keypair(tmp_path, name: str) -> str:
    """Make an ed25519 key pair with ssh-keygen; returns the public key file's path."""
    path = tmp_path / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)], check=True)
    return f"{path}.pub"


def test_add_list_update_remove(tmp_path, capsys):
    data = str(tmp_path / "data")
    pub = keypair(tmp_path, "ana_key")
    assert main(["--data-dir", data, "people", "add", "ana", "--name", "Ana Silva", "--key", pub]) == 0
    assert main(["--data-dir", data, "people", "add", "cora", "--name", "Cora", "--role", "coordinator"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "people", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["HANDLE", "NAME"], ["ana", "Ana"], ["cora", "Cora"]]
    assert lines[1].split()[-2:] == ["mentee", "1"] and lines[2].split()[-2:] == ["coordinator", "0"]

    assert main(["--data-dir", data, "people", "add", "ana", "--role", "mentor"]) == 0
    person = Store(tmp_path / "data").people.get("ana")
    assert (person.name, person.role.value, len(person.keys)) == ("Ana Silva", "mentor", 1), (
        "an update keeps what it does not change"
    )
    assert main(["--data-dir", data, "people", "remove", "ana"]) == 0
    assert Store(tmp_path / "data").people.get("ana") is None
    assert main(["--data-dir", data, "people", "remove", "ana"]) == 1
    assert "no person with handle 'ana'" in capsys.readouterr().err


def test_bad_handles_and_keys_are_refused_with_the_field_named(tmp_path, capsys):
    data = str(tmp_path / "data")
    bad_key = tmp_path / "bad.pub"
    bad_key.write_text("ssh-ed25519 not-base64!! me")
    assert main(["--data-dir", data, "people", "add", "Bad Handle", "--name", "X"]) == 2
    assert "handle:" in capsys.readouterr().err
    assert main(["--data-dir", data, "people", "add", "ok", "--name", "X", "--key", str(bad_key)]) == 2
    assert "keys[0]: the key's base64 part is damaged" in capsys.readouterr().err
    assert Store(tmp_path / "data").people.all() == []


def test_a_key_belongs_to_one_person(tmp_path, capsys):
    """The SSH server finds the person by the key: a key already someone's is refused for another
    (the registry unchanged), and is still accepted again for its own holder."""
    data = str(tmp_path / "data")
    pub = keypair(tmp_path, "ana_key")
    assert main(["--data-dir", data, "people", "add", "ana", "--name", "Ana", "--key", pub]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "people", "add", "bo", "--name", "Bo", "--key", pub]) == 2
    assert "keys[0]: this key is already ana's" in capsys.readouterr().err
    assert [p.handle for p in Store(tmp_path / "data").people.all()] == ["ana"]
    assert main(["--data-dir", data, "people", "add", "ana", "--role", "mentor", "--key", pub]) == 0
    assert len(Store(tmp_path / "data").people.get("ana").keys) == 1


def test_authorized_keys_lines_force_the_app_as_each_person(tmp_path, capsys):
    data = tmp_path / "data"
    pub = keypair(tmp_path, "ana_key")
    main(["--data-dir", str(data), "people", "add", "ana", "--name", "Ana", "--key", pub])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "people", "authorized-keys"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    key = Path(pub).read_text().strip()
    assert line.startswith('restrict,pty,command="') and line.endswith(f'" {key}')
    command = line.removeprefix('restrict,pty,command="').removesuffix(f'" {key}')
    fingerprint = subprocess.run(["ssh-keygen", "-lf", pub], capture_output=True, text=True).stdout.split()[1]
    assert command.endswith(
        f"-m mentortui --data-dir {data.resolve()} --served --key-fingerprint {fingerprint} --as ana"
    )


def test_the_cli_lists_only_what_the_user_may_see(tmp_path, capsys, monkeypatch):
    data = str(tmp_path / "data")
    main(["--data-dir", data, "people", "add", "ana", "--name", "Ana"])
    store = Store(tmp_path / "data")
    mine = store.create(Agreement(title="Mine", mentee=Party("Ana", handle="ana"), mentor=Party("B")))
    other = store.create(Agreement(title="Other", mentee=Party("C"), mentor=Party("D")))
    capsys.readouterr()
    assert main(["--data-dir", data, "--as", "ana", "list"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]] == [mine.id]
    assert main(["--data-dir", data, "--as", "ana", "export", other.id]) == 1
    assert f"no agreement with id '{other.id}'" in capsys.readouterr().err
    monkeypatch.setenv("MENTORTUI_USER", "zed")
    assert main(["--data-dir", data, "list"]) == 1
    assert "zed is not registered" in capsys.readouterr().err


def test_a_name_that_could_drive_a_terminal_is_refused(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "people", "add", "evil", "--name", "\x1b]0;PWNED\x07\x1b[2J"]) == 2
    err = capsys.readouterr().err
    assert "name: remove the control character ESC (U+001B)" in err and "\x1b" not in err
    assert len(err.strip().splitlines()) == 1
    assert Store(tmp_path / "data").people.all() == []
