"""Two people over SSH on one agreement: the second sees a conflict with both values; nothing is lost."""

from __future__ import annotations

import asyncio

import asyncssh

from mentortui.model.people import Person, PersonRole

from .conftest import OWN_TITLE, TIMEOUT, ServerFactory, Site, connect, read_for, read_until, screen_text

PTY = {"term_type": "xterm-256color", "term_size": (80, 24), "encoding": None}


async def open_editor(conn: asyncssh.SSHClientConnection) -> asyncssh.SSHClientProcess:
    """A PTY session on the home screen, then `o` on the one agreement both may see."""
    process = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
    await read_until(process, lambda out: OWN_TITLE in screen_text(out))
    process.stdin.write(b"o")
    await read_until(process, lambda out: "Review & sign" in screen_text(out))
    await read_for(process, 0.5)
    return process


async def test_two_sessions_editing_one_field_show_a_conflict_and_lose_nothing(
    site: Site, serve: ServerFactory
) -> None:
    bo_key = asyncssh.generate_private_key("ssh-ed25519")
    site.store.people.put(
        Person("bo", "Bo", PersonRole.MENTOR, (bo_key.export_public_key().decode(),))
    )
    service = await serve()
    async with (
        await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as ana_conn,
        await asyncio.wait_for(connect(service, username="bo", client_keys=[bo_key]), TIMEOUT) as bo_conn,
    ):
        ana, bo = await open_editor(ana_conn), await open_editor(bo_conn)
        # Both type at the end of the title at once. Bo's copy is then stale: unless his
        # session happened to reload Ana's save in between (it checks every 1.5 s), his save
        # is a conflict. Try a few times, so the test does not depend on that timing.
        for attempt in range(5):
            ana.stdin.write(b"A")
            bo.stdin.write(b"B")
            seen = screen_text(await read_for(bo, 2.0))
            if "Changed by someone else" in seen:
                break
        else:
            raise AssertionError("no conflict was shown in five tries")
        assert f"ana: {OWN_TITLE}" in seen, "Bo sees Ana's value"
        assert "yours: " in seen and "Keep mine" in seen and "Take theirs" in seen

        bo.stdin.write(b"m")
        await read_for(bo, 1.0)
        [summary] = [s for s in site.store.list_agreements() if s.mentee_handle == "ana"]
        stored = site.store.load(summary.id)
        assert stored.title.endswith("B") and stored.updated_by == "bo"
        # Ana's screen follows within a poll, and says who changed what.
        await read_until(ana, lambda out: "bo changed title" in screen_text(out), timeout=10)
        for process in (ana, bo):
            process.stdin.write(b"\x1b")
        await read_for(ana, 0.5)
