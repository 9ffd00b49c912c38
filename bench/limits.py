"""Prints how long each screen takes to open for an agreement at the documented limits,
as a ratio against the same screen for a small agreement measured in the same run, and
against one with a screenful of goals and meetings (25 each): what grows with the size,
apart from drawing more rows than a small agreement has.

At the limits: 100 goals of 50 milestones each, 2,000 meetings (with notes and actions),
and 64 KB in every long text. The target (issue "Hostile text stays text"): every ratio at
most 1.3. Screens run headless under Textual's pilot at 80x24.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

try:
    import mentortui  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import ControlType
from rich.style import Style
from textual.screen import Screen

from mentortui.app import GC_THRESHOLDS, MentorApp
from mentortui.model import Milestone
from mentortui.model.base import new_id, replace
from mentortui.model.hygiene import LONG_TEXT_MAX, MAX_GOALS, MAX_MEETINGS, MAX_MILESTONES
from mentortui.model.sample import sample_agreement
from mentortui.screens.home.screen import LATER_SCREENS
from mentortui.store import Store


def a_screenful():
    """The sample agreement with just enough goals and meetings to fill an 80x24 screen's
    tables (25 of each): what a screen draws is then as much as at the limits."""
    small = sample_agreement()
    goal = small.goals[0]
    goals = tuple(replace(goal, id=new_id(), title=f"Goal {g}: {goal.title}") for g in range(25))
    return small.edit(goals=goals, meetings=sample_agreement(meetings=24).meetings)


def at_the_limits(paragraphs: bool = False):
    """The sample agreement grown to every bound (long texts as one line, or as paragraphs)."""
    small = sample_agreement()
    sentence = "A paragraph of hopes for the year, with detail. "
    long = ((sentence * 12 + "\n\n") * 120 if paragraphs else sentence * 1400)[:LONG_TEXT_MAX]
    goal = small.goals[0]
    goals = tuple(
        replace(
            goal,
            id=new_id(),
            title=f"Goal {g}: {goal.title}",
            milestones=tuple(
                Milestone(f"Step {m} of goal {g}", date(2026, 1, 12) + timedelta(days=m)) for m in range(MAX_MILESTONES)
            ),
        )
        for g in range(MAX_GOALS)
    )
    big = sample_agreement(meetings=MAX_MEETINGS - 1)
    return small.edit(mentee_hopes=long, mentor_hopes=long, evaluation_metrics=long, goals=goals, meetings=big.meetings)


class Terminal:
    """What a terminal shows, kept from the frames the app writes: a frame that changes no
    cell (Textual repaints a scrollbar once more after a layout) is not waited for."""

    def __init__(self) -> None:
        self.console = Console(width=80, height=24, force_terminal=True, color_system="truecolor")
        self.cells: dict[tuple[int, int], tuple[str, Style | None]] = {}

    def shows(self, frame: RenderableType) -> bool:
        """Apply a frame; whether it changed anything shown."""
        changed = False
        x = y = 0
        for segment in self.console.render(frame):
            if segment.control:
                for code in segment.control:
                    if code[0] is ControlType.CURSOR_MOVE_TO:
                        x, y = int(code[1]), int(code[2])
                continue
            if segment.text == "\n":
                x, y = 0, y + 1
                continue
            for character in segment.text:
                if self.cells.get((x, y)) != (character, segment.style):
                    self.cells[x, y] = (character, segment.style)
                    changed = True
                x += cell_len(character)
        return changed


async def open_screens(data_dir: Path) -> dict[str, tuple[float, float]]:
    """For each screen, seconds from the key to the last frame that changed what the
    terminal shows once it has settled (what the person waits for), and the CPU used
    meanwhile by the process (every thread).

    The time to settle is not the figure: the pilot finds the app idle by sleeping in 20 ms
    slices until one passes without work, which adds the same 20-60 ms to every screen.
    """
    app = MentorApp(data_dir)
    frames: list[tuple[float, RenderableType]] = []
    display = app._display

    def recorded(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None:
            frames.append((time.perf_counter(), renderable))
        display(screen, renderable)

    app._display = recorded  # type: ignore[method-assign]
    terminal = Terminal()

    def drawn(since: float) -> float:
        """Seconds from ``since`` to the last frame that changed the terminal (after the fact)."""
        last = since
        for at, frame in frames:
            if terminal.shows(frame):
                last = at
        frames.clear()
        return last - since

    took: dict[str, tuple[float, float]] = {}
    started, cpu = time.perf_counter(), time.process_time()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        took["home"] = (drawn(started), time.process_time() - cpu)
        # A session imports the other screens once the list is drawn (in a worker: the
        # list's `_import_screens`), which a headless app skips: here too, so a screen's
        # figure is its opening, not its module's import.
        for name in LATER_SCREENS:
            importlib.import_module(f"mentortui.screens.{name}")

        async def timed(name: str, *keys: str) -> None:
            start, cpu = time.perf_counter(), time.process_time()
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            spent = time.process_time() - cpu
            took[name] = (drawn(start), spent)

        await timed("editor", "o")
        await timed("goals step", "ctrl+n")
        await timed("goal screen", "e")
        await timed("back to goals", "ctrl+r")
        await timed("hopes step", "ctrl+n", "ctrl+n")
        await timed("review step", "ctrl+n")
        await timed("back to list", "ctrl+r")
        await timed("meeting log", "m")
        await timed("back to list", "escape")
        await timed("timeline", "t")
    return took


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--paragraphs", action="store_true", help="long texts as paragraphs of 600 characters (default: one 64 KB line)"
    )
    args = parser.parse_args(argv)
    # The app sets these collection thresholds in its own process; in a pilot (this one) the
    # process is the caller's, so the bench sets them as the app would have.
    gc.set_threshold(*GC_THRESHOLDS)
    with tempfile.TemporaryDirectory(prefix="mentortui-bench-") as tmp:
        small_dir, full_dir, big_dir = Path(tmp, "small"), Path(tmp, "full"), Path(tmp, "big")
        Store(small_dir).create(sample_agreement())
        Store(full_dir).create(a_screenful())
        Store(big_dir).create(at_the_limits(args.paragraphs))
        runs = {"small": [], "screenful": [], "at limits": []}
        for _ in range(args.repeat):
            runs["small"].append(asyncio.run(open_screens(small_dir)))
            runs["screenful"].append(asyncio.run(open_screens(full_dir)))
            runs["at limits"].append(asyncio.run(open_screens(big_dir)))
    print(
        f"screens opened headless at 80x24, median of {args.repeat}; ratio = at limits / small (the "
        "target), and / a screenful (25 goals and meetings: as much drawn as at the limits)"
    )
    print(f"{'':<16}{'drawn (key to last frame)':>38}  {'CPU':>38}")
    head = f"{'small':>8}{'screen':>8}{'limits':>8}{'/small':>7}{'/scr.':>7}"
    print(f"{'screen':<16}{head}  {head}")
    for name in runs["small"][0]:
        line = f"{name:<16}"
        for which in (0, 1):
            small, full, big = (
                statistics.median(r[name][which] for r in runs[k]) * 1000 for k in ("small", "screenful", "at limits")
            )
            line += f"{small:>6.0f}ms{full:>6.0f}ms{big:>6.0f}ms{big / small:>7.2f}{big / full:>7.2f}  "
        print(line.rstrip())


if __name__ == "__main__":
    main()
