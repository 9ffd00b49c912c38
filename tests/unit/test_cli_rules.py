"""Tests that the command line keeps the model's rules and builds the served command line once."""

from __future__ import annotations

import json

from mentortui.__main__ import main
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
