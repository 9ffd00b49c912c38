"""Tests of the command line: --version, --help, list (table, JSON), no-terminal refusal, export."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from markdown_it import MarkdownIt

import mentortui
from mentortui.__main__ import main
from mentortui.export import agreement_markdown
from mentortui.model import Agreement, Party
from mentortui.model.sample import sample_agreement
from mentortui.store import Store

from ..planted import plant


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m mentortui` in a child process, with no terminal."""
    return subprocess.run(
        [sys.executable, "-m", "mentortui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def test_version_and_help():
    assert run("--version").stdout.strip() == f"mentortui {mentortui.__version__}"
    shown = run("--help").stdout
    assert "--data-dir PATH" in shown and "list" in shown and "MENTORTUI_DATA_DIR" in shown


def test_list_prints_an_aligned_table_with_user_text_made_safe(tmp_path, capsys):
    store = Store(tmp_path)
    a = store.create(Agreement(title="Ana & Ben", mentee=Party("Ana"), mentor=Party("Ben")))
    b = plant(tmp_path, Agreement(title="Evil\x1b[2J\nline", mentee=Party("Cy"), mentor=Party("Di")))
    assert main(["--data-dir", str(tmp_path), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "MENTEE", "MENTOR", "START", "END", "STATUS"]
    assert len(lines) == 3, "one line per agreement, even with a newline in a title"
    assert "\x1b" not in "".join(lines)
    assert lines[1].split()[:2] == [a.id, "Ana"] and lines[2].startswith(b.id)
    assert "Evil␛[2J⏎ line" in lines[2]
    status_column = lines[0].index("STATUS")
    assert all(line[status_column:].strip() == "draft" for line in lines[1:])


def test_list_json_and_data_dir_from_the_environment(tmp_path):
    Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    result = run("list", "--json", env={"MENTORTUI_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert (row["title"], row["mentee"], row["status"]) == ("Ana ↔ Ben", "Ana", "draft")


def test_the_app_without_a_terminal_says_to_use_ssh_t(tmp_path):
    result = run("--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "ssh -t" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_index_is_rebuilt_and_a_store_error_is_a_message(tmp_path, capsys):
    Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    (tmp_path / "index.json").write_text("not json")
    assert main(["--data-dir", str(tmp_path), "list"]) == 0
    assert "Ana ↔ Ben" in capsys.readouterr().out
    assert list(tmp_path.glob("index.json.damaged-*"))

    blocked = tmp_path / "file"
    blocked.write_text("")
    assert main(["--data-dir", str(blocked / "sub"), "list"]) == 1
    assert capsys.readouterr().err.startswith("mentortui: ")


# -- export ----------------------------------------------------------------------------------


def stored_sample(data_dir) -> str:
    """Store the sample agreement; its id."""
    return Store(data_dir).create(sample_agreement()).id


def test_export_prints_markdown_that_parses(tmp_path, capsys):
    agreement_id = stored_sample(tmp_path)
    assert main(["--data-dir", str(tmp_path), "export", agreement_id]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:3] == ["Ana ↔ Ben: CCM year", "Parties", "Mentorship"]
    assert (
        "Signatures" in headings and sum(t.type == "table_open" for t in tokens) == 11
    )  # sample: its end-date evaluation has a goals table


def test_export_writes_a_private_file_and_replaces_one_only_with_force(tmp_path, capsys):
    agreement_id = stored_sample(tmp_path / "data")
    target = tmp_path / "agreement.md"
    args = ["--data-dir", str(tmp_path / "data"), "export", agreement_id, "-o", str(target)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == f"Wrote {target}\n"
    assert target.stat().st_mode & 0o777 == 0o600
    expected = agreement_markdown(Store(tmp_path / "data").load(agreement_id))
    assert target.read_text(encoding="utf-8") == expected

    target.write_text("kept")
    target.chmod(0o644)
    assert main(args) == 1
    assert "--force" in capsys.readouterr().err
    assert target.read_text() == "kept"

    assert main([*args, "--force"]) == 0
    assert target.read_text(encoding="utf-8") == expected
    assert target.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".*.tmp")), "no temp file left behind"


def test_export_to_a_folder_writes_the_agreements_file_in_it(tmp_path, capsys):
    agreement_id = stored_sample(tmp_path / "data")
    folder = tmp_path / "out"
    folder.mkdir()
    args = ["--data-dir", str(tmp_path / "data"), "export", agreement_id, "-o", str(folder)]
    assert main(args) == 0
    [written] = folder.iterdir()
    assert written.name.endswith(f"-{agreement_id}.md") and written.stat().st_mode & 0o777 == 0o600
    assert capsys.readouterr().err == f"Wrote {written}\n"
    assert main(args) == 1
    assert capsys.readouterr().err == f"mentortui: {written} exists; add --force to replace it\n"
    written.unlink()
    written.mkdir()  # a folder where the file would go: said as such, not as a temp file
    assert main([*args, "--force"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mentortui: {written} is a folder") and ".tmp" not in err
    assert not list(folder.glob(".*.tmp")), "no temp file left behind"


def test_export_where_it_cannot_write_says_why_and_what_to_do(tmp_path, capsys):
    agreement_id = stored_sample(tmp_path / "data")
    missing = tmp_path / "nowhere" / "x.md"
    assert main(["--data-dir", str(tmp_path / "data"), "export", agreement_id, "-o", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"mentortui: {missing.parent} does not exist: create it first, or write somewhere else.\n"
    )


def test_export_of_an_unknown_id_says_so_and_exits_1(tmp_path):
    stored_sample(tmp_path)
    result = run("--data-dir", str(tmp_path), "export", "x")
    assert result.returncode == 1
    assert result.stderr == "mentortui: no agreement with id 'x'\n" and result.stdout == ""


def test_log_appends_to_the_meeting_under_way_and_meetings_lists_it(tmp_path, capsys):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    data = ["--data-dir", str(tmp_path), "--as", "ana"]
    assert main([*data, "log", created.id, "--note", "Talked | about *it*"]) == 0
    assert main([*data, "log", created.id, "--note", "Mine", "--private"]) == 0
    [meeting] = Store(tmp_path).load(created.id).meetings
    assert [(n.text, n.author, n.private) for n in meeting.notes] == [
        ("Talked | about *it*", "ana", False),
        ("Mine", "ana", True),
    ]
    assert meeting.in_progress
    capsys.readouterr()
    empty = Store(tmp_path).create(Agreement(mentee=Party("Cy"), mentor=Party("Dee")))
    assert main([*data, "meetings", empty.id]) == 0
    assert capsys.readouterr().out == (
        f"No meetings yet: `mentortui log --note TEXT {empty.id}` starts one; m in the app logs one.\n"
    )
    assert main([*data, "meetings", created.id]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["ID", "WHEN", "STATUS"]
    assert lines[1].startswith(meeting.id) and "in progress" in lines[1]
    assert main([*data, "log", "nope", "--note", "x"]) == 1
    assert "no agreement with id 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("note", ["\x1b[2Jcleared", "bell\x07", "nul\x00", "\u202eevil", "x" * 70_000])
def test_a_note_that_breaks_the_text_rule_is_refused_in_one_line(tmp_path, capsys, note):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    before = (tmp_path / "agreements" / f"{created.id}.json").read_bytes()
    assert main(["--data-dir", str(tmp_path), "log", created.id, "--note", note]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mentortui: --note: ") and len(err.strip().splitlines()) == 1
    assert not any(c in err for c in "\x1b\x07\x00\u202e")
    assert (tmp_path / "agreements" / f"{created.id}.json").read_bytes() == before


def test_table_columns_have_a_maximum_width_and_json_has_it_all(tmp_path, capsys):
    long = "A very long title " * 30
    Store(tmp_path).create(Agreement(title=long.strip()[:480], mentee=Party("Ana"), mentor=Party("Ben")))
    assert main(["--data-dir", str(tmp_path), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) < 160 and "…" in lines[1]
    assert main(["--data-dir", str(tmp_path), "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == long.strip()[:480]


def test_serve_takes_the_connection_caps_and_max_startups(tmp_path, monkeypatch):
    """`serve --ssh` hands the connection caps and OpenSSH-style MaxStartups to the server."""
    from mentortui.serve import ssh

    told = []
    monkeypatch.setattr(ssh, "run", lambda settings: told.append(settings) or 0)
    argv = ["--data-dir", str(tmp_path), "serve", "--ssh", "--max-connections", "40"]
    assert main([*argv, "--max-connections-per-person", "5", "--max-startups", "5:50:20"]) == 0
    [settings] = told
    assert (settings.max_connections, settings.max_connections_per_person) == (40, 5)
    assert (settings.drop_from, settings.drop_rate, settings.max_unauthenticated) == (5, 0.5, 20)
    for bad in ("5:50", "20:50:5", "5:150:20", "x:y:z"):
        with pytest.raises(SystemExit) as stopped:
            main(["--data-dir", str(tmp_path), "serve", "--ssh", "--max-startups", bad])
        assert stopped.value.code == 2
