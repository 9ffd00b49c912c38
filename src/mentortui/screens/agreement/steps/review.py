"""Provides ReviewStep: the whole agreement rendered, what is missing, and signing."""

from __future__ import annotations

from datetime import tzinfo

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markdown import Markdown as Document
from rich.measure import Measurement
from rich.segment import Segment
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ....clock import local_zone, show
from ....export import agreement_markdown
from ....model import Agreement, Role
from ....model.agreement import field_label
from ....model.signing import fully_signed, is_current, signature
from ....model.validation import missing
from ....text import plain
from ....widgets.long_text import LongText
from ..messages import EditAgreement, GoToField
from ..sign import SignScreen
from .base import Step

#: The longest agreement (in characters of Markdown) rendered as a document on this step.
RENDERED_MAX = 40_000
#: The height of a longer one's view, shown as its text; the document is at least as tall.
PREVIEW_HEIGHT = 18
#: A step's padding either side and its scrollbar's gutter (styles/editor.tcss).
STEP_CHROME = 1 + 1 + 2


class Drawn:
    """A document drawn into lines at a width beforehand (in a worker): showing it only
    hands those lines on, so the UI thread lays out a long agreement without drawing it."""

    def __init__(self, lines: list[list[Segment]], width: int) -> None:
        self.lines = lines
        self.width = width

    @classmethod
    def of(cls, renderable: RenderableType, width: int) -> Drawn:
        """``renderable`` drawn ``width`` cells wide, by a console of its own (the app's is
        the UI thread's)."""
        console = Console(width=width, force_terminal=True, color_system="truecolor", legacy_windows=False)
        return cls(console.render_lines(renderable, console.options.update_width(width), pad=False), width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        newline = Segment.line()
        for line in self.lines:
            yield from line
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


def signature_line(agreement: Agreement, role: Role) -> str:
    """How a party's signature stands: unsigned, current, or stale with what changed since."""
    signed = signature(agreement, role)
    if signed is None:
        return f"{role.value.capitalize()}: not signed"
    when = show(signed.at) if signed.at else str(signed.signed_on)
    line = f"{role.value.capitalize()}: signed by {signed.name} on {when}"
    if is_current(agreement, signed):
        return line + " ✓ current"
    changed = sorted({f for a in agreement.amendments if signed.at and a.at and a.at > signed.at for f in a.fields})
    return line + " ✗ stale, changed since: " + (", ".join(map(field_label, changed)) or "the content")


class ReviewStep(Step):
    """Step 5: read it all, fix what is missing, acknowledge the disclaimer, sign."""

    TITLE = "Review & sign"
    PATHS = ("signatures", "acknowledgements")
    # Letters no other step or the editor uses (the tables' a/e/d/f, the editor's ctrl keys),
    # and this step has no text field to type them into. Short descriptions: the editor's
    # keys and these just fit the footer at 80 columns; the palette has the tooltips.
    BINDINGS = [
        Binding("t", "sign('mentee')", "Mentee", tooltip="Sign as mentee", id="sign.as_mentee"),
        Binding("m", "sign('mentor')", "Mentor", tooltip="Sign as mentor", id="sign.as_mentor"),
    ]

    #: The Markdown the preview shows now and the width it was drawn at (not drawn again
    #: when both are the same).
    _shown: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Still missing (Enter jumps to it)", classes="section")
        yield OptionList(id="missing", compact=True)
        yield Static("Signatures", classes="section")
        yield Static(id="signature-lines")
        with Horizontal(id="sign-buttons"):
            yield Button("Sign as mentee (t)", id="sign-mentee", compact=True)
            yield Button("Sign as mentor (m)", id="sign-mentor", compact=True)
        yield Static("The agreement", classes="section")
        # One widget draws the whole document: Textual's Markdown widget makes a widget per
        # block and table cell (about 1,400 for the sample agreement), and laying them out
        # kept the preview about a second behind the rest of the step.
        # It holds its place (as tall as the long text's view) until written, so the step
        # does not grow under the person reading it when the document comes.
        document = Static(Content.styled("Writing the agreement…", "$text-muted"), id="rendered")
        # Tab reaches it, and PageDown then scrolls the step through it (with the list of
        # what is missing focused, PageDown moved that list's highlight).
        document.can_focus = True
        yield document
        # A very long agreement is shown as its Markdown text, cut into rows in a worker and
        # drawn a screenful at a time (a TextArea wrapped the whole of it on the UI thread).
        preview = LongText(id="rendered-text", classes="preview")
        preview.styles.height = PREVIEW_HEIGHT
        preview.display = False  # until the Markdown is found too long for the document
        yield preview

    def show(self, agreement: Agreement) -> None:
        problems = missing(agreement)
        listing = self.query_one("#missing", OptionList)
        listing.clear_options()
        listing.add_options(
            [
                Option(Content(plain(f"• {p.message}", single_line=True)), id=f"{i}:{p.path}")
                for i, p in enumerate(problems)
            ]
            or [Option("Nothing: the agreement is ready to sign.", disabled=True)]
        )
        if problems:  # Enter on the list acts at once (with nothing highlighted it did nothing)
            listing.highlighted = 0
        lines = [signature_line(agreement, role) for role in Role]
        if fully_signed(agreement):
            lines.append(f"Both parties have signed: the agreement is {agreement.status}.")
        self.query_one("#signature-lines", Static).update(Content(plain("\n".join(lines))))
        # Once the step is drawn: a thread writing the Markdown (40 ms at the limits) shares
        # the interpreter with the UI thread, and drawing the step waited on it.
        self.call_after_refresh(self._write_preview, agreement, local_zone())

    def _preview_width(self) -> int:
        """The width the document is drawn at: the step's, inside its padding and scrollbar
        (before the step's first layout, the screen's less those)."""
        return max(20, self.scrollable_content_region.width or self.app.size.width - STEP_CHROME)

    def on_resize(self) -> None:
        if self._shown and self._shown[1] != self._preview_width():
            self._write_preview(self.agreement, local_zone())  # drawn again at the new width

    def _write_preview(self, agreement: Agreement, zone: tzinfo) -> None:
        self._write_preview_at(agreement, zone, self._preview_width())

    @work(thread=True, exclusive=True, group="review-preview", description="preview of the agreement")
    def _write_preview_at(self, agreement: Agreement, zone: tzinfo, width: int) -> None:
        """Write the Markdown and draw it, off the UI thread, and show it when done: laying
        out the drawn document on the UI thread took 130 ms for 25 goals and meetings (every
        key waited), and writing it 0.2 s at the limits."""
        text = agreement_markdown(agreement, tz=zone, signed_only=True)
        if len(text) > RENDERED_MAX:
            self.app.call_from_thread(self._show_long, text)
        elif (text, width) != self._shown:
            # Links are shown as text and address (no terminal hyperlinks from typed URLs);
            # every control in the text is made visible first.
            document = Document(plain(text), hyperlinks=False)
            self.app.call_from_thread(self._show_document, text, Drawn.of(document, width), width)

    def _show_long(self, text: str) -> None:
        rendered, as_text = self.query_one("#rendered", Static), self.query_one("#rendered-text", LongText)
        rendered.display, as_text.display = False, True
        if as_text.text != text:
            as_text.show(text)  # cut into rows of its own width, in its own worker
        self._shown = None

    def _show_document(self, text: str, document: Drawn, width: int) -> None:
        rendered, as_text = self.query_one("#rendered", Static), self.query_one("#rendered-text", LongText)
        rendered.display, as_text.display = True, False
        rendered.update(document)
        self._shown = (text, width)

    def collect(self, agreement: Agreement) -> Agreement:
        return agreement

    @classmethod
    def is_complete(cls, agreement: Agreement) -> bool:
        return fully_signed(agreement)

    @on(OptionList.OptionSelected, "#missing")
    def jump(self, event: OptionList.OptionSelected) -> None:
        """Go to the field the selected item is about."""
        if event.option.id is not None:  # "<n>:<path>"
            self.post_message(GoToField(event.option.id.split(":", 1)[1]))

    @on(Button.Pressed, "#sign-mentee")
    @on(Button.Pressed, "#sign-mentor")
    def _sign_pressed(self, event: Button.Pressed) -> None:
        self.action_sign((event.button.id or "").removeprefix("sign-"))

    def action_sign(self, role: str) -> None:
        """Ask the party (``"mentee"`` or ``"mentor"``) to accept the disclaimer and type their name."""
        party = Role(role)
        agreement = self.agreement
        if problem := self.app.viewer.sign_problem(agreement, party):
            self.notify(problem, title="Not yours to sign", severity="warning", markup=False)
            return

        def signed(result: Agreement | None) -> None:
            # Focus stays where it was (on the button pressed): moving it to the other
            # party's button made the next Enter (or keys) land where the person did not look.
            if result is not None:  # the agreement as signed replaces the draft, saved at once
                self.post_message(EditAgreement(lambda _: result, at_once=True))

        self.app.push_screen(SignScreen(agreement, party), signed)
