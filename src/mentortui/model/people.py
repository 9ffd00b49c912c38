"""Provides people: who may use mentortui, with which role and SSH keys, and what each may see."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from enum import StrEnum

from .agreement import Agreement
from .base import Record
from .enums import Role
from .errors import FieldProblem
from .hygiene import text_problem
from .summary import AgreementSummary

HANDLE = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")
KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)


#: Why a save was refused: the agreement on disk no longer names the person saving.
NO_LONGER_A_PARTY = "You are no longer a party to this agreement: your changes were not saved."
#: Why a change of the parties' handles was refused: it would leave its maker out.
LEAVING_THE_AGREEMENT = "You can't take yourself off the agreement: ask a coordinator."
#: Why a change of the other party's handle was refused: it would take them off their own
#: agreement, or hand it to someone else.
CHANGING_THE_OTHER_PARTY = "You can't change who the other party is: ask a coordinator."
#: Why a new agreement was refused: it would not name the person making it.
NOT_ONE_OF_ITS_PARTIES = "You must be one of its parties: give your handle as the mentee's or the mentor's."


class PersonRole(StrEnum):
    """What a person is in the programme; coordinators see every agreement."""

    MENTEE = "mentee"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"


class Person(Record, frozen=True):
    """Someone who uses mentortui: a handle to log in as, a name, a role and SSH keys."""

    handle: str = ""
    name: str = ""
    role: PersonRole = PersonRole.MENTEE
    keys: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """People are identified by handle."""
        return self.handle

    def has_key(self, fingerprint: str) -> bool:
        """True when one of this person's keys has this SHA256 fingerprint."""
        for line in self.keys:
            try:
                if key_fingerprint(line) == fingerprint:
                    return True
            except ValueError:
                continue
        return False


#: What a public key line may not hold: line breaks and every other C0 or C1 control (tab aside).
_KEY_REFUSED = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def parse_public_key(line: str) -> tuple[str, bytes, str]:
    """An OpenSSH public key line as (type, key blob, comment); ValueError when it is not one.

    One line, with no control character: a line break in a key's comment would make the rest
    a line of its own wherever the key is written out (authorized_keys: a key with no forced
    command, a shell on the service account).
    """
    line = line.strip()
    if _KEY_REFUSED.search(line):
        raise ValueError("a key is one line with no control characters (one key per --key file or line)")
    parts = line.split(maxsplit=2)
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise ValueError("not an OpenSSH public key (expected e.g. 'ssh-ed25519 AAAA… comment')")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the key's base64 part is damaged") from None
    name = parts[0].encode()
    if blob[4 : 4 + len(name)] != name:
        raise ValueError("the key's type does not match its contents")
    return parts[0], blob, parts[2] if len(parts) == 3 else ""


def key_fingerprint(line: str) -> str:
    """A public key's SHA256 fingerprint as OpenSSH prints it ("SHA256:…"); ValueError if damaged."""
    digest = hashlib.sha256(parse_public_key(line)[1]).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def check_person(person: Person) -> list[FieldProblem]:
    """Problems with a person record, each naming its field."""
    problems = []
    if not HANDLE.fullmatch(person.handle):
        problems.append(
            FieldProblem("handle", "a handle is 1–32 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit")
        )
    if not person.name.strip():
        problems.append(FieldProblem("name", "a name is required"))
    elif message := text_problem(person.name):
        problems.append(FieldProblem("name", message))
    for i, key in enumerate(person.keys):
        try:
            parse_public_key(key)
        except ValueError as error:
            problems.append(FieldProblem(f"keys[{i}]", str(error)))
    return problems


class Viewer(Record, frozen=True):
    """Who is at the keyboard, and so which agreements they see.

    With nobody registered yet (a single user on their own machine) everything is visible;
    once people are registered, only they get in, and only to their own agreements.
    """

    handle: str
    person: Person | None = None
    open_mode: bool = True

    @property
    def admitted(self) -> bool:
        """False for someone not in the registry, once there is one."""
        return self.open_mode or self.person is not None

    @property
    def is_coordinator(self) -> bool:
        """Coordinators (and everyone, before anyone is registered) see all agreements."""
        return self.open_mode or (self.person is not None and self.person.role is PersonRole.COORDINATOR)

    def sign_problem(self, agreement: Agreement, role: Role) -> str:
        """Why this viewer may not sign as ``role`` ("" when they may).

        Once people are registered a signature is the linked person's own: nobody signs for
        the other party, and a coordinator signs for nobody.
        """
        if self.open_mode:
            return ""  # one machine, both parties at it
        party = agreement.party(role)
        if not party.handle:
            return (
                f"The {role} is not linked to anyone yet: put their login in the {role}'s "
                "Handle (Parties) so they can sign."
            )
        if party.handle != self.handle:
            return f"Only {party.handle} can sign as {role}."
        other = Role.MENTOR if role is Role.MENTEE else Role.MENTEE
        if agreement.party(other).handle == self.handle:
            return "One person cannot be both parties: link the other party to its own login."
        return ""

    def sees(self, summary: AgreementSummary) -> bool:
        """True when this viewer may see the agreement."""
        return self.sees_parties(summary.mentee_handle, summary.mentor_handle)

    def sees_parties(self, *handles: str) -> bool:
        """True when this viewer may see an agreement with parties of these handles."""
        if self.is_coordinator:
            return True
        return self.admitted and self.handle in handles

    def is_party(self, agreement: Agreement) -> bool:
        """True when this viewer may see ``agreement`` (a coordinator, or one of its parties)."""
        return self.sees_parties(agreement.mentee.handle, agreement.mentor.handle)

    def save_problem(self, before: Agreement | None, after: Agreement) -> str:
        """Why this viewer may not save ``after`` over ``before`` (the version on disk, None for
        a new one); "" when they may.

        A non-coordinator saves only an agreement they are a party to, both as it is on disk
        and as it is being saved: nobody edits someone else's agreement, nor gives their own
        away to others.
        """
        if before is not None and not self.is_party(before):
            return NO_LONGER_A_PARTY
        if not self.is_party(after):
            return LEAVING_THE_AGREEMENT if before is not None else NOT_ONE_OF_ITS_PARTIES
        if before is not None and (held := self.held_handles(before, after)):
            return next(iter(held.values()))
        return ""

    def held_handles(self, before: Agreement, after: Agreement) -> dict[Role, str]:
        """The roles whose handle this viewer may not change from ``before`` to ``after``, and
        why: a party does not take themselves off the agreement, nor change who the other
        party is once they are linked (which would take the other off their own agreement,
        or give it to a third person). A party still links an unlinked other party; a
        coordinator changes anything."""
        if self.is_coordinator or not self.is_party(before):
            return {}
        held: dict[Role, str] = {}
        for role in Role:
            old, new = before.party(role).handle, after.party(role).handle
            if old == new:
                continue
            if old == self.handle and not self.is_party(after):
                held[role] = LEAVING_THE_AGREEMENT
            elif old and old != self.handle:
                held[role] = CHANGING_THE_OTHER_PARTY
        return held

    @property
    def party(self) -> str | None:
        """The handle whose agreements this viewer sees; None for all of them (coordinators)."""
        return None if self.is_coordinator else self.handle


def link_parties(agreement: Agreement, people: list[Person], viewer: Viewer) -> Agreement:
    """Link unlinked parties to registered people: by exact name (someone registered in that
    role), else the creator by role.

    So a mentor who creates an agreement for a mentee can see it afterwards; a mentee is not
    put in a list as someone's mentor because their name was typed there.
    """
    parties = {}
    for role in Role:
        party = agreement.party(role)
        if party.handle:
            continue
        same_name = [
            p for p in people if p.role.value == role.value and p.name.casefold() == party.name.strip().casefold()
        ]
        if len(same_name) == 1:
            parties[role.value] = party.edit(handle=same_name[0].handle)
    linked = agreement.edit(**parties)
    me = viewer.person
    if me is not None and me.role.value in (Role.MENTEE, Role.MENTOR):
        mine = linked.party(Role(me.role.value))
        if me.handle not in (linked.mentee.handle, linked.mentor.handle) and not mine.handle:
            linked = linked.edit(**{me.role.value: mine.edit(handle=me.handle)})
    return linked


def access_ended(people: list[Person], handle: str, fingerprint: str = "") -> str:
    """Why a served session of ``handle`` (logged in by ``fingerprint``) may no longer go on.

    "" while the person is registered and, when a fingerprint is given, still holds that key.
    """
    person = next((p for p in people if p.handle == handle), None)
    if person is None:
        return f"{handle} is no longer registered here"
    if fingerprint and not person.has_key(fingerprint):
        return f"the key you logged in with ({fingerprint}) was removed from {handle}"
    return ""
