"""Provides PeopleRegistry: who may use mentortui, kept in people.json (atomic, locked)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tinydb import Query, TinyDB

from ..model.codec import DecodeError, from_data, to_data
from ..model.errors import FieldProblem, ValidationError
from ..model.people import Person, Viewer, check_person, parse_public_key
from . import schema
from .atomic import AtomicJSONStorage, TransactionStorage, remove_stale_temps
from .errors import DamagedFileError, NotFoundError
from .lock import locked


class PeopleRegistry:
    """The people registry: read afresh on every call, written under its lock."""

    def __init__(self, path: Path, lock_timeout: float = 5.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout

    def _open(self) -> tuple[TransactionStorage, TinyDB]:
        tx = TransactionStorage(AtomicJSONStorage(self.path))
        if tx.data is None:
            tx.data = {schema.META: {"1": schema.new_meta(schema.PEOPLE_FILE)}}
        tx.data = schema.upgrade(tx.data, self.path, schema.PEOPLE_FILE)
        return tx, TinyDB(storage=lambda: tx)

    def all(self) -> list[Person]:
        """Everyone registered, by handle."""
        _, db = self._open()
        try:
            people = [from_data(Person, dict(doc)) for doc in db.table("people").all()]
        except DecodeError as error:
            raise DamagedFileError(self.path, str(error)) from None
        return sorted(people, key=lambda p: p.handle)

    def viewer(self, handle: str, restricted: bool = False) -> Viewer:
        """Who ``handle`` is to the app: their record, and whether anyone is registered.

        Open mode (everyone sees everything while nobody is registered) is for one person on
        their own machine; ``restricted`` (a served session) never has it.
        """
        people = self.all()
        person = next((p for p in people if p.handle == handle), None)
        return Viewer(handle, person, open_mode=not people and not restricted)

    def get(self, handle: str) -> Person | None:
        """The person with this handle, if registered."""
        return next((p for p in self.all() if p.handle == handle), None)

    def by_key(self, key_type: str, blob: bytes) -> Person | None:
        """The person one of whose keys is this public key."""
        for person in self.all():
            for line in person.keys:
                if parse_public_key(line)[:2] == (key_type, blob):
                    return person
        return None

    def _change(self, change: Callable[[TinyDB], object]) -> None:
        with locked(self.path, self.lock_timeout):
            tx, db = self._open()
            change(db)
            remove_stale_temps(self.path)
            tx.commit()

    def put(self, person: Person) -> Person:
        """Add or replace a person (ValidationError listing every problem)."""
        person = person.edit(keys=tuple(dict.fromkeys(k.strip() for k in person.keys if k.strip())))
        problems = check_person(person)
        if problems:
            raise ValidationError(problems)
        mine = [parse_public_key(line)[:2] for line in person.keys]

        def change(db: TinyDB) -> None:
            # A key says who someone is (the SSH server finds the person by it): one key, one
            # person. Checked under the registry's lock, against what is stored now.
            held = self._key_holders(db, but=person.handle)
            taken = [
                FieldProblem(f"keys[{i}]", f"this key is already {held[key]}'s: a key belongs to one person")
                for i, key in enumerate(mine)
                if key in held
            ]
            if taken:
                raise ValidationError(taken)
            db.table("people").upsert(to_data(person), Query().handle == person.handle)

        self._change(change)
        return person

    @staticmethod
    def _key_holders(db: TinyDB, but: str) -> dict[tuple[str, bytes], str]:
        """(type, blob) of every stored key → its holder's handle, but ``but``'s own."""
        holders = {}
        for record in db.table("people").all():
            if record.get("handle") == but:
                continue
            for line in record.get("keys", ()):
                try:
                    holders[parse_public_key(line)[:2]] = str(record.get("handle"))
                except ValueError:
                    continue  # judged where it is read (`all` names a damaged record)
        return holders

    def remove(self, handle: str) -> None:
        """Remove a person (NotFoundError when not registered)."""
        if self.get(handle) is None:
            raise NotFoundError(handle, what="person")
        self._change(lambda db: db.table("people").remove(Query().handle == handle))
