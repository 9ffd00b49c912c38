"""Tests of `export --format json`, `import FILE` and `meetings --json`: a round trip loses nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from mentortui.__main__ import main
from mentortui.export.as_json import for_viewer
from mentortui.model import meetings
from mentortui.model.base import replace
from mentortui.model.sample import sample_agreement
from mentortui.store import Store

from ..planted import plant


def export_json(data, agreement_id, capsys, *as_user: str) -> str:
    assert main(["--data-dir", str(data), *as_user, "export", agreement_id, "--format", "json"]) == 0
    return capsys.readouterr().out


def test_an_export_imports_and_exports_again_byte_for_byte(tmp_path, capsys):
    original = Store(tmp_path / "a").create(sample_agreement())
    exported = export_json(tmp_path / "a", original.id, capsys)
    markdown = (main(["--data-dir", str(tmp_path / "a"), "export", original.id]), capsys.readouterr().out)[1]
    (tmp_path / "agreement.json").write_text(exported)
    assert main(["--data-dir", str(tmp_path / "b"), "import", str(tmp_path / "agreement.json")]) == 0
    assert f"Imported {original.id}" in capsys.readouterr().out
    assert export_json(tmp_path / "b", original.id, capsys) == exported
    assert main(["--data-dir", str(tmp_path / "b"), "export", original.id]) == 0
    assert capsys.readouterr().out == markdown
    # Whole, but for the private notes of others (the sample has one of ana's).
    kept = Store(tmp_path / "a").load(original.id)
    assert any(n.private for m in kept.meetings for n in m.notes)
    assert Store(tmp_path / "b").load(original.id) == for_viewer(kept, "someone else")
    # Again: it is here now, so only as a new agreement.
    assert main(["--data-dir", str(tmp_path / "b"), "import", str(tmp_path / "agreement.json")]) == 1
    assert "is here already; add --new-id" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "b"), "import", str(tmp_path / "agreement.json"), "--new-id"]) == 0
    assert len(Store(tmp_path / "b").list_agreements()) == 2


def test_private_notes_go_only_to_their_author(tmp_path, capsys):
    data = tmp_path / "data"
    for handle in ("ana", "ben"):
        main(["--data-dir", str(data), "people", "add", handle, "--name", handle.title()])
    sample = sample_agreement()
    agreement = sample.edit(mentee=replace(sample.mentee, handle="ana"), mentor=replace(sample.mentor, handle="ben"))
    at = datetime(2026, 3, 2, 15, tzinfo=UTC)
    agreement, meeting = meetings.start(agreement, at)
    agreement = meetings.add_note(agreement, meeting.id, "ana's own worry", "ana", at, private=True)
    agreement = plant(data, agreement)
    capsys.readouterr()
    as_ana = export_json(data, agreement.id, capsys, "--as", "ana")
    as_ben = export_json(data, agreement.id, capsys, "--as", "ben")
    assert "ana's own worry" in as_ana and "ana's own worry" not in as_ben
    assert json.loads(as_ben)["agreement"]["title"] == agreement.title


def test_a_bad_file_or_someone_elses_agreement_is_refused_in_one_line(tmp_path, capsys):
    data = tmp_path / "data"
    main(["--data-dir", str(data), "people", "add", "ana", "--name", "Ana"])
    other = Store(tmp_path / "elsewhere").create(sample_agreement())
    capsys.readouterr()
    theirs = tmp_path / "theirs.json"
    theirs.write_text(export_json(tmp_path / "elsewhere", other.id, capsys))
    hostile = json.loads(theirs.read_text())
    hostile["agreement"]["title"] = "Evil\x1b]0;PWNED\x07"
    hostile["agreement"]["mentee"]["handle"] = "ana"
    (tmp_path / "hostile.json").write_text(json.dumps(hostile))
    (tmp_path / "broken.json").write_text('{"format": "mentortui-agreement", "version": 1, "agreement": {"title": 3}}')
    (tmp_path / "notjson.json").write_text("{nope")
    (tmp_path / "other.json").write_text('{"format": "something-else"}')
    cases = {
        str(tmp_path / "missing.json"): "cannot read",
        str(tmp_path / "notjson.json"): "not JSON (line 1",
        str(tmp_path / "other.json"): "not a mentortui agreement export",
        str(tmp_path / "broken.json"): "agreement.title: expected str",
        str(theirs): "you are not a party to this agreement",
        str(tmp_path / "hostile.json"): "title",
    }
    capsys.readouterr()
    for path, said in cases.items():
        assert main(["--data-dir", str(data), "--as", "ana", "import", path]) == 2, path
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1 and "\x1b" not in err, (path, err)
    assert Store(data).list_agreements() == []


def test_meetings_json_lists_the_log_for_scripts(tmp_path, capsys):
    agreement = Store(tmp_path).create(sample_agreement())
    assert main(["--data-dir", str(tmp_path), "meetings", agreement.id, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    shown = meetings.in_order(meetings.plan_from_schedule(agreement))
    assert [r["id"] for r in rows] == [m.id for m in shown]
    assert rows[0]["when"] == shown[0].when.isoformat() and rows[0]["status"] == "held"
    assert {"minutes", "purpose", "open_actions"} <= set(rows[0])


def test_a_file_name_with_controls_is_named_inert(tmp_path, capsys):
    """Every stderr line goes through one function that makes it one safe line: a file name
    holding an escape sequence (typed, or globbed from a hostile directory) was printed raw."""
    hostile = tmp_path / "x\x1b]0;PWNED\x07\x1b[2J.json"
    hostile.write_text("{not json")
    assert main(["--data-dir", str(tmp_path / "b"), "import", str(hostile)]) == 2
    assert main(["--data-dir", str(tmp_path / "b"), "import", str(tmp_path / "gone\x1b[31m.json")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err, err
    assert err.count("\n") == 2 and "PWNED" in err
