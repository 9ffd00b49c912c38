"""Provides the command-line subcommands other than the app: list, status, export, people."""

from __future__ import annotations

import argparse
import base64
import json
import shlex
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..model import meetings
from ..model.agreement import Agreement
from ..model.base import now
from ..model.enums import MeetingStatus
from ..model.errors import ValidationError
from ..model.meeting import Meeting
from ..model.notes import read_entry
from ..model.people import Person, PersonRole, Viewer, key_fingerprint, parse_public_key
from ..model.summary import AgreementSummary, Glimpse
from ..serve.command import module_command, served_command
from ..store import NotFoundError, Store, StoreError
from ..text import plain
from .tables import agreements_json, agreements_table, format_table, to_json

if TYPE_CHECKING:
    from ..model.attention import Dashboard


def list_agreements(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui list`: the agreements this viewer may see, as a table or JSON.

    An agreement whose file cannot be read is listed (status "damaged"), and said on stderr.
    """
    summaries = [s for s in store.list_agreements(party=viewer.party, digests=False) if viewer.sees(s)]
    print(agreements_json(summaries) if args.json else agreements_table(summaries))
    for s in summaries:
        if s.damaged:
            warn(f"{s.damaged}; it was left untouched: restore it from a backup or move it aside")
    return 0


def warn(text: str) -> None:
    """One line on stderr (the text made safe to print)."""
    print(f"mentortui: {_line(text)}", file=sys.stderr)


def trash(args: argparse.Namespace, store: Store) -> int:
    """`mentortui trash list|restore ID|purge --older-than DAYS`, for whoever runs mentortui
    (like `people`: a served person never reaches a subcommand)."""
    if args.trash_command == "restore":
        item = next((i for i in store.trash() if args.which in (i.agreement_id, i.name)), None)
        if item is None:
            warn(f"nothing deleted with id {args.which!r} is in the trash ({store.trash_dir})")
            return 1
        summary = store.restore(item.name)
        print(f"Restored {_line(summary.title)} ({summary.id})")
        return 0
    if args.trash_command == "purge":
        gone = store.purge(timedelta(days=args.older_than))
        print(f"Removed {len(gone)} deleted agreement(s) older than {args.older_than:g} days for good")
        return 0
    rows = [
        (
            i.agreement_id,
            clock.show(i.deleted_at),
            i.summary.title,
            "damaged" if i.summary.damaged else i.summary.status.value,
            i.name,
        )
        for i in store.trash()
    ]
    print(format_table(("ID", "DELETED", "TITLE", "STATUS", "FILE"), rows) if rows else "The trash is empty.")
    return 0


def iso_date(text: str) -> date:
    """A YYYY-MM-DD argument as a date (argparse shows the message when it is not one)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-01") from None


def _line(text: str) -> str:
    return plain(text, single_line=True)


def _cannot_read(name: str, error: OSError | UnicodeDecodeError) -> str:
    """Why a file named on the command line was not read: "cannot read NAME: the reason"."""
    return f"cannot read {name}: {getattr(error, 'strerror', None) or error}"


def _meeting_data(meeting: Glimpse | None, tentative: bool = False) -> dict[str, object] | None:
    if meeting is None or meeting.when is None:
        return None
    return {
        "at": meeting.when.isoformat(),
        "purpose": _line(meeting.purpose),
        # A tentative schedule row is not in the meeting log yet, so it has no meeting id.
        "id": None if tentative else meeting.id,
        "tentative": tentative,
    }


def _status_data(summary: AgreementSummary, board: Dashboard | None, error: str) -> dict[str, object]:
    if board is None:
        return {"id": summary.id, "title": _line(summary.title), "error": _line(error), "alerts": []}
    return {
        "id": board.agreement_id,
        "title": _line(board.title),
        "status": board.status.value,
        "closed": board.closed,
        "next_meeting": _meeting_data(board.next_meeting, board.next_is_tentative),
        "last_held": _meeting_data(board.last_held),
        "alerts": [{"kind": a.kind.value, "text": _line(a.text)} for a in board.alerts],
    }


def _status_lines(summary: AgreementSummary, board: Dashboard | None, error: str) -> list[str]:
    if board is None:
        return [f"{_line(summary.title)} ({summary.id})", f"  ! could not read it: {_line(error)}"]
    lines = [f"{_line(board.title)} ({board.agreement_id}, {board.state})"]
    if not board.closed:
        lines += [f"  {_line(board.next_line())}", f"  {_line(board.last_line())}"]
    return lines + [f"  ! {_line(a.text)}" for a in board.alerts]


def status(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui status`: each agreement's next meeting and what needs attention.

    Exits 1 when anything does (an alert, or an agreement that cannot be read), so it can
    run from cron or a login script; ``--today`` computes as of noon, local time, that day.
    """
    from ..model.attention import board, dashboard

    zone = clock.local_zone()
    at: datetime = now() if args.today is None else clock.from_local(args.today, time(12, 0), zone)
    found: list[tuple[AgreementSummary, Dashboard | None, str]] = []
    for summary in (s for s in store.list_agreements(at, viewer.party) if viewer.sees(s)):  # none decoded
        if summary.damaged:
            found.append((summary, None, summary.damaged))
            continue
        found.append((summary, board(summary, at, zone) or dashboard(store.load(summary.id), at, zone), ""))
    attention = any(board is None or board.needs_attention for _, board, _ in found)
    if args.json:
        print(to_json([_status_data(*item) for item in found]))
    elif found:
        print("\n\n".join("\n".join(_status_lines(*item)) for item in found))
    else:
        print("No agreements.")
    return 1 if attention else 0


def export(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui export ID`: Markdown to stdout, or to a new owner-only file."""
    agreement = _load_visible(store, viewer, args.id)
    if agreement is None:
        return 1
    from ..export import agreement_markdown  # only this command renders

    if args.format == "json":
        from ..export.as_json import agreement_json

        text = agreement_json(agreement, viewer.handle)
    else:
        text = agreement_markdown(agreement)
    from ..export import file_name

    return _print_or_write(args, text, file_name(agreement, ".json" if args.format == "json" else ".md"))


def _print_or_write(args: argparse.Namespace, text: str, name: str) -> int:
    """``text`` to stdout, or to a new owner-only ``--output`` file (replaced only with
    ``--force``); an ``--output`` folder gets a file ``name`` in it."""
    from ..export import in_folder, write_private, write_problem

    if args.output is None:
        sys.stdout.write(text)
        return 0
    path = in_folder(Path(args.output), name)
    try:
        write_private(path, text, force=args.force)
    except FileExistsError:
        warn(f"{path} exists; add --force to replace it")
        return 1
    except IsADirectoryError:
        warn(f"{path} is a folder; give a file name, or a folder to write {name} in")
        return 2
    except OSError as error:
        warn(write_problem(path, error))
        return 2
    print(f"Wrote {_line(str(path))}", file=sys.stderr)
    return 0


def import_agreement(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui import FILE`: restore an agreement from its JSON export (`export --format json`)."""
    from ..export.as_json import agreement_from_json
    from ..model.base import new_id

    try:
        text = Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        warn(f"import: {_cannot_read(args.file, error)}")
        return 2
    try:
        agreement = agreement_from_json(text)
    except ValueError as error:
        warn(f"import: {args.file}: {error}")
        return 2
    if not viewer.sees_parties(agreement.mentee.handle, agreement.mentor.handle):
        warn(f"import: {args.file}: you are not a party to this agreement")
        return 2
    if args.new_id:
        agreement = agreement.edit(id=new_id())
    if store.path_of(agreement.id).exists():
        warn(f"import: agreement {agreement.id} is here already; add --new-id to import it as another one")
        return 1
    if any(item.agreement_id == agreement.id for item in store.trash()):
        warn(
            f"import: agreement {agreement.id} is in the trash; `mentortui trash restore` "
            "brings it back, or add --new-id"
        )
        return 1
    try:
        created = store.create(agreement, restored=not args.new_id)
    except ValidationError as error:
        problem = error.problems[0]
        warn(f"import: {args.file}: {problem.path}: {problem.message}")
        return 2
    print(f"Imported {created.id}: {_line(created.display_title)}")
    return 0


def calendar(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui calendar ID|--mine`: the meetings as iCalendar, to stdout or a new 0600 file."""
    if (args.id is None) == (not args.mine):
        warn("calendar: name one agreement's ID, or --mine for all of yours")
        return 2
    if args.mine:
        mine = [
            s
            for s in store.list_agreements(digests=False)
            if viewer.handle and viewer.handle in (s.mentee_handle, s.mentor_handle)
        ]
        if not mine:
            warn(f"{viewer.handle} is a party to no agreement here")
            return 1
        agreements = [store.load(s.id) for s in mine]
    else:
        agreement = _load_visible(store, viewer, args.id)
        if agreement is None:
            return 1
        agreements = [agreement]
    from ..export import file_name
    from ..export.calendar import (
        agreements_calendar,  # only this command loads icalendar
    )

    data = agreements_calendar(agreements, zone=clock.local_zone())
    name = file_name(agreements[0], ".ics") if len(agreements) == 1 else f"{viewer.handle or 'meetings'}.ics"
    return _print_or_write(args, data.decode("utf-8"), name)  # its CRLF line ends as RFC 5545 wants them


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
                warn(f"{problem.path}: {problem.message}")
            return 2
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
    return module_command()


def authorized_keys(everyone: list[Person], data_dir: str | None) -> str:
    """`authorized_keys` lines that start mentortui as each person, with a PTY and nothing else.

    Each forced command carries restricted mode and the key's fingerprint: sshd runs it
    whatever the client asks, so the line itself holds every limit the session needs.
    """
    lines = []
    for person in everyone:
        for number, key in enumerate(person.keys, 1):
            try:
                # The key as parsed, not as stored: its type, its blob and a comment of printable text.
                kind, blob, comment = parse_public_key(key)
            except ValueError as error:  # a registry written by hand or by an older version
                warn(f"left out {person.handle}'s key {number}: {error}")
                continue
            where = Path(data_dir).resolve() if data_dir else None
            command = served_command(person.handle, where, key_fingerprint(key), program=mentortui_command())
            # sshd takes \" in command="…" as a quote and every other backslash as it is.
            quoted = shlex.join(command).replace('"', '\\"')
            shown = " ".join(part for part in (kind, base64.b64encode(blob).decode("ascii"), comment) if part)
            lines.append(f'restrict,pty,command="{quoted}" {shown}')
    return "\n".join(lines)


def _visible(store: Store, viewer: Viewer, agreement_id: str) -> bool:
    """True when the agreement exists and this viewer may see it (else a message)."""
    listed = store.list_agreements(party=viewer.party, digests=False)
    if any(s.id == agreement_id and viewer.sees(s) for s in listed):
        return True
    warn(f"no agreement with id {agreement_id!r}")
    return False


def _load_visible(store: Store, viewer: Viewer, agreement_id: str) -> Agreement | None:
    """The agreement, read straight from its file (no listing), when this viewer may see it;
    else None, said as "no agreement" whether it exists or not."""
    try:
        agreement = store.load(agreement_id)
    except NotFoundError:
        agreement = None
    except StoreError:  # damaged or unreadable: said to those who may see it
        if _visible(store, viewer, agreement_id):
            raise
        return None
    if agreement is None or not viewer.sees_parties(agreement.mentee.handle, agreement.mentor.handle):
        warn(f"no agreement with id {agreement_id!r}")
        return None
    return agreement


def log_note(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui log ID --note TEXT`: append to the meeting under way, or start one.

    TEXT is read as the live session reads an entry: "a:" an action item (with "@owner" and
    "due:YYYY-MM-DD"), "d:" a decision, "p:" a private note, else a note; --private makes it
    a private note whatever its prefix, as ctrl+l does in a session.
    """
    if not _visible(store, viewer, args.id):
        return 1
    try:
        entry = read_entry(args.note, store.user, "private" if args.private else None)
    except ValueError as error:
        warn(f"--note: {error}")
        return 2
    if entry is None:  # "", "a:", or an action item of nothing but "@owner due:…"
        warn("--note: type the entry first: there is no text to record")
        return 2
    started: dict[str, Meeting] = {}

    def change(agreement: Agreement) -> Agreement:
        at = now()
        agreement, meeting = meetings.start(agreement, at)
        started["meeting"] = meeting
        # The same model functions the session's entries go through.
        if entry.kind == "action":
            return meetings.add_action(agreement, meeting.id, entry.text, entry.owner, entry.due)
        if entry.kind == "decision":
            return meetings.add_decision(agreement, meeting.id, entry.text, at)
        return meetings.add_note(agreement, meeting.id, entry.text, store.user, at, private=entry.kind == "private")

    if _change(store, args.id, change, "--note") is None:  # the store's text rule too: nothing written
        return 2
    meeting = started["meeting"]
    if entry.kind == "action":
        due = f", due {entry.due.isoformat()}," if entry.due else ""
        done = f"Action item for {_line(entry.owner)}{due} added to"
    else:
        done = {"note": "Noted in", "private": "Noted privately in", "decision": "Decision recorded in"}[entry.kind]
    print(f"{done} the meeting started {clock.show(meeting.started_at)} ({meeting.id})")
    return 0


def list_meetings(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui meetings ID`: the meeting log as a table."""
    if not _visible(store, viewer, args.id):
        return 1
    agreement = meetings.plan_from_schedule(store.load(args.id))  # as the app's log shows it
    rows = []
    for meeting in meetings.in_order(agreement):
        minutes = meeting.minutes
        status = "in progress" if meeting.in_progress else meeting.status.value
        if meetings.short_notice(agreement, meeting):
            status += " (short notice)"
        open_items = sum(1 for a in meeting.actions if not a.done)
        rows.append((meeting.id, clock.show(meeting.when) or None, status, minutes, meeting.purpose, open_items))
    if args.json:
        names = ("id", "when", "status", "minutes", "purpose", "open_actions")
        data = [dict(zip(names, row, strict=True)) for row in rows]
        for item, meeting in zip(data, meetings.in_order(agreement), strict=True):
            item["when"] = meeting.when.isoformat() if meeting.when else None
        print(to_json(data))
        return 0
    if not rows:
        print(f"No meetings yet: `mentortui log --note TEXT {args.id}` starts one; m in the app logs one.")
        return 0
    print(format_table(("ID", "WHEN", "STATUS", "MINUTES", "PURPOSE", "OPEN ACTIONS"), rows))
    return 0


def _goal_rows(agreement: Agreement) -> list[tuple[int, str, str, str, str | None, int, str]]:
    return [
        (
            number,
            goal.id,
            goal.title,
            goal.owner.value,
            goal.target_date.isoformat() if goal.target_date else None,
            goal.current_percent,
            f"{sum(m.done_on is not None for m in goal.milestones)}/{len(goal.milestones)}",
        )
        for number, goal in enumerate(agreement.goals, 1)
    ]


def list_goals(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui goals ID`: the goals, numbered as `progress` takes them."""
    agreement = _load_visible(store, viewer, args.id)
    if agreement is None:
        return 1
    rows = _goal_rows(agreement)
    if args.json:
        names = ("number", "id", "title", "owner", "target_date", "percent", "milestones_done")
        print(to_json([dict(zip(names, row, strict=True)) for row in rows]))
    else:
        print(format_table(("N", "ID", "TITLE", "OWNER", "TARGET", "PROGRESS %", "MILESTONES"), rows))
    return 0


def _change(store: Store, agreement_id: str, change: Callable[[Agreement], Agreement], what: str) -> Agreement | None:
    """Save ``change``; None (and a one-line message, exit 2 for the caller) when it is refused."""
    try:
        return store.update(agreement_id, change)
    except ValidationError as error:
        problem = error.problems[0]
        warn(f"{what}: {problem.message}")
        return None


def progress(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui progress ID GOAL --percent N [--comment TEXT]`: a reading in the goal's history."""
    agreement = _load_visible(store, viewer, args.id)
    if agreement is None:
        return 1
    goals = agreement.goals
    goal = next((g for g in goals if g.id == args.goal), None)
    if goal is None and args.goal.isdigit() and 1 <= int(args.goal) <= len(goals):
        goal = goals[int(args.goal) - 1]
    if goal is None:
        warn(f"progress: no goal {args.goal!r}: give its number or id, as `mentortui goals {args.id}` shows them")
        return 2
    under_way = meetings.in_progress(agreement)

    def change(current: Agreement) -> Agreement:
        return meetings.record_progress(
            current,
            goal.id,
            args.percent,
            args.comment or "",
            store.user,
            now(),
            meeting_id=under_way.id if under_way else None,
        )

    if _change(store, args.id, change, "progress") is None:
        return 2
    print(f"Recorded {args.percent} % on “{_line(goal.title)}”")
    return 0


def action(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui action ID [TEXT [--owner H] [--due D] | --done N]`: list, add or tick action items.

    Without TEXT it lists the open ones, numbered; a new one joins the meeting under way,
    else the latest held one.
    """
    agreement = _load_visible(store, viewer, args.id)
    if agreement is None:
        return 1
    still_open = meetings.open_actions(agreement)
    if args.done is not None:
        if args.text:
            warn("action: give TEXT to add one, or --done N to tick one, not both")
            return 2
        if not 1 <= args.done <= len(still_open):
            warn(
                f"action: no open action item {args.done}; "
                f"`mentortui action {args.id}` lists them ({len(still_open)} open)"
            )
            return 2
        _, item = still_open[args.done - 1]
        if _change(store, args.id, lambda a: meetings.set_action_done(a, item.id, now()), "action") is None:
            return 2
        print(f"Done: {_line(item.text)}")
        return 0
    if not args.text:
        rows = [
            (
                n,
                item.text,
                item.owner or None,
                item.due.isoformat() if item.due else None,
                clock.show(meeting.when) or None,
            )
            for n, (meeting, item) in enumerate(still_open, 1)
        ]
        if args.json:
            names = ("number", "text", "owner", "due", "meeting")
            print(to_json([dict(zip(names, row, strict=True)) for row in rows]))
        else:
            print(format_table(("N", "ACTION", "OWNER", "DUE", "FROM THE MEETING OF"), rows))
        return 0
    target = meetings.in_progress(agreement) or next(
        (m for m in reversed(meetings.in_order(agreement)) if m.status is MeetingStatus.HELD), None
    )
    if target is None:
        warn(f"action: no meeting under way or held to add it to; start one with `mentortui log {args.id} --note …`")
        return 2
    added = _change(
        store, args.id, lambda a: meetings.add_action(a, target.id, args.text, args.owner or "", args.due), "action"
    )
    if added is None:
        return 2
    print(f"Added to the meeting of {clock.show(target.when)}: {_line(args.text.strip())}")
    return 0


def show(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui show ID`: one agreement in a few lines: parties, dates, status, what is due."""
    from ..model.attention import board as board_of
    from ..model.summary import summarize

    agreement = _load_visible(store, viewer, args.id)
    if agreement is None:
        return 1
    at = now()
    summary = summarize(agreement, at)
    board = board_of(summary, at, clock.local_zone())  # a digest made now is fresh now
    if args.json:
        data = _status_data(summary, board, "")
        data |= {
            "mentee": _line(agreement.mentee.name),
            "mentor": _line(agreement.mentor.name),
            "start_date": agreement.start_date.isoformat() if agreement.start_date else None,
            "end_date": agreement.end_date.isoformat() if agreement.end_date else None,
            "revision": agreement.revision,
            "goals": len(agreement.goals),
            "meetings": len(agreement.meetings),
        }
        print(to_json(data))
        return 0
    dates = " – ".join(d.isoformat() if d else "?" for d in (agreement.start_date, agreement.end_date))
    lines = _status_lines(summary, board, "")
    lines[1:1] = [
        f"  Mentee: {_line(agreement.mentee.name) or '—'}   Mentor: {_line(agreement.mentor.name) or '—'}",
        f"  Dates: {dates}   Goals: {len(agreement.goals)}   Meetings: {len(agreement.meetings)}"
        f"   Revision: {agreement.revision}",
    ]
    print("\n".join(lines))
    return 0


def new(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui new --mentee NAME --mentor NAME … | --from FILE`: create an agreement; prints its id."""
    from ..model import Party
    from ..model.base import new_id
    from ..model.codec import DecodeError, from_data
    from ..model.errors import Severity
    from ..model.validation import check_dates

    if args.from_file:
        try:
            data = json.loads(Path(args.from_file).read_text("utf-8"))
            if isinstance(data, dict) and "agreement" in data:
                data = data["agreement"]  # an export's body
            if not isinstance(data, dict):
                raise DecodeError("the file holds no JSON object of an agreement's fields")
            # The file's content, as a new draft: nothing of another agreement's life comes along.
            fresh = {
                "id": new_id(),
                "revision": 0,
                "status": "draft",
                "signatures": [],
                "amendments": [],
                "acknowledgements": [],
                "meetings": [],
                "evaluations": [],
                "termination": None,
                "created_at": None,
                "updated_at": None,
                "updated_by": "",
            }
            agreement = from_data(Agreement, {**data, **fresh}, "agreement")
        except (OSError, UnicodeDecodeError) as error:
            warn(f"new: {_cannot_read(args.from_file, error)}")
            return 2
        except ValueError as error:  # JSONDecodeError and DecodeError are ValueErrors
            warn(f"new: {args.from_file}: {str(error).splitlines()[0] if str(error) else 'not an agreement'}")
            return 2
    else:
        if not (args.mentee and args.mentor):
            warn("new: give --mentee NAME and --mentor NAME (or --from FILE)")
            return 2
        agreement = Agreement(
            title=args.title or "",
            start_date=args.start,
            end_date=args.end,
            mentee=Party(args.mentee, handle=args.mentee_handle or ""),
            mentor=Party(args.mentor, handle=args.mentor_handle or ""),
        )
    # Whoever makes an agreement must be able to see it (in open mode everyone is a coordinator).
    if not viewer.sees_parties(agreement.mentee.handle, agreement.mentor.handle):
        warn(
            "new: you must be one of its parties: give your handle with --mentee-handle "
            f"or --mentor-handle ({viewer.handle})"
        )
        return 2
    # The store judges only the texts (a draft may be half filled in): the dates are judged
    # here by the model's own rule, as the app's new-agreement form judges them.
    dated = [p for p in check_dates(agreement.start_date, agreement.end_date) if p.severity is Severity.ERROR]
    try:
        if dated:
            raise ValidationError(dated)
        created = store.create(agreement)
    except ValidationError as error:
        problem = error.problems[0]
        warn(f"new: {problem.path}: {problem.message}")
        return 2
    print(created.id)
    return 0


def completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`mentortui completion bash|zsh`: a completion script made from the parser itself."""
    commands: dict[str, list[str]] = {}
    top = [o for action in parser._actions for o in action.option_strings]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                options = [o for a in sub._actions for o in a.option_strings]
                for nested in sub._actions:
                    if isinstance(nested, argparse._SubParsersAction):
                        options += list(nested.choices)
                commands[name] = options

    def array(words: list[str]) -> str:
        return "(" + " ".join(shlex.quote(w) for w in words) + ")"

    cases = "\n".join(f"        {name}) words={array(opts)} ;;" for name, opts in commands.items())
    script = f"""# mentortui completion for bash; for zsh it runs under bashcompinit.
# Load it with:  source <(mentortui completion {args.shell})
_mentortui() {{
    [[ -n $ZSH_VERSION ]] && setopt localoptions ksharrays  # bashcompinit's words count from 1
    local cur=${{COMP_WORDS[COMP_CWORD]}} command="" i
    local -a words
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${{COMP_WORDS[i]}} in
            --data-dir|--as|--key-fingerprint) ((i++)) ;;
            -*) ;;
            *) command=${{COMP_WORDS[i]}}; break ;;
        esac
    done
    if [[ -z $command ]]; then
        words={array([*commands, *top])}
    else
        case $command in
{cases}
        *) words=() ;;
        esac
    fi
    COMPREPLY=()
    for i in "${{words[@]}}"; do  # by hand, as compgen -W is not the same under zsh
        [[ $i == "$cur"* ]] && COMPREPLY+=("$i")
    done
}}
complete -o default -F _mentortui mentortui
"""
    if args.shell == "zsh":
        script = (
            "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\n"
            "autoload -U +X bashcompinit && bashcompinit\n" + script
        )
    sys.stdout.write(script)
    return 0


def report(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui report [--format md|csv] [--from D --to D]`: the programme, for coordinators."""
    import csv
    import io

    from ..export import escape_cell
    from ..model.programme import programme_report

    if not viewer.is_coordinator:
        warn("report: only coordinators report on the whole programme")
        return 2
    zone = clock.local_zone()
    summaries = [s for s in store.list_agreements(digests=False) if not s.damaged]
    agreements = [store.load(s.id) for s in summaries]
    end = args.to or now().astimezone(zone).date()
    start = args.from_ or min((a.start_date for a in agreements if a.start_date), default=end)
    if end < start:
        warn("report: --to is before --from")
        return 2
    found = programme_report(agreements, start, end, zone)

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    rows = [
        (
            _line(p.title),
            p.id,
            p.status,
            yes(p.signed),
            p.held,
            "" if p.expected is None else p.expected,
            "" if p.keeps_cadence is None else yes(p.keeps_cadence),
            "" if p.days_since_last is None else p.days_since_last,
            p.goals_met,
            p.goals_overdue,
            p.goals_on_track,
            yes(p.midpoint_done),
            yes(p.evaluation_done),
            p.bars,
        )
        for p in found.pairs
    ]
    head = (
        "pair",
        "id",
        "status",
        "signed",
        "held",
        "expected",
        "keeps cadence",
        "days since last",
        "goals met",
        "goals overdue",
        "goals on track",
        "mid-point review",
        "evaluation",
        "per month",
    )
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(head)
        for row in rows:  # a cell a spreadsheet would run as a formula starts with a quote
            writer.writerow([f"'{c}" if isinstance(c, str) and c and c[0] in "=+-@\t\r" else c for c in row])
        sys.stdout.write(out.getvalue())
        return 0
    share = found.cadence_share
    lines = [
        f"# Programme report, {start.isoformat()} to {end.isoformat()}",
        "",
        f"- Pairs: {len(found.pairs)}, active: {found.active}",
        "- Keeping their cadence: " + ("no countable cadence" if share is None else f"{share:.0%}"),
        "- Goal outcomes at evaluation: " + ", ".join(f"{k} {v}" for k, v in found.outcomes.items()),
        f"- Extensions: {found.extensions}; dissolutions: {found.dissolutions}",
        "",
        "| " + " | ".join(h.capitalize() for h in head) + " |",
        "|" + "---|" * len(head),
    ]
    lines += ["| " + " | ".join(escape_cell(str(c)) for c in row) + " |" for row in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def defaults(args: argparse.Namespace, store: Store, viewer: Viewer) -> int:
    """`mentortui defaults [set …]`: what new agreements start from (coordinators set it)."""
    from ..model.agreement import default_values
    from ..model.base import field_names, replace
    from ..model.hygiene import text_problems
    from ..model.programme import ProgrammeDefaults, check_defaults, with_defaults

    current = store.programme.defaults()
    if args.defaults_command != "set":
        shown = {name: getattr(current, name) for name in field_names(current)}
        shown["values"] = dict(current.values)
        print(to_json(shown))
        return 0
    if not viewer.is_coordinator:
        warn("defaults: only coordinators set the programme's defaults")
        return 2

    def read(option: str, name: str) -> str:
        try:
            return Path(name).read_text("utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"{option}: {_cannot_read(name, error)}") from None

    try:
        changed = ProgrammeDefaults() if args.clear else current
        if args.frequency is not None:
            changed = replace(changed, frequency=args.frequency.strip())
        for name in ("length_min_minutes", "length_max_minutes", "notice_hours"):
            if (value := getattr(args, name)) is not None:
                changed = replace(changed, **{name: value})
        if args.disclaimer_file:
            changed = replace(changed, disclaimer=read("--disclaimer-file", args.disclaimer_file))
        if args.termination_file:
            changed = replace(changed, termination_clause=read("--termination-file", args.termination_file))
        values = dict(changed.values)
        for given in args.value or []:
            key, _, name = given.partition("=")
            if not name:
                raise ValueError(f"--value {given!r}: write KEY=FILE, e.g. respect=respect.txt")
            values[key.strip()] = read("--value", name)
        changed = replace(changed, values=tuple(sorted(values.items())))
    except ValueError as error:
        warn(f"defaults: {error}")
        return 2
    problems = check_defaults(changed, tuple(c.key for c in default_values()))
    problems += [f"{p.path}: {p.message}" for p in text_problems(with_defaults(Agreement(), changed))]
    if problems:
        warn(f"defaults: {problems[0]}")
        return 2
    store.programme.put(changed)
    print("Saved: new agreements start from these; existing ones keep what they have.")
    return 0
