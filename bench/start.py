"""Prints how start-up, the first screen, `status`, `list` and `export` grow with the data,
as ratios against anchors measured in the same run.

- first screen: from starting the process on a pseudo-terminal of 80x24 until the list's
  first row is drawn, for a coordinator (sees every agreement) and a mentee (sees one),
  with 500 and 2,000 agreements of 50 meetings each; anchor: a bare Textual app (Header,
  Label, Input, Footer) until its label is drawn. Target ≤ 1.3×.
- `status` and `list` at 2,000 agreements against the same with 1. Target ≤ 1.5×.
- `export ID` of a 100-meeting agreement against the bare app's start. Target ≤ 0.1×.
- a key on the home list at a minute boundary with 2,000 rows (Down, every 0.1 s for a
  minute and a bit): the longest a key waited to be drawn. Target ≤ 50 ms (--minute).
- the start-up import budget, from ``python -X importtime``: what `import mentortui.app`
  and the CLI (`mentortui.__main__`) import beyond the bare app's Textual, and whether the
  CLI imports Textual at all (it must not).

Issue "Instant at any size". Each pair is measured alternately, --repeat times; medians.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import mentortui
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from mentortui.model.people import Person, PersonRole
from mentortui.model.sample import sample_agreement
from mentortui.serve.pty_session import PtyProcess
from mentortui.store import Store

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Input, Label
class Bare(App):
    def compose(self):
        yield Header()
        yield Label("Pair 0000 is here")
        yield Input(value="typed")
        yield Footer()
Bare().run()
"""
#: What the CLI may import, in ms of `-X importtime` (cumulative, so a little inflated):
#: measured 77 ms on 2026-12-02 (the model's dataclasses are most of it); a regression
#: beyond the budget is printed.
CLI_IMPORT_BUDGET_MS = 90
#: What `import mentortui.app` may take beyond `import textual.app` and DataTable, in ms:
#: measured 64 on 2026-12-02.
APP_IMPORT_BUDGET_MS = 80


def build(folder: Path, count: int, meetings: int, mentee_of: int = 0) -> Path:
    """A data dir of ``count`` agreements titled "Pair 0000"…, ``meetings`` each; the mentee
    "ana" is party to agreement number ``mentee_of`` only; "cora" coordinates."""
    folder.mkdir()
    store = Store(folder, user="cora")
    store.people.put(Person("cora", "Cora", PersonRole.COORDINATOR))
    store.people.put(Person("ana", "Ana Silva", PersonRole.MENTEE))
    template = store.create(sample_agreement(meetings=meetings - 1).edit(title="Pair 0000"))
    text = store.path_of(template.id).read_text()
    store.path_of(template.id).unlink()
    for n in range(count):
        agreement_id = f"p{n:05d}"
        data = json.loads(text.replace(template.id, agreement_id).replace("Pair 0000", f"Pair {n:04d}"))
        if n != mentee_of:
            data["agreement"]["1"]["mentee"]["handle"] = "someone"
        else:
            data["agreement"]["1"]["mentee"]["handle"] = "ana"
        path = store.path_of(agreement_id)
        path.write_text(json.dumps(data))
        path.chmod(0o600)
    Store(folder).reindex()
    return folder


def copy_of(source: Path, folder: Path, count: int) -> Path:
    """The first ``count`` agreements of ``source``, indexed."""
    shutil.copytree(
        source,
        folder,
        ignore=lambda d, names: (
            [n for n in names if re.fullmatch(r"p\d{5}\.json", n) and int(n[1:6]) >= count] + ["index.json"]
        ),
    )
    Store(folder).reindex()
    return folder


def command(data_dir: Path, user: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "mentortui", "--data-dir", str(data_dir), "--as", user, *args]


async def first_screen(argv: list[str], marker: bytes = b"Pair 0000", keep: bool = False):
    """Seconds from spawning ``argv`` on a PTY until ``marker`` is drawn (and the process, if kept)."""
    env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    started = time.perf_counter()
    process = await PtyProcess.start(argv, env, 80, 24)
    output = b""
    try:
        while marker not in output:
            chunk = await asyncio.wait_for(process.read(), 60)
            if not chunk:
                raise RuntimeError(f"{argv[-1]} ended: {output[-400:]!r}")
            output += chunk
        took = time.perf_counter() - started
    except BaseException:
        await process.terminate(1.0)
        process.close()
        raise
    if keep:
        return took, process
    await process.terminate(1.0)
    process.close()
    return took


def run_time(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    took = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{argv}: {done.stderr.decode()[-400:]}")
    return took


def import_ms(module: str) -> tuple[float, set[str]]:
    """The cumulative ms `-X importtime` gives ``module``, and the top packages it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, check=True
    )
    total, packages = 0.0, set()
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            packages.add(match[3].split(".")[0])
            if match[3] == module:
                total = int(match[1]) / 1000
    return total, packages


async def minute_boundary(data_dir: Path, seconds: float) -> tuple[float, float, int]:
    """Down every 0.1 s across a minute boundary on the coordinator's list: the longest and
    the median wait until the row moved to is drawn, and how many keys."""
    _, process = await first_screen(command(data_dir, "cora"), keep=True)
    waits: list[float] = []
    output = b""
    try:
        await asyncio.sleep(2.0)  # the rest of the rows, and their dashboards, are drawn
        begun = time.perf_counter()
        end = begun + seconds
        row = 0
        while time.perf_counter() < end:
            row += 1
            marker = f"Pair {row:04d}".encode()
            mark = len(output)
            start = time.perf_counter()
            await process.write(b"\x1b[B")
            while marker not in output[mark:]:
                output += await asyncio.wait_for(process.read(), 10)
            waits.append(time.perf_counter() - start)
            if waits[-1] == max(waits):
                worst_at = start - begun
            await asyncio.sleep(max(0.0, 0.1 - waits[-1]))
    finally:
        await process.terminate(1.0)
        process.close()
    print(
        f"  (the longest wait began {worst_at:.1f} s into the keys; "
        f"{sum(w > 0.05 for w in waits)} keys waited over 50 ms)"
    )
    return max(waits), statistics.median(waits), len(waits)


def ratio_line(name: str, anchor: float, value: float, target: str) -> None:
    print(f"{name:<44}{anchor * 1000:>9.0f}{value * 1000:>9.0f}{value / anchor:>8.2f}×  {target}")


async def measure(args: argparse.Namespace, tmp: Path) -> None:
    # As an installed package is: compiled once (an editable checkout under
    # PYTHONDONTWRITEBYTECODE would compile every module at every start).
    compileall.compile_dir(str(Path(mentortui.__file__).parent), quiet=1)
    started = time.perf_counter()
    big = build(tmp / "d2000", args.agreements, args.meetings)
    middle = min(500, args.agreements)
    mid = copy_of(big, tmp / "d500", middle) if not args.only_minute else big
    one = copy_of(big, tmp / "d1", 1) if not args.only_minute else big
    if args.only_minute:
        longest, median, keys = await minute_boundary(big, args.minute)
        print(f"longest wait {longest * 1000:.0f} ms, median {median * 1000:.0f} ms, {keys} keys")
        return
    hundred = build(tmp / "d100m", 1, 100)
    print(
        f"data: {args.agreements}, {middle} and 1 agreements of {args.meetings} meetings "
        f"(built in {time.perf_counter() - started:.0f} s); repeat {args.repeat}; medians, ms"
    )
    print(f"{'':<44}{'anchor':>9}{'value':>9}{'ratio':>9}  target")

    bare = [sys.executable, "-c", BARE_APP]
    sizes = ((middle, mid), (args.agreements, big))
    cases = [(f"first screen, coordinator, {n}", d, "cora") for n, d in sizes]
    cases += [(f"first screen, mentee, {n}", d, "ana") for n, d in sizes]
    anchors, values = [], {name: [] for name, _, _ in cases}
    for _ in range(args.repeat):
        for name, data_dir, user in cases:
            anchors.append(await first_screen(bare))
            values[name].append(await first_screen(command(data_dir, user)))
    anchor = statistics.median(anchors)
    for name, _, _ in cases:
        ratio_line(name, anchor, statistics.median(values[name]), "≤ 1.3")

    for verb in ("status", "list"):
        small, large = [], []
        for _ in range(args.repeat):
            small.append(run_time(command(one, "cora", verb)))
            large.append(run_time(command(big, "cora", verb)))
        ratio_line(
            f"`{verb}` at {args.agreements} against 1", statistics.median(small), statistics.median(large), "≤ 1.5"
        )

    exports = [run_time(command(hundred, "cora", "export", "p00000")) for _ in range(args.repeat)]
    ratio_line("`export ID` (100 meetings) against bare start", anchor, statistics.median(exports), "≤ 0.1")

    base, _ = import_ms("textual.app")
    widgets, _ = import_ms("textual.widgets._data_table")
    app, _ = import_ms("mentortui.app")
    cli, cli_packages = import_ms("mentortui.__main__")
    over = app - max(base, widgets)
    print(
        f"imports: mentortui.app {app:.0f} ms ({over:+.0f} beyond Textual's app and DataTable, "
        f"budget {APP_IMPORT_BUDGET_MS}); CLI {cli:.0f} ms (budget {CLI_IMPORT_BUDGET_MS}); "
        f"CLI imports textual: {'textual' in cli_packages}"
    )
    if over > APP_IMPORT_BUDGET_MS or cli > CLI_IMPORT_BUDGET_MS or "textual" in cli_packages:
        print("OVER the import budget")

    if args.minute:
        longest, median, keys = await minute_boundary(big, args.minute)
        print(
            f"home list, {args.agreements} rows, Down every 0.1 s for {args.minute:.0f} s across a minute "
            f"boundary: longest wait {longest * 1000:.0f} ms, median {median * 1000:.0f} ms, {keys} keys "
            "(target ≤ 50 ms)"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agreements", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only-minute", action="store_true", help="only the keys at a minute boundary")
    parser.add_argument(
        "--minute", type=float, default=65.0, help="seconds of keys on the list across a minute boundary (0 skips)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mentortui-bench-") as tmp:
        asyncio.run(measure(args, Path(tmp)))


if __name__ == "__main__":
    main()
