"""Provides the `mentortui` command: parses arguments, then runs the app or a subcommand."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .export import agreement_markdown, write_private
from .locations import ENV_DATA_DIR, data_dir
from .store import Store, StoreError
from .tables import agreements_json, agreements_table


def build_parser() -> argparse.ArgumentParser:
    """The command line: options, and one subparser per subcommand."""
    parser = argparse.ArgumentParser(
        prog="mentortui",
        description="Mentoring agreements, meetings and goals, in the terminal.",
        epilog=f"Data lives in the user data directory unless --data-dir or ${ENV_DATA_DIR} "
        "says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"mentortui {__version__}")
    parser.add_argument(
        "--data-dir", metavar="PATH", help=f"where agreements are kept (or ${ENV_DATA_DIR})"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    listing = commands.add_parser("list", help="print the agreements as a table")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    exporting = commands.add_parser("export", help="print an agreement as Markdown, or write it")
    exporting.add_argument("id", metavar="ID", help="the agreement's id, as `list` shows it")
    exporting.add_argument("-o", "--output", metavar="FILE", help="write FILE (mode 0600) instead")
    exporting.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def export(args: argparse.Namespace, store: Store) -> int:
    """The `export` subcommand: Markdown to stdout, or to a new owner-only file."""
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    user = getpass.getuser()
    try:
        store_dir = data_dir(args.data_dir)
        if args.command == "list":
            summaries = Store(store_dir, user=user).list_agreements()
            print(agreements_json(summaries) if args.json else agreements_table(summaries))
            return 0
        if args.command == "export":
            return export(args, Store(store_dir, user=user))
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print(
                "mentortui: this needs a terminal. Over SSH, connect with `ssh -t`.",
                file=sys.stderr,
            )
            return 2
        from .app import MentorApp

        MentorApp(store_dir, user=user).run()
        return 0
    except (StoreError, OSError) as error:
        print(f"mentortui: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
