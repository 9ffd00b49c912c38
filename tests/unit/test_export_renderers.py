"""The export reads the same under two renderers: markdown-it-py (CommonMark + tables) and
GitHub's cmark-gfm (as safe renderers run it: raw HTML dropped), for every hostile string.

Decision on links: a URL a person typed stays text they can read and copy, in every
renderer; GitHub's renderer would make links of bare `https://…` and `www.…` (and show stray
backslashes after them), so the export escapes what starts one. Markup that hides a target
or loads an image (`[x](…)`, `<…>`, `![i](…)`) is escaped too. The one link left is GitHub's
for an e-mail address, which no escape stops: its text is the address itself and its
target `mailto:` that address, so nothing is hidden.
"""

from __future__ import annotations

import html
import re

import cmarkgfm
import pytest
from markdown_it import MarkdownIt

from mentortui.export import agreement_markdown
from mentortui.model.sample import sample_agreement

from .test_export import HOSTILE, UTC, filled

COMMONMARK = MarkdownIt("commonmark").enable("table")
BLOCKS = re.compile(r"<(/?)(h[1-6]|p|ul|ol|li|table|thead|tbody|tr|th|td|blockquote|pre|hr)\b[^>]*>")


def text_of(page: str) -> str:
    """What a reader sees: tags gone (inline ones without a trace), entities read, runs of
    whitespace as one space."""
    inline_gone = re.sub(r"</?(a|strong|em|code|del)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline_gone)).split())


def blocks_of(page: str) -> list[str]:
    """The page's block structure: each block tag, opened and closed, in order."""
    return ["".join(match.groups()) for match in BLOCKS.finditer(page)]


def both(source: str) -> tuple[str, str]:
    return COMMONMARK.render(source), cmarkgfm.github_flavored_markdown_to_html(source)


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        "see https://example.org/a_b and www.example.org",
        "![i](http://x/y.png)",
        "<https://x>",
        "mail ana_b@example.org",
        "mailto:ana@example.org",
        "WWW.EXAMPLE.ORG/x_y",
        "ftp://f/x",
    ],
    ids=repr,
)
def test_each_hostile_string_reads_the_same_in_both_renderers(text: str) -> None:
    source = agreement_markdown(filled(text), UTC)
    commonmark, gfm = both(source)
    assert "raw HTML omitted" not in gfm
    assert blocks_of(gfm) == blocks_of(commonmark)
    assert text_of(gfm) == text_of(commonmark)
    assert "<img" not in gfm and "<script" not in gfm
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', gfm)
    assert len(links) == gfm.count("<a "), "every link is a plain one"
    assert all(href == "mailto:" + html.unescape(shown).removeprefix("mailto:") for href, shown in links), links


def test_the_sample_agreement_reads_the_same_in_both_renderers() -> None:
    source = agreement_markdown(sample_agreement(), UTC)
    commonmark, gfm = both(source)
    assert "raw HTML omitted" not in gfm
    assert blocks_of(gfm) == blocks_of(commonmark) and text_of(gfm) == text_of(commonmark)
