"""Provides MentorNode, the typed way for screens and widgets to reach the running MentorApp.

Textual types ``self.app`` as ``App[object]``, so ``self.app.store`` is unchecked. A screen or
widget that uses what MentorApp adds (the store, the viewer, held keys, savers) puts MentorNode
first among its bases. For mypy it declares ``app`` as Textual suggests (``getters.app``); at
run time it is an empty class, so Textual's own ``app`` property answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual import getters
    from textual.message_pump import MessagePump

    from .app import MentorApp

    class MentorNode(MessagePump):
        """A screen or widget of mentortui: ``self.app`` is a MentorApp."""

        app = getters.app(MentorApp)

else:

    class MentorNode:
        """A screen or widget of mentortui: ``self.app`` is a MentorApp (for the type checker)."""
