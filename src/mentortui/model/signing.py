"""Provides signing: the content a signature covers, its hash, and how status follows edits."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from .agreement import BOOKKEEPING_FIELDS, Agreement, Amendment, Signature, field_label
from .base import field_names
from .codec import canonical_json, to_data
from .enums import AgreementStatus, Role
from .errors import FieldProblem, ValidationError

#: What happens under an agreement, as opposed to what was agreed; never part of the hash.
UNSIGNED_FIELDS = (
    "id",
    "signatures",
    "acknowledgements",
    "status",
    "amendments",
    "meetings",
    "evaluations",
    "termination",
    *BOOKKEEPING_FIELDS,
)
#: Goal fields that change as the mentorship runs, not by amending the agreement.
UNSIGNED_GOAL_FIELDS = ("progress", "final_rating")
SIGNED_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.AMENDED, AgreementStatus.EXTENDED)


def signed_content(agreement: Agreement) -> dict[str, Any]:
    """The part of an agreement that the parties sign, as plain data."""
    # Field by field, so the meeting log (most of a large agreement) is never converted.
    data = {name: to_data(getattr(agreement, name)) for name in field_names(agreement) if name not in UNSIGNED_FIELDS}
    for goal in data["goals"]:
        for name in UNSIGNED_GOAL_FIELDS:
            goal.pop(name)
        for milestone in goal["milestones"]:
            milestone.pop("done_on")
    return data


#: The last few agreements hashed, by identity: records are frozen, so one object's hash
#: never changes, and a screen asks for it several times per change (each signature, the
#: steps bar, the dashboard).
_HASHED: list[tuple[Agreement, str]] = []


def content_hash(agreement: Agreement) -> str:
    """SHA-256 of the signed content in canonical JSON."""
    for seen, digest in _HASHED:
        if seen is agreement:
            return digest
    digest = hashlib.sha256(canonical_json(signed_content(agreement)).encode()).hexdigest()
    _HASHED.insert(0, (agreement, digest))
    del _HASHED[4:]
    return digest


def signature(agreement: Agreement, role: Role) -> Signature | None:
    """The party's signature, if they have signed."""
    return next((s for s in agreement.signatures if s.role is role), None)


def is_current(agreement: Agreement, signed: Signature) -> bool:
    """True while the agreement still holds exactly what this signature covered."""
    return signed.content_hash == content_hash(agreement)


def fully_signed(agreement: Agreement) -> bool:
    """Both parties have signed the agreement as it stands now."""
    current = [s for s in agreement.signatures if is_current(agreement, s)]
    return {s.role for s in current} == {Role.MENTEE, Role.MENTOR}


def sign(agreement: Agreement, role: Role, typed_name: str, at: datetime, missing: tuple[str, ...] = ()) -> Agreement:
    """Sign as one party by typing their name; both signed makes the agreement active.

    ``missing`` is what the agreement still lacked that the party chose to sign without: it
    is kept with the signature and exported with it.
    """
    expected = agreement.party(role).name.strip()
    if not expected:
        raise ValidationError([FieldProblem(f"{role}.name", f"the {role} has no name yet")])
    if typed_name.strip().casefold() != expected.casefold():
        raise ValidationError(
            [FieldProblem("signature.name", f"type the {role}'s name as the agreement gives it: {expected}")]
        )
    new = Signature(
        role=role,
        name=typed_name.strip(),
        signed_on=at.date(),
        at=at,
        content_hash=content_hash(agreement),
        missing=tuple(missing),
    )
    others = tuple(s for s in agreement.signatures if s.role is not role)
    signed = agreement.edit(signatures=(*others, new))
    if fully_signed(signed) and signed.status in (AgreementStatus.DRAFT, AgreementStatus.AMENDED):
        signed = signed.edit(status=AgreementStatus.ACTIVE)
    return signed


def changed_fields(old: Agreement, new: Agreement) -> tuple[str, ...]:
    """Names of the signed fields that differ between two versions."""
    before, after = signed_content(old), signed_content(new)
    return tuple(name for name in before if before[name] != after[name])


#: Values up to this long are said in the history as old → new; longer ones only by name.
SHORT = 40


def _short_values(agreement: Agreement, fields: tuple[str, ...]) -> list[tuple[str, str]]:
    """The short scalar values of these signed fields (and of their records' parts)."""
    content = signed_content(agreement)
    found = []
    for name in fields:
        value = content.get(name)
        items = value.items() if isinstance(value, dict) else [("", value)]
        for part, item in items:
            if (
                isinstance(item, (str, int, float))
                and not isinstance(item, bool)
                and len(str(item)) <= SHORT
                and "\n" not in str(item)
            ):
                found.append((f"{name}.{part}" if part else name, str(item)))
            elif item is None and part:
                found.append((f"{name}.{part}", ""))
    return found


def record_edit(old: Agreement, new: Agreement, by: str, at: datetime) -> Agreement:
    """Apply the amendment rule: editing signed content after signing marks it amended.

    An amended agreement edited back to exactly what both signed is active again.
    """
    if old.status not in SIGNED_STATUSES or content_hash(old) == content_hash(new):
        return new
    if old.status is AgreementStatus.AMENDED and fully_signed(new):
        return new.edit(status=AgreementStatus.ACTIVE)
    fields = changed_fields(old, new)
    amendments = new.amendments
    last = amendments[-1] if amendments else None
    if old.status is AgreementStatus.AMENDED and last is not None and last.by == by and last.kind == "edit":
        # One sitting of edits is one amendment, not one per key pressed.
        fields = tuple(dict.fromkeys((*last.fields, *fields)))
        amendments = amendments[:-1]
    before = dict(last.before) if last is not None and amendments is not new.amendments else {}
    for what, value in _short_values(old, changed_fields(old, new)):
        before.setdefault(what, value)  # a sitting's first value is the one it changed from
    after = dict(_short_values(new, fields))
    said = []
    for name in fields:
        if name in before and before[name] != after.get(name, ""):
            said.append(f"{field_label(name)} “{before[name]}” → “{after.get(name, '')}”")
            continue
        parts = [
            f"{what.partition('.')[2].replace('_', ' ')} “{before[what]}” → “{after.get(what, '')}”"
            for what in before
            if what.startswith(name + ".") and before[what] != after.get(what, "")
        ]
        said.append(f"{field_label(name)} ({'; '.join(parts)})" if parts else field_label(name))
    summary = "changed " + ", ".join(said)
    amendment = Amendment(at=at, by=by, fields=fields, summary=summary, before=tuple(before.items()))
    if last is not None and amendments is not new.amendments:
        amendment = amendment.edit(id=last.id)
    return new.edit(status=AgreementStatus.AMENDED, amendments=(*amendments, amendment))
