"""The way in: the durable inbox in front of the handlers, and per-chat ordered concurrency.

    getUpdates / webhook -> InboxQueue.put -> stored (one fsync'd commit per batch, in the
        inbox thread) -> the queue -> Application -> ChatOrder (one chat in order, chats
        concurrently, at most 64) -> handlers -> marked done (group commit)

Telegram is told an update arrived by the next getUpdates (polling: its offset acknowledges the
batch before it) or by the 200 (webhook). Polling: python-telegram-bot hands a whole batch to
`put` one update after another; `put` only gathers them, and they are stored together in one
commit, then queued; the getUpdates request (`StoredFirst`) waits until everything handed over is
stored before it asks for more. Webhook: `put` returns once its update is stored (updates posted
at the same time share a commit), and python-telegram-bot answers 200 after `put`. After a crash,
`Intake.recover` queues what was stored but not marked done: handled again, each once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from telegram import Bot, Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.ext import BaseUpdateProcessor
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from cdsbot.storage.base import Worker, current_update
from cdsbot.storage.inbox import Inbox

log = logging.getLogger("cdsbot.pipeline")
MAX_CONCURRENT = 64  # updates handled at once (different chats)


class Intake:
    """The inbox, used from a thread of its own: updates handed over are stored in batches (one
    commit each), done marks are committed in groups."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.worker: Worker[Inbox] | None = None
        self.finished: list[int] = []
        self.flushing: asyncio.Task[None] | None = None
        self.handed: list[Update] = []  # handed over, not stored yet
        self.storing: asyncio.Task[None] | None = None
        self.batches = 0  # commits that stored updates (the benchmark and a test read it)

    def open(self) -> None:
        if self.worker is None:
            self.worker = Worker(lambda: Inbox(self.path), name="inbox")

    async def close(self) -> None:
        if self.storing is not None:
            with contextlib.suppress(Exception):  # not acknowledged: Telegram sends them again
                await self.storing
        if self.flushing is not None:
            await self.flushing
        if self.worker is not None:
            worker, self.worker = self.worker, None
            await asyncio.to_thread(worker.close)

    def hand_over(self, update: Update, queue: asyncio.Queue[object]) -> asyncio.Task[None]:
        """Store `update` with the others handed over in this turn of the event loop, then put
        it in `queue` (a redelivered one, stored before, is dropped); the task that does it."""
        self.handed.append(update)
        if self.storing is None or self.storing.done():
            self.storing = asyncio.create_task(self._store(queue), name="inbox-store")
        return self.storing

    async def _store(self, queue: asyncio.Queue[object]) -> None:
        await asyncio.sleep(0)  # the rest of a getUpdates batch is handed over in this turn
        while self.handed and self.worker is not None:
            batch, self.handed = self.handed, []
            rows = [(u.update_id, u.to_dict()) for u in batch]
            try:
                fresh = await self.worker(functools.partial(Inbox.add_many, rows=rows))
            except BaseException:
                self.handed[:0] = batch  # stored by the next attempt, in the same order
                raise
            self.batches += 1
            for update, new in zip(batch, fresh, strict=True):
                if new:
                    queue.put_nowait(update)
                else:
                    log.info("update %s came again; it is handled already", update.update_id)

    async def stored(self, queue: asyncio.Queue[object]) -> None:
        """Return once every update handed over so far is stored (raises if it could not be:
        then nothing new is acknowledged, and the next call tries again)."""
        while True:
            if self.storing is not None and not self.storing.done():
                await asyncio.shield(self.storing)
            elif self.handed and self.worker is not None:
                self.storing = asyncio.create_task(self._store(queue), name="inbox-store")
            else:
                if self.storing is not None and self.storing.done() and not self.handed:
                    self.storing.result()  # an error of the last attempt, if any
                return

    def done(self, update_id: int) -> None:
        """Mark handled; marks made while a commit runs go together in the next one."""
        self.finished.append(update_id)
        if self.flushing is None or self.flushing.done():
            self.flushing = asyncio.create_task(self._flush(), name="inbox-done")

    async def _flush(self) -> None:
        while self.finished and self.worker is not None:
            batch, self.finished = self.finished, []
            try:
                await self.worker(functools.partial(Inbox.done, update_ids=batch))
            except Exception:  # handled again after a restart: handlers are idempotent
                log.exception("could not mark %d updates done", len(batch))

    async def recover(self, bot: Bot, queue: asyncio.Queue[object]) -> int:
        """Queue the updates stored but never marked done (handled again, in order)."""
        if self.worker is None:
            return 0
        bodies = await self.worker(lambda inbox: inbox.unfinished())
        for body in bodies:
            update = Update.de_json(body, bot)
            if update is not None:
                queue.put_nowait(update)
        if bodies:
            log.warning("%d updates stored before a stop were not handled: handling them now",
                        len(bodies))
        return len(bodies)


class InboxQueue(asyncio.Queue):  # type: ignore[type-arg]
    """The application's update queue: an update is stored in the inbox before it is queued
    (and so before Telegram is told it arrived); a redelivered one is dropped. `put` waits for
    the commit (a webhook answers 200 after it) until a getUpdates goes through `StoredFirst`:
    from then on (polling) `put` only hands the update over, and the next getUpdates waits."""

    def __init__(self, intake: Intake) -> None:
        super().__init__()
        self.intake = intake
        self.wait = True

    async def put(self, item: object) -> None:
        if not isinstance(item, Update) or self.intake.worker is None:
            await super().put(item)
            return
        storing = self.intake.hand_over(item, self)
        if self.wait:
            await asyncio.shield(storing)

    async def stored(self) -> None:
        await self.intake.stored(self)


class StoredFirst(BaseRequest):
    """The getUpdates request: before it asks Telegram for more (which acknowledges what came
    before), it waits until the inbox has stored every update handed over so far."""

    def __init__(self, queue: InboxQueue, inner: BaseRequest | None = None) -> None:
        self.queue = queue
        self.inner = inner or HTTPXRequest(connection_pool_size=2)

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: ODVInput[float] = DEFAULT_NONE,
                         write_timeout: ODVInput[float] = DEFAULT_NONE,
                         connect_timeout: ODVInput[float] = DEFAULT_NONE,
                         pool_timeout: ODVInput[float] = DEFAULT_NONE) -> tuple[int, bytes]:
        self.queue.wait = False  # polling: a batch is stored together, before this request
        await self.queue.stored()
        return await self.inner.do_request(
            url, method, request_data, read_timeout=read_timeout, write_timeout=write_timeout,
            connect_timeout=connect_timeout, pool_timeout=pool_timeout)


def chat_key(update: object) -> object:
    """What must stay in order: one chat (or one user, where there is no chat)."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


class ChatOrder(BaseUpdateProcessor):
    """One chat's updates one after another, in the order they came; different chats at the
    same time, at most `max_concurrent_updates` at once. A dialogue's state, a confirmation
    button and a burst of messages from one person are never raced. Marks each update done in
    the inbox once handled (not when it was cancelled: then it is handled again)."""

    def __init__(self, intake: Intake | None = None,
                 max_concurrent_updates: int = MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self.intake = intake
        self.locks: dict[object, tuple[asyncio.Lock, int]] = {}

    async def process_update(self, update: object,
                             coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        lock, users = self.locks.get(key) or (asyncio.Lock(), 0)
        self.locks[key] = (lock, users + 1)
        if isinstance(update, Update):  # counts made while handling it are made once
            current_update.set(update.update_id)
        try:
            async with lock:  # FIFO: waiters are woken in the order they came
                await super().process_update(update, coroutine)
        finally:
            lock, users = self.locks[key]
            if users == 1:
                del self.locks[key]
            else:
                self.locks[key] = (lock, users - 1)
        if self.intake is not None and isinstance(update, Update):
            self.intake.done(update.update_id)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
