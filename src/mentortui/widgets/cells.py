"""Provides cell(): user text turned into a table cell that can never be read as markup."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from ..text import plain


def cell(value: str | date | None) -> Text:
    """A one-line, markup-free table cell; dates in ISO form, blanks as "—"."""
    if value is None or value == "":
        return Text("—", style="dim")
    if isinstance(value, date):
        return Text(value.isoformat())
    return Text(plain(value, single_line=True), no_wrap=True, overflow="ellipsis")  # cut with …
