"""Provides holding the garbage collector while the process starts.

Starting allocates tens of thousands of objects that live as long as the process (modules,
classes, styles, widgets); the collector walks them again and again as they are made, ~50 ms
of a start that draws the first screen in ~800 ms (measured with 2,000 agreements, against
~30 ms in a bare Textual app). So `mentortui` holds collections from its first line until its
first screen is drawn, freezes what is there then (`gc.freeze`: out of every later
collection's way) and collects as usual from there on. Nothing is lost by holding: what is
garbage then is collected at the resume.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """No automatic collections until `resume` (nothing happens if they are off already)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def resume() -> None:
    """Collections as before `hold` (a second call, or one without `hold`, does nothing)."""
    global _held
    if _held:
        _held = False
        gc.enable()


def held() -> bool:
    """Whether `hold` is in effect."""
    return _held
