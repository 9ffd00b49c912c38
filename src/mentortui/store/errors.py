"""Provides the errors the store raises, each worded for the person at the keyboard."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

from ..model.agreement import field_label
from ..model.errors import FieldProblem, ValidationError
from ..model.merge import Conflict


class StoreError(Exception):
    """Anything the store could not do; the message is fit to show a user."""


class DamagedFileError(StoreError):
    """A data file is not valid JSON, or not ours; it is left exactly as it is."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path} cannot be read ({reason}). It has been left untouched; restore it from a backup or move it aside."
        )


class FileAccessError(StoreError):
    """The system refused to read or write a data file or folder; the message says what to do.

    Disk full, permission denied, a folder where a file should be: each is a sentence naming
    the path, never a traceback.
    """

    def __init__(self, path: Path | str, error: OSError, writing: bool | None = False) -> None:
        self.path = Path(path)
        self.error = error
        self.writing = writing
        self.reason = os_reason(error)
        #: The same in a few words, for a status line of 80 columns: the file's name, not its path.
        name = self.path.name if not self.path.name.startswith(".") else f"{self.path.parent.name}/{self.path.name}"
        self.short = f"{name}: {self.reason}; {os_brief(error)}"
        doing = {True: "written", False: "read", None: "used"}[writing]
        super().__init__(f"{self.path} could not be {doing}: {self.reason}; {os_advice(error, writing)}")


def os_reason(error: OSError) -> str:
    """What went wrong, in words (the system's own, lower-cased)."""
    if isinstance(error, IsADirectoryError):
        return "it is a folder, where mentortui keeps a file"
    if isinstance(error, NotADirectoryError):
        return "a file is where mentortui keeps a folder"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def os_brief(error: OSError) -> str:
    """What to do, in two or three words."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "check owner and mode"
    if error.errno == errno.EROFS:
        return "ask whoever runs the host"
    if isinstance(error, (IsADirectoryError, NotADirectoryError)):
        return "move it aside"
    return "tell whoever runs mentortui"


def os_advice(error: OSError, writing: bool | None) -> str:
    """What the person (or whoever runs mentortui) can do about it."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space on the disk (nothing already saved was changed)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return (
            "the data must belong to the account that runs mentortui (chown it; chmod 600 for files, 700 for folders)"
        )
    if error.errno == errno.EROFS:
        return "the disk is mounted read-only; ask whoever runs the host"
    if isinstance(error, (IsADirectoryError, NotADirectoryError)):
        return "move it aside"
    return "tell whoever runs mentortui" if writing else "check the file, or restore it from a backup"


class NewerSchemaError(DamagedFileError):
    """A data file was written by a newer mentortui than this one."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(path, f"schema version {found}; this mentortui reads up to {supported}")


class NotFoundError(StoreError, KeyError):
    """No agreement (or person) has that id."""

    def __init__(self, agreement_id: str, what: str = "agreement") -> None:
        self.agreement_id = agreement_id
        super().__init__(f"no {what} with {'handle' if what == 'person' else 'id'} {agreement_id!r}")

    def __str__(self) -> str:
        return str(self.args[0])  # the message alone, not KeyError's repr of it


class LockTimeoutError(StoreError):
    """Another writer held the lock for too long."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path = path
        super().__init__(f"{path.name} is busy: another save did not finish within {seconds:g} s")


class ClosedError(StoreError):
    """The agreement was completed or dissolved: it is read-only until someone reopens it."""


class NotAPartyError(StoreError):
    """The person saving is not a party to the agreement on disk, or would not be to what they
    save (nothing was written); ``removed``: the one on disk no longer names them."""

    def __init__(self, message: str, removed: bool) -> None:
        self.removed = removed
        super().__init__(message)


class ConflictError(StoreError):
    """Someone else changed the same thing since this copy was loaded; nothing was saved."""

    def __init__(
        self,
        agreement_id: str,
        conflicts: list[Conflict],
        changed_by: dict[str, tuple[str, datetime | None]],
        revision: int,
    ) -> None:
        self.agreement_id = agreement_id
        self.conflicts = conflicts
        #: Who last changed each conflicting field, and when.
        self.changed_by = changed_by
        self.revision = revision
        parts = []
        for conflict in conflicts:
            by, at = changed_by.get(top_field(conflict.field), ("someone", None))
            when = f" at {at.astimezone():%H:%M}" if at else ""
            part = f"{by or 'someone'} changed {field_label(top_field(conflict.field))}{when}"
            if part not in parts:
                parts.append(part)
        super().__init__("; ".join(parts) + f" (now revision {revision}); your changes there were not saved")


def top_field(path: str) -> str:
    """The agreement field a path is in: ``mentee.name`` → ``mentee``."""
    return path.split(".", 1)[0].split("[", 1)[0]


class RefusedTextError(StoreError, ValidationError):
    """What was to be saved breaks the text rule (a control character, too long, too many)."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        ValidationError.__init__(self, problems)

    def __str__(self) -> str:
        first = self.problems[0]
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        return f"{first.path}: {first.message}{more}"
