"""Provides `Footer`: the keys of the screen on top, drawn as one line by one widget.

Textual's footer is a container of one widget per key (a dozen on the list of agreements),
recomposed every time a screen's bindings are updated (focus moving, a screen mounting,
``refresh_bindings``) even when it shows the same keys: each key mounted, styled and laid
out again. On the first screen that was ~30 ms of a start of ~600 ms (the first screen drawn
without any key: measured 605 -> 576 ms, 11 runs interleaved). This footer is one widget: it
works out the same keys in the same order as Textual's (one per action, the first binding
of each; the command palette's at the right edge), draws them as one line, and redraws only
when what it would show changes. A click on a key presses it, as on Textual's.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

#: Actions whose keys come first when the screen offers them: they settle something that
#: waits on the person (a conflict), and at 80 columns the last keys of a line are cut.
URGENT_ACTIONS = frozenset({"keep_mine", "take_theirs"})


class ShownKey(NamedTuple):
    """A key the footer shows, and the columns it takes (``start`` ≤ x < ``end``)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0
    palette: bool = False


class Footer(Widget, can_focus=False):
    """The screen's keys in one line: key then what it does, the palette's key at the right."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        &:hover { pointer: pointer; }
    }
    Footer > .footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    Footer > .footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    Footer > .footer--separator {
        color: $foreground 20%;
    }
    """
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--separator"}

    compact = reactive(False, toggle_class="-compact")
    """Less space around each key."""
    show_command_palette = reactive(True)
    """Show the key of the command palette at the right edge."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        show_command_palette: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(Footer.show_command_palette, show_command_palette)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self._keys: tuple[ShownKey, ...] = ()
        self._pending = False

    # -- which keys ---------------------------------------------------------------------------

    def _wanted(self) -> tuple[ShownKey, ...]:
        """The keys Textual's footer would show for the screen's bindings now, in order."""
        if not self.is_attached:
            return ()
        app = self.app
        active = self.screen.active_bindings
        keys: list[ShownKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue  # one key an action: the first binding of it
            actions.add(binding.action)
            keys.append(
                ShownKey(
                    binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip
                )
            )
        keys.sort(key=lambda key: key.action not in URGENT_ACTIONS)  # (stable: the rest keep their order)
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, tooltip = found
                keys.append(
                    ShownKey(
                        binding.key,
                        app.get_key_display(binding),
                        binding.description,
                        binding.action,
                        enabled,
                        binding.tooltip or binding.description,
                        palette=True,
                    )
                )
        return tuple(keys)

    @property
    def keys(self) -> tuple[ShownKey, ...]:
        """The keys drawn, with the columns each takes (as of the last draw)."""
        return self._keys

    # -- drawing ------------------------------------------------------------------------------

    def _pieces(self, key: ShownKey) -> tuple[str, str]:
        """The key's two parts as drawn (Textual's paddings, compact or not)."""
        if self.compact:
            return key.display, f" {key.description}" if key.description else ""
        return f" {key.display} ", f"{key.description} " if key.description else ""

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("footer--key", partial=True)
        description_style = self.get_component_rich_style("footer--description", partial=True)
        separator_style = self.get_component_rich_style("footer--separator", partial=True)
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        placed: list[ShownKey] = []
        keys = [k for k in self._keys if not k.palette]
        palette = next((k for k in self._keys if k.palette), None)
        gap = 1 if self.compact else 0
        for key in keys:
            if placed and gap:
                line.append(" " * gap)
            start = line.cell_len
            shown, said = self._pieces(key)
            extra = Style() if key.enabled else dim
            line.append(shown, key_style + extra)
            line.append(said, description_style + extra)
            placed.append(key._replace(start=start, end=line.cell_len))
        if palette is not None:
            shown, said = self._pieces(palette)
            tail = Text.assemble("▏", (shown, key_style), (said, description_style))
            if not self.compact:
                tail.append(" ")
            tail.stylize(separator_style, 0, 1)
            room = width - tail.cell_len
            if line.cell_len > room:
                line.truncate(max(room, 0))
            line.append(" " * max(room - line.cell_len, 0))
            start = line.cell_len
            line.append_text(tail)
            placed.append(palette._replace(start=start + 1, end=line.cell_len - (0 if self.compact else 1)))
        self._keys = tuple(placed)
        return line

    # -- keeping up with the screen -----------------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        # The keys as they stand now, so the screen's first frame has them (they came a
        # frame or two after the rest: the last thing drawn when a screen opened); the
        # screen's signal corrects them once its focus is set.
        self._keys = self._wanted()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            # Read now, so the frame that shows a new step or focus shows its keys (they
            # came a frame later: the last thing drawn on a step).
            self._redraw_if_changed()
            if not self._pending:  # and once more after it, for state set after the signal
                self._pending = True
                self.call_after_refresh(self._settled)

    def _settled(self) -> None:
        self._pending = False
        self._redraw_if_changed()

    def _redraw_if_changed(self) -> None:
        wanted = self._wanted()
        if [k[:6] for k in wanted] != [k[:6] for k in self._keys]:
            self._keys = wanted
            self.refresh()

    def watch_compact(self) -> None:
        self.refresh()

    # -- the mouse ------------------------------------------------------------------------------

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column ``x``, if any."""
        return next((k for k in self._keys if k.start <= x < k.end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        self.tooltip = (key.tooltip or key.description) if key is not None else None
