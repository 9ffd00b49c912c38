"""The dashboard from an agreement's summary (what the list, the panel and `status` show
without reading the agreement) is the dashboard computed from the whole agreement, at every
later moment its digest is fresh for; a stale digest is made again from the file."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentortui.model import (
    ActionItem,
    Agreement,
    AgreementStatus,
    Evaluation,
    EvaluationKind,
    Goal,
    Meeting,
    MeetingStatus,
    Milestone,
    Party,
    Schedule,
    TentativeMeeting,
)
from mentortui.model.attention import AlertKind, board, dashboard
from mentortui.model.base import new_id, now
from mentortui.model.codec import from_data, to_compact_data, to_data
from mentortui.model.enums import Role
from mentortui.model.signing import record_edit, sign
from mentortui.model.summary import PLANNED_KEPT, AgreementSummary, summarize
from mentortui.store import Store

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
LATER = (timedelta(0), timedelta(hours=1), 2 * DAY, 9 * DAY, 15 * DAY, 30 * DAY, 90 * DAY, 400 * DAY)
ZONES = (UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Auckland"))


def running(**fields) -> Agreement:
    base = dict(
        title="Ana & Ben",
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        status=AgreementStatus.ACTIVE,
        start_date=date(2026, 6, 1),
        end_date=date(2027, 6, 1),
        schedule=Schedule(frequency="every two weeks"),
    )
    return Agreement(**{**base, **fields})


def held(when: datetime, **fields) -> Meeting:
    return Meeting(
        status=MeetingStatus.HELD, planned_for=when, started_at=when, ended_at=when + timedelta(hours=1), **fields
    )


def weekly_rows(first: datetime, count: int) -> tuple[TentativeMeeting, ...]:
    return tuple(TentativeMeeting(when=first + n * 7 * DAY, purpose=f"Row {n}") for n in range(count))


def every_case() -> dict[str, Agreement]:
    """Agreements that between them raise every alert, and the corners of the digest."""
    draft = Agreement(
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        start_date=date(2026, 11, 1),
        end_date=date(2027, 5, 1),
        schedule=Schedule(frequency="weekly"),
    )
    signed = sign(sign(draft, Role.MENTEE, "Ana", T0 - 30 * DAY), Role.MENTOR, "Ben", T0 - 30 * DAY)
    amended = sign(record_edit(signed, signed.edit(title="New"), by="ana", at=T0 - DAY), Role.MENTEE, "Ana", T0)
    goal = Goal(
        title="Certify",
        milestones=(
            Milestone("Apply", due=T0.date() + 3 * DAY),
            Milestone("Study", due=T0.date() - DAY),
            Milestone("Done one", due=T0.date() - 9 * DAY, done_on=T0.date() - 10 * DAY),
            Milestone("Undated"),
        ),
    )
    actions = held(
        T0 - 5 * DAY,
        actions=(
            ActionItem("Read ch. 3", owner="Ana", due=T0.date() + 2 * DAY),
            ActionItem("Send CV", due=T0.date() - 2 * DAY),
            ActionItem("Done", due=T0.date() - 2 * DAY, done_at=T0 - 3 * DAY),
            ActionItem("Whenever"),
        ),
    )
    midpoint = running(start_date=T0.date() - 170 * DAY, end_date=T0.date() + 190 * DAY)
    reviewed = midpoint.edit(evaluations=(Evaluation(kind=EvaluationKind.MIDPOINT, on=T0.date() - DAY),))
    return {
        "draft": draft,
        "half signed": sign(draft, Role.MENTOR, "Ben", T0 - DAY),
        "amended": amended,
        "gap since the start": running(start_date=T0.date() - 9 * DAY, schedule=Schedule(frequency="weekly")),
        "gap since the last": running(
            meetings=(
                held(T0 - 10 * DAY),
                held(T0 - 40 * DAY),
                Meeting(status=MeetingStatus.CANCELLED, planned_for=T0 - 2 * DAY),
            )
        ),
        "milestones": running(goals=(goal,)),
        "actions": running(meetings=(actions,)),
        "mid-point": midpoint,
        "mid-point reviewed": reviewed,
        "end near": running(end_date=T0.date() + 20 * DAY),
        "end reached": running(start_date=date(2025, 6, 1), end_date=T0.date() - DAY),
        "completed": running(status=AgreementStatus.COMPLETED, end_date=T0.date() - DAY),
        "in progress": running(
            meetings=(
                Meeting(
                    status=MeetingStatus.HELD,
                    planned_for=T0 - 600 * timedelta(seconds=1),
                    started_at=T0 - timedelta(minutes=10),
                ),
            )
        ),
        "many tentative rows": running(tentative_meetings=weekly_rows(T0 + DAY, 3 * PLANNED_KEPT)),
        "log and rows": running(
            tentative_meetings=weekly_rows(T0 + 3 * DAY, 2),
            meetings=(
                Meeting(planned_for=T0 + 3 * DAY, purpose="Row taken"),
                Meeting(planned_for=T0 + DAY),
                Meeting(status=MeetingStatus.CANCELLED, planned_for=T0 + 2 * DAY),
                held(T0 + 4 * DAY),
            ),
        ),
        "held ahead of time": running(meetings=tuple(held(T0 + n * 3 * DAY) for n in range(-2, 12))),
        "many overdue": running(
            meetings=tuple(
                held(T0 - (30 - n) * DAY, actions=(ActionItem(f"Task {n}", due=T0.date() + (n - 12) * DAY),))
                for n in range(20)
            )
        ),
        "no frequency": running(schedule=Schedule(frequency="when we can"), start_date=None, end_date=None),
    }


def stored(summary: AgreementSummary) -> AgreementSummary:
    """The summary as the index holds it: JSON, without defaults, read back."""
    back = from_data(AgreementSummary, json.loads(json.dumps(to_compact_data(summary))))
    assert back == summary == from_data(AgreementSummary, to_data(summary))
    return back


@pytest.mark.parametrize("name", list(every_case()))
def test_the_summary_gives_the_full_dashboard_at_every_later_moment(name):
    agreement = every_case()[name]
    summary = stored(summarize(agreement, T0))
    for later in LATER:
        moment = T0 + later
        for zone in ZONES:
            full = dashboard(agreement, moment, zone)
            if summary.digest.fresh_at(moment):
                assert board(summary, moment, zone) == full, (name, later, zone)
            else:  # stale: made again, it agrees
                assert board(summary, moment, zone) is None
                assert board(stored(summarize(agreement, moment)), moment, zone) == full


def test_the_cases_raise_every_alert_and_a_digest_goes_stale():
    kinds, stale = set(), []
    for name, agreement in every_case().items():
        summary = stored(summarize(agreement, T0))
        for later in LATER:
            kinds |= {a.kind for a in dashboard(agreement, T0 + later, UTC).alerts}
            if not summary.digest.fresh_at(T0 + later):
                stale.append(name)
    assert kinds == set(AlertKind)
    assert set(stale) == {"many tentative rows", "held ahead of time"}
    # Nor is a digest fresh before the moment it was made (a clock set back, a test's fixed now).
    assert not summarize(running(), T0).digest.fresh_at(T0 - timedelta(seconds=1))


def test_a_stale_digest_is_made_again_from_the_file_and_written_back(tmp_path, monkeypatch):
    store = Store(tmp_path)
    start = now()
    created = store.create(running(tentative_meetings=weekly_rows(start + DAY, 3 * PLANNED_KEPT)))
    reads = []
    real = Store._read
    monkeypatch.setattr(Store, "_read", lambda self, path: reads.append(path) or real(self, path))

    (listed,) = store.list_agreements()
    assert reads == [], "a fresh index entry is not read again"
    assert listed.digest.planned[0].purpose == "Row 0"

    weeks_on = start + (PLANNED_KEPT + 1) * 7 * DAY
    (later,) = store.list_agreements(weeks_on)
    assert reads == [store.path_of(created.id)], "the stale digest was made again from the file"
    assert later.digest.as_of == weeks_on
    assert board(later, weeks_on, UTC) == dashboard(store.load(created.id), weeks_on, UTC)
    assert board(later, weeks_on, UTC).next_meeting.purpose == f"Row {PLANNED_KEPT + 1}"

    reads.clear()
    (again,) = Store(tmp_path).list_agreements(weeks_on)  # another process: from the index
    assert reads == [] and again == later


def test_a_save_that_changes_the_dashboard_updates_the_index(tmp_path, monkeypatch):
    store = Store(tmp_path)
    created = store.create(running())
    when = now() - timedelta(hours=2)
    store.update(created.id, lambda a: a.edit(meetings=(held(when, purpose="Kick-off"),)))
    reads = []
    real = Store._read
    monkeypatch.setattr(Store, "_read", lambda self, path: reads.append(path) or real(self, path))
    (listed,) = Store(tmp_path).list_agreements()
    assert reads == []
    assert board(listed, now(), UTC).last_held.purpose == "Kick-off"


def test_beyond_five_overdue_items_of_a_kind_the_last_alert_counts_the_rest():
    agreement = every_case()["many overdue"]
    said = [a.text for a in dashboard(agreement, T0, UTC).alerts if a.kind is AlertKind.ACTION]
    assert said == [f"action “Task {n}” overdue since {(T0.date() + (n - 12) * DAY).isoformat()}" for n in range(4)] + [
        "… and 8 more overdue action items"
    ]
    later = [a.text for a in dashboard(agreement, T0 + 30 * DAY, UTC).alerts if a.kind is AlertKind.ACTION]
    assert later[-1] == "… and 16 more overdue action items"
    three_overdue = [a.text for a in dashboard(agreement, T0 - 9 * DAY, UTC).alerts if a.kind is AlertKind.ACTION]
    assert three_overdue == [
        f"action “Task {n}” overdue since {(T0.date() + (n - 12) * DAY).isoformat()}" for n in range(3)
    ]
    digest = summarize(agreement, T0).digest
    assert len(digest.actions) == 5 and len(digest.action_dues.split()) == 20


def test_a_party_listing_decodes_only_their_own_entries(tmp_path, monkeypatch):
    store = Store(tmp_path)
    mine = store.create(running(mentee=Party("Ana", handle="ana")))
    for n in range(3):
        store.create(running(title=f"Other {n}", mentee=Party("Cy", handle="cy")))
    store.list_agreements()  # the index is fresh
    import mentortui.store.store as module

    decoded = []
    real = module.from_data
    monkeypatch.setattr(module, "from_data", lambda cls, doc, *a: decoded.append(doc["id"]) or real(cls, doc, *a))
    assert [s.id for s in Store(tmp_path).list_agreements(party="ana")] == [mine.id]
    assert decoded == [mine.id]
    assert len(Store(tmp_path).list_agreements()) == 4


@pytest.mark.parametrize("name", list(every_case()))
def test_the_dashboard_stays_as_it_is_until_it_expires(name):
    from mentortui.model.attention import board_expires

    agreement = every_case()[name]
    for zone in ZONES:
        moment = T0
        for _ in range(6):  # from one expiry to the next
            summary = stored(summarize(agreement, moment))
            expires = board_expires(summary, moment, zone)
            assert expires > moment
            now_board = dashboard(agreement, moment, zone)
            for fraction in (0.25, 0.5, 0.99):
                between = moment + (expires - moment) * fraction
                if between < expires:
                    assert dashboard(agreement, between, zone) == now_board.edit(
                        today=between.astimezone(zone).date()
                    ), (name, zone, between)
            moment = expires


def test_a_digest_of_another_version_is_stale():
    summary = summarize(running(), T0)
    assert summary.digest.fresh_at(T0)
    older = summary.digest.edit(version=summary.digest.version - 1)
    assert not older.fresh_at(T0)
    assert "version" in to_compact_data(summary)["digest"]  # kept even in compact data


@pytest.mark.parametrize("name", list(every_case()))
def test_a_digest_read_as_the_index_holds_it_is_fresh_exactly_when_decoded_it_is(name):
    """A listing whose digests are decoded later checks their freshness on the index's data;
    it must agree with Digest.fresh_at at every moment (or the list would show a stale one)."""
    from mentortui.model.summary import fresh_data_at, freshness_fields

    digest = summarize(every_case()[name], T0).digest
    raw = json.loads(json.dumps(to_compact_data(digest)))
    kept = json.loads(json.dumps(freshness_fields(raw)))  # what the index keeps beside the digest
    for later in (-timedelta(seconds=1), *LATER):
        assert fresh_data_at(raw, T0 + later) == digest.fresh_at(T0 + later), (name, later)
        assert fresh_data_at(kept, T0 + later) == digest.fresh_at(T0 + later), (name, later)
    assert not fresh_data_at({**raw, "version": 0}, T0) and not fresh_data_at("not a digest", T0)


def test_a_listing_with_digests_decoded_later_gives_the_same_summaries(tmp_path, monkeypatch):
    store = Store(tmp_path)
    start = now()
    for agreement in every_case().values():
        store.create(agreement.edit(id=new_id()))  # some cases are one agreement at two moments
    stale = store.create(running(title="Stale", tentative_meetings=weekly_rows(start + DAY, 3 * PLANNED_KEPT)))
    damaged = store.create(running(title="Damaged"))
    store.path_of(damaged.id).write_text("{ not json")
    weeks_on = start + (PLANNED_KEPT + 1) * 7 * DAY
    full = Store(tmp_path).list_agreements(weeks_on)  # the stale one made again, then the index written

    store.create(running(title="Stale again", tentative_meetings=weekly_rows(start + DAY, 3 * PLANNED_KEPT)))
    fresh = Store(tmp_path)
    listed = fresh.list_agreements(weeks_on, digests_later=True)
    assert [s.id for s in listed] != [s.id for s in full]  # the new one is in it
    assert sum(s.digest is None and not s.damaged for s in listed) >= len(every_case()), "decoded later"
    head, rest = fresh.with_digests(listed[:3]), fresh.with_digests(listed[3:])
    assert head + rest == Store(tmp_path).list_agreements(weeks_on)
    assert next(s for s in head + rest if s.id == stale.id).digest.as_of == weeks_on
    assert next(s for s in head + rest if s.id == damaged.id).damaged
