"""Provides main, the `mentortui` command: parses arguments, then runs the app or a subcommand."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import re
import sys
from collections.abc import MutableMapping, Sequence

from .. import __version__, collecting
from ..locations import ENV_DATA_DIR, DataDirError, data_dir
from ..model.people import HANDLE, PersonRole
from ..serve.command import TERM_NAME
from ..store import FileAccessError, Store, StoreError
from ..store.prefetch import Prefetch
from . import subcommands

ENV_USER = "MENTORTUI_USER"


def build_parser() -> argparse.ArgumentParser:
    """The command line: options, and one subparser per subcommand."""
    parser = argparse.ArgumentParser(
        prog="mentortui",
        description="Mentoring agreements, meetings and goals, in the terminal.",
        epilog=f"Data lives in the user data directory unless --data-dir or ${ENV_DATA_DIR} says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"mentortui {__version__}")
    parser.add_argument("--data-dir", metavar="PATH", help=f"where agreements are kept (or ${ENV_DATA_DIR})")
    parser.add_argument(
        "--as",
        dest="user",
        metavar="HANDLE",
        help=f"who is at the keyboard (or ${ENV_USER}; default: your login name)",
    )
    parser.add_argument(
        "--served",
        action="store_true",
        help="restricted mode, for a person reached over SSH or a browser (serve and "
        "authorized-keys set it): only the app runs, no path they type is opened, nothing "
        "is written outside the data directory, and only registered people get in",
    )
    parser.add_argument(
        "--key-fingerprint",
        metavar="SHA256:…",
        default="",
        help="with --served: the SSH key the person logged in with; removing it ends the session",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    listing = commands.add_parser("list", help="print the agreements as a table")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    checking = commands.add_parser(
        "status", help="print what needs attention in each agreement (exit 1 when anything does)"
    )
    checking.add_argument(
        "--today", type=subcommands.iso_date, metavar="YYYY-MM-DD", help="as of noon on this day (default: now)"
    )
    checking.add_argument("--json", action="store_true", help="print JSON instead of text")
    exporting = commands.add_parser("export", help="print an agreement as Markdown, or write it")
    exporting.add_argument("id", metavar="ID", help="the agreement's id, as `list` shows it")
    exporting.add_argument("-o", "--output", metavar="FILE", help="write FILE (mode 0600) instead")
    exporting.add_argument("--force", action="store_true", help="replace FILE if it exists")
    exporting.add_argument(
        "--format",
        choices=("md", "json"),
        default="md",
        help="md (default) to read; json to keep or move it (`import` restores it)",
    )
    importing = commands.add_parser("import", help="restore an agreement from its JSON export")
    importing.add_argument("file", metavar="FILE", help="a file written by `export ID --format json`")
    importing.add_argument(
        "--new-id", action="store_true", help="import it as a new agreement, beside the one it came from"
    )

    calendar = commands.add_parser("calendar", help="print the meetings as an iCalendar (.ics) file, or write it")
    calendar.add_argument("id", metavar="ID", nargs="?", help="the agreement's id, as `list` shows it")
    calendar.add_argument("--mine", action="store_true", help="every agreement you are a party to")
    calendar.add_argument("-o", "--output", metavar="FILE", help="write FILE (mode 0600) instead")
    calendar.add_argument("--force", action="store_true", help="replace FILE if it exists")

    logging = commands.add_parser("log", help="add a note to the meeting under way (or start one)")
    logging.add_argument("id", metavar="ID", help="the agreement's id")
    logging.add_argument(
        "--note",
        required=True,
        metavar="TEXT",
        help="what to note; as in a session, a: makes an action item (@owner, due:YYYY-MM-DD), d: a decision, p: a private note",
    )
    logging.add_argument("--private", action="store_true", help="a note only you will see")
    listing_meetings = commands.add_parser("meetings", help="print an agreement's meeting log")
    listing_meetings.add_argument("id", metavar="ID", help="the agreement's id")
    listing_meetings.add_argument("--json", action="store_true", help="print JSON instead of a table")

    showing = commands.add_parser("show", help="print one agreement in a few lines")
    showing.add_argument("id", metavar="ID", help="the agreement's id")
    showing.add_argument("--json", action="store_true", help="print JSON instead")
    creating = commands.add_parser("new", help="create an agreement (prints its id)")
    creating.add_argument("--mentee", metavar="NAME", help="the mentee's name")
    creating.add_argument("--mentor", metavar="NAME", help="the mentor's name")
    creating.add_argument("--mentee-handle", metavar="HANDLE", help="the mentee's login, if registered")
    creating.add_argument("--mentor-handle", metavar="HANDLE", help="the mentor's login, if registered")
    creating.add_argument("--title", metavar="TEXT", help="default: Mentee ↔ Mentor")
    creating.add_argument("--start", type=subcommands.iso_date, metavar="YYYY-MM-DD", help="the start date")
    creating.add_argument("--end", type=subcommands.iso_date, metavar="YYYY-MM-DD", help="the end date")
    creating.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="the fields from a JSON file (an object of fields, or an export)",
    )
    reporting = commands.add_parser("report", help="the whole programme's figures (coordinators)")
    reporting.add_argument("--format", choices=("md", "csv"), default="md")
    reporting.add_argument(
        "--from",
        dest="from_",
        type=subcommands.iso_date,
        metavar="YYYY-MM-DD",
        help="from this day (default: the earliest start date)",
    )
    reporting.add_argument("--to", type=subcommands.iso_date, metavar="YYYY-MM-DD", help="to this day (default: today)")
    defaulting = commands.add_parser("defaults", help="what new agreements start from (coordinators set it)")
    defaults_commands = defaulting.add_subparsers(dest="defaults_command", metavar="ACTION")
    defaults_commands.add_parser("show", help="print them (the default)")
    setting = defaults_commands.add_parser("set", help="change them (unnamed ones stay)")
    setting.add_argument("--frequency", metavar="TEXT", help="e.g. every two weeks")
    setting.add_argument("--length-min", dest="length_min_minutes", type=int, metavar="MINUTES")
    setting.add_argument("--length-max", dest="length_max_minutes", type=int, metavar="MINUTES")
    setting.add_argument("--notice-hours", type=int, metavar="HOURS")
    setting.add_argument("--disclaimer-file", metavar="FILE", help="the disclaimer's text")
    setting.add_argument("--termination-file", metavar="FILE", help="the termination clause's text")
    setting.add_argument(
        "--value",
        action="append",
        metavar="KEY=FILE",
        help="a values clause's text (respect, honesty, confidentiality, preparation)",
    )
    setting.add_argument("--clear", action="store_true", help="start again from the app's own")
    completing = commands.add_parser("completion", help="print a shell completion script")
    completing.add_argument("shell", choices=("bash", "zsh"))
    goals = commands.add_parser("goals", help="print an agreement's goals, numbered")
    goals.add_argument("id", metavar="ID", help="the agreement's id")
    goals.add_argument("--json", action="store_true", help="print JSON instead of a table")
    recording = commands.add_parser("progress", help="record progress on a goal (0-100 %%)")
    recording.add_argument("id", metavar="ID", help="the agreement's id")
    recording.add_argument("goal", metavar="GOAL", help="the goal's number or id, as `goals` shows it")
    recording.add_argument("--percent", type=int, required=True, metavar="N", help="0 to 100")
    recording.add_argument("--comment", metavar="TEXT", help="what the reading rests on")
    acting = commands.add_parser("action", help="list, add or tick off action items")
    acting.add_argument("id", metavar="ID", help="the agreement's id")
    acting.add_argument("text", metavar="TEXT", nargs="?", help="a new action item (none: list the open ones)")
    acting.add_argument("--owner", metavar="HANDLE", help="who does it")
    acting.add_argument("--due", type=subcommands.iso_date, metavar="YYYY-MM-DD", help="by when")
    acting.add_argument("--done", type=int, metavar="N", help="tick off open item N, as the list numbers it")
    acting.add_argument("--json", action="store_true", help="list as JSON")

    people = commands.add_parser("people", help="who may use mentortui")
    people_commands = people.add_subparsers(dest="people_command", metavar="ACTION")
    people_commands.add_parser("list", help="print everyone registered")
    add = people_commands.add_parser("add", help="register someone, or update them")
    add.add_argument("handle", metavar="HANDLE", help="login-like name: a-z, 0-9, . _ -")
    add.add_argument("--name", help="full name, as in agreements")
    add.add_argument("--role", choices=[r.value for r in PersonRole], help="default: mentee")
    add.add_argument("--key", metavar="FILE.pub", action="append", help="an SSH public key to add")
    remove = people_commands.add_parser("remove", help="unregister someone")
    remove.add_argument("handle", metavar="HANDLE")
    people_commands.add_parser("authorized-keys", help="print authorized_keys lines for a host's own sshd")

    trash = commands.add_parser("trash", help="deleted agreements: list, restore, purge")
    trash_commands = trash.add_subparsers(dest="trash_command", metavar="ACTION")
    trash_commands.add_parser("list", help="print what is in the trash (the default)")
    restore = trash_commands.add_parser("restore", help="put a deleted agreement back in the list")
    restore.add_argument("which", metavar="ID", help="its id (the latest deleted copy) or its trash file's name")
    purge = trash_commands.add_parser("purge", help="remove for good what was deleted long ago")
    purge.add_argument(
        "--older-than", type=float, required=True, metavar="DAYS", help="deleted more than this many days ago"
    )

    serve = commands.add_parser("serve", help="let people use the app over SSH or in a browser")
    how = serve.add_mutually_exclusive_group(required=True)
    how.add_argument("--ssh", action="store_true", help="run the built-in SSH server")
    how.add_argument(
        "--web",
        action="store_true",
        help="serve the app to browsers as the --as person (no authentication: keep it local)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=None, help="port to listen on (default: 2222 for SSH, 8000 for web)")
    serve.add_argument(
        "--idle-timeout",
        type=float,
        default=1800,
        metavar="SECONDS",
        help="close a session after this long without input; 0: never (default: %(default)s)",
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=20,
        metavar="N",
        help="refuse sessions beyond this many at once (default: %(default)s)",
    )
    serve.add_argument(
        "--max-sessions-per-person",
        type=int,
        default=3,
        metavar="N",
        help="SSH: sessions one person may have at once (default: %(default)s)",
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        default=0,
        metavar="N",
        help="SSH: logged-in connections at once, with or without sessions; 0: an eighth of the "
        "open-file limit (default: %(default)s)",
    )
    serve.add_argument(
        "--max-connections-per-person",
        type=int,
        default=0,
        metavar="N",
        help="SSH: logged-in connections one person may hold; 0: twice their sessions, plus 2 (default: %(default)s)",
    )
    serve.add_argument(
        "--max-startups",
        type=_max_startups,
        default=(10, 0.3, 64),
        metavar="START:RATE:FULL",
        help="SSH: connections not logged in yet, as OpenSSH's MaxStartups: from START on a new one "
        "is dropped with chance RATE %%, rising to all at FULL (default: 10:30:64)",
    )
    serve.add_argument(
        "--login-timeout",
        type=float,
        default=20,
        metavar="SECONDS",
        help="SSH: how long a connection has to log in (default: %(default)s)",
    )
    serve.add_argument(
        "--no-prefork",
        action="store_true",
        help="SSH: start each session as a new process instead of forking it from one that "
        "has the app imported already (slower to start, more memory per session)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="web: the address people open when a proxy is in front (e.g. https://mentoring.example.org); "
        "pages and connections from it are allowed besides the listening address",
    )
    return parser


#: Textual settings that write files or reach out from the host (logs, screenshots,
#: devtools): a served session drops them, whoever set them.
UNSERVED_ENV = (
    "TEXTUAL_LOG",
    "TEXTUAL_SCREENSHOT",
    "TEXTUAL_SCREENSHOT_LOCATION",
    "TEXTUAL_SCREENSHOT_FILENAME",
    "TEXTUAL_DEVTOOLS_HOST",
    "TEXTUAL_DEVTOOLS_PORT",
    "TEXTUAL_PRESS",
    "TEXTUAL_RUN_COMMAND",
    "TEXTUAL",
)


#: A locale's name ("C.UTF-8", "de_DE.UTF-8@euro"; LANGUAGE lists them with ":"), or COLORTERM's
#: "truecolor": what a served session keeps of the client's LANG, LC_* and COLORTERM.
LOCALE_NAME = re.compile(r"[A-Za-z0-9_.@:+-]{1,64}")


def served_environment(env: MutableMapping[str, str]) -> None:
    """Make ``env`` fit for a served session: the Textual settings that write files or reach out
    dropped, and a TERM that is a terminal's name (under sshd's forced command it is the client's
    to say, as it reaches the built-in server; that one keeps only a name too); the client's
    LANG, LC_* and COLORTERM only when they are a name."""
    for name in UNSERVED_ENV:
        env.pop(name, None)
    if not TERM_NAME.fullmatch(env.get("TERM", "")):
        env["TERM"] = "xterm-256color"
    # sshd passes the client's LANG and LC_* on (AcceptEnv): only a locale's name is kept.
    for name in [n for n in env if n in ("LANG", "LANGUAGE", "COLORTERM") or n.startswith("LC_")]:
        if not LOCALE_NAME.fullmatch(env[name]):
            del env[name]


def _max_startups(text: str) -> tuple[int, float, int]:
    """ "10:30:64" (as OpenSSH's MaxStartups): start, the chance of a drop there (as a
    fraction), full."""
    parts = text.split(":")
    try:
        start, rate, full = int(parts[0]), int(parts[1]), int(parts[2])
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"{text!r} is not START:RATE:FULL, e.g. 10:30:64") from None
    if len(parts) != 3 or not 0 < start <= full or not 0 <= rate <= 100:
        raise argparse.ArgumentTypeError(f"{text!r}: need 0 < START <= FULL and RATE from 0 to 100")
    return start, rate / 100, full


def served_problem(args: argparse.Namespace) -> str:
    """What is wrong with a --served command line ("" when nothing is)."""
    if args.command is not None:
        return "--served runs only the app; subcommands are for the service account's own shell"
    if not args.user or not HANDLE.fullmatch(args.user):
        return "--served needs --as HANDLE, the registered person the session is for"
    return ""


def _in_browser() -> bool:
    """True when textual-serve started this process for a browser tab (pipes, not a terminal)."""
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def not_utf8(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """The option or argument given bytes that are not UTF-8 ("" when none was).

    Python hands such bytes over as lone surrogates; they cannot be stored or shown.
    """
    names = {a.dest: _shown_name(a) for p in _parsers(parser) for a in p._actions}
    for dest, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return names.get(dest, dest)
    return ""


def _shown_name(action: argparse.Action) -> str:
    """What the usage line calls an option or argument: its first flag, else its metavar."""
    if action.option_strings:
        return action.option_strings[0]
    if isinstance(action.metavar, tuple):  # a name for each of its values (none of ours has)
        return " ".join(action.metavar)
    return action.metavar or action.dest


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


def say_warnings(store: Store) -> None:
    """What the store recovered from (a mode tightened, an index set aside): once, on stderr."""
    for warning in store.warnings:
        subcommands.warn(f"warning: {warning}")
    store.warnings.clear()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    collecting.hold()  # until the app's first screen is drawn, or the command is done
    try:
        return _main(argv)
    finally:
        collecting.resume()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if bad := not_utf8(parser, args):
        subcommands.warn(f"{bad} is not valid UTF-8 text; type it again (check the terminal's character set)")
        return 2
    if args.served:
        if problem := served_problem(args):
            subcommands.warn(problem)
            return 2
        served_environment(os.environ)
    try:
        handle = args.user or os.environ.get(ENV_USER) or getpass.getuser()
    except (KeyError, OSError):  # no login name: a uid with no passwd entry (a container)
        subcommands.warn(
            f"who is at the keyboard is not known: user id {os.getuid()} has no login name; "
            f"give your handle with --as HANDLE or ${ENV_USER}"
        )
        return 2
    if args.command == "completion":  # needs no data
        return subcommands.completion(args, parser)
    if args.command == "serve":
        from .. import serve

        args.user_handle = handle
        try:
            return serve.main(args, data_dir(args.data_dir))
        except OSError as error:
            subcommands.warn(str(error))
            return 1
    store = None
    try:
        store = Store(data_dir(args.data_dir), user=handle)
        if args.command == "trash":
            return subcommands.trash(args, store)
        try:
            viewer = store.people.viewer(handle, restricted=args.served)
        except StoreError as error:
            if args.served:  # the registry decides: unreadable, it admits nobody
                subcommands.warn(f"nobody is let in: {error}. Tell whoever runs mentortui.")
                return 1
            raise
        if args.command == "people":
            return subcommands.people(args, store, viewer)
        if not viewer.admitted and args.served and not store.people.all():
            subcommands.warn(
                "nobody is registered on this mentortui yet, so nobody is let in. "
                "Tell whoever runs it to register people with `mentortui people add`."
            )
            return 1
        if not viewer.admitted:
            subcommands.warn(
                f"{handle} is not registered here; ask a coordinator to run `mentortui people add {handle}`."
            )
            return 1
        if args.command == "list":
            return subcommands.list_agreements(args, store, viewer)
        if args.command == "status":
            return subcommands.status(args, store, viewer)
        if args.command == "export":
            return subcommands.export(args, store, viewer)
        if args.command == "defaults":
            return subcommands.defaults(args, store, viewer)
        if args.command == "report":
            return subcommands.report(args, store, viewer)
        if args.command == "show":
            return subcommands.show(args, store, viewer)
        if args.command == "new":
            return subcommands.new(args, store, viewer)
        if args.command == "goals":
            return subcommands.list_goals(args, store, viewer)
        if args.command == "progress":
            return subcommands.progress(args, store, viewer)
        if args.command == "action":
            return subcommands.action(args, store, viewer)
        if args.command == "import":
            return subcommands.import_agreement(args, store, viewer)
        if args.command == "calendar":
            return subcommands.calendar(args, store, viewer)
        if args.command == "log":
            return subcommands.log_note(args, store, viewer)
        if args.command == "meetings":
            return subcommands.list_meetings(args, store, viewer)
        if not (sys.stdin.isatty() and sys.stdout.isatty()) and not _in_browser():
            subcommands.warn("this needs a terminal. Over SSH, connect with `ssh -t`.")
            return 2
        # The first listing is read by a child while this process imports the app.
        prefetch = Prefetch.start(store, viewer.party)
        try:
            from ..app import MentorApp

            if not args.served:
                say_warnings(store)  # before the screen takes the terminal (a person: the app says)
            app = MentorApp(
                store.data_dir, user=handle, served=args.served, key_fingerprint=args.key_fingerprint, prefetch=prefetch
            )
            app.run()
            return app.return_code or 0
        finally:
            if prefetch is not None:
                prefetch.cancel()  # if nothing took it
    except BrokenPipeError:  # `mentortui … | head`: the reader has all it wanted
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (StoreError, OSError) as error:
        if isinstance(error, OSError) and not isinstance(error, DataDirError):
            error = FileAccessError(error.filename or "a file", error, writing=None)
        subcommands.warn(str(error))
        return 1
    finally:
        if store is not None and not args.served:
            say_warnings(store)
