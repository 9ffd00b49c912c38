"""Provides `agreement_markdown()`: an agreement as a Markdown document, a function a section."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import tzinfo

from ..model.agreement import Agreement, Clause, Party
from ..model.enums import Role
from ..model.goal import Goal
from ..model.signing import is_current, signature
from .blocks import (
    ITEM_INDENT,
    NONE_YET,
    NOT_SET,
    bullets,
    format_date,
    format_datetime,
    format_length,
    heading,
    item_text,
    labelled,
    long_text,
    plural,
    table,
)
from .escape import EMPTY_CELL, escape_cell, escape_inline
from .evaluations import evaluation_section, midpoint_section
from .meetings import meeting_log_section

_HEX = re.compile(r"[0-9a-f]+")
#: How each kind of history entry reads; decisions in the agreement's life are entries too.
_AMENDMENT_KINDS = {
    "edit": "amended",
    "extend": "extended",
    "complete": "completed",
    "dissolve": "dissolved",
    "terminate": "terminated",
    "reopen": "reopened",
}

Section = Callable[[Agreement, tzinfo | None], list[str]]


def _role(role: Role) -> str:
    return role.value.capitalize()


def _agreed(clause: Clause) -> str:
    return "✓ Agreed" if clause.agreed else "✗ Not yet agreed"


def clause_item(clause: Clause) -> str:
    """A clause as a list item's text: its title, whether it is agreed, then its wording."""
    title = escape_inline(clause.title or clause.key, single_line=True) or "Clause"
    agreed = _agreed(clause)
    wording = escape_inline(clause.text, indent=ITEM_INDENT) or "(no wording)"
    return f"{title} — {agreed}\\\n{ITEM_INDENT}{wording}"


# -- sections --------------------------------------------------------------------------------


def title_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """The title and a status line."""
    title = escape_inline(agreement.display_title, single_line=True) or "Mentoring agreement"
    status = f"Status: **{agreement.status.value}** · revision {agreement.revision}"
    return [heading(1, title), status]


def _party_row(role: Role, party: Party) -> list[str]:
    stage = party.career_stage.value if party.career_stage else EMPTY_CELL
    handle = escape_cell(party.handle) if party.handle.strip() else EMPTY_CELL
    return [_role(role), escape_cell(party.name), handle, escape_cell(party.contact), stage]


def parties_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Who the mentee and the mentor are."""
    rows = [_party_row(role, agreement.party(role)) for role in Role]
    return [heading(2, "Parties"), table(["Role", "Name", "Handle", "Contact", "Career stage"], rows)]


def mentorship_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Kinds of mentorship and the period it runs."""
    types = ", ".join(kind.value for kind in agreement.mentorship_types) or NOT_SET
    end = format_date(agreement.end_date) if agreement.end_date else "no end date set"
    items = [
        labelled("Types", types),
        labelled("Start", format_date(agreement.start_date)),
        labelled("End", end),
    ]
    return [heading(2, "Mentorship"), bullets(items)]


def schedule_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """How often, how long and where the parties meet, and the tentative meetings."""
    schedule = agreement.schedule
    notice = schedule.notice_hours
    length = format_length(schedule.length_min_minutes, schedule.length_max_minutes)
    items = [
        labelled("Frequency", item_text(schedule.frequency)),
        labelled("Meeting length", length),
        labelled("Location", item_text(schedule.location)),
        labelled("Usual place and time", item_text(schedule.place_time)),
        labelled("Notice period", plural(notice, "hour") if notice is not None else NOT_SET),
    ]
    rows = [
        [
            format_datetime(row.when, tz),
            plural(row.duration_minutes, "minute") if row.duration_minutes else EMPTY_CELL,
            escape_cell(row.location),
            escape_cell(row.purpose),
        ]
        for row in agreement.tentative_meetings
    ]
    return [
        heading(2, "Schedule"),
        bullets(items),
        heading(3, "Tentative meeting schedule"),
        table(["Date/Time", "Duration", "Location", "Purpose"], rows),
    ]


def outcomes_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """What each party hopes the mentorship brings."""
    return [
        heading(2, "Hoped-for outcomes"),
        heading(3, "Mentee"),
        long_text(agreement.mentee_hopes),
        heading(3, "Mentor"),
        long_text(agreement.mentor_hopes),
    ]


def _rating(value: int | None) -> str:
    return f"{value} of 5" if value is not None else NOT_SET


def progress_history(goal: Goal, tz: tzinfo | None) -> str:
    """Every progress reading of a goal, oldest first, as a table."""
    rows = [
        [format_datetime(entry.at, tz), escape_cell(entry.by), f"{entry.percent} %", escape_cell(entry.comment)]
        for entry in goal.progress
    ]
    return table(["When", "By", "Progress", "Comment"], rows, empty="No progress recorded yet.")


def goal_blocks(number: int, goal: Goal, tz: tzinfo | None = None) -> list[str]:
    """One goal: SMART fields, resources, obstacles, ratings, progress, milestones, history."""
    title = escape_inline(goal.title, single_line=True) or "(untitled)"
    target = f"target date {goal.target_date}" if goal.target_date else "no target date"
    progress = f"{goal.current_percent} %"
    if goal.progress and goal.progress[-1].comment.strip():
        progress += " — " + item_text(goal.progress[-1].comment)
    items = [
        labelled("Specific", item_text(goal.specific)),
        labelled("Measurable", item_text(goal.measurable)),
        labelled("Achievable", item_text(goal.achievable)),
        labelled("Relevant", item_text(goal.relevant)),
        labelled("Time-bound", target),
        labelled("Resources needed", item_text(goal.resources_needed)),
        labelled("Potential obstacles", item_text(goal.potential_obstacles)),
        labelled("Baseline self-rating", _rating(goal.baseline_rating)),
        labelled("Final self-rating", _rating(goal.final_rating)),
        labelled("Current progress", progress),
    ]
    rows = [[escape_cell(m.title), format_date(m.due), format_date(m.done_on)] for m in goal.milestones]
    return [
        heading(3, f"Goal {number}: {title} ({goal.owner.value})"),
        bullets(items),
        heading(4, "Milestones"),
        table(["Milestone", "Due", "Done"], rows),
        heading(4, "Progress history"),
        progress_history(goal, tz),
    ]


def goals_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Every goal, then how the parties will know the goals are met."""
    blocks = [heading(2, "Goals")]
    for number, goal in enumerate(agreement.goals, start=1):
        blocks += goal_blocks(number, goal, tz)
    if not agreement.goals:
        blocks.append(NONE_YET)
    return [*blocks, heading(3, "Evaluation metrics"), long_text(agreement.evaluation_metrics)]


def resources_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Resources and references the mentorship needs."""
    items = [item_text(resource) for resource in agreement.resources if resource.strip()]
    return [heading(2, "Resources and references"), bullets(items)]


def termination_blocks(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """The no-blame termination clause, whether it is agreed, and any termination."""
    clause = agreement.termination_clause
    title = escape_inline(clause.title, single_line=True) or "No-blame termination"
    items = [labelled("Clause", _agreed(clause))]
    ended = agreement.termination
    if ended is None:
        items.append(labelled("Terminated", "no"))
    else:
        items += [
            labelled("Terminated on", format_date(ended.on)),
            labelled("By", item_text(ended.by)),
            labelled("Reason", item_text(ended.reason)),
        ]
    return [heading(3, title), long_text(clause.text), bullets(items)]


def values_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """The values and expectations clauses, off-limits topics and no-blame termination."""
    topics = [item_text(topic) for topic in agreement.off_limits if topic.strip()]
    return [
        heading(2, "Values and expectations"),
        bullets([clause_item(clause) for clause in agreement.values]),
        heading(3, "Off-limits topics"),
        bullets(topics),
        *termination_blocks(agreement, tz),
    ]


def disclaimer_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """The disclaimer and who has acknowledged it."""
    acknowledged = {ack.role: ack for ack in agreement.acknowledgements}
    items = []
    for role in Role:
        ack = acknowledged.get(role)
        shown = f"{item_text(ack.name)}, {format_datetime(ack.at, tz)}" if ack else "not yet acknowledged"
        items.append(labelled(_role(role), shown))
    return [
        heading(2, "Disclaimer"),
        long_text(agreement.disclaimer.text),
        "Acknowledgements:",
        bullets(items),
    ]


def signatures_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Each party's signature and whether it still covers the agreement as it stands."""
    rows = []
    for role in Role:
        signed = signature(agreement, role)
        if signed is None:
            rows.append([_role(role), EMPTY_CELL, EMPTY_CELL, EMPTY_CELL, "not signed"])
            continue
        on = format_date(signed.signed_on) if signed.signed_on else format_datetime(signed.at, tz)
        digest = signed.content_hash
        digest = f"`{digest}`" if _HEX.fullmatch(digest) else escape_cell(digest)
        current = is_current(agreement, signed)
        state = "current" if current else "stale: signed content changed since"
        rows.append([_role(role), escape_cell(signed.name), on, digest, state])
    headers = ["Party", "Name", "Date", "Content hash", "Current"]
    blocks = [heading(2, "Signatures"), table(headers, rows)]
    for role in Role:  # what a party chose to sign without
        signed = signature(agreement, role)
        if signed is not None and signed.missing:
            blocks.append(f"Signed by the {role} with {len(signed.missing)} item(s) missing:")
            blocks.append(bullets([item_text(item) for item in signed.missing]))
    return blocks


def history_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Status, when the agreement was created and last changed, amendments and decisions."""
    updated = format_datetime(agreement.updated_at, tz)
    if agreement.updated_by.strip():
        updated += " by " + item_text(agreement.updated_by)
    items = [
        labelled("Status", agreement.status.value),
        labelled("Created", format_datetime(agreement.created_at, tz)),
        labelled("Last updated", updated),
    ]
    rows = [
        [
            format_datetime(amendment.at, tz),
            escape_cell(amendment.by),
            _AMENDMENT_KINDS.get(amendment.kind) or escape_cell(amendment.kind),
            escape_cell(amendment.summary or ", ".join(amendment.fields)),
        ]
        for amendment in agreement.amendments
    ]
    return [
        heading(2, "History"),
        bullets(items),
        heading(3, "Amendments"),
        table(["When", "Who", "Kind", "What changed"], rows),
    ]


#: The document, in order; a new section is one more function here.
SECTIONS: tuple[Section, ...] = (
    title_section,
    parties_section,
    mentorship_section,
    schedule_section,
    outcomes_section,
    goals_section,
    meeting_log_section,
    midpoint_section,
    evaluation_section,
    resources_section,
    values_section,
    disclaimer_section,
    signatures_section,
    history_section,
)


#: The sections of what happens under an agreement, not of what the parties sign.
RECORD_SECTIONS = (meeting_log_section, midpoint_section, evaluation_section)


def agreement_markdown(agreement: Agreement, tz: tzinfo | None = None, signed_only: bool = False) -> str:
    """The agreement as CommonMark with GFM tables, times shown in ``tz`` (default: local).

    ``signed_only`` leaves out the meeting log and the reviews: what the parties sign.
    """
    sections = [s for s in SECTIONS if not (signed_only and s in RECORD_SECTIONS)]
    blocks = [block for section in sections for block in section(agreement, tz)]
    return "\n\n".join(blocks) + "\n"
