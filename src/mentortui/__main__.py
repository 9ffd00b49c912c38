"""`python -m mentortui`: the command (mentortui.cli.main), started by mentortui.launch."""

from __future__ import annotations

if __name__ == "__main__":  # the command's entry point, run before the import below (it holds
    from mentortui.launch import main as launch  # the collector first; see mentortui.collecting)

    raise SystemExit(launch())

from .cli.main import main  # mentortui.__main__.main: the command, for callers that are not a start

__all__ = ["main"]
