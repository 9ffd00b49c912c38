"""On a busy host a look for others' saves can take longer than the watch interval: the app
then waits for it rather than starting a second beside it (and cancelling the first)."""

from __future__ import annotations

import threading
import time

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.store import Store

from .pilot import SIZE, open_agreement, wait_for


async def test_a_slow_look_is_not_doubled(tmp_path, monkeypatch, quick_watch):
    Store(tmp_path).create(Agreement(title="Slow disk", mentee=Party("Ana"), mentor=Party("Ben")))
    reading, most, looks = [0], [0], [0]
    lock = threading.Lock()
    real = Store.stamp

    def slow_stamp(self, agreement_id):
        with lock:
            reading[0] += 1
            looks[0] += 1
            most[0] = max(most[0], reading[0])
        time.sleep(0.3)  # six watch intervals
        with lock:
            reading[0] -= 1
        return real(self, agreement_id)

    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        monkeypatch.setattr(Store, "stamp", slow_stamp)
        await wait_for(pilot, lambda: looks[0] >= 3)
        monkeypatch.setattr(Store, "stamp", real)
    assert most[0] == 1, f"{most[0]} looks read at once"
