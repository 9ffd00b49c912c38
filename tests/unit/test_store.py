"""Tests the store: round trips, file modes, damaged files, conflicts and agreement ids."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from mentortui.model.agreement import Agreement, Party
from mentortui.model.base import field_names
from mentortui.model.codec import to_data
from mentortui.model.meeting import Note
from mentortui.model.sample import sample_agreement
from mentortui.model.summary import summarize
from mentortui.store import (
    ConflictError,
    DamagedFileError,
    NewerSchemaError,
    NotFoundError,
    Store,
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", user="ana")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fingerprint(path: Path) -> tuple[bytes, int, int]:
    """What must not change when a damaged file is left untouched."""
    info = path.stat()
    return path.read_bytes(), info.st_mtime_ns, info.st_ino


def tree(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every path under ``root`` with its contents and mtime, to show nothing was touched."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


# -- round trip ------------------------------------------------------------------------------


def test_create_then_load_gives_back_every_field(store: Store) -> None:
    sample = sample_agreement(meetings=3)
    created = store.create(sample)
    loaded = store.load(created.id)
    for name in field_names(Agreement):
        assert getattr(loaded, name) == getattr(created, name), name
    assert loaded == created
    assert to_data(loaded) == to_data(created)
    assert len(loaded.meetings) == 4 and loaded.meetings == sample.meetings
    assert (created.revision, created.updated_by, created.created_at) == (1, "ana", sample.created_at)
    bookkeeping = {n: getattr(sample, n) for n in ("revision", "updated_at", "updated_by")}
    assert created.edit(**bookkeeping) == sample
    assert Store(store.data_dir).load(created.id) == created  # a second process-like reader


def test_save_an_edit_raises_the_revision_by_one(store: Store) -> None:
    created = store.create(sample_agreement(meetings=3))
    saved = store.save(created.edit(title="Renamed", resources=("One book",)))
    assert saved.revision == created.revision + 1 == 2
    loaded = store.load(created.id)
    assert loaded == saved
    assert (loaded.title, loaded.resources, loaded.updated_by) == ("Renamed", ("One book",), "ana")
    again = store.save(loaded.edit(mentor_hopes="More"))
    assert again.revision == 3 and store.load(created.id).revision == 3


def test_list_shows_the_summary_and_follows_edits(store: Store) -> None:
    created = store.create(sample_agreement(meetings=3))
    (listed,) = store.list_agreements()
    assert listed.same_as(summarize(created))
    store.save(created.edit(title="Another title"))
    (summary,) = Store(store.data_dir).list_agreements()
    assert (summary.id, summary.title) == (created.id, "Another title")


def test_delete_moves_the_file_to_the_trash(store: Store) -> None:
    created = store.create(sample_agreement(meetings=3))
    kept = store.create(sample_agreement(meetings=1))
    path = store.path_of(created.id)
    before = path.read_bytes()
    target = store.delete(created.id)
    assert target.parent == store.trash_dir and target.exists()
    assert target.read_bytes() == before
    assert not path.exists()
    assert [s.id for s in store.list_agreements()] == [kept.id]
    assert [s.id for s in Store(store.data_dir).reindex()] == [kept.id]
    with pytest.raises(NotFoundError):
        store.load(created.id)


# -- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000, 0o077])
def test_folders_are_0700_and_files_0600(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        store = Store(tmp_path / "data", user="ana")
        created = store.create(sample_agreement(meetings=3))
        store.save(created.edit(title="Edited"))
        store.list_agreements()
        trashed = store.delete(store.create(sample_agreement(meetings=1)).id)
    finally:
        os.umask(old)
    data = store.data_dir
    for folder in (data, data / "agreements", data / "trash", data / ".tmp", data / "agreements" / ".tmp"):
        assert mode(folder) == 0o700, folder
    files = [store.path_of(created.id), data / "index.json", trashed, *data.rglob("*.lock")]
    assert len(files) >= 5  # the agreement's lock, the deleted one's, the index's
    for file in files:
        assert mode(file) == 0o600, file


def test_an_existing_open_data_dir_is_made_private(tmp_path: Path) -> None:
    (tmp_path / "data" / "agreements").mkdir(parents=True, mode=0o755)
    (tmp_path / "data").chmod(0o755)
    store = Store(tmp_path / "data")
    assert mode(store.data_dir) == 0o700 and mode(store.agreements_dir) == 0o700


# -- damaged files ---------------------------------------------------------------------------


def _with_meta(**changes: object):
    def damage(data: dict) -> dict:
        data["meta"]["1"].update(changes)
        return data

    return damage


def _drop_revision(data: dict) -> dict:
    del data["meta"]["1"]["revision"]
    return data


def _agreement_table_is_a_list(data: dict) -> dict:
    data["agreement"] = []
    return data


DAMAGES = {
    "garbage": b"\x00\xff{not json at all",
    "json-list": b"[1, 2, 3]",
    "not-ours": b'{"_default": {"1": {"name": "someone else\'s TinyDB"}}}',
    "schema-99": _with_meta(schema=99),
}


def _damage(path: Path, damage) -> None:
    if callable(damage):
        path.write_text(json.dumps(damage(json.loads(path.read_text()))))
    else:
        path.write_bytes(damage)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # so any rewrite shows in mtime_ns


def _check_refused_untouched(store: Store, created: Agreement, expected: type) -> None:
    path = store.path_of(created.id)
    before = fingerprint(path)
    attempts = {
        "load": lambda: store.load(created.id),
        "save": lambda: store.save(created.edit(title="Mine")),
        "save-base": lambda: store.save(created.edit(title="Mine"), base=created),
        "update": lambda: store.update(created.id, lambda a: a.edit(title="Mine")),
        "delete": lambda: store.delete(created.id),
    }
    for name, attempt in attempts.items():
        with pytest.raises(expected) as caught:
            attempt()
        assert str(path) in str(caught.value), name
        assert fingerprint(path) == before, name
    assert list(store.trash_dir.iterdir()) == []


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_agreement_is_refused_and_left_exactly_as_it_was(store: Store, damage) -> None:
    created = store.create(sample_agreement(meetings=3))
    _damage(store.path_of(created.id), damage)
    expected = NewerSchemaError if damage is DAMAGES["schema-99"] else DamagedFileError
    _check_refused_untouched(store, created, expected)


@pytest.mark.parametrize(
    "damage",
    [
        _with_meta(schema=0),
        _with_meta(schema=True),
        _with_meta(updated_at="yesterday"),
        _with_meta(changes=None),
        _drop_revision,
        _agreement_table_is_a_list,
    ],
    ids=[
        "schema-0",
        "schema-true",
        "bad-updated-at",
        "no-changes",
        "meta-without-revision",
        "agreement-table-a-list",
    ],
)
def test_a_file_of_our_kind_with_bad_insides_is_a_damaged_file(store: Store, damage) -> None:
    created = store.create(sample_agreement(meetings=3))
    _damage(store.path_of(created.id), damage)
    _check_refused_untouched(store, created, DamagedFileError)


@pytest.mark.parametrize("rebuild", [True, False], ids=["reindex", "list-without-index"])
def test_a_damaged_agreement_is_listed_naming_its_file_and_is_left_as_it_is(store: Store, rebuild) -> None:
    good = store.create(sample_agreement(meetings=1).edit(title="Good"))
    bad = store.create(sample_agreement(meetings=1).edit(title="Bad one"))
    store.list_agreements()  # the index knows both
    _damage(store.path_of(bad.id), DAMAGES["garbage"])
    before = fingerprint(store.path_of(bad.id))
    if not rebuild:
        store.index_path.unlink()
    listed = {s.id: s for s in (store.reindex() if rebuild else store.list_agreements())}
    assert set(listed) == {good.id, bad.id}
    assert listed[good.id].damaged == ""
    assert str(store.path_of(bad.id)) in listed[bad.id].damaged
    assert "not valid JSON" in listed[bad.id].damaged
    assert fingerprint(store.path_of(bad.id)) == before
    # Listed again from the index: still there, still named.
    again = {s.id: s for s in Store(store.data_dir).list_agreements()}
    assert again[bad.id].damaged == listed[bad.id].damaged


@pytest.mark.parametrize(
    "garbage",
    [
        b"{torn",
        b"[]",
        b'{"meta": {"1": {"kind": "other"}}}',
        b'{"agreements": NaN}',
        b"\xff\xfe{}",
        b'{"agreements": {}} and more',
    ],
    ids=["garbage", "json-list", "not-ours", "not-rfc-json", "not-utf8", "trailing"],
)
def test_a_damaged_index_is_set_aside_and_rebuilt(store: Store, garbage: bytes) -> None:
    ids = {store.create(sample_agreement(meetings=1)).id for _ in range(2)}
    store.index_path.write_bytes(garbage)
    fresh = Store(store.data_dir, user="ben")
    assert {s.id for s in fresh.list_agreements()} == ids
    (aside,) = store.data_dir.glob("index.json.damaged-*")
    assert aside.read_bytes() == garbage
    (said,) = [w for w in fresh.warnings if "index" in w and "rebuilt" in w]
    assert aside.name in said
    assert "agreements" in json.loads(store.index_path.read_text())
    assert {s.id for s in Store(store.data_dir).list_agreements()} == ids


def _index_entries(store: Store) -> list[dict]:
    return list(json.loads(store.index_path.read_text())["agreements"].values())


def test_the_index_keeps_each_digest_packed_and_reads_an_index_from_before(store: Store) -> None:
    """The index keeps digests packed (read whole, a 2,000-entry index decodes in a quarter of
    the time); an index written with digests as JSON objects lists the same."""
    for n in range(3):
        store.create(sample_agreement(meetings=3).edit(title=f"Pair {n}"))
    listed = Store(store.data_dir).list_agreements()
    assert all(s.digest is not None for s in listed)
    for entry in _index_entries(store):
        assert isinstance(entry["digest"], str) and "{" not in entry["digest"]
        assert entry["fresh"]["version"] and entry["fresh"]["as_of"]

    data = json.loads(store.index_path.read_text())  # as an older version wrote it
    digests = {s.id: s.digest for s in listed}
    for entry in data["agreements"].values():
        entry["digest"] = to_data(digests[entry["id"]])
        del entry["fresh"]
    store.index_path.write_text(json.dumps(data))
    older = Store(store.data_dir)
    assert older.list_agreements() == listed and not older.warnings
    assert older.with_digests(older.list_agreements(digests_later=True)) == listed


def test_an_index_entry_whose_digest_cannot_be_unpacked_is_set_aside(store: Store) -> None:
    ids = {store.create(sample_agreement(meetings=1)).id for _ in range(2)}
    Store(store.data_dir).list_agreements()
    data = json.loads(store.index_path.read_text())
    next(iter(data["agreements"].values()))["digest"] = "bm90IGRlZmxhdGVk"  # base64, not deflated
    store.index_path.write_text(json.dumps(data))
    fresh = Store(store.data_dir)
    assert {s.id for s in fresh.list_agreements()} == ids
    assert all(s.digest is not None for s in fresh.list_agreements())
    assert any("index" in w and "unpacked" in w for w in fresh.warnings), fresh.warnings


def test_saving_with_a_garbage_index_still_saves_and_does_not_raise(store: Store) -> None:
    first = store.create(sample_agreement(meetings=1))
    store.index_path.write_bytes(b"{torn")
    second = store.create(sample_agreement(meetings=1))
    assert len(list(store.agreements_dir.glob("*.json"))) == 2
    assert store.index_path.read_bytes() == b"{torn"  # left for the next listing to set aside
    store.update(first.id, lambda a: a.edit(title="Renamed"))
    assert {s.id for s in store.list_agreements()} == {first.id, second.id}


# -- conflicts -------------------------------------------------------------------------------


@pytest.fixture
def two_users(tmp_path: Path) -> tuple[Store, Store, Agreement, Agreement]:
    ana, ben = Store(tmp_path / "data", user="ana"), Store(tmp_path / "data", user="ben")
    created = ana.create(sample_agreement(meetings=3))
    return ana, ben, ana.load(created.id), ben.load(created.id)


def test_a_stale_save_of_the_same_field_is_a_conflict_and_writes_nothing(two_users) -> None:
    ana, ben, ana_copy, ben_copy = two_users
    ana.save(ana_copy.edit(title="Ana's title"))
    path = ana.path_of(ana_copy.id)
    before = fingerprint(path)
    with pytest.raises(ConflictError) as caught:
        ben.save(ben_copy.edit(title="Ben's title"))
    message = str(caught.value)
    assert "ana" in message and "title" in message and "ben" not in message
    assert caught.value.changed_by["title"][0] == "ana" and caught.value.revision == 2
    assert [c.field for c in caught.value.conflicts] == ["title"]
    assert fingerprint(path) == before
    now = ben.load(ana_copy.id)
    assert (now.revision, now.title, now.updated_by) == (2, "Ana's title", "ana")


def test_with_base_a_change_to_another_field_merges(two_users) -> None:
    ana, ben, ana_copy, ben_copy = two_users
    ana.save(ana_copy.edit(title="Ana's title"))
    saved = ben.save(ben_copy.edit(mentor_hopes="Ben's hopes"), base=ben_copy)
    loaded = ana.load(ana_copy.id)
    assert loaded == saved
    assert (loaded.title, loaded.mentor_hopes) == ("Ana's title", "Ben's hopes")
    assert (loaded.revision, loaded.updated_by) == (3, "ben")
    assert loaded.meetings == ana_copy.meetings


def test_with_base_the_same_field_changed_differently_is_still_a_conflict(two_users) -> None:
    ana, ben, ana_copy, ben_copy = two_users
    ana.save(ana_copy.edit(title="Ana's title"))
    with pytest.raises(ConflictError):
        ben.save(ben_copy.edit(title="Ben's title"), base=ben_copy)
    assert ana.load(ana_copy.id).title == "Ana's title"


def test_update_applies_to_the_current_agreement_and_never_conflicts(two_users) -> None:
    ana, ben, ana_copy, ben_copy = two_users
    ana.save(ana_copy.edit(title="Ana's title"))
    first = ben_copy.meetings[0].id
    note = Note(text="Ben's note", author="ben")

    def add_note(agreement: Agreement) -> Agreement:
        meetings = tuple(m.edit(notes=(*m.notes, note)) if m.id == first else m for m in agreement.meetings)
        return agreement.edit(meetings=meetings)

    stored = ben.update(ben_copy.id, add_note)
    loaded = ana.load(ana_copy.id)
    assert loaded == stored and loaded.revision == 3
    assert loaded.title == "Ana's title" and loaded.meeting(first).notes[-1] == note


# -- ids -------------------------------------------------------------------------------------

BAD_IDS = [
    "../etc/passwd",
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    ".",
    "",
    "a/b",
    "a/../../outside",
    "..\\outside",
    "outside/..",
    "ABC",
    "a b",
    "a\x00b",
    "a" * 65,
    "-abc",
    "_abc",
    "é",
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_path_like_ids_are_not_found_and_touch_nothing(tmp_path: Path, bad: str) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root:x:0:0\n")
    (tmp_path / "outside.json").write_text("{}")
    store = Store(tmp_path / "data", user="ana")
    before = tree(tmp_path)
    attempts = [
        lambda: store.path_of(bad),
        lambda: store.load(bad),
        lambda: store.create(Agreement(id=bad)),
        lambda: store.save(Agreement(id=bad)),
        lambda: store.update(bad, lambda a: a),
        lambda: store.delete(bad),
    ]
    for attempt in attempts:
        with pytest.raises(NotFoundError):
            attempt()
    assert tree(tmp_path) == before


def test_an_unknown_good_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.load("deadbeef")
    assert not store.path_of("deadbeef").exists()


@pytest.mark.parametrize("bad", ["abc\n", "deadbeef\n"])
def test_an_id_with_a_trailing_newline_is_refused(store: Store, bad: str) -> None:
    with pytest.raises(NotFoundError):
        store.path_of(bad)
    with pytest.raises(NotFoundError):
        store.create(Agreement(id=bad))
    assert list(store.agreements_dir.iterdir()) == []


def test_an_unchanged_file_is_not_decoded_again_and_a_changed_one_is(tmp_path, monkeypatch):
    from mentortui.store import store as store_module

    mine, theirs = Store(tmp_path, user="ana"), Store(tmp_path, user="ben")
    created = mine.create(Agreement(title="One", mentee=Party("Ana"), mentor=Party("Ben")))
    first = mine.load(created.id)
    reads = []
    real_read = store_module.Store._read
    monkeypatch.setattr(store_module.Store, "_read", lambda self, path: reads.append(path) or real_read(self, path))
    assert mine.load(created.id) is first and reads == []
    theirs.save(first.edit(title="Two"), base=first)  # another writer
    reads.clear()
    assert mine.load(created.id).title == "Two" and len(reads) == 1


def test_an_agreement_file_reads_as_the_standard_library_reads_it(store: Store) -> None:
    """Agreement files are decoded by msgspec (twice as fast); what it refuses is read again by
    the standard library, so a hand-edited file is judged as before: its message names the line
    and column, and text the stricter decoder refuses (a lone surrogate) still opens."""
    agreement = store.create(sample_agreement(meetings=2).edit(title="Odd"))
    path = store.path_of(agreement.id)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Odd"', '"Odd \\ud800"'), encoding="utf-8")
    assert Store(store.data_dir).load(agreement.id).title == "Odd \ud800"
    path.write_text(text.replace('"Odd"', '"Odd",,'), encoding="utf-8")
    with pytest.raises(DamagedFileError) as refused:
        Store(store.data_dir).load(agreement.id)
    assert "line" in str(refused.value) and "column" in str(refused.value)
    path.write_text(text, encoding="utf-8")
    assert Store(store.data_dir).load(agreement.id) == store.load(agreement.id)
