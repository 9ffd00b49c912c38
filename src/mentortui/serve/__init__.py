"""Provides `mentortui serve`: the app served to others, over SSH."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


def main(args: argparse.Namespace, data_dir: Path) -> int:
    """Run the server the arguments ask for until it is stopped; returns the exit code."""
    # Every Python this server starts (sessions, the forkserver, a browser's app) inherits this:
    # none puts its working directory or script's folder first on the import path, where a
    # planted `mentortui` would run as the service account.
    os.environ["PYTHONSAFEPATH"] = "1"
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format=LOG_FORMAT)
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    if args.web:
        from .web import run as run_web

        return run_web(data_dir, args.user_handle, args.host, args.port or 8000, args.public_url)
    if not args.ssh:
        print("mentortui: say how to serve: --ssh or --web", file=sys.stderr)
        return 2
    from .ssh import SSHSettings, run  # asyncssh is needed only here

    return run(
        SSHSettings(
            data_dir=data_dir,
            host=args.host,
            port=args.port or 2222,
            idle_timeout=args.idle_timeout,
            max_sessions=args.max_sessions,
            max_sessions_per_person=args.max_sessions_per_person,
            max_connections=args.max_connections,
            max_connections_per_person=args.max_connections_per_person,
            drop_from=args.max_startups[0],
            drop_rate=args.max_startups[1],
            max_unauthenticated=args.max_startups[2],
            login_timeout=args.login_timeout,
            prefork=not args.no_prefork,
        )
    )
