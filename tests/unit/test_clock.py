"""Tests mentortui.clock: the viewer's zone keeps its daylight-saving rules."""

from __future__ import annotations

import time as system_time
from datetime import UTC, date, datetime, time

import pytest

from mentortui.clock import from_local, parse_time, show, to_local

pytestmark = pytest.mark.skipif(not hasattr(system_time, "tzset"), reason="needs time.tzset")


def test_local_times_either_side_of_a_daylight_saving_change(new_york) -> None:
    winter = from_local(date(2026, 3, 7), time(10, 0))
    summer = from_local(date(2026, 3, 9), time(10, 0))
    assert winter == datetime(2026, 3, 7, 15, 0, tzinfo=UTC)
    assert summer == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
    assert show(winter) == "2026-03-07 10:00 EST"
    assert show(summer) == "2026-03-09 10:00 EDT"
    assert to_local(summer).time() == time(10, 0)


def test_parse_time() -> None:
    assert parse_time(" 09:30 ") == time(9, 30)
    assert parse_time(":") is None
    with pytest.raises(ValueError, match="'25:99' is not a time"):
        parse_time("25:99")
