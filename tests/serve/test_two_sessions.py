"""Two people over SSH on one agreement: the second sees the conflict at the field; nothing is lost."""

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
    site.store.people.put(Person("bo", "Bo", PersonRole.MENTOR, (bo_key.export_public_key().decode(),)))
    service = await serve()
    async with (
        await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as ana_conn,
        await asyncio.wait_for(connect(service, username="bo", client_keys=[bo_key]), TIMEOUT) as bo_conn,
    ):
        ana, bo = await open_editor(ana_conn), await open_editor(bo_conn)
        # Both type at the end of the title at once: whoever saves second finds the other's
        # save of the same field. No dialog: the conflict is said at the field and typing
        # goes on; both values are kept until the person settles it with ctrl+y or ctrl+t.
        names = {"ana": ana, "bo": bo}
        for _ in range(5):
            ana.stdin.write(b"A")
            bo.stdin.write(b"B")
            screens = dict(
                zip(
                    names,
                    [screen_text(out) for out in await asyncio.gather(read_for(ana, 2.0), read_for(bo, 2.0))],
                    strict=True,
                )
            )
            second = next((n for n, seen in screens.items() if "also changed" in seen), None)
            if second:
                break
        else:
            raise AssertionError("no conflict was shown in five tries")
        first = "ana" if second == "bo" else "bo"
        seen = screens[second]
        assert f"Also changed by {first}" in seen and "ctrl+y keeps yours" in seen, seen
        mine = "B" if second == "bo" else "A"
        names[second].stdin.write(mine.lower().encode())  # a letter is a letter, not an answer
        await read_for(names[second], 1.0)
        [summary] = [s for s in site.store.list_agreements() if s.mentee_handle == "ana"]
        assert site.store.load(summary.id).updated_by == first, "theirs stays until settled"

        names[second].stdin.write(b"\x19")  # ctrl+y: keep yours
        await read_for(names[second], 1.5)
        stored = site.store.load(summary.id)
        assert stored.title.endswith(mine + mine.lower()) and stored.updated_by == second
        # The first one's screen follows within a watch, and says who changed what.
        await read_until(names[first], lambda out: f"{second} changed title" in screen_text(out), timeout=10)
        for process in (ana, bo):
            process.stdin.write(b"\x1b")
        await read_for(ana, 0.5)
