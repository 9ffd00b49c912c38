"""Provides ProgrammeFile: the programme's defaults for new agreements, in programme.json
(atomic, locked, 0600), set by a coordinator."""

from __future__ import annotations

from pathlib import Path

from ..model.codec import DecodeError, from_data, to_data
from ..model.programme import ProgrammeDefaults
from . import schema
from .atomic import AtomicJSONStorage, TransactionStorage, remove_stale_temps
from .errors import DamagedFileError
from .lock import locked

PROGRAMME_FILE = "mentortui-programme"


class ProgrammeFile:
    """The defaults: read afresh on every call (none when there is no file), written whole."""

    def __init__(self, path: Path, lock_timeout: float = 5.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout

    def _open(self) -> tuple[TransactionStorage, schema.Data]:
        """The file's transaction and its data, upgraded (a new file's when there is none)."""
        tx = TransactionStorage(AtomicJSONStorage(self.path))
        data = tx.data
        if data is None:
            data = {schema.META: {"1": schema.new_meta(PROGRAMME_FILE)}, "defaults": {}}
        tx.data = data = schema.upgrade(data, self.path, PROGRAMME_FILE)
        return tx, data

    def defaults(self) -> ProgrammeDefaults:
        """The defaults now (the app's own when none were set)."""
        if not self.path.exists():
            return ProgrammeDefaults()
        _, data = self._open()
        record = data.get("defaults", {}).get("1")
        if record is None:
            return ProgrammeDefaults()
        try:
            return from_data(ProgrammeDefaults, record, "defaults")
        except DecodeError as error:
            raise DamagedFileError(self.path, str(error)) from None

    def put(self, defaults: ProgrammeDefaults) -> None:
        """Replace the defaults, under the file's lock."""
        with locked(self.path, self.lock_timeout):
            tx, data = self._open()
            tx.write({**data, "defaults": {"1": to_data(defaults)}})
            remove_stale_temps(self.path)
            tx.commit()
