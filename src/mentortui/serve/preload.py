"""Imported by the forkserver of `serve --ssh` before it forks sessions: everything a
session needs at start, once, then frozen so the pages stay shared between sessions.

What a session imported after the fork (measured by running the app and diffing
``sys.modules``) is imported here too: the terminal driver, layouts, Rich's emoji and
cell-width tables. Each one imported after the fork is private memory in every session.
"""

import concurrent.futures.thread  # noqa: F401
import gc
import queue  # noqa: F401
import tty  # noqa: F401

import rich._emoji_codes  # noqa: F401
import textual._binary_encode
import textual.drivers._byte_stream
import textual.drivers._input_reader_linux
import textual.drivers._writer_thread
import textual.drivers.linux_driver
import textual.layouts.factory
import textual.layouts.horizontal
import textual.layouts.stream  # noqa: F401
from rich.cells import cell_len

import mentortui.app
import mentortui.cli.main
import mentortui.screens.agreement.editor  # noqa: F401  (the screen most sessions open first)

cell_len("é漢字")  # loads the cell-width table

gc.collect()
gc.freeze()
