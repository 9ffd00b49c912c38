"""Provides Store: the one small API through which everything reads and writes agreements.

Layout of a data directory (0700, files 0600):
    index.json               summaries of every agreement, for listing without opening each
    people.json              who may use mentortui: handle, name, role, SSH keys
    agreements/<id>.json     one TinyDB file per agreement: tables meta, agreement, meetings
    agreements/<id>.json.lock
    .tmp/, agreements/.tmp/  temp files of writes in progress (renamed into place)
    trash/<id>.<time>.json   deleted agreements, kept rather than destroyed

One file per agreement keeps every save small however many agreements there are: a save
rewrites only its own agreement, and the index only when a summary changes.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections import OrderedDict
from datetime import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from ..locations import private_dir
from ..model.agreement import EDITED_FIELDS, Agreement
from ..model.base import now
from ..model.hygiene import text_problems
from ..model.people import HANDLE
from ..model.codec import DecodeError, from_data, to_data
from ..model.lifecycle import closed_change
from ..model.meeting import Meeting
from ..model.merge import Conflict, merge
from ..model.summary import AgreementSummary, summarize
from . import schema
from .atomic import AtomicJSONStorage, TransactionStorage, remove_stale_temps
from .errors import ClosedError, ConflictError, DamagedFileError, NotFoundError, RefusedTextError
from .lock import locked
from .people import PeopleRegistry

_META_FIELDS = ("revision", "updated_at", "updated_by")
_ID = re.compile(r"[0-9a-z][0-9a-z_-]{0,63}")


@dataclasses.dataclass
class _Loaded:
    agreement: Agreement
    meta: dict[str, Any]
    tx: TransactionStorage


#: How many decoded agreements a store keeps for loads of unchanged files.
DECODED_KEPT = 8


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _database(tx: TransactionStorage) -> TinyDB:
    return TinyDB(storage=lambda: tx)


class Store:
    """Agreements on disk, safe with several processes writing, never losing a save."""

    def __init__(self, data_dir: Path, user: str = "", lock_timeout: float = 5.0) -> None:
        self.data_dir = private_dir(Path(data_dir))
        self.agreements_dir = private_dir(self.data_dir / "agreements")
        self.trash_dir = private_dir(self.data_dir / "trash")
        self.index_path = self.data_dir / "index.json"
        #: Agreements decoded lately, by file, with the file's stamp when read.
        self._decoded: OrderedDict[Path, tuple[tuple[int, int, int], Agreement]] = OrderedDict()
        self._decoded_lock = threading.Lock()
        #: Who may use mentortui (people.json).
        self.people = PeopleRegistry(self.data_dir / "people.json", lock_timeout)
        self.user = user
        self.lock_timeout = lock_timeout
        #: Things the store recovered from that a person should hear about.
        self.warnings: list[str] = []
        #: The stamp of each agreement file as this store last wrote it (taken under the lock).
        self._written: dict[str, tuple[int, int, int] | None] = {}

    # -- reading ---------------------------------------------------------------------------

    def path_of(self, agreement_id: str) -> Path:
        """The file of an agreement (NotFoundError for ids that cannot be ours)."""
        if not _ID.fullmatch(agreement_id):
            raise NotFoundError(agreement_id)
        return self.agreements_dir / f"{agreement_id}.json"

    def _read(self, path: Path) -> _Loaded | None:
        tx = TransactionStorage(AtomicJSONStorage(path))
        if tx.data is None:
            return None
        tx.data = schema.upgrade(tx.data, path, schema.AGREEMENT_FILE)
        db = _database(tx)
        meta = db.table(schema.META).get(doc_id=1)
        record = db.table("agreement").get(doc_id=1)
        if record is None:
            raise DamagedFileError(path, "no agreement in it")
        if not isinstance(meta.get("revision"), int) or not isinstance(meta.get("changes"), dict):
            raise DamagedFileError(path, "its revision record is incomplete")
        try:
            agreement = from_data(Agreement, dict(record), "agreement")
            meetings = tuple(
                from_data(Meeting, dict(doc), f"meetings[{doc.doc_id}]")
                for doc in db.table("meetings").all()
            )
        except DecodeError as error:
            raise DamagedFileError(path, str(error)) from None
        try:
            stamp = from_data(datetime | None, meta.get("updated_at"), "meta.updated_at")
        except DecodeError as error:
            raise DamagedFileError(path, str(error)) from None
        agreement = agreement.edit(
            meetings=meetings,
            revision=meta["revision"],
            updated_at=stamp,
            updated_by=str(meta.get("updated_by", "")),
        )
        return _Loaded(agreement, dict(meta), tx)

    def stamp(self, agreement_id: str) -> tuple[int, int, int] | None:
        """(mtime_ns, size, inode) of an agreement's file: changes whenever anyone saves it."""
        return _stamp(self.path_of(agreement_id))

    def exports_dir(self, handle: str) -> Path:
        """The owner-only folder inside the data dir where a served person's exports are kept."""
        if not HANDLE.fullmatch(handle):
            raise ValueError(f"not a handle: {handle!r}")
        return private_dir(private_dir(self.data_dir / "exports") / handle)

    def written_stamp(self, agreement_id: str) -> tuple[int, int, int] | None:
        """The file's stamp right after this store's last write of it (None if it never wrote it).

        Taken while the lock was held, so a screen can tell its own save from someone else's.
        """
        return self._written.get(agreement_id)

    def index_stamp(self) -> tuple[int, int, int] | None:
        """The same for the index, which changes when the list of agreements does."""
        return _stamp(self.index_path)

    def load(self, agreement_id: str) -> Agreement:
        """The agreement as it is on disk now.

        Decoding a large agreement is the dearest part of opening a screen, and every screen
        loads the one agreement the last screen had: an unchanged file (same mtime, size and
        inode; every save renames a new file into place) is not decoded again.
        """
        path = self.path_of(agreement_id)
        stamp = _stamp(path)
        with self._decoded_lock:
            cached = self._decoded.get(path)
            if cached is not None and stamp is not None and cached[0] == stamp:
                self._decoded.move_to_end(path)
                return cached[1]
        loaded = self._read(path)
        if loaded is None:
            raise NotFoundError(agreement_id)
        if stamp is not None:  # taken before the read: a file changed since reads afresh
            with self._decoded_lock:
                self._decoded[path] = (stamp, loaded.agreement)
                while len(self._decoded) > DECODED_KEPT:
                    self._decoded.popitem(last=False)
        return loaded.agreement

    # -- writing ---------------------------------------------------------------------------

    def _write(self, tx: TransactionStorage, agreement: Agreement, meta: dict[str, Any]) -> None:
        data = to_data(agreement)
        meetings = data.pop("meetings")
        for name in _META_FIELDS:  # kept in the meta record
            data.pop(name)
        db = _database(tx)
        db.table(schema.META).upsert(Document(meta, doc_id=1))
        db.table("agreement").upsert(Document(data, doc_id=1))
        table = db.table("meetings")
        table.truncate()
        table.insert_multiple(meetings)
        tx.commit()

    def create(self, agreement: Agreement) -> Agreement:
        """Store a new agreement; returns it at revision 1."""
        path = self.path_of(agreement.id)
        with locked(path, self.lock_timeout):
            if path.exists():
                raise DamagedFileError(path, "an agreement with this id already exists")
            if problems := text_problems(agreement):
                raise RefusedTextError(problems)
            stamp = now()
            created = agreement.edit(
                revision=1, created_at=agreement.created_at or stamp, updated_at=stamp,
                updated_by=self.user,
            )
            meta = schema.new_meta(
                schema.AGREEMENT_FILE, id=created.id, revision=1,
                updated_at=stamp.isoformat(), updated_by=self.user, changes={},
            )
            self._write(TransactionStorage(AtomicJSONStorage(path)), created, meta)
            self._written[created.id] = _stamp(path)
        self._index_put(summarize(created))
        return created

    def save(
        self, agreement: Agreement, base: Agreement | None = None, timeout: float | None = None
    ) -> Agreement:
        """Save an edited agreement; returns it as stored, at its new revision.

        ``base`` is the copy the edit started from. Fields someone else changed meanwhile
        are merged in; a field both changed differently raises ConflictError and nothing is
        written. Without ``base``, any field changed by someone else since the agreement's
        revision that this copy holds differently is a conflict. ``timeout`` is how long to
        wait for the lock (default: the store's).
        """
        path = self.path_of(agreement.id)
        with locked(path, self.lock_timeout if timeout is None else timeout):
            loaded = self._read(path)
            if loaded is None:
                raise NotFoundError(agreement.id)
            current, meta = loaded.agreement, loaded.meta
            if agreement.revision == current.revision:
                merged, conflicts = agreement, []
            elif base is not None:
                merged, conflicts = merge(base, current, agreement)
            else:
                merged, conflicts = self._merge_by_revision(current, agreement, meta)
            if conflicts:
                raise ConflictError(agreement.id, conflicts, self._who(meta, current), current.revision)
            stored = self._commit(loaded, merged)
        if summarize(stored) != summarize(current):
            self._index_put(summarize(stored))
        return stored

    def update(self, agreement_id: str, change: Callable[[Agreement], Agreement]) -> Agreement:
        """Apply ``change`` to the agreement as it is on disk now, under the lock.

        For append-style edits (a note, a progress entry) that cannot conflict.
        """
        path = self.path_of(agreement_id)
        with locked(path, self.lock_timeout):
            loaded = self._read(path)
            if loaded is None:
                raise NotFoundError(agreement_id)
            stored = self._commit(loaded, change(loaded.agreement))
        if summarize(stored) != summarize(loaded.agreement):
            self._index_put(summarize(stored))
        return stored

    @staticmethod
    def _who(meta: dict[str, Any], current: Agreement) -> dict[str, tuple[str, datetime | None]]:
        """Who last changed each field, from the file's change records."""
        who = {}
        for name in EDITED_FIELDS:
            record = meta["changes"].get(name)
            if record:
                at = record.get("at")
                who[name] = (record.get("by", ""), datetime.fromisoformat(at) if at else None)
            else:
                who[name] = (current.updated_by, current.updated_at)
        return who

    def _merge_by_revision(
        self, current: Agreement, mine: Agreement, meta: dict[str, Any]
    ) -> tuple[Agreement, list[Conflict]]:
        conflicts, changes = [], {}
        for name in EDITED_FIELDS:
            theirs, my = getattr(current, name), getattr(mine, name)
            if theirs == my:
                continue
            if meta["changes"].get(name, {}).get("revision", 0) > mine.revision:
                conflicts.append(Conflict(name, None, None, theirs, my))
            else:
                changes[name] = my
        return current.edit(**changes), conflicts

    def _commit(self, loaded: _Loaded, merged: Agreement) -> Agreement:
        current, meta = loaded.agreement, loaded.meta
        refused = closed_change(current, merged)
        if refused:
            raise ClosedError(refused)
        if problems := text_problems(merged, before=current):
            raise RefusedTextError(problems)
        changed = [n for n in EDITED_FIELDS if getattr(merged, n) != getattr(current, n)]
        if not changed:
            return current
        stamp = now()
        revision = current.revision + 1
        for name in changed:
            meta["changes"][name] = {"revision": revision, "by": self.user, "at": stamp.isoformat()}
        meta.update(revision=revision, updated_at=stamp.isoformat(), updated_by=self.user)
        stored = merged.edit(
            id=current.id, created_at=current.created_at, revision=revision,
            updated_at=stamp, updated_by=self.user,
        )
        remove_stale_temps(loaded.tx.storage.path)
        self._write(loaded.tx, stored, meta)
        self._written[stored.id] = _stamp(loaded.tx.storage.path)
        return stored

    def delete(self, agreement_id: str) -> Path:
        """Move an agreement to the trash folder; returns where it went."""
        path = self.path_of(agreement_id)
        with locked(path, self.lock_timeout):
            if self._read(path) is None:
                raise NotFoundError(agreement_id)
            target = self.trash_dir / f"{agreement_id}.{now():%Y%m%dT%H%M%S%f}.json"
            path.replace(target)
        self._index_remove(agreement_id)
        return target

    # -- the index -------------------------------------------------------------------------

    def list_agreements(self) -> list[AgreementSummary]:
        """Summaries of every agreement, by title."""
        try:
            data = AtomicJSONStorage(self.index_path).read()
            if data is not None:
                data = schema.upgrade(data, self.index_path, schema.INDEX_FILE)
        except DamagedFileError as error:
            data = None
            with locked(self.index_path, self.lock_timeout):
                if self.index_path.exists():
                    aside = self.index_path.with_name(f"index.json.damaged-{now():%Y%m%dT%H%M%S%f}")
                    self.index_path.replace(aside)
                    self.warnings.append(f"{error.reason} in the index; kept as {aside.name}, rebuilt")
        if data is None:
            return self.reindex()
        summaries = []
        for doc in data.get("agreements", {}).values():
            try:
                summaries.append(from_data(AgreementSummary, doc))
            except DecodeError:
                return self.reindex()
        return sorted(summaries, key=lambda s: (s.title.casefold(), s.id))

    def reindex(self) -> list[AgreementSummary]:
        """Rebuild the index from the agreement files; damaged files are reported, not touched."""
        summaries = []
        for path in sorted(self.agreements_dir.glob("*.json")):
            try:
                loaded = self._read(path)
            except DamagedFileError as error:
                self.warnings.append(str(error))
                continue
            if loaded is not None:
                summaries.append(summarize(loaded.agreement))
        with locked(self.index_path, self.lock_timeout):
            tx = TransactionStorage(_EmptyStorage(self.index_path))
            db = _database(tx)
            db.table(schema.META).insert(schema.new_meta(schema.INDEX_FILE))
            db.table("agreements").insert_multiple(to_data(s) for s in summaries)
            remove_stale_temps(self.index_path)
            tx.commit()
        return sorted(summaries, key=lambda s: (s.title.casefold(), s.id))

    def _index_change(self, change: Callable[[TinyDB], None]) -> None:
        with locked(self.index_path, self.lock_timeout):
            try:
                tx = TransactionStorage(AtomicJSONStorage(self.index_path))
                if tx.data is None:
                    tx.data = {schema.META: {"1": schema.new_meta(schema.INDEX_FILE)}}
                tx.data = schema.upgrade(tx.data, self.index_path, schema.INDEX_FILE)
            except DamagedFileError:
                return  # left as it is; the next listing sets it aside and rebuilds it
            change(_database(tx))
            remove_stale_temps(self.index_path)
            tx.commit()

    def _index_put(self, summary: AgreementSummary) -> None:
        self._index_change(
            lambda db: db.table("agreements").upsert(to_data(summary), Query().id == summary.id)
        )

    def _index_remove(self, agreement_id: str) -> None:
        self._index_change(lambda db: db.table("agreements").remove(Query().id == agreement_id))


class _EmptyStorage(AtomicJSONStorage):
    """An atomic storage that starts empty, to replace a file wholesale."""

    def read(self) -> None:
        return None
