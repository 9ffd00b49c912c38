"""Tests that the command line keeps the model's rules, says a shared refusal one way, and builds the served command line once."""

from __future__ import annotations

import json
import shlex
import sys

import asyncssh

from mentortui.__main__ import main
from mentortui.cli.subcommands import authorized_keys
from mentortui.model.people import Person, PersonRole, key_fingerprint
from mentortui.serve import web
from mentortui.serve.session import Identity, app_arguments, app_command
from mentortui.store import Store


def run(data, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def test_new_refuses_an_agreement_that_ends_the_day_it_starts_as_the_app_does(tmp_path, capsys):
    """`new` judges dates by the model's rule (end after start), from flags and from a file."""
    same_day = ("--start", "2026-05-01", "--end", "2026-05-01")
    assert run(tmp_path, "new", "--mentee", "A", "--mentor", "B", *same_day) == 2
    err = capsys.readouterr().err
    assert err == "mentortui: new: end_date: the end date must be after the start date\n"
    (tmp_path / "same.json").write_text(
        json.dumps(
            {"mentee": {"name": "A"}, "mentor": {"name": "B"}, "start_date": "2026-05-01", "end_date": "2026-05-01"}
        )
    )
    assert run(tmp_path, "new", "--from", str(tmp_path / "same.json")) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert Store(tmp_path).list_agreements() == []
    # A day later is an agreement; so is one with no end date yet (a warning, not a refusal).
    assert run(tmp_path, "new", "--mentee", "A", "--mentor", "B", "--start", "2026-05-01", "--end", "2026-05-02") == 0
    assert run(tmp_path, "new", "--mentee", "A", "--mentor", "B", "--start", "2026-05-01") == 0
    assert len(Store(tmp_path).list_agreements()) == 2


def test_sshd_the_ssh_server_and_the_browser_start_a_person_on_one_restricted_command_line(tmp_path, monkeypatch):
    """authorized_keys, a served SSH session (exec'd or forked) and a browser tab: the same argv."""
    monkeypatch.setattr(sys, "argv", [sys.executable])  # not a `mentortui` script: this Python, -m
    data = (tmp_path / "data").resolve()
    key = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    fingerprint = key_fingerprint(key)
    expected = [sys.executable, "-P", "-m", "mentortui", "--data-dir", str(data), "--served"]
    expected += ["--key-fingerprint", fingerprint, "--as", "ana"]
    [line] = authorized_keys([Person("ana", "Ana", PersonRole.MENTEE, keys=(key,))], str(data)).splitlines()
    quoted = line.removeprefix('restrict,pty,command="').removesuffix(f'" {key.strip()}')
    by_sshd = shlex.split(quoted.replace('\\"', '"'))  # sshd unescapes \" and nothing else
    identity = Identity("ana", fingerprint, "127.0.0.1:5")
    by_ssh = app_command(data, identity)
    forked = [sys.executable, "-P", "-m", "mentortui", *app_arguments(data, identity)]
    assert by_sshd == by_ssh == forked == expected
    # A browser tab has no key to watch: the same line, less --key-fingerprint.
    assert shlex.split(web.app_command(data, "ana")) == [*expected[:7], "--as", "ana"]


def test_export_and_calendar_write_stdout_or_a_new_file_alike(tmp_path, capsys):
    """Both print, or write -o FILE once, replacing it only with --force; the same messages."""
    from mentortui.model.sample import sample_agreement

    created = Store(tmp_path / "data").create(sample_agreement(meetings=2))
    for command in ("export", "calendar"):
        out = tmp_path / f"{command}.out"
        assert run(tmp_path / "data", command, created.id) == 0
        printed = capsys.readouterr().out
        assert run(tmp_path / "data", command, created.id, "-o", str(out)) == 0
        assert capsys.readouterr().err == f"Wrote {out}\n"
        with out.open(encoding="utf-8", newline="") as written:  # the .ics keeps its CRLF
            assert written.read() == printed and out.stat().st_mode & 0o077 == 0
        assert run(tmp_path / "data", command, created.id, "-o", str(out)) == 1
        assert capsys.readouterr().err == f"mentortui: {out} exists; add --force to replace it\n"
        assert run(tmp_path / "data", command, created.id, "-o", str(out), "--force") == 0
        assert capsys.readouterr().err == f"Wrote {out}\n"


def test_a_file_that_cannot_be_read_is_said_alike_by_import_new_and_defaults(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    data = tmp_path / "data"
    for args, said in (
        (("import", str(missing)), f"mentortui: import: cannot read {missing}: No such file or directory\n"),
        (("new", "--from", str(missing)), f"mentortui: new: cannot read {missing}: No such file or directory\n"),
        (
            ("defaults", "set", "--disclaimer-file", str(missing)),
            f"mentortui: defaults: --disclaimer-file: cannot read {missing}: No such file or directory\n",
        ),
    ):
        assert run(data, *args) == 2, args
        assert capsys.readouterr().err == said


def test_a_refused_note_is_said_as_other_refused_changes_are(tmp_path, capsys):
    from mentortui.model.sample import sample_agreement

    created = Store(tmp_path).create(sample_agreement())
    assert run(tmp_path, "log", created.id, "--note", "a\x1b[2Jb") == 2
    err = capsys.readouterr().err
    assert err.startswith("mentortui: --note: ") and err.count("\n") == 1 and "\x1b" not in err
    assert Store(tmp_path).load(created.id).meetings == created.meetings


def test_new_is_for_whoever_would_see_the_agreement_it_makes(tmp_path, capsys):
    """`new`'s rule is Viewer.sees_parties: a coordinator makes any; others only their own."""
    from mentortui.cli.main import build_parser
    from mentortui.cli.subcommands import new
    from mentortui.model.people import Viewer

    data = tmp_path / "data"
    run(data, "people", "add", "ana", "--name", "Ana")
    run(data, "people", "add", "co", "--name", "Co", "--role", "coordinator")
    capsys.readouterr()
    assert run(data, "--as", "ana", "new", "--mentee", "Cy", "--mentor", "Ana", "--mentor-handle", "ana") == 0
    assert run(data, "--as", "co", "new", "--mentee", "Cy", "--mentor", "Di") == 0
    assert run(data, "--as", "ana", "new", "--mentee", "Cy", "--mentor", "Di", "--mentor-handle", "di") == 2
    assert capsys.readouterr().err.endswith("(ana)\n")
    # Someone the registry does not know never reaches `new` (main turns them away first);
    # were they to, naming themselves a party would not let them in either.
    stranger = Viewer("zed", None, open_mode=False)
    args = build_parser().parse_args(["new", "--mentee", "Zed", "--mentee-handle", "zed", "--mentor", "Di"])
    assert new(args, Store(data), stranger) == 2
    assert "you must be one of its parties" in capsys.readouterr().err
    assert len(Store(data).list_agreements()) == 2
