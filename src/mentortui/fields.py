"""Provides which focused widget is a text field, without importing TextArea to ask.

TextArea and its document model cost ~12 ms of the start and the list screen has none; until
something imports it, no widget is one. The list screen imports the other screens in a
background thread, so the module can be half imported (in ``sys.modules`` without its
``TextArea`` yet) while a key asks: then no widget is one either.
"""

from __future__ import annotations

import sys

from textual.widgets import Input


def is_text_area(node: object) -> bool:
    """A TextArea (or one of ours built on it)."""
    module = sys.modules.get("textual.widgets._text_area")
    text_area = getattr(module, "TextArea", None)
    return text_area is not None and isinstance(node, text_area)


def is_text_field(node: object) -> bool:
    """An Input or a TextArea: a widget that takes typed text."""
    return isinstance(node, Input) or is_text_area(node)
