"""Tests mentortui.model.codec: records to JSON data and back, strictly typed and zone-aware."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from mentortui.model import (
    Agreement,
    AgreementStatus,
    CareerStage,
    Goal,
    Meeting,
    MentorshipType,
    Party,
    Role,
    Schedule,
)
from mentortui.model.agreement import default_values
from mentortui.model.codec import DecodeError, canonical_json, from_data, to_data
from mentortui.model.sample import sample_agreement

IST = timezone(timedelta(hours=5, minutes=30))


def stored(agreement: Agreement) -> dict[str, Any]:
    """The agreement as it would come back from a JSON file."""
    return json.loads(json.dumps(to_data(agreement)))


def test_sample_round_trips_to_an_equal_agreement() -> None:
    original = sample_agreement(meetings=3)
    back = from_data(Agreement, stored(original))
    assert back == original
    assert back.id == original.id
    assert back.goals[0].milestones[0].id == original.goals[0].milestones[0].id


def test_round_trip_restores_real_types() -> None:
    back = from_data(Agreement, stored(sample_agreement()))
    assert isinstance(back.goals, tuple) and isinstance(back.goals[0], Goal)
    assert back.mentorship_types == (MentorshipType.DISTANCE, MentorshipType.TRADITIONAL)
    assert all(type(t) is MentorshipType for t in back.mentorship_types)
    assert back.status is AgreementStatus.AMENDED
    assert back.mentee.career_stage is CareerStage.EARLY_CAREER
    assert type(back.start_date) is date
    assert type(back.created_at) is datetime
    assert isinstance(back.meetings[0], Meeting)
    assert back.amendments[0].fields == ("goals",)


def test_to_data_is_plain_json() -> None:
    data = to_data(sample_agreement())
    assert data["status"] == "amended"
    assert data["start_date"] == "2026-01-12"
    assert data["mentorship_types"] == ["distance", "traditional"]
    assert data["created_at"] == "2026-01-12T15:00:00+00:00"
    assert isinstance(data["goals"], list) and isinstance(data["goals"][0], dict)
    assert json.loads(json.dumps(data)) == data


def test_canonical_json_is_stable() -> None:
    original = sample_agreement()
    text = canonical_json(original)
    assert canonical_json(original) == text
    assert canonical_json(from_data(Agreement, json.loads(text))) == text
    assert canonical_json(original.edit()) == text


def test_canonical_json_ignores_key_order_and_is_compact() -> None:
    assert canonical_json({"b": 1, "a": [2, "é"]}) == canonical_json({"a": [2, "é"], "b": 1})
    assert canonical_json({"b": 1, "a": [2, "é"]}) == '{"a":[2,"é"],"b":1}'


def test_canonical_json_follows_the_content() -> None:
    original = sample_agreement()
    assert canonical_json(original.edit(title="Other")) != canonical_json(original)


def test_naive_datetime_is_refused_on_encode() -> None:
    naive = Meeting(started_at=datetime(2026, 1, 12, 15, 0))
    with pytest.raises(ValueError, match="naive"):
        to_data(naive)
    with pytest.raises(ValueError):
        canonical_json(sample_agreement().edit(meetings=(naive,)))


@pytest.mark.parametrize("text", ["2026-01-12T15:00:00", "2026-01-12"])
def test_naive_datetime_is_refused_on_decode(text: str) -> None:
    data = stored(sample_agreement())
    data["meetings"][1]["started_at"] = text
    with pytest.raises(DecodeError, match=r"meetings\[1\]\.started_at"):
        from_data(Agreement, data)


def test_time_keeps_its_offset() -> None:
    when = datetime(2026, 3, 2, 9, 15, tzinfo=IST)
    back = from_data(Meeting, json.loads(json.dumps(to_data(Meeting(started_at=when)))))
    assert back.started_at == when
    assert back.started_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert back.started_at.hour == 9 and back.started_at.minute == 15
    assert back.started_at.astimezone(UTC) == datetime(2026, 3, 2, 3, 45, tzinfo=UTC)


def test_time_in_another_zone_decodes_to_the_same_instant_and_offset() -> None:
    data = to_data(Meeting())
    data["planned_for"] = "2026-03-02T09:15:00+05:30"
    planned = from_data(Meeting, data).planned_for
    assert planned == datetime(2026, 3, 2, 3, 45, tzinfo=UTC)
    assert planned.utcoffset() == timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        (("schedule", "length_min_minutes"), "30", "schedule.length_min_minutes"),
        (("schedule", "notice_hours"), True, "schedule.notice_hours"),
        (("revision",), False, "revision"),
        (("revision",), 1.5, "revision"),
        (("title",), 7, "title"),
        (("title",), None, "title"),
        (("start_date",), "2026-13-40", "start_date"),
        (("start_date",), "12/01/2026", "start_date"),
        (("start_date",), 20260112, "start_date"),
        (("status",), "archived", "status"),
        (("mentee", "career_stage"), "senior", "mentee.career_stage"),
        (("mentorship_types",), ["distance", "online"], "mentorship_types[1]"),
        (("goals", 1, "owner"), "coach", "goals[1].owner"),
        (("goals", 0, "milestones", 1, "due"), "soon", "goals[0].milestones[1].due"),
        (("goals", 0, "progress", 0, "percent"), "20", "goals[0].progress[0].percent"),
        (("created_at",), "yesterday", "created_at"),
        (("resources",), "CCM study guide", "resources"),
        (("schedule",), ["weekly"], "schedule"),
        (("resources",), ["ok", 3], "resources[1]"),
    ],
)
def test_wrong_type_raises_decode_error_naming_the_field(where: tuple[Any, ...], value: Any, path: str) -> None:
    data = stored(sample_agreement())
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    with pytest.raises(DecodeError) as caught:
        from_data(Agreement, data)
    message = str(caught.value)
    assert message.startswith(f"Agreement.{path}:"), message


def test_decode_error_is_a_value_error() -> None:
    assert issubclass(DecodeError, ValueError)
    with pytest.raises(DecodeError, match=r"^Agreement: expected an object"):
        from_data(Agreement, ["not", "a", "dict"])


def test_custom_root_path_appears_in_errors() -> None:
    with pytest.raises(DecodeError, match=r"^agreements\[3\]\.revision:"):
        from_data(Agreement, {"revision": "1"}, "agreements[3]")


def test_missing_keys_take_their_defaults() -> None:
    agreement = from_data(Agreement, {"title": "Only a title", "mentee": {"name": "Ana"}})
    assert agreement.title == "Only a title"
    assert agreement.mentee == Party(name="Ana")
    assert agreement.mentor == Party()
    assert agreement.status is AgreementStatus.DRAFT
    assert agreement.goals == () and agreement.start_date is None
    assert agreement.values == default_values()
    assert agreement.revision == 0
    assert len(agreement.id) == 8 and int(agreement.id, 16) >= 0


def test_missing_nested_key_keeps_the_others() -> None:
    data = stored(sample_agreement())
    del data["schedule"]["notice_hours"]
    del data["goals"][0]["final_rating"]
    back = from_data(Agreement, data)
    assert back.schedule == sample_agreement().schedule.edit(notice_hours=None)
    assert back.goals[0].final_rating is None
    assert back.goals[0].baseline_rating == 2


def test_unknown_keys_are_ignored() -> None:
    assert from_data(Schedule, {"frequency": "weekly", "colour": "blue"}) == Schedule("weekly")


def test_null_is_accepted_only_where_the_field_is_optional() -> None:
    party = from_data(Party, {"name": "Ana", "career_stage": None})
    assert party.career_stage is None
    with pytest.raises(DecodeError, match=r"^Party\.name:"):
        from_data(Party, {"name": None})


def test_enum_values_decode_to_members() -> None:
    assert from_data(Goal, {"owner": "mentor"}).owner is Role.MENTOR


# Values a field may hold in a file: each is decoded by msgspec (when it fits) and by the
# codec's own decoder; the two must agree on what they accept and what it becomes.
ODD_VALUES = [
    ("revision", 3),
    ("revision", 3.0),
    ("revision", True),
    ("revision", "3"),
    ("revision", -1),
    ("revision", 2**70),
    ("title", "x\u202ey"),
    ("title", ""),
    ("title", 5),
    ("title", ["a"]),
    ("start_date", "2026-01-12"),
    ("start_date", "20260112"),
    ("start_date", "2026-01-12T10:00:00+00:00"),
    ("start_date", None),
    ("start_date", "2026-02-30"),
    ("created_at", "2026-01-12T10:00:00+00:00"),
    ("created_at", "2026-01-12T10:00:00Z"),
    ("created_at", "2026-01-12T10:00:00.123456+05:30"),
    ("created_at", "2026-01-12 10:00:00+00:00"),
    ("created_at", "2026-01-12T10:00:00"),
    ("created_at", "2026-01-12T10:00+01:00"),
    ("created_at", "2026-W03-1T10:00:00+00:00"),
    ("created_at", 1767225600),
    ("status", "active"),
    ("status", "ACTIVE"),
    ("status", 1),
    ("mentorship_types", ["online"]),
    ("mentorship_types", []),
    ("mentorship_types", "online"),
    ("mentorship_types", [None]),
    ("resources", ("a", "b")),
    ("schedule", {}),
    ("schedule", None),
    ("schedule", {"length_min_minutes": 30.5}),
    ("schedule", {"notice_hours": 24, "x": 1}),
]


def _decoded_both_ways(data: Any) -> tuple[Any, Any]:
    from mentortui.model import codec

    def outcome(decode):
        try:
            return decode()
        except (DecodeError, codec._Misfit, ValueError, TypeError) as error:
            return ("refused", type(error).__name__ in ("DecodeError", "_Misfit"))

    return outcome(lambda: from_data(Agreement, data)), outcome(lambda: codec._decoder(Agreement)(data))


@pytest.mark.parametrize(("name", "value"), ODD_VALUES, ids=[f"{n}={v!r}"[:40] for n, v in ODD_VALUES])
def test_msgspec_and_the_codec_accept_and_refuse_alike(name: str, value: Any) -> None:
    data = stored(sample_agreement(meetings=2))
    data[name] = value
    fast, slow = _decoded_both_ways(json.loads(json.dumps(data)))
    assert fast == slow
    if isinstance(fast, Agreement):
        assert to_data(fast) == to_data(slow)
        assert all(t is None or t.tzinfo is not None for t in (fast.created_at, fast.updated_at))


def test_a_whole_agreement_decodes_to_the_same_records_both_ways() -> None:
    data = stored(sample_agreement(meetings=30))
    fast, slow = _decoded_both_ways(data)
    assert isinstance(fast, Agreement) and fast == slow and to_data(fast) == data


def test_a_time_with_nanoseconds_is_read_to_the_microsecond() -> None:
    """The one difference found: msgspec reads 7-9 fraction digits (Python 3.11 refuses them)."""
    data = stored(sample_agreement())
    data["created_at"] = "2026-01-12T10:00:00.1234567+00:00"
    assert from_data(Agreement, data).created_at == datetime(2026, 1, 12, 10, 0, 0, 123457, tzinfo=UTC)


def test_from_json_gives_what_from_data_gives_and_says_what_does_not_fit() -> None:
    from mentortui.model.codec import from_json

    data = stored(sample_agreement(meetings=3))
    assert from_json(Agreement, json.dumps(data)) == from_data(Agreement, data)
    data["revision"] = "three"
    with pytest.raises(DecodeError, match=r"^Agreement\.revision: expected int"):
        from_json(Agreement, json.dumps(data).encode())
    data["revision"], data["created_at"] = 1, "2026-01-12T10:00:00"  # naive: refused by both
    with pytest.raises(DecodeError, match=r"^Agreement\.created_at: time"):
        from_json(Agreement, json.dumps(data))
    with pytest.raises(DecodeError, match=r"^where: not JSON"):
        from_json(Agreement, b"{torn", "where")
