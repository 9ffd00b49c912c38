"""Provides agreement_json and agreement_from_json: an agreement as a JSON file that restores it.

The file holds every field of the agreement (`model.codec`), so `import` of an export gives
back the same agreement and the same export, byte for byte. Private notes go only to their
author: anyone else's export leaves them out.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Agreement
from ..model.base import replace
from ..model.codec import DecodeError, from_data, to_data

#: What the file says it is, and the version of its layout.
FORMAT, VERSION = "mentortui-agreement", 1


def for_viewer(agreement: Agreement, handle: str) -> Agreement:
    """The agreement without the private notes of anyone but ``handle``."""
    return agreement.edit(
        meetings=tuple(
            replace(m, notes=tuple(n for n in m.notes if not n.private or (handle and n.author == handle)))
            for m in agreement.meetings
        )
    )


def agreement_json(agreement: Agreement, handle: str) -> str:
    """The JSON export of ``agreement`` as ``handle`` may have it."""
    data = {"format": FORMAT, "version": VERSION, "agreement": to_data(for_viewer(agreement, handle))}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    # json escapes C0 controls; C1 controls, direction overrides and line separators are
    # escaped too, so the file drives no terminal it is printed to (and reads back the same).
    return text.translate(_ESCAPED) + "\n"


#: Characters written as \uXXXX escapes although JSON would allow them raw.
_ESCAPED = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2066, 0x206A))
}


def agreement_from_json(text: str) -> Agreement:
    """The agreement of a JSON export; ValueError with one line saying what is wrong."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f'not a mentortui agreement export (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ValueError(f"export version {data.get('version')!r} is not one this mentortui reads ({VERSION})")
    try:
        return from_data(Agreement, data.get("agreement"), "agreement")
    except DecodeError as error:
        raise ValueError(str(error).splitlines()[0] if str(error) else "the agreement does not fit") from None
