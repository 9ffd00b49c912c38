"""Provides plain-text tables for the command line: aligned, one row a line, safe to print."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from .model.codec import to_data
from .model.summary import AgreementSummary
from .text import cells, plain

HEADERS = ("ID", "TITLE", "MENTEE", "MENTOR", "START", "END", "STATUS")


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return plain(str(value), single_line=True) or "-"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell, separated by two spaces."""
    table = [list(headers)] + [[_text(v) for v in row] for row in rows]
    widths = [max(cells(row[i]) for row in table) for i in range(len(headers))]
    lines = [
        "  ".join(c + " " * (w - cells(c)) for c, w in zip(row, widths)).rstrip()
        for row in table
    ]
    return "\n".join(lines)


def agreements_table(summaries: Sequence[AgreementSummary]) -> str:
    """The `mentortui list` table."""
    rows = [
        (s.id, s.title, s.mentee, s.mentor, s.start_date, s.end_date, s.status.value)
        for s in summaries
    ]
    return format_table(HEADERS, rows)


def agreements_json(summaries: Sequence[AgreementSummary]) -> str:
    """The `mentortui list --json` output: a JSON list of summaries."""
    return json.dumps([to_data(s) for s in summaries], ensure_ascii=False, indent=2)
