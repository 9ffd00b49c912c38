"""Provides a worker process for the store's multi-process tests: hammers one agreement.

    store_worker.py append DATA_DIR ID PREFIX COUNT   COUNT loads + saves, each adding
        "PREFIX-i" to resources; retries a save that conflicts; waits for "go" on stdin
    store_worker.py grow DATA_DIR ID                  saves forever, growing a note's text,
        until killed

Each mode prints "ready" once it has imported everything and is about to start saving.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mentortui.model.meeting import Note
from mentortui.store import ConflictError, Store


def append(store: Store, agreement_id: str, prefix: str, count: int) -> None:
    """Add COUNT unique strings to resources, one save each, retrying on conflict."""
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("no go")
    conflicts = 0
    for i in range(count):
        item = f"{prefix}-{i}"
        while True:
            agreement = store.load(agreement_id)
            try:
                store.save(agreement.edit(resources=(*agreement.resources, item)))
                break
            except ConflictError:
                conflicts += 1
    print(f"conflicts {conflicts}", flush=True)


def grow(store: Store, agreement_id: str) -> None:
    """Save forever, alternating save() and update(), each time making a note longer."""
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        text = f" {n:06d}" + "x" * 20  # 27 characters: thousands of saves before the 64 KB a note may hold

        def lengthen(agreement, text=text):
            first = agreement.meetings[0]
            notes = first.notes or (Note(author="worker"),)
            grown = notes[0].edit(text=notes[0].text + text)
            meeting = first.edit(notes=(grown, *notes[1:]))
            return agreement.edit(meetings=(meeting, *agreement.meetings[1:]))

        if n % 2:
            store.save(lengthen(store.load(agreement_id)))
        else:
            store.update(agreement_id, lengthen)


def main(argv: list[str]) -> None:
    mode, data_dir, agreement_id, *rest = argv
    store = Store(Path(data_dir), user=rest[0] if rest else "worker", lock_timeout=10)
    if mode == "append":
        append(store, agreement_id, rest[0], int(rest[1]))
    elif mode == "grow":
        grow(store, agreement_id)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
