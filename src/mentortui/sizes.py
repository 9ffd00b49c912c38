"""Provides the largest terminal a client may ask for, and the browser's driver held to it.

A served person's terminal size is theirs to say, over SSH and from a browser alike: 70000
columns did not fit the kernel's 16 bits (the error turned off forking for every later SSH
session), 20000 x 20000 grew one app to 3.4 GB, and a browser tab asking for 100000 x 100000
grew its app to 9.9 GB; a width that was not a number crashed the tab's app. A person at 80x24
loses nothing.
"""

from __future__ import annotations

import os
from typing import Any

MAX_COLUMNS, MAX_ROWS = 1000, 500


def fitted(columns: int, rows: int) -> tuple[int, int]:
    """A terminal size a client asked for, within 1 x 1 and MAX_COLUMNS x MAX_ROWS."""
    return max(1, min(int(columns), MAX_COLUMNS)), max(1, min(int(rows), MAX_ROWS))


def install() -> None:
    """Hold Textual's browser driver to `fitted` sizes: the first (COLUMNS and ROWS, which
    textual-serve sets from the page's address) and every resize the page sends."""
    from textual.drivers import web_driver

    for name, most in (("COLUMNS", MAX_COLUMNS), ("ROWS", MAX_ROWS)):
        try:
            os.environ[name] = str(max(1, min(int(os.environ[name]), most)))
        except (KeyError, ValueError):
            pass  # unset or not a number: the driver falls back to 80x24 itself
    original = web_driver.WebDriver.on_meta
    if getattr(original, "fitted", False):
        return

    def on_meta(self: web_driver.WebDriver, packet_type: str, payload: dict[str, Any]) -> None:
        if packet_type == "resize":
            try:
                columns, rows = fitted(int(payload["width"]), int(payload["height"]))
            except (KeyError, TypeError, ValueError):
                return  # not a size: nothing to resize to
            payload = {**payload, "width": columns, "height": rows}
        original(self, packet_type, payload)

    on_meta.fitted = True  # type: ignore[attr-defined]  # installed once, however many apps start
    web_driver.WebDriver.on_meta = on_meta  # type: ignore[method-assign]  # the patch is the point
