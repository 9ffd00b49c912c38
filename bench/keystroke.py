"""Prints what a key costs in the agreement editor, as ratios against a bare Textual Input.

Both run as a person meets them, each in its own process on a pseudo-terminal of 80x24,
one after the other in the same run: the editor on the Title of an agreement with 200
meetings, among 500 agreements (the coordinator's list), and a bare app of Header, Input and
Footer. For each:

- key-to-screen: from a key written to the terminal until the app has drawn it
  (median and p95 over the keys typed);
- CPU per key: the app process's CPU (every thread, so the background saves count) per key;
- saves for a burst of 30 keys (revisions written once it settles);
- key-to-screen while another process holds the agreement's lock (the bare app types the
  same keys at the same point, so both fields are as long).

Targets (issue "Typing is sacred"): key-to-screen ≤ 1.2×, CPU ≤ 2×, ≤ 2 saves per burst,
and ≤ 1.2× with the lock held.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import mentortui  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from mentortui.model import Agreement, Party
from mentortui.model.sample import sample_agreement
from mentortui.serve.pty_session import PtyProcess
from mentortui.store import Store

LETTERS = "the quick brown fox jumps over the lazy dog "
LOCK_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1] + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Input
class Bare(App):
    def compose(self):
        yield Header()
        yield Input(value="A Typed here", id="title")
        yield Footer()
Bare().run()
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (every thread), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Terminal:
    """An app on a PTY of ours: keys in, drawn output read back."""

    def __init__(self, process: PtyProcess) -> None:
        self.process = process
        self.output = b""
        #: What the field holds: typing starts after "A Typed here".
        self.typed = b"here"

    async def until(self, text: bytes, timeout: float = 60) -> float:
        """Read until ``text`` is in what was drawn since the mark; the time it took."""
        start = time.perf_counter()
        while text not in self.output[self.mark :]:
            chunk = await asyncio.wait_for(self.process.read(), timeout)
            if not chunk:
                raise RuntimeError(f"the app ended: {self.output[-500:]!r}")
            self.output += chunk
        return time.perf_counter() - start

    async def key(self, data: bytes) -> None:
        self.mark = len(self.output)
        await self.process.write(data)

    async def type(self, count: int, pace: float) -> tuple[list[float], float]:
        """Type ``count`` letters ``pace`` s apart: each one's time until drawn; CPU per key.

        A key is drawn when the field's line, with the last four letters typed, is.
        """
        took, cpu = [], cpu_seconds(self.process.pid)
        typed = self.typed
        for n in range(count):
            char = LETTERS[n % len(LETTERS)].replace(" ", "_").encode()
            typed += char
            start = time.perf_counter()
            await self.key(char)
            await self.until(typed[-4:])
            took.append(time.perf_counter() - start)
            await asyncio.sleep(max(0.0, pace - took[-1]))
        self.typed = typed
        return took, (cpu_seconds(self.process.pid) - cpu) / count


async def start(argv: list[str]) -> Terminal:
    env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    terminal = Terminal(await PtyProcess.start(argv, env, 80, 24))
    terminal.mark = 0
    return terminal


async def bare(keys: int, pace: float) -> dict[str, float]:
    terminal = await start([sys.executable, "-c", BARE_APP])
    try:
        await terminal.until(b"Typed here")
        await asyncio.sleep(0.5)
        await terminal.key(b"\x1b[F")  # End
        await asyncio.sleep(0.3)
        took, cpu = await terminal.type(keys, pace)
        # The editor's later phases, for a field as long as the editor's is by then: the
        # burst, keys typed freely, and the keys the editor types while the lock is held.
        await asyncio.sleep(1.5)
        burst = b"".join(LETTERS[n % len(LETTERS)].replace(" ", "_").encode() for n in range(30))
        await terminal.key(burst)
        terminal.typed += burst
        await asyncio.sleep(2.0)
        free_took, _ = await terminal.type(min(keys, 40), pace)
        later_took, _ = await terminal.type(min(keys, 40), pace)
    finally:
        await terminal.process.terminate(1.0)
        terminal.process.close()
    return {
        "median": statistics.median(took),
        "p95": _p95(took),
        "cpu": cpu,
        "free median": statistics.median(free_took),
        "locked median": statistics.median(later_took),
    }


def revision(data_dir: Path, agreement_id: str) -> int:
    return Store(data_dir).load(agreement_id).revision


async def editor(data_dir: Path, agreement_id: str, keys: int, pace: float) -> dict[str, float]:
    terminal = await start([sys.executable, "-m", "mentortui", "--data-dir", str(data_dir), "--as", "ana"])
    out: dict[str, float] = {}
    try:
        await terminal.until(b"Typed here")
        await asyncio.sleep(1.0)
        await terminal.key(b"o")  # the first row: "A …" sorts first
        await terminal.until(b"Parties")
        await asyncio.sleep(1.0)
        await terminal.key(b"\x1b[F")
        await asyncio.sleep(0.3)
        took, cpu = await terminal.type(keys, pace)
        out.update(median=statistics.median(took), p95=_p95(took), cpu=cpu)
        await asyncio.sleep(1.5)
        # A burst: 30 keys with no pause, then the saves it makes (a revision each).
        before = revision(data_dir, agreement_id)
        burst = b"".join(LETTERS[n % len(LETTERS)].replace(" ", "_").encode() for n in range(30))
        await terminal.key(burst)
        terminal.typed += burst
        await asyncio.sleep(2.0)
        out["burst saves"] = revision(data_dir, agreement_id) - before
        # The same number of keys with and without another process holding the lock.
        free_took, _ = await terminal.type(min(keys, 40), pace)
        out["free median"] = statistics.median(free_took)
        path = Store(data_dir).path_of(agreement_id)
        holder = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(path), "6"], stdout=subprocess.PIPE, text=True
        )
        assert holder.stdout.readline().strip() == "held"
        locked_took, _ = await terminal.type(min(keys, 40), pace)
        holder.wait()
        out["locked median"] = statistics.median(locked_took)
    finally:
        await terminal.process.terminate(3.0)
        terminal.process.close()
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agreements", type=int, default=500)
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--pace", type=float, default=1 / 12, help="seconds between keys")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mentortui-bench-") as tmp:
        store = Store(Path(tmp))
        target = store.create(sample_agreement(meetings=args.meetings).edit(title="A Typed here"))
        for n in range(args.agreements - 1):
            store.create(Agreement(title=f"Pair {n}", mentee=Party(f"Mentee {n}"), mentor=Party(f"Mentor {n}")))
        anchor = asyncio.run(bare(args.keys, args.pace))
        ours = asyncio.run(editor(Path(tmp), target.id, args.keys, args.pace))
    print(
        f"{args.keys} keys at {1 / args.pace:.0f}/s into Title; an agreement of {args.meetings} meetings "
        f"among {args.agreements}; anchor: a bare Textual Input in the same run"
    )
    print(f"{'':<26}{'bare Input':>12}{'editor':>12}{'ratio':>8}  target")
    rows = [
        ("key-to-screen, median", anchor["median"], ours["median"], "≤ 1.2"),
        ("key-to-screen, p95", anchor["p95"], ours["p95"], ""),
        ("CPU per key", anchor["cpu"], ours["cpu"], "≤ 2"),
        ("key while lock is held", anchor["locked median"], ours["locked median"], "≤ 1.2"),
    ]
    for name, base, value, target_text in rows:
        print(f"{name:<26}{base * 1000:>9.2f} ms{value * 1000:>9.2f} ms{value / base:>8.2f}  {target_text}")
    free, held = ours["free median"], ours["locked median"]
    print(f"{'  the same keys, lock free':<26}{'':>12}{free * 1000:>9.2f} ms{held / free:>8.2f}  (held / free)")
    print(f"{'saves for 30 keys in a burst':<26}{'':>12}{ours['burst saves']:>12.0f}{'':>8}  ≤ 2")


if __name__ == "__main__":
    main()
