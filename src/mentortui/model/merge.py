"""Provides the three-way merge that lets two people edit one agreement without losing a word."""

from __future__ import annotations

from typing import Any, TypeVar

from .agreement import EDITED_FIELDS, Agreement, field_label
from .base import Record, field_names, is_record, replace
from .enums import AgreementStatus
from .signing import fully_signed

#: A value of one field as base, theirs and mine hold it.
V = TypeVar("V")


class Conflict(Record, frozen=True):
    """One field (or one item of a list field) that both sides changed differently."""

    field: str
    item_id: str | None
    base: Any
    theirs: Any
    mine: Any

    @property
    def where(self) -> str:
        """The field, with the item's id when the conflict is inside a list."""
        return f"{self.field}[{self.item_id}]" if self.item_id else self.field


def _pick(name: str, item_id: str | None, base: V, theirs: V, mine: V, out: list[Conflict]) -> V:
    if mine == base or theirs == mine:
        return theirs
    if theirs == base:
        return mine
    out.append(Conflict(name, item_id, base, theirs, mine))
    return theirs if _prefer_theirs(out) else mine


class _Conflicts(list[Conflict]):
    """The conflicts found so far, and which side wins them."""

    def __init__(self, prefer_theirs: bool) -> None:
        super().__init__()
        self.prefer_theirs = prefer_theirs


def _prefer_theirs(out: list[Conflict]) -> bool:
    return getattr(out, "prefer_theirs", False)


def _merge_value(name: str, base: Any, theirs: Any, mine: Any, out: list[Conflict]) -> Any:
    """Merge one value: lists of records by id, nested records field by field, sets of
    plain values (kinds of mentorship ticked) as sets."""
    if all(isinstance(v, tuple) for v in (base, theirs, mine)) and any(_keyed(v) for v in (base, theirs, mine)):
        return _merge_items(name, base, theirs, mine, out)
    if all(_a_set(v) for v in (base, theirs, mine)) and theirs != base:
        # Each side's ticks and unticks are kept: one ticked in-clinic, the other distance,
        # is both (it was a conflict, one tick lost).
        removed = set(base) - set(mine)
        kept = [item for item in theirs if item not in removed]
        return (*kept, *(item for item in mine if item not in set(base) and item not in set(kept)))
    if is_record(mine) and type(base) is type(theirs) is type(mine) and not hasattr(mine, "id"):
        return _merge_fields(name, base, theirs, mine, out)
    return _pick(name, None, base, theirs, mine, out)


def _a_set(value: Any) -> bool:
    """A tuple of plain values, each once (not records): merged as a set."""
    if not isinstance(value, tuple) or any(is_record(item) or isinstance(item, tuple) for item in value):
        return False
    try:
        return len(set(value)) == len(value)
    except TypeError:  # unhashable items
        return False


def _blank(record: Any) -> Any | None:
    """A record of the same kind holding its defaults (None when it has no defaults)."""
    try:
        return type(record)()
    except TypeError:
        return None


def _merge_fields(name: str, base: Any, theirs: Any, mine: Any, out: list[Conflict]) -> Any:
    """Merge two edits of one record field by field: each side keeps what only it changed."""
    changes = {}
    for field_name in field_names(mine):
        old, their, my = (getattr(x, field_name) for x in (base, theirs, mine))
        if my != old:
            changes[field_name] = _merge_value(f"{name}.{field_name}", old, their, my, out)
    return replace(theirs, **changes)


#: What tells the items of a list apart: an id, or the goal or party a line is about.
_KEYS = ("id", "goal_id", "role")


def _key(item: Any) -> Any:
    for name in _KEYS:
        if hasattr(item, name):
            return getattr(item, name)
    raise AttributeError(f"{type(item).__name__} has no key")


def _keyed(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(is_record(item) and any(hasattr(item, k) for k in _KEYS) for item in value)
    )


def _merge_items(
    name: str, base: tuple[Any, ...], theirs: tuple[Any, ...], mine: tuple[Any, ...], out: list[Conflict]
) -> tuple[Any, ...]:
    """Merge lists of records with ids item by item: additions on both sides are kept."""
    base_by = {_key(item): item for item in base}
    theirs_by = {_key(item): item for item in theirs}
    mine_by = {_key(item): item for item in mine}
    if len(base_by) != len(base) or len(theirs_by) != len(theirs) or len(mine_by) != len(mine):
        return _pick(name, None, base, theirs, mine, out)  # keys repeat: not a keyed list
    mine_reordered = [_key(i) for i in mine if _key(i) in base_by] != [_key(i) for i in base if _key(i) in mine_by]
    order = _in_order(list(mine_by), list(theirs_by)) if mine_reordered else _in_order(list(theirs_by), list(mine_by))
    merged = []
    for item_id in order:
        old, their, my = base_by.get(item_id), theirs_by.get(item_id), mine_by.get(item_id)
        if old is None and my is not None and their is not None and my != their:
            # Added on both sides under one id (a review both opened, the meeting both
            # planned on ending one session): each one's words are kept, field by field
            # against a blank record; a field both filled differently is a conflict.
            blank = _blank(my)
            if blank is None or type(their) is not type(my) or not is_record(my):
                merged.append(_pick(name, item_id, None, their, my, out))
                continue
            inner = _Conflicts(_prefer_theirs(out))
            merged.append(
                _merge_fields(name, replace(blank, **{"id": item_id} if hasattr(blank, "id") else {}), their, my, inner)
            )
            if inner:
                out.append(Conflict(name, item_id, None, their, my))
        elif old is None:  # added on one side
            merged.append(my if my is not None else their)
        elif their is None or my is None:  # deleted on one side
            kept = my if their is None else their
            if kept != old:  # edited on one side, deleted on the other
                out.append(Conflict(name, item_id, old, their, my))
                # An edit outlives a deletion (nothing typed is lost), unless "theirs" was
                # chosen and theirs is the deletion.
                if not (_prefer_theirs(out) and their is None):
                    merged.append(kept)
        elif my != old and their != old and my != their and is_record(my) and type(old) is type(their) is type(my):
            # Both edited this item (a goal, a review): what each changed in it is kept,
            # and only a field both changed differently makes the item a conflict.
            inner = _Conflicts(_prefer_theirs(out))
            merged.append(_merge_fields(name, old, their, my, inner))
            if inner:
                out.append(Conflict(name, item_id, old, their, my))
        else:
            merged.append(_pick(name, item_id, old, their, my, out))
    return tuple(merged)


def _in_order(first: list[Any], second: list[Any]) -> list[Any]:
    """The keys of ``first`` in its order, and each key only ``second`` has placed after
    the key it follows there (meetings filled in between two rows stay between them; they
    were put at the end)."""
    known = set(first)
    after: dict[Any, list[Any]] = {}
    anchor = None  # the last key of ``second`` that ``first`` has too (None: the start)
    for key in second:
        if key in known:
            anchor = key
        else:
            after.setdefault(anchor, []).append(key)
    order = list(after.get(None, []))
    for key in first:
        order.append(key)
        order.extend(after.get(key, []))
    return order


def merge(
    base: Agreement, theirs: Agreement, mine: Agreement, prefer_theirs: bool = False
) -> tuple[Agreement, list[Conflict]]:
    """Apply my changes (base → mine) onto theirs; report what both changed differently.

    In the merged agreement a conflict is settled for mine, or for theirs if asked.
    """
    conflicts: list[Conflict] = _Conflicts(prefer_theirs)
    changes = {}
    for name in EDITED_FIELDS:
        old, their, my = (getattr(x, name) for x in (base, theirs, mine))
        if my != old:
            changes[name] = _merge_value(name, old, their, my, conflicts)
    merged = theirs.edit(**changes)
    # Each signed while the other did: each save said "draft" (one signature), and the merge
    # of both signatures stayed a draft, fully signed. As `sign` would have made it:
    settled = (AgreementStatus.DRAFT, AgreementStatus.AMENDED)
    if "signatures" in changes and merged.status in settled and fully_signed(merged):
        merged = merged.edit(status=AgreementStatus.ACTIVE)
    return merged, conflicts


def differing_fields(old: Agreement, new: Agreement) -> list[str]:
    """Labels of every field (signed or not) that differs, e.g. for "Ben changed goals"."""
    return [field_label(name) for name in EDITED_FIELDS if getattr(old, name) != getattr(new, name)]


def value_at(agreement: Agreement, field: str, item_id: str | None = None) -> Any:
    """The value a conflict names (``mentee.name``; ``goals`` with an item's id): None when
    the item is not in the list (deleted)."""
    value: Any = agreement
    for name in field.split("."):
        value = getattr(value, name)
    if item_id is None:
        return value
    return next((item for item in value if _key(item) == item_id), None)


def take_at(mine: Agreement, theirs: Agreement, field: str, item_id: str | None = None) -> Agreement:
    """``mine`` with the value a conflict names as ``theirs`` holds it, the rest of ``mine``
    untouched (an item of a list is replaced, removed or put back where theirs has it)."""
    new = value_at(theirs, field, item_id)
    if item_id is not None:
        items = list(value_at(mine, field))
        at = next((i for i, item in enumerate(items) if _key(item) == item_id), None)
        if at is not None:
            del items[at]
        if new is not None:
            if at is None:  # where theirs has it: after the item it follows there
                order = [_key(item) for item in value_at(theirs, field)]
                before = set(order[: order.index(item_id)])
                at = max((i + 1 for i, item in enumerate(items) if _key(item) in before), default=0)
            items.insert(at, new)
        new = tuple(items)
    taken: Agreement = _put(mine, field.split("."), new)
    return taken


def _put(record: Any, path: list[str], value: Any) -> Any:
    """``record`` with the value at a dotted path replaced."""
    name, rest = path[0], path[1:]
    if rest:
        value = _put(getattr(record, name), rest, value)
    return replace(record, **{name: value})
