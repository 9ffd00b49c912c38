"""Provides the dashboard of an agreement: next and last meeting, and what needs attention.

Every rule works from one instant ``now`` and the viewer's zone (``today`` is the local date
then), so a test gives a fixed ``now`` and gets the same alerts every time.

The meeting gap allows the agreed interval plus a grace of a quarter of it (at least one day),
in whole days: weekly allows 8 days, every two weeks 17, monthly 37–38 (calendar months),
quarterly about 113. Only one day more than that raises the alert.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from . import lifecycle, schedule
from .agreement import Agreement
from .base import Record
from .enums import AgreementStatus, Role
from .summary import SPELLED, AgreementSummary, Digest, Due, Glimpse, summarize

#: How long before the mid-point the dashboard speaks of the mid-point review (days); after
#: it, until a review is recorded or the end date comes.
MIDPOINT_WINDOW = 14
#: How long before the end date the dashboard asks to plan the end-date evaluation (days).
END_WARNING = 30
#: Gaps shorter than this many days are told in days, longer ones in weeks.
DAYS_BELOW = 28

#: "every 3 weeks", "every 10 days", "every 2 months" (and "3 weeks").
_EVERY = re.compile(r"(?:every\s+)?(\d{1,3})\s+(day|week|month)s?")
#: How each regular frequency is said in "agreed …".
_SAID = {
    "daily": "daily",
    "weekly": "weekly",
    "every two weeks": "every 2 weeks",
    "monthly": "monthly",
    "quarterly": "quarterly",
}


class AlertKind(StrEnum):
    """What an alert is about."""

    UNSIGNED = "unsigned"
    AMENDED = "amended"
    MEETING_GAP = "meeting gap"
    MILESTONE = "milestone"
    ACTION = "action"
    MIDPOINT = "midpoint"
    END_DATE = "end date"


class Alert(Record, frozen=True):
    """One thing that needs attention, said in a short sentence (user text in it is raw)."""

    kind: AlertKind
    text: str


class Interval(Record, frozen=True):
    """An agreed meeting interval: a step of days or calendar months, and how it is said."""

    unit: str  # "days" or "months"
    size: int
    said: str

    def after(self, day: date) -> date:
        """The day one interval after ``day``."""
        if self.unit == "days":
            return day + timedelta(days=self.size)
        return schedule.add_months(day, self.size)

    def allowed(self, day: date) -> int:
        """Days allowed from ``day`` to the next meeting: the interval plus a quarter (≥ 1 day)."""
        interval = (self.after(day) - day).days
        return interval + max(1, interval // 4)


def agreed_interval(frequency: str) -> Interval | None:
    """The interval a frequency names: the regular ones, or "every N days/weeks/months"."""
    key = schedule.regular_frequency(frequency)
    if key is not None:
        unit, size = schedule.STEPS[key]
        return Interval(unit, size, _SAID[key])
    match = _EVERY.fullmatch(" ".join(frequency.lower().split()))
    if match is None or int(match[1]) == 0:
        return None
    size, unit = int(match[1]), match[2]
    said = f"every {size} {unit}s" if size > 1 else f"every {unit}"
    if unit == "week":
        return Interval("days", 7 * size, said)
    return Interval(f"{unit}s", size, said)


class Dashboard(Record, frozen=True):
    """What the home screen and `mentortui status` show of one agreement."""

    agreement_id: str
    title: str
    status: AgreementStatus
    today: date
    zone: tzinfo
    next_meeting: Glimpse | None
    last_held: Glimpse | None
    alerts: tuple[Alert, ...]
    #: How a closed agreement ended ("completed on 2026-12-18"); empty while it runs.
    closed: str = ""
    #: True when the next meeting is a tentative schedule row, not yet in the meeting log.
    next_is_tentative: bool = False

    @property
    def state(self) -> str:
        """The status, or for a closed agreement how and when it closed."""
        return self.closed or self.status.value

    @property
    def needs_attention(self) -> bool:
        """True when there is at least one alert."""
        return bool(self.alerts)

    def next_line(self) -> str:
        """ "Next meeting: 2026-12-01 15:00 CET (in 7 days) · Goals" (or none planned)."""
        if self.next_meeting is None:
            return "Next meeting: none planned"
        return f"Next meeting: {meeting_when(self.next_meeting, self.today, self.zone)}"

    def last_line(self) -> str:
        """ "Last held: 2026-11-17 15:00 CET (7 days ago)" (or none yet)."""
        if self.last_held is None:
            return "Last held: none yet"
        if self.last_held.in_progress:
            return f"In progress since {when_text(self.last_held.when, self.zone)}"
        return f"Last held: {meeting_when(self.last_held, self.today, self.zone)}"


def when_text(moment: datetime | None, zone: tzinfo) -> str:
    """``2026-12-01 15:00 CET``: an instant in the viewer's zone."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or local.strftime('%z')}"


def relative_day(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 5 days", "yesterday", "5 days ago"."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def meeting_when(meeting: Glimpse, today: date, zone: tzinfo) -> str:
    """A meeting's local time, how far off it is, and its purpose."""
    when = meeting.when
    if when is None:
        return meeting.purpose or "no date"
    text = f"{when_text(when, zone)} ({relative_day(when.astimezone(zone).date(), today)})"
    return f"{text} · {meeting.purpose}" if meeting.purpose.strip() else text


# -- the rules, on an agreement's summary ------------------------------------------------


def _span(days: int) -> str:
    if days < DAYS_BELOW:
        return "1 day" if days == 1 else f"{days} days"
    return f"{days // 7} weeks"


def _digest(summary: AgreementSummary) -> Digest:
    """The digest the rules read: every summary `summarize` makes has one (a damaged row has
    none, and `board` shows no dashboard for it)."""
    assert summary.digest is not None, f"the summary of {summary.id} has no digest"
    return summary.digest


def next_meeting(digest: Digest, now: datetime) -> Glimpse | None:
    """The first planned meeting at or after ``now``: from the log or the tentative schedule."""
    return next((m for m in digest.planned if m.planned_for is not None and m.planned_for >= now), None)


def last_held(digest: Digest, now: datetime) -> Glimpse | None:
    """The latest meeting held (or under way) that started by ``now``."""
    return next((m for m in digest.held if m.when is not None and m.when <= now), None)


def meeting_gap(summary: AgreementSummary, now: datetime, zone: tzinfo) -> Alert | None:
    """An alert when the last meeting (or the start) is longer ago than the agreed interval allows."""
    digest = _digest(summary)
    interval = agreed_interval(digest.frequency)
    if interval is None:
        return None
    today = now.astimezone(zone).date()
    last = last_held(digest, now)
    if last is not None and last.when is not None:  # (`last_held` finds only meetings with a time)
        since = last.when.astimezone(zone).date()
    elif summary.start_date is not None and summary.start_date <= today:
        since = summary.start_date
    else:
        return None
    days = (today - since).days
    if days <= interval.allowed(since):
        return None
    if last is None:
        text = f"no meeting yet, {_span(days)} after the start; agreed {interval.said}"
    else:
        text = f"no meeting in {_span(days)}, agreed {interval.said}"
    return Alert(AlertKind.MEETING_GAP, text)


def _parties(roles: tuple[Role, ...]) -> str:
    return "both parties" if len(roles) == 2 else f"the {roles[0].value}"


def signing_alerts(summary: AgreementSummary) -> list[Alert]:
    """A draft waiting for signatures; an amended agreement waiting to be signed again; an
    extended one until both have signed its new end date (an extension is an amendment of
    the end date: both parties agree to it by signing it)."""
    waiting = _digest(summary).waiting
    if summary.status is AgreementStatus.EXTENDED:
        if not waiting:
            return []
        end = summary.end_date.isoformat() if summary.end_date else "a new end date"
        return [Alert(AlertKind.AMENDED, f"extended to {end}: {_parties(waiting)} must sign the new end date")]
    if summary.status not in (AgreementStatus.DRAFT, AgreementStatus.AMENDED):
        return []
    who = _parties(waiting or tuple(Role))
    if summary.status is AgreementStatus.DRAFT:
        return [Alert(AlertKind.UNSIGNED, f"not signed yet: waiting for {who}")]
    return [Alert(AlertKind.AMENDED, f"amended since signing: {who} must sign again")]


def _overdue(
    digest: Digest, kind: str, today: date, alert: AlertKind, said: Callable[[Due], str], many: str
) -> list[Alert]:
    """One alert per overdue item, the first due first; beyond SPELLED, the last one counts
    the rest ("… and 45 more overdue action items")."""
    count, first = digest.overdue(kind, today)
    if count <= SPELLED:
        return [Alert(alert, said(item)) for item in first]
    shown = [Alert(alert, said(item)) for item in first[: SPELLED - 1]]
    return [*shown, Alert(alert, f"… and {count - len(shown)} more overdue {many}")]


def overdue_milestones(digest: Digest, today: date) -> list[Alert]:
    """Each milestone past its due date and not done."""
    return _overdue(
        digest,
        "milestones",
        today,
        AlertKind.MILESTONE,
        lambda m: f"milestone “{m.text}” of “{m.of}” overdue since {m.day.isoformat()}",
        "milestones",
    )


def _action(action: Due) -> str:
    owner = f" ({action.of})" if action.of.strip() else ""
    return f"action “{action.text}”{owner} overdue since {action.day.isoformat()}"


def overdue_actions(digest: Digest, today: date) -> list[Alert]:
    """Each open action item past its due date."""
    return _overdue(digest, "actions", today, AlertKind.ACTION, _action, "action items")


def midpoint_alert(summary: AgreementSummary, today: date) -> Alert | None:
    """From two weeks before the mid-point until a review is recorded or the end date comes:
    the rule `lifecycle.midpoint_offered` follows, so the dashboard, `status` and `v` agree."""
    end = summary.end_date
    half = lifecycle.halfway(summary.start_date, end)
    if half is None or end is None or _digest(summary).midpoint_recorded:  # (no mid-point without an end)
        return None
    days = (half - today).days
    if days > MIDPOINT_WINDOW or today >= end:
        return None
    if days > 0:
        return Alert(
            AlertKind.MIDPOINT,
            f"mid-point on {half.isoformat()} ({relative_day(half, today)}): a mid-point review is offered from then",
        )
    if days == 0:
        return Alert(AlertKind.MIDPOINT, f"mid-point is today ({half.isoformat()}): a mid-point review is offered")
    return Alert(
        AlertKind.MIDPOINT,
        f"mid-point was {half.isoformat()} ({relative_day(half, today)}): "
        "a mid-point review is offered and not recorded yet",
    )


def end_alert(end: date | None, today: date) -> Alert | None:
    """The end date within 30 days (plan the evaluation), or reached (the evaluation is due)."""
    if end is None:
        return None
    days = (end - today).days
    if days <= 0:
        ago = "" if days == 0 else f" ({relative_day(end, today)})"
        return Alert(AlertKind.END_DATE, f"end date {end.isoformat()} reached{ago}: the end-date evaluation is due")
    if days <= END_WARNING:
        return Alert(
            AlertKind.END_DATE, f"ends on {end.isoformat()} ({relative_day(end, today)}): plan the end-date evaluation"
        )
    return None


def summary_alerts(summary: AgreementSummary, now: datetime, zone: tzinfo) -> tuple[Alert, ...]:
    """Everything about this agreement that needs attention ``now``; none once it is closed."""
    digest = _digest(summary)
    if digest.closed:
        return ()
    today = now.astimezone(zone).date()
    found = [
        *signing_alerts(summary),
        meeting_gap(summary, now, zone),
        *overdue_milestones(digest, today),
        *overdue_actions(digest, today),
        midpoint_alert(summary, today),
        end_alert(summary.end_date, today),
    ]
    return tuple(a for a in found if a is not None)


def board(summary: AgreementSummary, now: datetime, zone: tzinfo) -> Dashboard | None:
    """The dashboard as of ``now`` from a summary; None when its digest is stale then (the
    agreement must be read again: `dashboard`)."""
    digest = summary.digest
    if digest is None or not digest.fresh_at(now):
        return None
    upcoming = next_meeting(digest, now)
    return Dashboard(
        agreement_id=summary.id,
        title=summary.title,
        status=summary.status,
        today=now.astimezone(zone).date(),
        zone=zone,
        next_meeting=upcoming,
        last_held=last_held(digest, now),
        alerts=summary_alerts(summary, now, zone),
        closed=digest.closed,
        next_is_tentative=upcoming is not None and upcoming.tentative,
    )


def board_expires(summary: AgreementSummary, now: datetime, zone: tzinfo) -> datetime:
    """The first instant after ``now`` at which the dashboard may differ from the one at
    ``now``: a planned meeting passing, a logged one starting, or the viewer's midnight (the
    day's alerts and "in 3 days"). Until then nothing needs computing again."""
    local = now.astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    moments = [midnight.astimezone(now.tzinfo)]
    digest = summary.digest
    if digest is not None:
        upcoming = next_meeting(digest, now)
        if upcoming is not None and upcoming.planned_for is not None:  # (`next_meeting` finds only timed ones)
            moments.append(upcoming.planned_for + timedelta(microseconds=1))
        moments += [when for m in digest.held if (when := m.when) is not None and when > now]
    return min(moments)


def alerts(agreement: Agreement, now: datetime, zone: tzinfo) -> tuple[Alert, ...]:
    """Everything about this agreement that needs attention ``now``."""
    return summary_alerts(summarize(agreement, now), now, zone)


def dashboard(agreement: Agreement, now: datetime, zone: tzinfo) -> Dashboard:
    """The dashboard of one agreement as of ``now`` (an aware instant), seen from ``zone``."""
    found = board(summarize(agreement, now), now, zone)
    assert found is not None  # a digest made as of now is fresh now
    return found
