"""Provides the browser server: the same app per browser tab, through textual-serve, guarded."""

from __future__ import annotations

import logging
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..store import Store, StoreError
from ..text import for_log
from .command import served_command

if TYPE_CHECKING:  # imported where used: only `serve --web` needs aiohttp and textual-serve
    from aiohttp import web
    from aiohttp.typedefs import Handler
    from textual_serve.server import Server

log = logging.getLogger("mentortui.serve")

LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")


def app_command(data_dir: Path, handle: str) -> str:
    """The command textual-serve runs for each tab: this mentortui, this data, this person."""
    return shlex.join(served_command(handle, data_dir))  # no key to watch: a browser has none


def allowed(host: str, port: int, public_url: str | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """The Host headers and Origins the server answers: its own address, and the public URL's.

    Anything else is another site's page driving the app (a cross-site WebSocket) or a
    name rebound to this address (DNS rebinding), and gets 403.
    """
    names = {f"[{host}]" if ":" in host else host}
    if names & set(LOCAL_NAMES):
        names |= set(LOCAL_NAMES)
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:
        hosts |= names
    origins = {f"http://{netloc}" for netloc in hosts}
    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--public-url must be like https://mentoring.example.org, not {public_url!r}")
        hosts.add(parts.netloc.lower())
        origins.add(f"{parts.scheme}://{parts.netloc.lower()}")
    return frozenset(hosts), frozenset(origins)


def guarded_server(command: str, host: str, port: int, public_url: str | None) -> Server:
    """A textual-serve Server that refuses a foreign Host or Origin, and logs without locals."""
    from aiohttp import web
    from textual_serve.server import Server

    hosts, origins = allowed(host, port, public_url)

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        asked = request.headers.get("Host", "").lower()
        origin = request.headers.get("Origin")
        if asked not in hosts:
            log.warning(
                "refused %s %s: Host %s is not this server's", request.method, for_log(request.path), for_log(asked)
            )
            raise web.HTTPForbidden(text="This server answers only to its own address.\n")
        # Browsers always send Origin with a WebSocket: one from another site is refused.
        if (origin is not None or request.path == "/ws") and (origin or "").lower() not in origins:
            log.warning(
                "refused %s %s: Origin %s is not this server's", request.method, for_log(request.path), for_log(origin)
            )
            raise web.HTTPForbidden(text="Pages from other sites may not use this server.\n")
        return await handler(request)

    class GuardedServer(Server):
        def initialize_logging(self) -> None:
            # textual-serve's own handler prints tracebacks with local variables.
            logging.getLogger("textual-serve").setLevel(logging.INFO)

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard)
            return app

    return GuardedServer(command, host=host, port=port, title="mentortui", public_url=public_url)


def run(data_dir: Path, handle: str, host: str, port: int, public_url: str | None = None) -> int:
    """Serve the app to browsers until stopped (textual-serve has no authentication of its own)."""
    try:
        viewer = Store(data_dir).people.viewer(handle, restricted=True)
    except StoreError as error:
        print(f"mentortui: not serving: {error}", file=sys.stderr)
        return 1
    if not viewer.admitted:
        print(
            f"mentortui: not serving: {handle} is not in the people registry; add them first "
            f"with `mentortui people add {handle} --name NAME --role ROLE`.",
            file=sys.stderr,
        )
        return 1
    try:
        server = guarded_server(app_command(data_dir, handle), host, port, public_url)
    except ValueError as error:
        print(f"mentortui: {error}", file=sys.stderr)
        return 2
    print(
        f"mentortui: serving as {handle} on http://{host}:{port} — anyone who can reach this "
        "address uses the app as that person; keep it on localhost or behind an "
        "authenticating proxy.",
        file=sys.stderr,
    )
    server.serve()
    return 0
