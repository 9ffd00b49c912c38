"""A served terminal is as large as the client asks, within bounds: a size that does not fit the
kernel's 16 bits raised (and turned off forking for every later session), and a huge one grew
one app to gigabytes."""

from __future__ import annotations

import os

import pytest

from mentortui.serve.pty_session import MAX_COLUMNS, MAX_ROWS, PtyProcess, fitted


@pytest.mark.parametrize(
    ("asked", "given"),
    [
        ((80, 24), (80, 24)),
        ((70000, 24), (MAX_COLUMNS, 24)),
        ((20000, 20000), (MAX_COLUMNS, MAX_ROWS)),
        ((0, -3), (1, 1)),
    ],
)
def test_a_size_asked_for_is_fitted(asked, given):
    assert fitted(*asked) == given


async def test_a_terminal_of_70000_columns_starts_at_the_largest_size_and_resizes_within_it():
    process = await PtyProcess.start(["sleep", "5"], dict(os.environ), 70000, 24)
    try:
        assert process.size() == (MAX_COLUMNS, 24)
        process.resize(20000, 20000)
        assert process.size() == (MAX_COLUMNS, MAX_ROWS)
        process.resize(100, 30)
        assert process.size() == (100, 30)
    finally:
        await process.terminate(0.5)
        process.close()
