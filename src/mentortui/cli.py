"""Provides the command-line subcommands other than the app: list, export, people."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from .export import agreement_markdown, write_private
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
