"""The event loop's one way to the bot's database: `await db(fn, *args)` runs `fn` (a core
method: Office, Storage, Live) in one thread of its own, one call at a time, in order.

The loop never touches the connection, so a write lock held by another process (a backup, a
CLI admin command) delays only the updates that need the database. Those wait for it without
holding the thread: each attempt waits at most `SLICE` for the lock (SQLite's busy timeout, set
for the attempt only), and a call that found the database locked *before it wrote anything* is
run again after a short pause, while the thread serves the calls queued behind it (reads pass at
once: WAL readers never wait for a writer). After `WAIT` seconds the call raises `Busy`: nothing
of it was written, and the person is asked to try again. A call that wrote part of its work
before meeting the lock is not run again (its error propagates); the core writes what belongs
together in one transaction, so that does not happen in practice.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from cdsbot import strings
from cdsbot.storage.base import BUSY_TIMEOUT

if TYPE_CHECKING:
    from cdsbot.storage import Storage

P = ParamSpec("P")
R = TypeVar("R")
WAIT = BUSY_TIMEOUT  # seconds a call waits for another process's lock, in all
SLICE = 0.05  # seconds one attempt may hold the thread waiting for the lock
PAUSE = 0.01, 0.25  # seconds between attempts: the first, the longest
# Set in the database thread: a count not yet written makes a read "locked" (run again
# later) instead of holding the thread until the counters' writer gets the lock.
impatient = threading.local()


class Busy(sqlite3.OperationalError):
    """The database stayed locked by another connection for WAIT seconds; nothing was
    written. Its message asks the person to try again."""

    def __init__(self) -> None:
        super().__init__(strings.chat.BUSY)


class _Locked(Exception):
    """Locked before anything was written: safe to run again."""


def locked(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY,
                                                          sqlite3.SQLITE_LOCKED) \
        or "locked" in str(exc)


class DatabaseThread:
    """The thread through which the Telegram front uses `storage` (and the core above it)."""

    def __init__(self, storage: Storage, wait: float = WAIT) -> None:
        self.storage = storage
        self.wait = wait
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="database")

    async def __call__(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait
        pause = PAUSE[0]
        while True:
            try:
                return await loop.run_in_executor(self.executor, self._attempt, fn, args,
                                                  kwargs)
            except _Locked as exc:
                if loop.time() + pause > deadline:
                    raise Busy() from exc.__cause__
            await asyncio.sleep(pause)
            pause = min(pause * 2, PAUSE[1])

    def _attempt(self, fn: Callable[..., R], args: tuple, kwargs: dict) -> R:
        impatient.on = True
        conn = self.storage.db.conn
        before = conn.total_changes
        conn.execute(f"PRAGMA busy_timeout={int(SLICE * 1000)}")
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if locked(exc) and conn.total_changes == before and not conn.in_transaction:
                raise _Locked() from exc
            raise
        finally:
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")

    def close(self) -> None:
        self.executor.shutdown(wait=True)
