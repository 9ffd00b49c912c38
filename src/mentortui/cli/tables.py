"""Provides plain-text tables for the command line: aligned, one row a line, safe to print."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from ..model.codec import to_data
from ..model.summary import AgreementSummary
from ..text import cells, fit, plain

HEADERS = ("ID", "TITLE", "MENTEE", "MENTOR", "START", "END", "STATUS")


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return plain(str(value), single_line=True) or "-"


#: The widest a column of a printed table gets; longer cells end with "…" (`--json` has it all).
MAX_COLUMN = 40


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell (at most MAX_COLUMN), separated by two spaces."""
    table = [list(headers)] + [[_text(v) for v in row] for row in rows]
    sizes = [[cells(c) for c in row] for row in table]  # each cell measured once (2,000 rows)
    widths = [min(MAX_COLUMN, max(size[i] for size in sizes)) for i in range(len(headers))]
    lines = []
    for row, size in zip(table, sizes, strict=True):
        shown = []
        for c, n, w in zip(row, size, widths, strict=True):
            if n > w:
                c = fit(c, w).rstrip()
                n = cells(c)
            shown.append(c + " " * (w - n))
        lines.append("  ".join(shown).rstrip())
    return "\n".join(lines)


def agreements_table(summaries: Sequence[AgreementSummary]) -> str:
    """The `mentortui list` table."""
    rows = [
        (s.id, s.title, s.mentee, s.mentor, s.start_date, s.end_date, "damaged" if s.damaged else s.status.value)
        for s in summaries
    ]
    return format_table(HEADERS, rows)


def to_json(value: object) -> str:
    """JSON for a terminal or a script: readable Unicode, but every control escaped.

    json escapes C0 controls itself; C1 controls (0x9b starts a CSI on some terminals) and
    direction overrides are escaped here too, so printing the JSON drives nothing.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(
        f"\\u{ord(c):04x}" if 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 else c
        for c in text
    )


def agreements_json(summaries: Sequence[AgreementSummary]) -> str:
    """The `mentortui list --json` output: a JSON list of summaries (the dashboard's digest
    is the index's business, and `status --json` says what it means)."""
    return to_json([{k: v for k, v in to_data(s).items() if k != "digest"} for s in summaries])
