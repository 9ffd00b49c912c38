"""The first listing read by a child process while the app is imported (store.prefetch).

Forking is tried in a fresh interpreter (a test process has threads: `start` refuses there,
and is tested for it); what `take` gives is compared with a listing made in the same process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import mentortui
from mentortui.model import Agreement, Party
from mentortui.model.base import now
from mentortui.store import Store
from mentortui.store.prefetch import Prefetch


def run(script: str) -> str:
    env = dict(os.environ)
    root = str(Path(mentortui.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def agreements(folder: Path, count: int = 3) -> list[str]:
    store = Store(folder, user="cora")
    made = [
        store.create(
            Agreement(
                title=f"Pair {n}",
                mentee=Party("Ana", handle="ana" if n == 1 else f"m{n}"),
                mentor=Party("Ben", handle="ben"),
            )
        ).id
        for n in range(count)
    ]
    return made


def test_a_forked_listing_is_the_listing_the_worker_would_make(tmp_path):
    made = agreements(tmp_path)
    out = run(f"""
        import os, threading
        from pathlib import Path
        from mentortui.store import Store
        from mentortui.store.prefetch import Prefetch
        store = Store(Path({str(tmp_path)!r}), user="ana")
        prefetch = Prefetch.start(store, "ana")
        assert prefetch is not None and prefetch.pid > 0
        mine = Store(Path({str(tmp_path)!r}), user="ana")
        got = prefetch.take(mine, "ana")
        again = Store(Path({str(tmp_path)!r}), user="ana")
        listed = again.list_agreements(prefetch.at, "ana", digests_later=True)
        assert got == listed, (got, listed)
        assert mine.listed_stamp == again.listed_stamp
        assert [s.digest for s in mine.with_digests(got)] == [s.digest for s in again.with_digests(listed)]
        assert prefetch.pid == 0, "the child was waited for"
        try:
            os.waitpid(-1, os.WNOHANG)
            print("a child is left")
        except ChildProcessError:
            print("no child left")
        print([s.id for s in got])
    """)
    assert out.splitlines()[-2] == "no child left"
    assert out.splitlines()[-1] == str([made[1]])


def test_a_child_that_cannot_list_leaves_the_listing_to_the_worker(tmp_path):
    agreements(tmp_path)
    out = run(f"""
        from pathlib import Path
        from mentortui.store import Store
        from mentortui.store.prefetch import Prefetch
        store = Store(Path({str(tmp_path)!r}), user="ana")
        def broken(*args, **kwargs):
            raise OSError("the disk went away")
        store.list_agreements = broken
        prefetch = Prefetch.start(store, "ana")
        print(prefetch.take(Store(Path({str(tmp_path)!r})), "ana"))
        slow = Prefetch.start(Store(Path({str(tmp_path)!r})), None)
        print(slow.take(Store(Path({str(tmp_path)!r})), "someone else"))  # not theirs
        late = Prefetch.start(Store(Path({str(tmp_path)!r})), None)
        late.cancel()
        print(late.take(Store(Path({str(tmp_path)!r})), None), late.pid)
    """)
    assert out.splitlines() == ["None", "None", "None 0"]


def test_no_fork_while_threads_run(tmp_path):
    agreements(tmp_path, 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert Prefetch.start(Store(tmp_path), None) is None
    finally:
        stop.set()
        other.join()


def piped(listing: tuple, at, party) -> Prefetch:
    """A Prefetch reading ``listing`` from a pipe as a child would have written it."""
    read, write = os.pipe()
    payload = pickle.dumps(listing)
    writer = threading.Thread(target=lambda: (os.write(write, payload), os.close(write)))
    writer.start()
    writer.join()
    prefetch = Prefetch(0, read, at, party)
    return prefetch


def test_take_now_never_waits_and_takes_once(tmp_path):
    agreements(tmp_path)
    store = Store(tmp_path)
    at = now()
    listed = store.list_agreements(at, None, digests_later=True)
    prefetch = piped((listed, *store.kept_listing(), ["a warning"]), at, None)
    mine = Store(tmp_path)
    assert prefetch.take_now(mine, None) is None, "not read yet: the UI does not wait for it"
    prefetch.load()
    assert prefetch.take_now(mine, None) == listed
    assert mine.warnings == ["a warning"] and mine.listed_stamp == store.listed_stamp
    assert prefetch.take_now(mine, None) is None and prefetch.take(mine, None) is None, "once"
