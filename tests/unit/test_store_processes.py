"""Tests the store with real processes: concurrent writers lose nothing, SIGKILL tears nothing."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import mentortui
from mentortui.model.sample import sample_agreement
from mentortui.store import Store

WORKER = Path(__file__).with_name("store_worker.py")
SAVES_EACH = 200


def worker_env() -> dict[str, str]:
    """The environment with PYTHONPATH leading to the mentortui these tests imported."""
    env = dict(os.environ)
    root = str(Path(mentortui.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=worker_env(),
    )


def wait_ready(proc: subprocess.Popen[str], timeout: float = 30.0) -> None:
    """Wait for the worker's "ready" line; fail (not hang) if it never comes."""
    readable, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if readable else ""
    if line.strip() != "ready":
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"worker not ready within {timeout} s: {line!r} {err}")


def stop(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def temps(path: Path) -> list[Path]:
    return list((path.parent / ".tmp").glob(f"{path.name}.*.tmp"))


def test_two_processes_saving_one_agreement_lose_nothing_and_never_tear_it(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "data", user="test")
    created = store.create(sample_agreement(meetings=3))
    path = store.path_of(created.id)
    procs = [start("append", str(store.data_dir), created.id, f"p{k}", str(SAVES_EACH)) for k in (1, 2)]
    reads, last_revision = 0, 0
    try:
        for proc in procs:
            wait_ready(proc)
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        deadline = time.monotonic() + 120
        while any(proc.poll() is None for proc in procs):
            assert time.monotonic() < deadline, "the writers did not finish in 120 s"
            data = json.loads(path.read_bytes())  # a torn file fails here
            revision = data["meta"]["1"]["revision"]
            assert revision >= last_revision, "a save went back in time"
            last_revision, reads = revision, reads + 1
            time.sleep(0.0005)
        results = [proc.communicate(timeout=10) for proc in procs]
    finally:
        stop(procs)
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.startswith("conflicts "), out
    assert reads > 20

    final = store.load(created.id)
    added = final.resources[len(created.resources) :]
    assert final.resources[: len(created.resources)] == created.resources
    expected = {f"p{k}-{i}" for k in (1, 2) for i in range(SAVES_EACH)}
    assert len(added) == len(set(added)) == 2 * SAVES_EACH
    assert set(added) == expected
    for k in (1, 2):  # each process's items appear in the order it added them
        mine = [item for item in added if item.startswith(f"p{k}-")]
        assert mine == [f"p{k}-{i}" for i in range(SAVES_EACH)]
    assert final.revision == 1 + 2 * SAVES_EACH
    assert final.meetings == created.meetings and final.title == created.title
    assert temps(path) == []


def test_sigkill_during_saves_never_leaves_a_torn_or_older_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", user="test", lock_timeout=5)
    created = store.create(sample_agreement(meetings=3))
    path = store.path_of(created.id)
    rng = random.Random(20260112)
    last = created
    started = time.monotonic()
    for round_ in range(50):
        proc = start("grow", str(store.data_dir), created.id)
        try:
            wait_ready(proc)
            time.sleep(rng.uniform(0.005, 0.060))
            os.kill(proc.pid, signal.SIGKILL)
            _, err = proc.communicate(timeout=10)
        finally:
            stop([proc])
        assert proc.returncode == -signal.SIGKILL, f"round {round_}: worker died first: {err}"

        json.loads(path.read_bytes())
        loaded = store.load(created.id)
        assert loaded.revision >= last.revision, f"round {round_}: revision went back"
        text, before = loaded.meetings[0].notes[0].text, last.meetings[0].notes[0].text
        assert text.startswith(before), f"round {round_}: a saved note was lost"
        assert len(text) - len(before) == 27 * (loaded.revision - last.revision)
        assert loaded.meetings[1:] == created.meetings[1:]
        last = loaded
    assert last.revision > 1 + 25, "the workers hardly saved; the kills tested nothing"
    assert len(temps(path)) <= 1  # each save clears what an earlier killed writer left

    # The lock of a killed writer is free, and the next save clears its temp file.
    after = store.update(created.id, lambda a: a.edit(mentor_hopes="after the kills"))
    assert after.revision == last.revision + 1
    assert temps(path) == []
    assert store.list_agreements()[0].id == created.id
    assert time.monotonic() - started < 90
