"""Prints how long a live-session note takes to save: an agreement of 200 meetings, 500 agreements vs one."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

try:
    import mentortui  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mentortui.model import meetings
from mentortui.model.base import new_id, now
from mentortui.model.sample import sample_agreement
from mentortui.store import Store
from store import build, ms, p95, timings  # bench/store.py: the same data builder and timers


def session_note(store: Store, agreement_id: str, meeting_id: str):
    """The save a session screen makes when a note is entered (meetings.add_note via update)."""
    return lambda: store.update(
        agreement_id, lambda a: meetings.add_note(a, meeting_id, "Went through the plan", "ana", now())
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agreements", type=int, default=500)
    parser.add_argument("--meetings", type=int, default=200, help="meetings in the agreement noted in")
    parser.add_argument("--others-meetings", type=int, default=50, help="meetings in each other agreement")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)

    target = sample_agreement(meetings=args.meetings - 1)
    other = sample_agreement(meetings=args.others_meetings - 1)
    with tempfile.TemporaryDirectory(prefix="mentortui-bench-") as tmp:
        tmp_path = Path(tmp)
        started = time.perf_counter()
        empty = Store(tmp_path / "empty", user="ana")
        empty_id = empty.create(target.edit(id=new_id())).id
        large, _ = build(tmp_path / "large", other, args.agreements - 1)
        large_id = large.create(target.edit(id=new_id())).id
        built = time.perf_counter() - started
        figures = {}
        for name, store, aid in (("empty", empty, empty_id), ("large", large, large_id)):
            _agreement, meeting = meetings.start(store.load(aid), now())
            store.update(aid, lambda a, m=meeting: meetings.replace_meeting(a, m))
            figures[name] = timings(session_note(store, aid, meeting.id), args.repeat)
        size = large.path_of(large_id).stat().st_size
        print(
            f"data: an agreement of {args.meetings} meetings ({size / 1000:.0f} KB file), alone vs among "
            f"{args.agreements} agreements ({args.agreements - 1} x {args.others_meetings} meetings); "
            f"built in {built:.1f} s; repeat {args.repeat}"
        )
        small, big = figures["empty"], figures["large"]
        ratio = statistics.median(big) / statistics.median(small)
        print(
            f"session note save  empty: {ms(statistics.median(small))} (p95 {ms(p95(small))})  "
            f"large: {ms(statistics.median(big))} (p95 {ms(p95(big))})  ratio {ratio:.2f} (goal <= 1.2)"
        )


if __name__ == "__main__":
    main()
