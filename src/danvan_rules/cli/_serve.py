"""``danvan-rules serve``: the HTTP API and its self-assessment page (the ``server`` extra).

It binds 127.0.0.1 (this machine only) unless ``--host`` says otherwise: any
other address (``0.0.0.0``) exposes the API to the network, with no
authentication of its own — put it behind a proxy that has some.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO

from danvan_rules.errors import MissingExtraError
from danvan_rules.server import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY, create_app

from ._common import OK, UsageError, emit

__all__ = ["add_parser", "serve_command"]


def add_parser(sub: Any, with_lang: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``serve`` on the command's subparsers."""
    p = sub.add_parser("serve", help="serve the HTTP API and the self-assessment page")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: 127.0.0.1, this machine only; "
        "another address exposes the API to the network)",
    )
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--max-body",
        type=int,
        default=DEFAULT_MAX_BODY,
        metavar="BYTES",
        help=f"largest request body accepted (default: {DEFAULT_MAX_BODY})",
    )
    p.add_argument(
        "--max-batch",
        type=int,
        default=DEFAULT_MAX_BATCH,
        metavar="N",
        help=f"most reports in one batch (default: {DEFAULT_MAX_BATCH})",
    )
    with_lang(p)


def serve_command(args: argparse.Namespace, out: TextIO) -> int:
    """``serve``: print the URL, then serve until interrupted."""
    # port 0 would bind a port of the system's choosing, not the one the URL printed names
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    # an empty address ("--host $HOST" with HOST unset) binds every interface: not by accident
    if not args.host.strip():
        raise UsageError("--host must name an address (0.0.0.0 for every interface), not ''")
    try:
        import uvicorn  # the optional extra, imported lazily
    except ImportError:
        raise MissingExtraError("uvicorn", "server", "danvan-rules serve") from None
    try:
        app = create_app(max_body=args.max_body, max_batch=args.max_batch)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    host = f"[{args.host}]" if ":" in args.host else args.host
    emit(out, f"danvan-rules: serving on http://{host}:{args.port}/ (Ctrl+C stops)")
    out.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return OK
