"""Bounded webhook input: python-telegram-bot's webhook server (Tornado) reads a body of up to
100 MB before it checks the secret token; here every body over MAX_BODY is refused as soon as
its headers announce it (or the stream passes it), before it is buffered.

Telegram's updates are a few kilobytes; 1 MB leaves ample room. A reverse proxy in front should
cap the body too (docs/OPERATIONS.md).
"""

from __future__ import annotations

from typing import Any

from telegram.ext._utils import webhookhandler
from tornado.httpserver import HTTPServer

MAX_BODY = 1024 * 1024  # bytes
BODY_TIMEOUT = 30.0  # seconds to receive one body (a slow sender is cut off)
IDLE_TIMEOUT = 75.0  # seconds a kept-alive connection may sit idle


class BoundedHTTPServer(HTTPServer):
    """Tornado's HTTPServer with a small body limit and timeouts by default."""

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_body_size", MAX_BODY)
        kwargs.setdefault("max_buffer_size", MAX_BODY + 64 * 1024)
        kwargs.setdefault("body_timeout", BODY_TIMEOUT)
        kwargs.setdefault("idle_connection_timeout", IDLE_TIMEOUT)
        super().initialize(*args, **kwargs)


def limit_body_size() -> None:
    """Make python-telegram-bot's webhook server a BoundedHTTPServer (idempotent). Its
    WebhookServer builds `HTTPServer(app, ssl_options=…)` from its module's namespace; if a
    new version moves that, fail loudly rather than run unbounded."""
    if getattr(webhookhandler, "HTTPServer", None) not in (HTTPServer, BoundedHTTPServer):
        raise RuntimeError("python-telegram-bot's webhook server changed: cannot bound bodies")
    webhookhandler.HTTPServer = BoundedHTTPServer  # type: ignore[attr-defined, misc]
