"""The courier: one worker that drains the outbox at a steady pace, resumable after a crash.

Each row is marked 'sending' (committed) before its message goes out and 'sent' (committed) as
soon as Telegram answers. After a restart, rows left 'sending' are sent again: a crash between
Telegram accepting a message and our commit (a few milliseconds) can repeat that one message;
nothing is ever dropped. RetryAfter pauses the whole courier; Forbidden marks the subscriber
inactive; ChatMigrated moves the subscription; network errors retry with back-off, then fail.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from collections.abc import Callable

from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from cdsbot import notify, texts
from cdsbot.knowledge import NoticeSettings
from cdsbot.storage import OutboxRow, Storage

log = logging.getLogger("cdsbot.courier")
MAX_ATTEMPTS = 5
MAX_BACKOFF = 300.0
IDLE_WAIT = 1.0


def _seconds(exc: RetryAfter) -> float:
    """RetryAfter's delay; PTB 22 returns int seconds (with a deprecation warning), later
    versions a timedelta: accept both, quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class Courier:
    def __init__(self, bot: Bot, storage: Storage, settings: Callable[[], NoticeSettings],
                 now: Callable[[], dt.datetime], pacer: notify.Pacer | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 send_timeout: float | None = None) -> None:
        self.bot = bot
        self.storage = storage
        self.settings = settings  # read at every step: a knowledge reload takes effect
        self.now = now  # local time (quiet hours)
        self.pacer = pacer or notify.Pacer()
        self.monotonic = monotonic
        self.send_timeout = send_timeout  # None: the bot's default read timeout
        self.wake = asyncio.Event()
        self.stopping = False
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self.run(), name="courier")

    async def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        if self.task is not None:
            await self.task

    async def run(self) -> None:
        while not self.stopping:
            try:
                worked = await self.step()
            except Exception:  # the courier must outlive any single bad row or bug
                log.exception("courier step failed")
                worked = False
            if not worked:
                self.wake.clear()
                try:
                    await asyncio.wait_for(self.wake.wait(), IDLE_WAIT)
                except TimeoutError:
                    pass

    async def step(self) -> bool:
        """Send one due row, or the delivery reports of finished announcements."""
        local = self.now()
        row = self.storage.claim_next(local.astimezone(dt.UTC),
                                      non_urgent=not notify.quiet(local, self.settings()))
        if row is None:
            await self.report_finished()
            return False
        wait = self.pacer.wait_for(row.chat_id, self.monotonic())
        if wait:
            await asyncio.sleep(wait)
        started = self.monotonic()
        await self.deliver(row)
        self.pacer.sent(row.chat_id, started)
        return True

    async def deliver(self, row: OutboxRow) -> None:
        html = texts.render_notice(row.kind, row.title, row.body)
        utc_now = self.now().astimezone(dt.UTC)
        try:
            message = await self.bot.send_message(row.chat_id, html,
                                                   read_timeout=self.send_timeout)
        except RetryAfter as exc:
            delay = _seconds(exc)
            log.warning("RetryAfter %ss: the courier pauses", delay)
            self.storage.mark_retry(row.id, f"RetryAfter {delay}", utc_now, count=False)
            await asyncio.sleep(float(delay))
        except Forbidden:
            self.storage.mark_blocked(row.id, row.chat_id)
        except ChatMigrated as exc:
            self.storage.migrate_chat(row.id, row.chat_id, exc.new_chat_id)
        except BadRequest as exc:  # e.g. chat not found: retrying cannot help
            self.storage.mark_failed(row.id, f"BadRequest: {exc.message}")
        except NetworkError as exc:  # TimedOut included
            if row.attempts + 1 >= MAX_ATTEMPTS:
                self.storage.mark_failed(row.id, f"{type(exc).__name__}: {exc.message}")
            else:
                backoff = min(MAX_BACKOFF, 2.0 ** row.attempts)
                self.storage.mark_retry(row.id, f"{type(exc).__name__}: {exc.message}",
                                        utc_now + dt.timedelta(seconds=backoff))
        except TelegramError as exc:
            self.storage.mark_failed(row.id, f"{type(exc).__name__}: {exc.message}")
        else:
            self.storage.mark_sent(row.id, message.message_id)

    async def report_finished(self) -> None:
        """Tell the admin who sent an announcement how its delivery ended (once)."""
        for d in self.storage.finished_reports():
            if d.report_chat is not None and self.storage.mark_reported(d.notification_id):
                try:
                    await self.bot.send_message(d.report_chat, texts.delivery_report(d.counts))
                except TelegramError as exc:
                    log.warning("could not send the delivery report: %s", exc)
