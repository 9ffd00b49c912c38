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

import base64
import dataclasses
import json
import os
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from ..locations import private_dir, tighten
from ..model.agreement import EDITED_FIELDS, Agreement
from ..model.base import now
from ..model.codec import DecodeError, from_data, from_json, to_compact_data, to_data
from ..model.hygiene import text_problems
from ..model.lifecycle import closed_change
from ..model.meeting import Meeting
from ..model.merge import Conflict, merge
from ..model.people import HANDLE, Viewer
from ..model.programme import with_defaults
from ..model.summary import AgreementSummary, Digest, fresh_data_at, freshness_fields, summarize
from . import schema
from .atomic import FILE_MODE, AtomicJSONStorage, TransactionStorage, read_json, remove_stale_temps
from .errors import (
    ClosedError,
    ConflictError,
    DamagedFileError,
    FileAccessError,
    NewerSchemaError,
    NotAPartyError,
    NotFoundError,
    RefusedTextError,
    StoreError,
)
from .lock import locked
from .people import PeopleRegistry
from .programme import ProgrammeFile

_META_FIELDS = ("revision", "updated_at", "updated_by")
_ID = re.compile(r"[0-9a-z][0-9a-z_-]{0,63}")


@dataclasses.dataclass
class _Loaded:
    agreement: Agreement
    meta: dict[str, Any]
    tx: TransactionStorage


#: How many decoded agreements a store keeps for loads of unchanged files.
DECODED_KEPT = 8


#: What identifies a file's state: modified and changed times (a chmod changes the second),
#: size, inode (an atomic write makes a new one).
Stamp = tuple[int, int, int, int]


def _of(info: os.stat_result) -> Stamp:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def _stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return _of(info)


def _database(tx: TransactionStorage) -> TinyDB:
    return TinyDB(storage=lambda: tx)


class Store:
    """Agreements on disk, safe with several processes writing, never losing a save."""

    def __init__(self, data_dir: Path, user: str = "", lock_timeout: float = 5.0) -> None:
        #: Things the store recovered from that a person should hear about (a damaged index
        #: set aside, a mode tightened): said once, then cleared by whoever said them.
        self.warnings: list[str] = []
        report = self.warnings.append
        try:
            self.data_dir = private_dir(Path(data_dir), report)
            self.agreements_dir = private_dir(self.data_dir / "agreements", report)
            self.trash_dir = private_dir(self.data_dir / "trash", report)
            for name in ("index.json", "people.json", "index.json.lock", "people.json.lock"):
                tighten(self.data_dir / name, FILE_MODE, report)
        except OSError as error:
            raise FileAccessError(getattr(error, "filename", None) or data_dir, error, writing=True) from error
        self.index_path = self.data_dir / "index.json"
        #: Agreements decoded lately, by file, with the file's stamp when read.
        self._decoded: OrderedDict[Path, tuple[Stamp, Agreement]] = OrderedDict()
        self._decoded_lock = threading.Lock()
        #: Who may use mentortui (people.json).
        self.people = PeopleRegistry(self.data_dir / "people.json", lock_timeout)
        #: The programme's defaults, which every new agreement starts from.
        self.programme = ProgrammeFile(self.data_dir / "programme.json", lock_timeout)
        self.user = user
        self.lock_timeout = lock_timeout
        #: The stamp of each agreement file as this store last wrote it (taken under the lock).
        self._written: dict[str, Stamp | None] = {}
        self._listing = threading.local()  # each thread's last listing, for listed_stamp

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
        if meta is None or not isinstance(meta.get("revision"), int) or not isinstance(meta.get("changes"), dict):
            raise DamagedFileError(path, "its revision record is incomplete")
        try:
            agreement = from_data(Agreement, dict(record), "agreement")
            meetings = tuple(
                from_data(Meeting, dict(doc), f"meetings[{doc.doc_id}]") for doc in db.table("meetings").all()
            )
        except DecodeError as error:
            raise DamagedFileError(path, str(error)) from None
        raw_stamp = meta.get("updated_at")
        try:
            stamp = None if raw_stamp is None else from_data(datetime, raw_stamp, "meta.updated_at")
        except DecodeError as error:
            raise DamagedFileError(path, str(error)) from None
        agreement = agreement.edit(
            meetings=meetings,
            revision=meta["revision"],
            updated_at=stamp,
            updated_by=str(meta.get("updated_by", "")),
        )
        return _Loaded(agreement, dict(meta), tx)

    def stamp(self, agreement_id: str) -> Stamp | None:
        """(mtime_ns, size, inode) of an agreement's file: changes whenever anyone saves it."""
        return _stamp(self.path_of(agreement_id))

    def exports_dir(self, handle: str) -> Path:
        """The owner-only folder inside the data dir where a served person's exports are kept."""
        if not HANDLE.fullmatch(handle):
            raise ValueError(f"not a handle: {handle!r}")
        return private_dir(private_dir(self.data_dir / "exports") / handle)

    def written_stamp(self, agreement_id: str) -> Stamp | None:
        """The file's stamp right after this store's last write of it (None if it never wrote it).

        Taken while the lock was held, so a screen can tell its own save from someone else's.
        """
        return self._written.get(agreement_id)

    def index_stamp(self) -> Stamp | None:
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

    def create(self, agreement: Agreement, restored: bool = False) -> Agreement:
        """Store a new agreement; returns it at revision 1.

        ``restored`` (an import of an export) keeps its revision and who saved it last, when,
        so that it exports again exactly as it was exported.
        """
        path = self.path_of(agreement.id)
        with locked(path, self.lock_timeout):
            if path.exists():
                raise DamagedFileError(path, "an agreement with this id already exists")
            stamp = now()
            if restored:
                updated_at = agreement.updated_at or stamp
                created = agreement.edit(
                    revision=max(agreement.revision, 1),
                    created_at=agreement.created_at or stamp,
                    updated_at=updated_at,
                    updated_by=agreement.updated_by,
                )
            else:
                updated_at = stamp
                created = with_defaults(agreement, self.programme.defaults()).edit(
                    revision=1,
                    created_at=agreement.created_at or stamp,
                    updated_at=updated_at,
                    updated_by=self.user,
                )
            if problems := text_problems(created):  # the programme's defaults included
                raise RefusedTextError(problems)
            if not restored:
                self._check_writer(None, created)
            meta = schema.new_meta(
                schema.AGREEMENT_FILE,
                id=created.id,
                revision=created.revision,
                updated_at=updated_at.isoformat(),
                updated_by=created.updated_by,
                changes={},
            )
            self._write(TransactionStorage(AtomicJSONStorage(path)), created, meta)
            self._written[created.id] = _stamp(path)
        # Created once its file is there: the index is a cache that listing reconciles, so
        # a busy index lock (or a kill right here) cannot hide it.
        self._index_put(summarize(created), self._written[created.id])
        return created

    def save(self, agreement: Agreement, base: Agreement | None = None, timeout: float | None = None) -> Agreement:
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
            conflicts: list[Conflict]
            if agreement.revision == current.revision:
                merged, conflicts = agreement, []
            elif base is not None:
                merged, conflicts = merge(base, current, agreement)
            else:
                merged, conflicts = self._merge_by_revision(current, agreement, meta)
            if conflicts:
                raise ConflictError(agreement.id, conflicts, self._who(meta, current), current.revision)
            stored = self._commit(loaded, merged)
        self._index_if_changed(stored, current)
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
        self._index_if_changed(stored, loaded.agreement)
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

    def writer(self) -> Viewer | None:
        """Who is saving, as the people registry has them now; None when the store was not
        told (``user``), and so holds nobody to the parties rule."""
        return self.people.viewer(self.user) if self.user else None

    def _check_writer(self, before: Agreement | None, after: Agreement) -> None:
        """NotAPartyError when the person saving may not save ``after`` over ``before``:
        a non-coordinator saves only agreements they are a party to, on disk and as saved."""
        writer = self.writer()
        if writer is not None and (problem := writer.save_problem(before, after)):
            raise NotAPartyError(problem, removed=before is not None and not writer.is_party(before))

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
        self._check_writer(current, merged)
        stamp = now()
        revision = current.revision + 1
        for name in changed:
            meta["changes"][name] = {"revision": revision, "by": self.user, "at": stamp.isoformat()}
        meta.update(revision=revision, updated_at=stamp.isoformat(), updated_by=self.user)
        stored = merged.edit(
            id=current.id,
            created_at=current.created_at,
            revision=revision,
            updated_at=stamp,
            updated_by=self.user,
        )
        remove_stale_temps(loaded.tx.storage.path)
        self._write(loaded.tx, stored, meta)
        self._written[stored.id] = _stamp(loaded.tx.storage.path)
        return stored

    def delete(self, agreement_id: str) -> Path:
        """Move an agreement to the trash folder; returns where it went.

        Its lock and any temp file a killed writer left go with it; `restore` brings it back.
        """
        path = self.path_of(agreement_id)
        with locked(path, self.lock_timeout, unlink=True):
            if self._read(path) is None:
                raise NotFoundError(agreement_id)
            target = self.trash_dir / f"{agreement_id}.{now():%Y%m%dT%H%M%S%f}.json"
            try:
                path.replace(target)
            except OSError as error:
                raise FileAccessError(path, error, writing=True) from error
            remove_stale_temps(path)
        self._written.pop(agreement_id, None)
        self._index_remove(agreement_id)
        return target

    # -- the trash -------------------------------------------------------------------------

    def trash(self) -> list[TrashItem]:
        """Every deleted agreement kept in the trash, the latest deleted first."""
        items = []
        for path in self.trash_dir.glob("*.json"):
            parts = path.name.rsplit(".", 2)
            if len(parts) != 3 or not _ID.fullmatch(parts[0]):
                continue
            try:
                deleted_at = datetime.strptime(parts[1], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
            except ValueError:
                continue
            tighten(path, FILE_MODE, self.warnings.append)
            try:
                loaded = self._read(path)
                summary = summarize(loaded.agreement) if loaded else _damaged(parts[0], path, "empty")
            except (DamagedFileError, FileAccessError) as error:
                summary = _damaged(parts[0], path, error.reason)
            items.append(TrashItem(path.name, parts[0], deleted_at, summary))
        return sorted(items, key=lambda item: item.deleted_at, reverse=True)

    def restore(self, which: str) -> AgreementSummary:
        """Put a deleted agreement back in the list: ``which`` is its id (the latest deleted
        copy) or a trash file's name. A live agreement with that id is never overwritten."""
        items = [i for i in self.trash() if which in (i.agreement_id, i.name)]
        if not items:
            raise NotFoundError(which, "deleted agreement")
        item = items[0]
        if item.summary.damaged:
            raise DamagedFileError(self.trash_dir / item.name, item.summary.damaged)
        path = self.path_of(item.agreement_id)
        with locked(path, self.lock_timeout):
            try:
                os.link(self.trash_dir / item.name, path)  # fails if the id is live: never overwrites
            except FileExistsError:
                raise StoreError(
                    f"an agreement with id {item.agreement_id!r} is in the list already, so the "
                    "deleted copy was left in the trash; delete or rename the live one first"
                ) from None
            except OSError as error:
                raise FileAccessError(path, error, writing=True) from error
            (self.trash_dir / item.name).unlink()
            self._written[item.agreement_id] = _stamp(path)
        self._index_put(item.summary, self._written[item.agreement_id])
        return item.summary

    def purge(self, older_than: timedelta) -> list[TrashItem]:
        """Remove for good what was deleted longer ago than ``older_than``; returns what went."""
        cutoff = now() - older_than
        gone = []
        for item in self.trash():
            if item.deleted_at < cutoff:
                try:
                    (self.trash_dir / item.name).unlink()
                except FileNotFoundError:
                    continue
                except OSError as error:
                    raise FileAccessError(self.trash_dir / item.name, error, writing=True) from error
                gone.append(item)
        return gone

    # -- the index: a cache of summaries, checked against the files at every listing --------

    def list_agreements(
        self,
        at: datetime | None = None,
        party: str | None = None,
        digests: bool = True,
        digests_later: bool = False,
    ) -> list[AgreementSummary]:
        """Summaries of every agreement file, by title, their digests right as of ``at``
        (default: now); with ``party``, only the agreements that handle is a party to.

        The index is a cache, never the truth: each entry keeps the stamp of the file it was
        made from, and every listing compares those with the files in agreements/ (one stat
        each, no decoding). A file the index lacks, that changed, or whose digest is stale at
        ``at`` is read; an entry whose file is gone drops out; a file that cannot be read is
        listed as damaged, naming it and why. What changed is written back when the index's
        lock is free. Entries of agreements ``party`` is not in are not even decoded; without
        ``digests`` (a plain listing) the summaries come without them, never stale.

        With ``digests_later`` the digests are checked as fresh but not decoded (most of a
        listing's time with 2,000 agreements): `with_digests` decodes those of the rows to
        show first, then the rest, from what this thread's listing kept.
        """
        at = now() if at is None else at
        index = self.index_stamp()  # before reading: a change after it shows as a new stamp
        self._listing.digests = {}
        try:
            return self._reconcile(
                self._read_index(), at, party=party, digests=digests, index=index, later=digests_later
            )
        except DecodeError as error:  # an entry of the index is not a summary
            self._set_index_aside(f"an entry is wrong: {error}")
            self._listing.digests = {}
            return self._reconcile({}, at, party=party, digests=digests, index=index)

    def with_digests(self, summaries: list[AgreementSummary]) -> list[AgreementSummary]:
        """``summaries`` from this thread's last ``digests_later`` listing, with their digests."""
        kept = getattr(self._listing, "digests", {})
        done = []
        for summary in summaries:
            raw = kept.get(summary.id) if summary.digest is None else None
            if raw is not None:
                try:
                    summary = summary.edit(digest=_digest_of(raw))
                except DecodeError:
                    summary = summary.edit(digest=None)  # stale: the dashboard says so
            done.append(summary)
        return done

    def reindex(self) -> list[AgreementSummary]:
        """Rebuild the index from the agreement files; damaged files are listed, not touched."""
        return self._reconcile({}, now(), write=True)

    def kept_listing(self) -> tuple[tuple[object, ...], dict[str, Any]]:
        """What this thread's last listing keeps for later: its stamp and the digests it did
        not decode (see `with_digests`); `adopt_listing` gives them to another thread."""
        return self.listed_stamp, dict(getattr(self._listing, "digests", {}))

    def adopt_listing(self, stamp: tuple[object, ...], digests: dict[str, Any]) -> None:
        """Make a listing made elsewhere (mentortui.store.prefetch) this thread's last one."""
        self._listing.stamp = stamp
        self._listing.digests = dict(digests)

    @property
    def listed_stamp(self) -> tuple[object, ...]:
        """What list_stamp would have said just before this thread's last listing read the
        files: a listing and its stamp in one scan of the folder."""
        return getattr(self._listing, "stamp", ())

    def list_stamp(self) -> tuple[object, ...]:
        """Changes when the list may have: the index, or any agreement file (one stat each).
        A listing leaves the stamp it was made from in ``listed_stamp``."""
        index = self.index_stamp()  # first, as a listing takes it
        try:
            return _list_stamp(index, self._agreement_files())
        except StoreError:
            return (index, frozenset())

    def _agreement_files(self) -> dict[str, tuple[str, Stamp]]:
        files = {}
        try:
            entries = list(os.scandir(self.agreements_dir))
        except OSError as error:
            raise FileAccessError(self.agreements_dir, error) from error
        for entry in entries:
            name = entry.name
            if not name.endswith(".json") or not _ID.fullmatch(name[:-5]):
                continue
            try:
                info = entry.stat()
            except FileNotFoundError:
                continue  # deleted meanwhile
            except OSError:
                info = None
            if info is not None and entry.is_file() and info.st_mode & 0o777 != FILE_MODE:
                tighten(Path(entry.path), FILE_MODE, self.warnings.append)
            stamp = _of(info) if info else (0, 0, 0, 0)
            files[name[:-5]] = (entry.path, stamp)  # a str: 2,000 Path objects cost 20 ms
        return files

    def _reconcile(
        self,
        cached: dict[str, tuple[dict[str, Any], Any]],
        at: datetime,
        write: bool = False,
        party: str | None = None,
        digests: bool = True,
        index: object = None,
        later: bool = False,
    ) -> list[AgreementSummary]:
        files = self._agreement_files()
        self._listing.stamp = _list_stamp(index, files)
        entries: dict[str, tuple[dict[str, Any], Any]] = {}
        listed: list[AgreementSummary] = []
        changed = write or set(cached) != set(files)
        for agreement_id, (path, stamp) in files.items():
            entry = cached.get(agreement_id)
            before = None
            if entry is not None and tuple(entry[1] or ()) == stamp:
                doc = entry[0]
                if party is not None and party not in (doc.get("mentee_handle"), doc.get("mentor_handle")):
                    entries[agreement_id] = entry  # not theirs, and unchanged: left as it is
                    continue
                if not digests:  # what a plain list shows: the digest is not even decoded
                    listed.append(from_data(AgreementSummary, {**doc, "digest": None}, "index entry"))
                    entries[agreement_id] = entry
                    continue
                if later and not doc.get("damaged") and fresh_data_at(_freshness(doc), at):
                    listed.append(from_data(AgreementSummary, {**doc, "digest": None}, "index entry"))
                    self._listing.digests[agreement_id] = doc["digest"]
                    entries[agreement_id] = entry
                    continue
                before = _summary_from_index(doc)
                if not _stale(before, at):
                    entries[agreement_id] = entry
                    listed.append(before)
                    continue
            elif entry is not None:
                try:
                    before = _summary_from_index(entry[0])
                except DecodeError:
                    before = None  # whom it was for is only a courtesy of a damaged row
            summary = self._summary_of(agreement_id, Path(path), before, at)
            entries[agreement_id] = (_index_doc(summary), stamp)
            changed = True
            if party is None or party in (summary.mentee_handle, summary.mentor_handle):
                listed.append(summary)
        if changed:
            self._write_index(entries)
        return sorted(listed, key=lambda s: (s.title.casefold(), s.id))

    def _summary_of(
        self, agreement_id: str, path: Path, before: AgreementSummary | None, at: datetime
    ) -> AgreementSummary:
        """The summary of one file, or a damaged row naming it (with whom it was for, if known)."""
        try:
            loaded = self._read(path)
        except (DamagedFileError, FileAccessError) as error:
            return _damaged(agreement_id, path, error.reason, before)
        if loaded is None:
            return _damaged(agreement_id, path, "it is gone or empty", before)
        return summarize(loaded.agreement, at)

    def _read_index(self) -> dict[str, tuple[dict[str, Any], Any]]:
        """The index's entries by id, each (summary as stored, file stamp); {} when it is
        missing or damaged (then it is set aside, kept, and the person is told)."""
        try:
            data = read_json(self.index_path, strict=True)  # only mentortui writes it
            if data is None:
                return {}
            data = schema.upgrade(data, self.index_path, schema.INDEX_FILE)
            entries = {}
            for doc in data.get("agreements", {}).values():
                if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
                    raise DecodeError(f"index entry: {str(doc)[:80]!r} is not a summary")
                stamp = doc.pop("stamp", None)  # the dict is this read's own: no copy
                entries[doc["id"]] = (doc, stamp)
            return entries
        except NewerSchemaError:
            raise
        except (DamagedFileError, FileAccessError, DecodeError) as error:
            reason = f"an entry is wrong: {error}" if isinstance(error, DecodeError) else error.reason
            self._set_index_aside(reason)
            return {}

    def _set_index_aside(self, reason: str) -> None:
        try:
            with locked(self.index_path, self.lock_timeout):
                if self.index_path.exists():
                    aside = self.index_path.with_name(f"index.json.damaged-{now():%Y%m%dT%H%M%S%f}")
                    self.index_path.replace(aside)
                    self.warnings.append(
                        f"the index could not be used ({reason}); it is kept as {aside.name} and was rebuilt"
                    )
        except (StoreError, OSError):
            pass  # left as it is: listing goes by the files anyway, and tries again next time

    def _write_index(self, entries: dict[str, tuple[dict[str, Any], Any]]) -> None:
        """Write the index as reconciled, if its lock is free now (it is only a cache)."""
        try:
            with locked(self.index_path, timeout=INDEX_WAIT):
                tx = TransactionStorage(_EmptyStorage(self.index_path))
                db = _database(tx)
                db.table(schema.META).insert(schema.new_meta(schema.INDEX_FILE))
                db.table("agreements").insert_multiple(
                    {**doc, "stamp": list(stamp) if stamp else None} for doc, stamp in entries.values()
                )
                remove_stale_temps(self.index_path)
                tx.commit()
        except (StoreError, OSError):
            pass  # busy or full: the next listing writes it

    def _index_change(self, change: Callable[[TinyDB], object]) -> None:
        """Change the index in place; it is a cache, so a busy lock or a full disk only means
        the next listing puts it right."""
        try:
            with locked(self.index_path, timeout=INDEX_WAIT):
                tx = TransactionStorage(AtomicJSONStorage(self.index_path))
                if tx.data is None:  # a new index: listing adds the files it lacks
                    tx.data = {schema.META: {"1": schema.new_meta(schema.INDEX_FILE)}}
                tx.data = schema.upgrade(tx.data, self.index_path, schema.INDEX_FILE)
                change(_database(tx))
                remove_stale_temps(self.index_path)
                tx.commit()
        except (StoreError, OSError):
            pass

    def _index_if_changed(self, stored: Agreement, before: Agreement) -> None:
        """Put the stored agreement's summary in the index when it differs from the one before
        (else the listing finds the file changed, and reads it)."""
        at = now()
        summary = summarize(stored, at)
        if stored is not before and not summary.same_as(summarize(before, at)):
            self._index_put(summary, self._written.get(stored.id))

    def _index_put(self, summary: AgreementSummary, stamp: Stamp | None) -> None:
        doc = {**_index_doc(summary), "stamp": list(stamp) if stamp else None}
        self._index_change(lambda db: db.table("agreements").upsert(doc, Query().id == summary.id))

    def _index_remove(self, agreement_id: str) -> None:
        self._index_change(lambda db: db.table("agreements").remove(Query().id == agreement_id))


#: How long a listing or a save waits for the index's lock before leaving the cache as it is.
INDEX_WAIT = 0.5


@dataclasses.dataclass(frozen=True)
class TrashItem:
    """A deleted agreement kept in the trash folder."""

    name: str
    agreement_id: str
    deleted_at: datetime
    summary: AgreementSummary


def _index_doc(summary: AgreementSummary) -> dict[str, Any]:
    """A summary as the index keeps it: its digest packed (JSON, deflated, in base64), unpacked
    only when shown, and beside it the few fields `fresh_data_at` reads. Reading a 2,000-entry
    index whose digests were JSON objects took 65 ms, as JSON text 39 ms (every quote escaped),
    packed 16 ms (the JSON scanner passes over a plain string; it builds every object)."""
    doc: dict[str, Any] = to_compact_data(summary)  # a record's data is an object
    digest = doc.get("digest")
    if isinstance(digest, dict):
        doc["fresh"] = freshness_fields(digest)
        packed = zlib.compress(json.dumps(digest, ensure_ascii=False, separators=(",", ":")).encode())
        doc["digest"] = base64.b64encode(packed).decode("ascii")
    return doc


def _unpacked(raw: str) -> bytes:
    """The JSON text of a packed digest."""
    try:
        return zlib.decompress(base64.b64decode(raw, validate=True))
    except (ValueError, zlib.error) as error:  # binascii.Error is a ValueError
        raise DecodeError(f"index entry: its digest cannot be unpacked ({error})") from error


def _digest_data(raw: Any) -> Any:
    """An index entry's digest as JSON data (an index written before digests were packed holds
    the data itself)."""
    return json.loads(_unpacked(raw)) if isinstance(raw, str) else raw


def _digest_of(raw: Any) -> Digest | None:
    """An index entry's digest, decoded."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return from_json(Digest, _unpacked(raw), "index entry")
    return from_data(Digest, raw, "index entry")


def _freshness(doc: dict[str, Any]) -> Any:
    """What `fresh_data_at` reads of an index entry's digest, without decoding the digest."""
    fresh = doc.get("fresh")
    return fresh if fresh is not None else _digest_data(doc.get("digest"))


def _summary_from_index(doc: dict[str, Any]) -> AgreementSummary:
    summary = from_data(AgreementSummary, {**doc, "digest": None}, "index entry")
    digest = _digest_of(doc.get("digest"))
    return summary if digest is None else summary.edit(digest=digest)


def _list_stamp(index: object, files: dict[str, tuple[str, Stamp]]) -> tuple[object, ...]:
    """The index's stamp and each agreement file's: what changes when the list may have."""
    return (index, frozenset((agreement_id, stamp) for agreement_id, (_, stamp) in files.items()))


def _stale(summary: AgreementSummary, at: datetime) -> bool:
    """True when a readable agreement's digest would give a wrong dashboard at ``at``."""
    return not summary.damaged and (summary.digest is None or not summary.digest.fresh_at(at))


def _damaged(agreement_id: str, path: Path, reason: str, before: AgreementSummary | None = None) -> AgreementSummary:
    """The row of an agreement whose file cannot be read: it names the file and why."""
    known = before if before is not None and not before.damaged else AgreementSummary()
    return known.edit(
        id=agreement_id,
        title=known.title or path.name,
        damaged=f"{path}: {reason}",
        digest=None,
    )


class _EmptyStorage(AtomicJSONStorage):
    """An atomic storage that starts empty, to replace a file wholesale."""

    def read(self) -> None:
        return None
