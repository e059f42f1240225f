"""The way in: the durable inbox in front of the handlers, and per-chat ordered concurrency.

    getUpdates -> StoringRequest (the whole batch stored in one commit, fsync'd)
    webhook -> InboxQueue.put (stored, fsync'd)       both in the inbox's own thread
        -> Application -> ChatOrder (one chat in order, chats concurrently, at most 64)
        -> handlers -> marked done (group commit)

Polling: the offset that acknowledges a batch is sent with the next getUpdates, and the batch is
stored before python-telegram-bot even reads it, in one commit: the sixth update of a batch does
not wait for five fsyncs. Webhook: python-telegram-bot puts the update into the application's
queue before it answers 200, so storing in `put` is storing before Telegram is told. After a
crash, `Intake.recover` queues what was stored but not marked done: handled again, each once.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from telegram import Bot, Update
from telegram.error import NetworkError
from telegram.ext import BaseUpdateProcessor
from telegram.request import BaseRequest, RequestData

from cdsbot.storage.base import Worker, current_update
from cdsbot.storage.inbox import Inbox

log = logging.getLogger("cdsbot.pipeline")
MAX_CONCURRENT = 64  # updates handled at once (different chats)


class Intake:
    """The inbox, used from a thread of its own; done marks are committed in groups."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.worker: Worker[Inbox] | None = None
        self.finished: list[int] = []
        self.flushing: asyncio.Task[None] | None = None
        self.batch: dict[int, bool] = {}  # stored with their getUpdates batch: id -> new?

    def open(self) -> None:
        if self.worker is None:
            self.worker = Worker(lambda: Inbox(self.path), name="inbox")

    async def close(self) -> None:
        if self.flushing is not None:
            await self.flushing
        if self.worker is not None:
            worker, self.worker = self.worker, None
            await asyncio.to_thread(worker.close)

    async def store(self, update: Update) -> bool:
        """Store before acknowledging; False for an update stored before (a redelivery).
        An update of a getUpdates batch is stored already (`store_batch`)."""
        if self.worker is None:
            return True
        new = self.batch.pop(update.update_id, None)
        if new is not None:
            return new
        body = update.to_dict()
        return await self.worker(lambda inbox: inbox.add(update.update_id, body))

    async def store_batch(self, bodies: list[dict]) -> None:
        """Store a getUpdates batch, as Telegram sent it, in one commit."""
        if self.worker is None or not bodies:
            return
        fresh = await self.worker(lambda inbox: inbox.add_many(bodies))
        # python-telegram-bot puts every update of a batch before it asks for the next one, so
        # the last batch's marks are all used (or, at a stop, never will be): replace them. An
        # id repeated within the batch is new once, the first time.
        batch: dict[int, bool] = {}
        for body, new in zip(bodies, fresh, strict=True):
            batch.setdefault(int(body["update_id"]), new)
        self.batch = batch

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


class StoringRequest(BaseRequest):
    """The getUpdates connection: a batch that Telegram sent is stored in the inbox before it
    is returned to python-telegram-bot (and so before the next getUpdates acknowledges it). If
    it cannot be stored, the batch is not read: a NetworkError, so the updater waits a little
    and asks again for the same updates."""

    def __init__(self, inner: BaseRequest, intake: Intake) -> None:
        self.inner = inner
        self.intake = intake

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        code, payload = await self.inner.do_request(url, method, request_data, **timeouts)
        if code == 200 and url.endswith("/getUpdates"):
            try:
                updates = json.loads(payload).get("result") or []
                await self.intake.store_batch([u for u in updates if isinstance(u, dict)])
            except Exception as exc:
                log.exception("could not store a batch of updates; asking for it again")
                raise NetworkError("the inbox could not store the updates") from exc
        return code, payload


class InboxQueue(asyncio.Queue):  # type: ignore[type-arg]
    """The application's update queue: an update is stored in the inbox before it is queued
    (and so before Telegram is told it arrived); a redelivered one is dropped."""

    def __init__(self, intake: Intake) -> None:
        super().__init__()
        self.intake = intake

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and not await self.intake.store(item):
            log.info("update %s came again; it is handled already", item.update_id)
            return
        await super().put(item)


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
