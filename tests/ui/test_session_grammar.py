"""Pilot test of the live session's note grammar: an owner and a due date anywhere in an action item."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.store import Store

from .pilot import SIZE, saved
from .test_meetings import enter, open_session, store_agreement


def said(app) -> list[tuple[str, str]]:
    """The notifications shown, as (severity, message), and forget them."""
    shown = [(n.severity, str(n.message)) for n in app._notifications]
    app._notifications.clear()
    return shown


async def test_owner_and_due_anywhere_and_an_action_of_nothing_else_is_refused(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        note = session.query_one("#note", Input)
        said(app)

        await enter(pilot, "a: @ben call the dean due:2027-01-15")
        await enter(pilot, "a: due:2027-01-20 mail ana@example.org @ben")
        assert note.value == "" and said(app) == []

        for typed, severity, message in (
            ("a: @ana", "warning", "Type the entry first."),
            ("a: due:2027-01-15", "warning", "Type the entry first."),
            ("a: @ana call the dean @ben", "error", "Two owners, '@ana' and '@ben': an action item has one"),
            ("a: due:2027-01-15 call due:2027-01-20", "error", "Two due dates, 'due:2027-01-15' and 'due:2027-01-20'"),
            ("a: send CV due:2026-13-40", "error", "'2026-13-40' is not a due date: use due:YYYY-MM-DD"),
        ):
            await enter(pilot, typed)
            [(shown_severity, shown)] = said(app)
            assert shown_severity == severity and shown.startswith(message) and "\n" not in shown, (typed, shown)
            assert note.value == typed, "a refused entry stays in the field to be corrected"
            note.clear()
            await pilot.pause()
        await saved(pilot)

    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert [(a.text, a.owner, a.due) for a in meeting.actions] == [
        ("call the dean", "ben", date(2027, 1, 15)),
        ("mail ana@example.org", "ben", date(2027, 1, 20)),
    ]
    assert meeting.notes == () and meeting.decisions == ()
