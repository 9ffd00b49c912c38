"""Provides the `mentortui` command's entry point (and `python -m mentortui`'s).

It holds the garbage collector before anything else is imported (see mentortui.collecting):
importing the command line, the store and the model is a fifth of the collections a start
makes. `mentortui.cli.main.main` is the command itself, for callers that are not a start.
"""

from __future__ import annotations

from . import collecting


def main() -> int:
    """Run the `mentortui` command; returns the exit code."""
    collecting.hold()
    try:
        from .cli.main import main as command

        return command()
    finally:
        collecting.resume()
