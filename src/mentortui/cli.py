"""Provides the command-line subcommands other than the app: list, export, people."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from . import clock
from .export import agreement_markdown, write_private
from .model import meetings
from .model.base import now
from .model.errors import ValidationError
from .model.people import Person, PersonRole, Viewer
from .store import Store
from .tables import agreements_json, agreements_table, format_table


def list_agreements(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui list`: the agreements this viewer may see, as a table or JSON."""
    summaries = [s for s in store.list_agreements() if viewer.sees(s)]
    print(agreements_json(summaries) if args.json else agreements_table(summaries))
    return 0


def export(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui export ID`: Markdown to stdout, or to a new owner-only file."""
    if not any(s.id == args.id and viewer.sees(s) for s in store.list_agreements()):
        print(f"mentortui: no agreement with id {args.id!r}", file=sys.stderr)
        return 1
    text = agreement_markdown(store.load(args.id))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_private(Path(args.output), text, force=args.force)
    except FileExistsError:
        print(f"mentortui: {args.output} exists; add --force to replace it", file=sys.stderr)
        return 1
    print(f"Wrote {args.output}", file=sys.stderr)
    return 0


def people(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui people list|add|remove|authorized-keys`."""
    registry = store.people
    if args.people_command == "add":
        old = registry.get(args.handle)
        keys = [Path(f).read_text(encoding="utf-8") for f in args.key or ()]
        person = Person(
            handle=args.handle,
            name=args.name or (old.name if old else ""),
            role=PersonRole(args.role) if args.role else (old.role if old else PersonRole.MENTEE),
            keys=(*(old.keys if old else ()), *keys),
        )
        try:
            registry.put(person)
        except ValidationError as error:
            for problem in error.problems:
                print(f"mentortui: {problem.path}: {problem.message}", file=sys.stderr)
            return 1
        print(f"{'Updated' if old else 'Added'} {person.handle} ({person.role}, {len(person.keys)} key(s))")
        return 0
    if args.people_command == "remove":
        registry.remove(args.handle)
        print(f"Removed {args.handle}")
        return 0
    if args.people_command == "authorized-keys":
        print(authorized_keys(registry.all(), args.data_dir))
        return 0
    rows = [(p.handle, p.name, p.role.value, len(p.keys)) for p in registry.all()]
    print(format_table(("HANDLE", "NAME", "ROLE", "KEYS"), rows))
    return 0


def mentortui_command() -> list[str]:
    """How to start this mentortui again: its script, or this Python with -m."""
    script = Path(sys.argv[0])
    if script.name == "mentortui" and script.exists():
        return [str(script.resolve())]
    return [sys.executable, "-m", "mentortui"]


def authorized_keys(everyone: list[Person], data_dir: str | None) -> str:
    """`authorized_keys` lines that start mentortui as each person, with a PTY and nothing else."""
    lines = []
    for person in everyone:
        command = [*mentortui_command()]
        if data_dir:
            command += ["--data-dir", str(Path(data_dir).resolve())]
        command += ["--as", person.handle]
        quoted = shlex.join(command).replace("\\", "\\\\").replace('"', '\\"')
        for key in person.keys:
            lines.append(f'restrict,pty,command="{quoted}" {key.strip()}')
    return "\n".join(lines)


def _visible(store: Store, viewer: Viewer, agreement_id: str) -> bool:
    """True when the agreement exists and this viewer may see it (else a message)."""
    if any(s.id == agreement_id and viewer.sees(s) for s in store.list_agreements()):
        return True
    print(f"mentortui: no agreement with id {agreement_id!r}", file=sys.stderr)
    return False


def log_note(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui log ID --note TEXT`: append to the meeting under way, or start one."""
    if not _visible(store, viewer, args.id):
        return 1
    started = {}

    def change(agreement):
        at = now()
        agreement, meeting = meetings.start(agreement, at)
        started["meeting"] = meeting
        return meetings.add_note(agreement, meeting.id, args.note, store.user, at, private=args.private)

    try:
        store.update(args.id, change)
    except ValidationError as error:
        print(f"mentortui: {error.problems[0].message}", file=sys.stderr)
        return 1
    meeting = started["meeting"]
    print(f"Noted in the meeting started {clock.show(meeting.started_at)} ({meeting.id})")
    return 0


def list_meetings(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui meetings ID`: the meeting log as a table."""
    if not _visible(store, viewer, args.id):
        return 1
    agreement = store.load(args.id)
    rows = []
    for meeting in meetings.in_order(agreement):
        minutes = None
        if meeting.started_at and meeting.ended_at:
            minutes = int((meeting.ended_at - meeting.started_at).total_seconds() // 60)
        status = "in progress" if meeting.in_progress else meeting.status.value
        if meetings.short_notice(agreement, meeting):
            status += " (short notice)"
        open_items = sum(1 for a in meeting.actions if not a.done)
        rows.append((meeting.id, clock.show(meeting.when) or None, status, minutes, meeting.purpose, open_items))
    print(format_table(("ID", "WHEN", "STATUS", "MINUTES", "PURPOSE", "OPEN ACTIONS"), rows))
    return 0
