"""Agreement files as an older mentortui or a hand-edit left them: past today's text rule."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from mentortui.model import Agreement
from mentortui.store import Store


def plant(data_dir: Path, agreement: Agreement, user: str = "") -> Agreement:
    """Store ``agreement`` as it is, hostile text included, as files from before the rule were."""
    with mock.patch("mentortui.store.store.text_problems", lambda *args, **kwargs: []):
        return Store(data_dir, user=user).create(agreement)
