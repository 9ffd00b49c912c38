"""A person's public key is one line: nothing in it can add a line to authorized_keys, and the
forced command survives sshd's reading of command="…" whatever the data dir is called."""

from __future__ import annotations

import base64
import shlex
import subprocess

import pytest

from mentortui.__main__ import main
from mentortui.cli.subcommands import authorized_keys, mentortui_command
from mentortui.model.people import Person, PersonRole, key_fingerprint, parse_public_key
from mentortui.serve.command import served_command
from mentortui.store import Store


def keypair(tmp_path, name: str) -> str:
    """A new ed25519 public key line, commented ``name``."""
    path = tmp_path / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)], check=True)
    return (tmp_path / f"{name}.pub").read_text().strip()


def sshd_command(line: str) -> str:
    """The command sshd runs for an authorized_keys line: the command="…" option, read as sshd
    reads it (auth-options.c: \\" is a quote, every other backslash stays as it is)."""
    assert line.startswith('command="') or line.startswith('restrict,pty,command="')
    text, out, i = line.split('command="', 1)[1], [], 0
    while text[i] != '"':
        if text[i] == "\\" and text[i + 1] == '"':
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out)


def test_a_key_file_with_a_second_line_is_refused_and_nothing_is_added(tmp_path, capsys):
    dan, eve = keypair(tmp_path, "dan"), keypair(tmp_path, "eve")
    smuggled = tmp_path / "evil.pub"
    smuggled.write_text(f"{dan}\n{eve}\n")  # a comment that runs on into a key of its own
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "people", "add", "dan", "--name", "Dan", "--key", str(smuggled)]) == 2
    assert "a key is one line" in capsys.readouterr().err
    assert Store(tmp_path / "data").people.all() == []


@pytest.mark.parametrize("control", ["\n", "\r", "\x1b]0;PWNED\x07", "\x00", "\x85"])
def test_a_key_line_with_a_control_character_is_not_a_key(tmp_path, control):
    key = keypair(tmp_path, "ana")
    with pytest.raises(ValueError, match="one line"):
        parse_public_key(f"{key}{control}ssh-ed25519 AAAA more")


def test_authorized_keys_writes_each_key_as_parsed_and_leaves_out_one_that_is_not(tmp_path, capsys):
    ana, eve = keypair(tmp_path, "ana"), keypair(tmp_path, "eve")
    # A registry written by hand or by an older version: the second key hides a line break.
    people = [
        Person("ana", "Ana", PersonRole.MENTEE, keys=(ana,)),
        Person("dan", "Dan", PersonRole.MENTEE, keys=(f"{ana.rsplit(' ', 1)[0]} dan\n{eve}",)),
    ]
    lines = authorized_keys(people, str(tmp_path)).splitlines()
    assert len(lines) == 1 and lines[0].startswith("restrict,pty,command=")
    kind, blob, comment = parse_public_key(ana)
    assert lines[0].endswith(f'" {kind} {base64.b64encode(blob).decode()} {comment}')
    assert "left out dan's key 1: a key is one line" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["back\\slash", 'a "quoted" dir', "ends in a backslash\\", "it's $(id)"])
def test_the_forced_command_is_the_same_argv_after_sshd_reads_it(tmp_path, name):
    key = keypair(tmp_path, "ana")
    data = (tmp_path / name).resolve()
    [line] = authorized_keys([Person("ana", "Ana", PersonRole.MENTEE, keys=(key,))], str(data)).splitlines()
    expected = served_command("ana", data, key_fingerprint(key), program=mentortui_command())
    assert shlex.split(sshd_command(line)) == expected


def test_a_served_session_does_not_run_a_mentortui_planted_where_the_server_was_started(tmp_path):
    from mentortui.serve.command import module_command

    planted = tmp_path / "cwd" / "mentortui"
    planted.mkdir(parents=True)
    (planted / "__init__.py").write_text("")
    (planted / "__main__.py").write_text(f"open({str(tmp_path / 'PWNED')!r}, 'w').write('ran')\n")
    done = subprocess.run([*module_command(), "--version"], cwd=planted.parent, capture_output=True, text=True)
    assert done.returncode == 0 and "mentortui" in done.stdout
    assert not (tmp_path / "PWNED").exists()
