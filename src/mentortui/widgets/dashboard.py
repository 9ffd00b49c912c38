"""Provides the dashboard's rendering: the list's Next and ⚠ cells, and the panel under the list."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from ..clock import to_local
from ..model.attention import AlertKind, Dashboard
from ..store import StoreError
from ..text import plain
from .cells import cell


def next_cell(board: Dashboard | StoreError | None) -> Text:
    """The next meeting in short local form, "12-01 15:00"; "now" while one is under way."""
    if not isinstance(board, Dashboard):
        return cell(None)
    if board.last_held is not None and board.last_held.in_progress:
        return Text("now")
    # The next meeting is always a planned one (model.attention.next_meeting).
    if board.next_meeting is None or board.next_meeting.planned_for is None:
        return cell(None)
    return Text(f"{to_local(board.next_meeting.planned_for, board.zone):%m-%d %H:%M}")


def attention_cell(board: Dashboard | StoreError | None) -> Text:
    """How many things need attention, "⚠2"; "⚠!" when the agreement cannot be read."""
    if isinstance(board, StoreError):
        return Text("⚠!", style="bold")
    if board is None or not board.alerts:
        return Text("")
    return Text(f"⚠{len(board.alerts)}", style="bold")


#: The most alerts the panel lists (an overdue agreement can have thousands).
PANEL_ALERTS = 8

#: The key on this screen that deals with each kind of alert.
ALERT_KEYS = {
    # Signed again on Review & sign, the fifth step: o opens the agreement on its first.
    AlertKind.UNSIGNED: "o",
    AlertKind.AMENDED: "o, ctrl+g 5",
    AlertKind.MEETING_GAP: "m",
    AlertKind.ACTION: "m",
    AlertKind.MILESTONE: "t",
    AlertKind.MIDPOINT: "v",
    AlertKind.END_DATE: "v",
}


def dashboard_content(board: Dashboard | StoreError, title: str) -> Content:
    """The dashboard panel's text: title, next and last meeting, one line per alert."""
    head = Content.assemble((plain(title, single_line=True), "bold"))
    if isinstance(board, StoreError):
        lines = [f"⚠ could not read this agreement: {board}"]
    else:
        head = Content.assemble(head, f" · {board.state}")
        if board.closed:
            lines = ["Nothing needs attention: the agreement is closed."]
        else:
            lines = [board.next_line(), board.last_line()]
            shown = board.alerts[:PANEL_ALERTS]
            lines += [
                f"⚠ {alert.text} ({'keys' if ',' in ALERT_KEYS[alert.kind] else 'key'} {ALERT_KEYS[alert.kind]})"
                for alert in shown
            ] or ["Nothing needs attention."]
            if len(board.alerts) > len(shown):  # the panel has a few lines; `status` lists all
                lines.append(f"… and {len(board.alerts) - len(shown):,} more")
    return Content("\n").join([head, *(Content(plain(line)) for line in lines)])
