"""Provides the messages a step of the agreement posts to the screen that shows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from ...model import Agreement


@dataclass
class EditAgreement(Message):
    """A change a step makes beyond its fields (a row added, moved or deleted; a signature).

    The screen applies ``change`` to the agreement as it holds it when the message comes (so
    two quick moves both count), takes the result as an edit, saves it at once when
    ``at_once``, and then gives ``then`` the agreement as it now holds it, for the step to show.
    """

    change: Callable[[Agreement], Agreement]
    then: Callable[[Agreement], None] | None = None
    at_once: bool = False


@dataclass
class OpenGoal(Message):
    """Edit one goal on its own screen; ``closed`` is called once that screen is closed."""

    goal_id: str
    added: bool = False
    #: The goal's field to focus first.
    focus: str = "title"
    closed: Callable[[], None] | None = None


@dataclass
class GoToField(Message):
    """Show the step that edits a field path and focus its field (``goals[0].title``)."""

    path: str
