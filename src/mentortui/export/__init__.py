"""Provides exports of an agreement: Markdown text, and an owner-only file to write it to."""

from .escape import escape_cell, escape_inline
from .files import write_new_in, write_private
from .markdown import agreement_markdown

__all__ = ["agreement_markdown", "escape_cell", "escape_inline", "write_new_in", "write_private"]
