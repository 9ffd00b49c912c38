"""Prints what the home dashboard, `mentortui status` and the goals timeline cost on a large data set.

The home screen loads every listed agreement and computes its dashboard when the list loads;
`mentortui status` does the same; the timeline lays out one agreement at 80 columns.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

try:
    import mentortui  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mentortui.clock import local_zone, to_local
from mentortui.model.attention import dashboard
from mentortui.model.base import now
from mentortui.model.sample import sample_agreement
from mentortui.store import Store
from mentortui.timeline import timeline_rows
from store import build, ms, p95, timings  # bench/store.py: the same data builder and timers


def all_dashboards(store: Store) -> int:
    """What the home screen and `status` do: load each agreement and compute its dashboard."""
    moment, zone = now(), local_zone()
    alerts = 0
    for summary in store.list_agreements():
        alerts += len(dashboard(store.load(summary.id), moment, zone).alerts)
    return alerts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agreements", type=int, default=50, help="agreements a coordinator sees")
    parser.add_argument("--meetings", type=int, default=50, help="meetings in each agreement")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    template = sample_agreement(meetings=args.meetings - 1)
    with tempfile.TemporaryDirectory(prefix="mentortui-bench-") as tmp:
        started = time.perf_counter()
        store, one = build(Path(tmp), template, args.agreements)
        built = time.perf_counter() - started
        print(
            f"data: {args.agreements} agreements x {args.meetings} meetings; built in {built:.1f} s; "
            f"repeat {args.repeat}"
        )
        every = timings(lambda: all_dashboards(store), args.repeat)
        per = statistics.median(every) / args.agreements
        print(
            f"all dashboards (home list load, `status`): {ms(statistics.median(every))} "
            f"(p95 {ms(p95(every))}), {ms(per)} per agreement"
        )
        agreement = store.load(one)
        today = to_local(now()).date()
        layout = timings(lambda: timeline_rows(agreement, today, 80), args.repeat * 20)
        print(
            f"timeline layout at 80 columns, {args.meetings} meetings: {ms(statistics.median(layout))} "
            f"(p95 {ms(p95(layout))})"
        )
        later = timings(lambda: dashboard(agreement, now() + timedelta(days=1), local_zone()), args.repeat * 20)
        print(f"one dashboard, agreement already loaded: {ms(statistics.median(later))}")


if __name__ == "__main__":
    main()
