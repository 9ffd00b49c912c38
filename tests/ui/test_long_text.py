"""Long text is cut where it is shown (with …), never in what is stored."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from mentortui.app import MentorApp
from mentortui.model import Agreement, Goal, Party
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.timeline.screen import TimelineScreen
from mentortui.store import Store

from ..planted import plant
from .pilot import SIZE, workers_done

TITLE = "Quarterly mentoring on distributed systems and leadership " * 170  # 10,000 characters


def lines_of(widget: Static) -> list[str]:
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


async def test_a_huge_title_takes_one_line_in_each_view_header(tmp_path: Path) -> None:
    agreement_id = plant(
        tmp_path, Agreement(title=TITLE, mentee=Party("Ana"), mentor=Party("Ben"), goals=(Goal(title="Read"),))
    ).id
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, screen_type, header in (
            ("m", MeetingLogScreen, "#meetings-title"),
            ("t", TimelineScreen, "#timeline-title"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type)
            title = app.screen.query_one(header, Static)
            assert title.region.height == 1, f"{header} is {title.region.height} lines"
            assert lines_of(title)[0].rstrip().endswith("…")
            await pilot.press("escape")
            await pilot.pause()
    assert Store(tmp_path).load(agreement_id).title == TITLE, "cut on screen, whole in the file"


async def test_a_long_title_in_the_list_is_cut_with_an_ellipsis(tmp_path: Path) -> None:
    Store(tmp_path).create(
        Agreement(
            title="Leadership and distributed systems, year one",
            mentee=Party("Ana"),
            mentor=Party("Benedict Okafor-Lindqvist"),
        )
    )
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#agreements")
        row = table.render_line(1).text  # the header, then the first row
    assert "…" in row and "Leadership" in row, row


async def test_review_and_sign_shows_a_very_long_agreement_as_text_and_what_is_signed(tmp_path: Path) -> None:
    from textual.widgets import Static

    from mentortui.model import Milestone
    from mentortui.model.sample import sample_agreement
    from mentortui.widgets.long_text import LongText

    from .pilot import go_to_step, open_agreement

    goals = tuple(
        Goal(title=f"Goal {g}", milestones=tuple(Milestone(f"Step {m}") for m in range(50))) for g in range(60)
    )
    Store(tmp_path).create(sample_agreement(meetings=30).edit(goals=goals))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        step = await go_to_step(pilot, 5)
        preview = step.query_one("#rendered-text", LongText)
        for _ in range(100):  # written, then cut into rows, each in a worker
            await workers_done(app)
            await pilot.pause()
            if preview.rows:
                break
        assert preview.display and not step.query_one("#rendered", Static).display
        assert "Step 49" in preview.text and "Meeting log" not in preview.text
        # Cut into rows that fit, drawn a screenful at a time; the keys scroll it, nothing edits it.
        assert all(len(row) <= preview.size.width for row in preview.rows)
        assert preview.virtual_size.height == len(preview.rows) > 60 * 50
        preview.focus()
        before = preview.text
        await pilot.press("end", "x")
        assert preview.scroll_y == preview.max_scroll_y > 0, "at once, not scrolled there in half a second"
        await pilot.press("ctrl+home")
        assert preview.scroll_y == 0
        await pilot.press("ctrl+end")
        assert preview.scroll_y == preview.max_scroll_y
        last = "".join(segment.text for segment in preview.render_line(preview.size.height - 1)).rstrip()
        assert last == preview.rows[-1].rstrip()
        assert preview.text == before


async def test_a_long_meeting_log_fills_in_whole_and_in_order(tmp_path: Path) -> None:
    from mentortui.model import meetings
    from mentortui.model.sample import sample_agreement

    agreement = Store(tmp_path).create(sample_agreement(meetings=999))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        table = app.screen.query_one("#meetings")
        for _ in range(100):  # it is filled a chunk per refresh
            if table.row_count == len(agreement.meetings):
                break
            await pilot.pause(0.05)
        shown = [key.value for key in table.rows]
        await pilot.press("down")
        assert table.cursor_row >= 1, "keys work while and after it fills"
        # Sized without measuring each cell: a line a row and the header, and ctrl+end reaches the last.
        await pilot.pause()
        assert table.virtual_size.height == table.row_count + 1
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        assert table.scroll_y == table.max_scroll_y > 0
        last = [str(c) for c in table.get_row_at(table.row_count - 1)]
        drawn = ["".join(segment.text for segment in table.render_line(y)) for y in range(table.size.height)]
        assert any(last[0] in line for line in drawn)
    assert shown == [m.id for m in meetings.in_order(meetings.plan_from_schedule(agreement))]


async def test_a_long_one_line_field_shows_its_start_again_once_left(tmp_path: Path) -> None:
    from mentortui.screens.agreement.editor import AgreementEditor
    from mentortui.widgets.safe_text import SafeInput

    from .pilot import saved, type_text

    Store(tmp_path).create(Agreement(title="", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
        title = app.screen.query_one("#title", SafeInput)
        title.focus()
        await pilot.pause()
        typed = "Running a clinic together, then the certification, then teaching it to others"
        await type_text(pilot, typed)
        assert title.scroll_x > 0, "typed past its width: scrolled to the end while typing"
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not title
        assert title.scroll_x == 0 and title.cursor_position == 0
        assert title.render_line(0).text.strip().startswith("Running a clinic")
        assert title.value == typed
        await saved(pilot)
    assert Store(tmp_path).list_agreements()[0].title == typed


async def test_a_choice_longer_than_its_field_ends_with_an_ellipsis(tmp_path: Path) -> None:
    import re

    from mentortui.screens.meetings.dialogs import ProgressScreen

    title = "Achieve CCM certification with distinction in every single module"
    agreement = Store(tmp_path).create(
        Agreement(title="T", mentee=Party("Ana"), mentor=Party("Ben"), goals=(Goal(title=title),))
    )
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ProgressScreen(agreement))
        await pilot.pause()
        shown = [line.replace("&#160;", " ") for line in re.findall(r">([^<]*Achieve[^<]*)<", app.export_screenshot())]
        assert len(shown) == 1 and shown[0].endswith("…") and title.startswith(shown[0][:-1].rstrip())


async def test_a_64_kb_line_of_hopes_is_wrapped_once_and_each_row_drawn_is_its_own_text(
    tmp_path: Path, monkeypatch
) -> None:
    """A field holding one line of 64 KB: laying out the step wraps it once (it was wrapped
    again at every resize), and each row drawn is the piece of the line it stands for, also
    after an edit (the rows of a long line are cut once per draw and kept)."""
    from textual.document._wrapped_document import WrappedDocument

    from mentortui.model.hygiene import LONG_TEXT_MAX
    from mentortui.widgets.safe_text import SafeTextArea

    from .pilot import open_step

    words = " ".join(f"w{n}" for n in range(20_000))[: LONG_TEXT_MAX - 10]
    plant(tmp_path, Agreement(title="Long hopes", mentee=Party("Ana"), mentor=Party("Ben"), mentee_hopes=words))
    wraps: list[int] = []
    wrap = WrappedDocument.wrap

    def counted(self, width, tab_width=None):
        if len(self.document.text) > 1000:
            wraps.append(width)
        return wrap(self, width, tab_width)

    monkeypatch.setattr(WrappedDocument, "wrap", counted)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, 4)
        await pilot.pause()
        area = app.screen.query_one("#mentee_hopes", SafeTextArea)
        assert [w for w in wraps if w] == [area.wrap_width], "wrapped once, at its width"

        def rows() -> list[str]:
            return [area.render_line(y).text[: area.wrap_width + 1].rstrip() for y in range(area.size.height)]

        document = area.wrapped_document
        expected = [
            words[s:e].rstrip()
            for s, e in zip((0, *document.get_offsets(0)), (*document.get_offsets(0), len(words)), strict=True)
        ][: area.size.height]
        assert rows() == expected and rows()[0].startswith("w0 w1 w2")
        await pilot.press("ctrl+home")
        await pilot.press(*"new ")
        await pilot.pause()
        assert rows()[0].startswith("new w0 w1"), rows()[0]
        assert area.text.startswith("new w0 w1") and area.text.endswith(words[-20:])


async def test_a_steps_text_is_drawn_wrapped_at_its_width_from_the_first_frame(tmp_path: Path, monkeypatch) -> None:
    """TextArea wraps on its Resize event, a frame after the screen is laid out: a step's
    texts were first drawn at their old width, then flowed again before the person's eyes."""
    from mentortui.model.sample import sample_agreement
    from mentortui.widgets.safe_text import SafeTextArea

    from .pilot import open_agreement

    Store(tmp_path).create(sample_agreement())
    first: dict[str, bool] = {}
    render_line = SafeTextArea.render_line

    def recorded(self, y):
        if self.region.width:
            first.setdefault(self.id or "", self.wrapped_document._width == self.wrap_width)
        return render_line(self, y)

    monkeypatch.setattr(SafeTextArea, "render_line", recorded)
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        await pilot.press("ctrl+n")  # Goals: the evaluation metrics
        await pilot.pause()
        await pilot.press("ctrl+n", "ctrl+n")  # Hopes & values
        await pilot.pause()
    assert first and all(first.values()), first
    assert {"evaluation_metrics", "mentee_hopes"} <= set(first)
