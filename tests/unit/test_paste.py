"""Tests of PasteParser: a bracketed paste is one Paste event, whatever it holds, however it is split."""

from __future__ import annotations

import time

import pytest
from textual import events

from mentortui.paste import PASTE_END, PASTE_START, PasteParser

HOSTILE = "x\x1b[31mRED\x1b]0;PWNED\x07\x0e\x1b\x1b[2J\x00end"


def events_of(*chunks: str) -> list[events.Event]:
    parser = PasteParser()
    found = []
    for chunk in chunks:
        found += list(parser.feed(chunk))
    return found


def test_escapes_and_controls_inside_a_paste_are_text_not_keys() -> None:
    found = events_of(f"a{PASTE_START}{HOSTILE}{PASTE_END}b")
    keys = [e.key for e in found if isinstance(e, events.Key)]
    pastes = [e.text for e in found if isinstance(e, events.Paste)]
    assert keys == ["a", "b"], "no key comes out of the paste"
    assert pastes == [HOSTILE.replace("\x00", "")]


@pytest.mark.parametrize("cut", range(2, 40))  # (a lone ESC at a read's end is the Escape key)
def test_a_paste_split_anywhere_across_reads_is_the_same(cut: int) -> None:
    data = f"{PASTE_START}{HOSTILE}{PASTE_END}z"
    found = events_of(data[:cut], data[cut:])
    assert [e.text for e in found if isinstance(e, events.Paste)] == [HOSTILE.replace("\x00", "")]
    assert [e.key for e in found if isinstance(e, events.Key)] == ["z"]


def test_keys_outside_a_paste_are_read_as_before() -> None:
    parser = PasteParser()
    found = list(parser.feed("q\x0e\x1b[A")) + list(parser.feed(""))
    assert [e.key for e in found if isinstance(e, events.Key)] == ["q", "ctrl+n", "up"]


def test_a_held_start_of_a_marker_is_read_as_keys_after_a_short_wait() -> None:
    parser = PasteParser()
    assert list(parser.feed("\x1b[")) == []
    found = []
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline and not found:
        time.sleep(0.02)
        found = [e.key for e in parser.tick() if isinstance(e, events.Key)]
    assert "left_square_bracket" in found, "nothing is held for good"


def test_a_paste_is_kept_up_to_a_bound_however_long_it_runs() -> None:
    """A paste that never ended grew a session to gigabytes: the rest past PASTE_MAX is read
    and dropped, and what follows the paste is read as before."""
    from mentortui.paste import PASTE_MAX

    parser = PasteParser()
    chunk = "A" * 65_536
    found = list(parser.feed(PASTE_START))
    for _ in range(40):  # 2.6 MB
        found += list(parser.feed(chunk))
    assert sum(len(part) for part in parser._pasted or []) == PASTE_MAX
    found += list(parser.feed(f"B{PASTE_END}z"))
    [paste] = [e for e in found if isinstance(e, events.Paste)]
    assert paste.text == "A" * PASTE_MAX
    assert [e.key for e in found if isinstance(e, events.Key)] == ["z"]


@pytest.mark.parametrize(
    "sequence", ["\x1b[1114112u", "\x1b[99999999999u", "\x1b[99999999999999999999~", "\x1b[<0;99999999999999;5M"]
)
def test_a_key_sequence_no_terminal_sends_is_ignored_not_fatal(sequence: str) -> None:
    """Textual raised in its input thread (chr() out of range, a number too big for C): the
    session ended. Now it is no key at all (read as keys, its "u" opened the trash)."""
    parser = PasteParser()
    found = list(parser.feed(sequence + "a"))
    time.sleep(0.15)
    found += list(parser.tick())
    assert [e.key for e in found if isinstance(e, events.Key)] == ["a"]


def test_bytes_that_are_not_utf8_are_read_as_a_replacement_character() -> None:
    from mentortui.paste import lenient_decoder

    decode = lenient_decoder("utf-8")().decode
    assert decode(b"a\xff") + decode(b"\xc3", final=False) + decode(b"\xa9") == "a\ufffd\u00e9"


def test_a_long_run_of_text_in_one_read_is_one_paste_and_typing_stays_keys() -> None:
    """`tmux send-keys` or a paste without markers puts text in at once; as keys, each posted
    the field's whole value, and 30,000 characters held half a gigabyte queued."""
    from mentortui.paste import BURST

    parser = PasteParser()
    found = list(parser.feed("ab" + "x" * 3000 + "\x01yz"))
    assert [type(e).__name__ for e in found] == ["Paste", "Key", "Key", "Key"]
    assert found[0].text == "ab" + "x" * 3000
    assert [e.key for e in found[1:]] == ["ctrl+a", "y", "z"]
    typed = list(parser.feed("q" * (BURST - 1)))  # the most a read of typing holds, and more
    assert [e.key for e in typed] == ["q"] * (BURST - 1)
    keys = list(parser.feed("x" * 100 + "\x1b[A" + "y" * 100))
    assert [type(e).__name__ for e in keys] == ["Paste", "Key", "Paste"] and keys[1].key == "up"


def test_a_run_right_after_an_escape_sequence_ends_the_sequence_first() -> None:
    parser = PasteParser()
    found = list(parser.feed("\x1b[1;5A" + "y" * 100))
    assert [type(e).__name__ for e in found] == ["Key", "Paste"]
    assert found[0].key == "ctrl+up" and found[1].text == "y" * 100


def test_the_line_breaks_of_text_put_in_at_once_are_in_the_paste_not_enter_keys() -> None:
    """As keys, a line break was Enter: on the list it opened the agreement under the cursor
    and the next line went into its title (a tester's multi-line tmux send-keys)."""
    parser = PasteParser()
    found = list(parser.feed("x" * 70 + "\r" + "second line\r\nthird\tcolumn"))
    assert [type(e).__name__ for e in found] == ["Paste"]
    assert found[0].text == "x" * 70 + "\nsecond line\nthird\tcolumn"
    typed = list(parser.feed("ab\rcd"))  # a few keys with Enter, as typed
    assert [e.key for e in typed] == ["a", "b", "enter", "c", "d"]
