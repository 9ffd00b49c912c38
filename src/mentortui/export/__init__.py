"""Provides exports of an agreement: Markdown text, and an owner-only file to write it to."""

from .escape import escape_cell, escape_inline
from .files import file_name, in_folder, write_new_in, write_private, write_problem
from .markdown import agreement_markdown

__all__ = [
    "agreement_markdown",
    "escape_cell",
    "escape_inline",
    "file_name",
    "in_folder",
    "write_new_in",
    "write_private",
    "write_problem",
]
