"""Keys typed after a command key wait until the screen is laid out again, not only until its
widgets have handled their messages (typeahead.TypeAhead._quiet).

Tab moves the focus in the order widgets stand on the screen, as the last layout placed them:
a field the key before showed (Enter on "Extend" shows the new end date) stands at the top
until the next layout, so a Tab that came before it skipped the field and the date typed after
it went nowhere (a test saw it one run in four on a busy host).
"""

from __future__ import annotations

from datetime import date

from mentortui.app import MentorApp
from mentortui.model import Agreement
from mentortui.screens.reviews.decision import DecisionScreen

from .pilot import SIZE


async def test_a_field_just_shown_holds_the_next_keys_until_it_is_placed(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = DecisionScreen(Agreement(end_date=date(2026, 11, 24)), date(2026, 11, 24))
        await app.push_screen(dialog)
        await pilot.pause()
        assert app._quiet(dialog)

        # The moment the race was lost on a busy host: every message handled, the layout not yet
        # done (held here by a batch update, as a late layout timer held it there).
        with app.batch_update():
            dialog.query_one("#new-end-date-field").display = True  # as choosing Extend does
            await pilot.pause()
            chain = [w.id for w in dialog.focus_chain]
            assert chain.index("new-end-date") < chain.index("decision")  # placed where it was: nowhere
            assert not app._quiet(dialog)  # so a Tab now would skip it: keys wait

        await pilot.pause()
        assert app._quiet(dialog)
        chain = [w.id for w in dialog.focus_chain]
        assert chain.index("new-end-date") == chain.index("decision") + 1
