"""Prints how long the store takes to save a note, load and list, with one agreement and with 500."""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    import mentortui  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from mentortui.model.agreement import Agreement
from mentortui.model.base import new_id, now
from mentortui.model.codec import to_data
from mentortui.model.meeting import Note
from mentortui.model.sample import sample_agreement
from mentortui.store import Store


def timings(action: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call, after one call to warm caches."""
    action()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms(value: float) -> str:
    """Milliseconds, with more digits for the quick operations."""
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def add_note(meeting_index: int) -> Callable[[Agreement], Agreement]:
    """A change that appends one note to one meeting, as the meeting screen does."""

    def change(agreement: Agreement) -> Agreement:
        meetings = list(agreement.meetings)
        meeting = meetings[meeting_index]
        note = Note(text="Talked through the practice test; next: chapter 7.", author="ana", at=now())
        meetings[meeting_index] = meeting.edit(notes=(*meeting.notes, note))
        return agreement.edit(meetings=tuple(meetings))

    return change


def build(data_dir: Path, template: Agreement, count: int) -> tuple[Store, str]:
    """A data dir with ``count`` copies of ``template``; returns the store and a middle id."""
    store = Store(data_dir, user="ana")
    ids = [store.create(template.edit(id=new_id())).id for _ in range(count)]
    return store, ids[len(ids) // 2]


def measure(store: Store, target: str, meeting_index: int, repeat: int) -> dict[str, list[float]]:
    """Timings of the three operations on one data dir."""
    return {
        "note save": timings(lambda: store.update(target, add_note(meeting_index)), repeat),
        "load": timings(lambda: store.load(target), repeat),
        "list": timings(store.list_agreements, repeat),
    }


def naive_note_save(folder: Path, template: Agreement, count: int, repeat: int) -> tuple[float, float]:
    """Median ms of a note save when every agreement lives in one plain TinyDB file, and its MB."""
    from tinydb import TinyDB  # only for this comparison; the app keeps tinydb inside store/

    path = folder / "all.json"
    with TinyDB(path) as db:
        db.insert_multiple(to_data(template.edit(id=new_id())) for _ in range(count))
    doc_id = count // 2 + 1

    def save() -> None:
        with TinyDB(path) as db:  # a fresh TinyDB per transaction, as several processes need
            doc = db.get(doc_id=doc_id)
            meetings = doc["meetings"]
            meetings[0]["notes"].append(to_data(Note(text="A note", author="ana", at=now())))
            db.update({"meetings": meetings}, doc_ids=[doc_id])

    return statistics.median(timings(save, repeat)), path.stat().st_size / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agreements", type=int, default=500)
    parser.add_argument("--meetings-per", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--naive-repeat", type=int, default=3, help="0 skips the naive case")
    args = parser.parse_args(argv)

    # sample_agreement adds one cancelled meeting to the held ones it is asked for.
    template = sample_agreement(meetings=max(args.meetings_per - 1, 0))
    meeting_index = len(template.meetings) // 2
    with tempfile.TemporaryDirectory(prefix="mentortui-bench-") as tmp:
        tmp_path = Path(tmp)
        started = time.perf_counter()
        small, small_id = build(tmp_path / "empty", template, 1)
        large, large_id = build(tmp_path / "large", template, args.agreements)
        built = time.perf_counter() - started
        size = large.path_of(large_id).stat().st_size
        print(
            f"data: empty = 1 agreement; large = {args.agreements} agreements x "
            f"{len(template.meetings)} meetings = {args.agreements * len(template.meetings):,} "
            f"meetings (built in {built:.1f} s); one agreement file {size / 1000:.0f} KB; "
            f"repeat {args.repeat}"
        )
        results = {}
        for name, store, target in (("empty", small, small_id), ("large", large, large_id)):
            results[name] = measure(store, target, meeting_index, args.repeat)
        for op in results["empty"]:
            empty, big = results["empty"][op], results["large"][op]
            ratio = statistics.median(big) / statistics.median(empty)
            print(
                f"{op:<10} empty: {ms(statistics.median(empty))} (p95 {ms(p95(empty))})  "
                f"large: {ms(statistics.median(big))} (p95 {ms(p95(big))})  ratio {ratio:.2f}"
            )
        if args.naive_repeat > 0:
            naive_ms, megabytes = naive_note_save(tmp_path, template, args.agreements, args.naive_repeat)
            ours = statistics.median(results["large"]["note save"])
            print(
                f"naive (all {args.agreements} agreements in one TinyDB file, {megabytes:.0f} MB): "
                f"note save {naive_ms:.0f} ms, {naive_ms / ours:.0f}x the store's"
            )


if __name__ == "__main__":
    main()
