"""Provides plain-text tables for the command line: aligned, one row a line, safe to print."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import date

from .model.codec import to_data
from .model.summary import AgreementSummary
from .text import plain

HEADERS = ("ID", "TITLE", "MENTEE", "MENTOR", "START", "END", "STATUS")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


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
    cells = [list(headers)] + [[_text(v) for v in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()
        for row in cells
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
