"""Tests mentortui.clock at daylight-saving changes: a skipped local time is said, a repeated one is the first."""

from __future__ import annotations

import time as system_time
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from mentortui import clock
from mentortui.clock import from_local, to_local

pytestmark = pytest.mark.skipif(not hasattr(system_time, "tzset"), reason="needs time.tzset")

SPRING = date(2026, 3, 8)  # New York: 02:00 EST becomes 03:00 EDT
FALL = date(2026, 11, 1)  # New York: 02:00 EDT becomes 01:00 EST


def test_a_skipped_local_time_is_said_when_strict(new_york) -> None:
    with pytest.raises(ValueError) as raised:
        from_local(SPRING, time(2, 30), strict=True)
    assert str(raised.value) == "02:30 does not exist on 2026-03-08 here (clocks go forward): use 03:30"
    assert isinstance(raised.value, clock.SkippedTime)
    assert raised.value.instead == datetime(2026, 3, 8, 3, 30, tzinfo=ZoneInfo("America/New_York"))
    assert to_local(from_local(SPRING, time(2, 30))).time() == time(3, 30), "not strict: as far past the change"


def test_times_either_side_of_the_gap_are_taken_as_typed_when_strict(new_york) -> None:
    assert from_local(SPRING, time(1, 59), strict=True) == datetime(2026, 3, 8, 6, 59, tzinfo=UTC)
    assert from_local(SPRING, time(3, 0), strict=True) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)


def test_a_repeated_local_time_is_the_first_and_said_so(new_york) -> None:
    first = from_local(FALL, time(1, 30), strict=True)
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "01:30 EDT, not 01:30 EST"
    assert (
        clock.repeated_note(first)
        == "01:30 comes twice on 2026-11-01 here (clocks go back): taken as the first, 01:30 EDT"
    )
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert clock.repeated_note(second).endswith("taken as the second, 01:30 EST")
    assert clock.repeated_note(from_local(FALL, time(2, 30))) == ""
    assert clock.repeated_note(from_local(SPRING, time(1, 30))) == ""


def test_a_fixed_offset_zone_has_no_gaps() -> None:
    from datetime import timedelta, timezone

    zone = timezone(timedelta(hours=-5))
    assert from_local(SPRING, time(2, 30), zone, strict=True) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert clock.repeated_note(datetime(2026, 11, 1, 6, 30, tzinfo=UTC), zone) == ""
