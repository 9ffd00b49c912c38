"""A served session's environment: under sshd's forced command TERM is the client's to say."""

from __future__ import annotations

import pytest

from mentortui.cli.main import served_environment


@pytest.mark.parametrize("term", ["xterm;id>/tmp/PWN4", "$(id)", "\x1b]0;PWNED\x07", "", "x" * 65])
def test_a_term_that_is_no_terminal_name_is_replaced(term):
    env = {"TERM": term, "LANG": "C.UTF-8", "TEXTUAL_SCREENSHOT": "5", "TEXTUAL_LOG": "/tmp/log"}
    served_environment(env)
    assert env == {"TERM": "xterm-256color", "LANG": "C.UTF-8"}


@pytest.mark.parametrize("term", ["xterm-256color", "screen.xterm-256color", "tmux-256color", "vt100", "foot+base"])
def test_a_terminal_name_is_kept(term):
    env = {"TERM": term}
    served_environment(env)
    assert env == {"TERM": term}


def test_no_term_at_all_gets_the_common_one():
    env: dict[str, str] = {}
    served_environment(env)
    assert env == {"TERM": "xterm-256color"}


@pytest.mark.parametrize("value", ["$(id)", "C.UTF-8\x1b]0;PWNED\x07", "x" * 65, "de_DE;rm -rf ~", ""])
def test_a_locale_that_is_no_name_is_dropped(value):
    """sshd passes the client's LANG and LC_* on (AcceptEnv LANG LC_*)."""
    env = {"TERM": "xterm", "LANG": value, "LC_ALL": value, "LC_TIME": "de_DE.UTF-8", "COLORTERM": value}
    served_environment(env)
    assert env == {"TERM": "xterm", "LC_TIME": "de_DE.UTF-8"}


def test_locale_names_are_kept():
    env = {
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "LANGUAGE": "de_DE:en",
        "LC_MONETARY": "sr_RS@latin",
        "COLORTERM": "truecolor",
    }
    served_environment(env)
    assert env["LANG"] == "C.UTF-8" and env["LANGUAGE"] == "de_DE:en" and env["LC_MONETARY"] == "sr_RS@latin"
    assert env["COLORTERM"] == "truecolor"
