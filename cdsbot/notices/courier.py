"""The courier: drains the outbox at a steady pace with several sends in flight, resumable
after a crash.

Each row is marked 'sending' (committed) before its message goes out and 'sent' (committed) as
soon as Telegram answers. After a restart, rows left 'sending' are sent again: a crash between
Telegram accepting a message and our commit (one round trip plus a few milliseconds) can repeat
the messages in flight at that moment; nothing is ever dropped. Sends start on the pacer's
schedule (<= 25 in any second, 1 a second per chat) and up to IN_FLIGHT wait for their answers
at once, so the pace does not depend on the round trip to Telegram. Every send has a timeout.
RetryAfter pauses the whole courier; Forbidden marks the subscriber inactive; ChatMigrated moves
the subscription; network errors retry with back-off, then fail. The database is used from a
thread of its own (its own connection): a lock held elsewhere never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
import time
import warnings
from collections.abc import Callable
from typing import Any

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

from cdsbot import strings
from cdsbot.knowledge import NoticeSettings
from cdsbot.notices import schedule
from cdsbot.storage import OutboxRow, Storage
from cdsbot.storage.base import Worker

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
MAX_BACKOFF = 300.0
IDLE_WAIT = 1.0
SEND_TIMEOUT = 10.0  # seconds to wait for Telegram's answer to one send; never unbounded
IN_FLIGHT = 16  # sends awaiting their answer at once (25/s x 0.6 s round trip)
SPIN = 0.003  # seconds before a pacer slot spent yielding instead of sleeping on a timer
WINDOW = 1.03  # any 25 consecutive sends span at least this (seconds): <= 25 in any second
# at the receiving end even when arrival times scatter by up to 25 ms
CLAIM_AHEAD = 8  # rows claimed ('sending') in one transaction, ahead of their pacer slot


def _seconds(exc: RetryAfter) -> float:
    """RetryAfter's delay; PTB 22 returns int seconds (with a deprecation warning), later
    versions a timedelta: accept both, quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class Courier:
    def __init__(self, bot: Bot, storage: Storage, settings: Callable[[], NoticeSettings],
                 now: Callable[[], dt.datetime], pacer: schedule.Pacer | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 send_timeout: float | None = None, in_flight: int = IN_FLIGHT) -> None:
        self.bot = bot
        self.storage = storage  # the courier opens its own connection to the same file
        self.settings = settings  # read at every step: a knowledge reload takes effect
        self.now = now  # local time (quiet hours)
        self.pacer = pacer or schedule.Pacer()
        self.monotonic = monotonic
        self.send_timeout = send_timeout or SEND_TIMEOUT
        self.in_flight = max(1, in_flight)
        self.wake = asyncio.Event()
        self.stopping = False
        self.task: asyncio.Task[None] | None = None
        self.db: Worker[Storage] | None = None
        self.sending: dict[int, asyncio.Task[None]] = {}  # outbox row id -> its send
        self.ready: collections.deque[OutboxRow] = collections.deque()  # claimed, not sent
        self.marks: list[tuple[int, int | None, asyncio.Future[None]]] = []
        self.marking: asyncio.Task[None] | None = None
        self.slots: asyncio.Semaphore | None = None
        self.paused_until = 0.0  # RetryAfter: no send starts before this (monotonic)
        self.recent: collections.deque[float] = collections.deque(maxlen=25)  # send times
        self.window_lock = asyncio.Lock()  # sends pass the window check one by one, in order

    def start(self) -> None:
        self.db = Worker(self.storage.reopen, name="courier-db")  # type: ignore[arg-type]
        self.slots = asyncio.Semaphore(self.in_flight)
        self.task = asyncio.create_task(self.run(), name="courier")

    async def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        if self.task is not None:
            await self.task
        await asyncio.gather(*self.sending.values(), return_exceptions=True)
        if self.db is not None:
            db, self.db = self.db, None
            await asyncio.to_thread(db.close)

    async def run_db(self, fn: Callable[[Storage], Any]) -> Any:
        """Run fn(storage) in the courier's database thread."""
        assert self.db is not None, "the courier is not started"
        return await self.db(fn)

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
        """Start one due send (waiting for a free slot and the pacer), or send the delivery
        reports of finished announcements."""
        assert self.slots is not None
        await self.slots.acquire()
        started = False
        try:
            pause = self.paused_until - self.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            if not self.ready:
                self.ready.extend(await self.claim())
            if not self.ready:
                if not self.sending:
                    await self.report_finished()
                return False
            row = self.ready.popleft()
            while True:  # the pacer's slot; a RetryAfter that came meanwhile moves it
                now = self.monotonic()
                wait = max(self.pacer.wait_for(row.chat_id, now), self.paused_until - now)
                if wait <= 0:
                    break
                # a timer fires up to a few ms late, and the pacer counts from the actual send
                # (which keeps every second at <= 25): the last moments are yielded away in
                # small steps, so the pace stays at the pacer's rate
                await asyncio.sleep(wait - SPIN if wait > SPIN else 0)
            self.pacer.sent(row.chat_id, self.monotonic())
            self.sending[row.id] = asyncio.create_task(self._send(row), name="courier-send")
            started = True
            return True
        finally:
            if not started:
                self.slots.release()

    async def claim(self) -> list[OutboxRow]:
        """Up to CLAIM_AHEAD due rows, each marked 'sending', in one transaction (one fsync)."""
        local = self.now()
        non_urgent = not schedule.quiet(local, self.settings())
        busy = (*self.sending, *(r.id for r in self.ready))

        def claim(storage: Storage) -> list[OutboxRow]:
            return storage.notices.claim(local.astimezone(dt.UTC), non_urgent=non_urgent,
                                         skip=busy, limit=CLAIM_AHEAD)

        return await self.run_db(claim)

    async def mark_sent(self, row_id: int, message_id: int | None) -> None:
        """Mark one row sent; marks made while a commit runs go together in the next one.
        Returns once this row's mark is committed."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.marks.append((row_id, message_id, done))
        if self.marking is None or self.marking.done():
            self.marking = asyncio.create_task(self._commit_marks(), name="courier-marks")
        await done

    async def _commit_marks(self) -> None:
        while self.marks:
            batch, self.marks = self.marks, []

            sent = [b[:2] for b in batch]
            try:
                await self.run_db(lambda storage, sent=sent: storage.notices.mark_sent(sent))
            except Exception as exc:
                for *_, done in batch:
                    done.set_exception(exc)
            else:
                for *_, done in batch:
                    done.set_result(None)

    async def _window(self) -> None:
        """Wait until this send keeps any 25 consecutive sends WINDOW apart; checked when the
        send really starts (not when it was scheduled), so the loop's own delays count."""
        async with self.window_lock:
            while len(self.recent) == 25:
                wait = self.recent[0] + WINDOW - self.monotonic()
                if wait <= 0:
                    break
                await asyncio.sleep(wait - SPIN if wait > SPIN else 0)
            self.recent.append(self.monotonic())

    async def _send(self, row: OutboxRow) -> None:
        assert self.slots is not None
        try:
            await self._window()
            await self.deliver(row)
        except Exception:  # a database error: the row stays 'sending' and is sent again later
            log.exception("courier: row %s not settled", row.id)
        finally:
            self.sending.pop(row.id, None)
            self.slots.release()
            self.wake.set()

    async def deliver(self, row: OutboxRow) -> None:
        # "/huytheodoi" only under what it stops: not a grant, nor an announcement to an
        # official who never subscribed
        render = (strings.citizen.render_notice if row.subscribed
                  else strings.office.personal_notice)
        html = render(row.kind, row.title, row.body)
        utc_now = self.now().astimezone(dt.UTC)
        try:
            message = await self.bot.send_message(row.chat_id, html,
                                                   read_timeout=self.send_timeout)
        except RetryAfter as exc:
            delay = _seconds(exc)
            log.warning("RetryAfter %ss: the courier pauses", delay)
            self.paused_until = max(self.paused_until, self.monotonic() + delay)
            await self.run_db(lambda s: s.notices.mark_retry(row.id, f"RetryAfter {delay}",
                                                             utc_now, count=False))
        except Forbidden:
            await self.run_db(lambda s: s.notices.mark_blocked(row.id, row.chat_id))
        except ChatMigrated as exc:
            new_id = exc.new_chat_id
            await self.run_db(lambda s: s.notices.migrate_chat(row.id, row.chat_id, new_id))
        except BadRequest as exc:  # e.g. chat not found: retrying cannot help
            error = f"BadRequest: {exc.message}"
            await self.run_db(lambda s: s.notices.mark_failed(row.id, error))
        except NetworkError as exc:  # TimedOut included
            error = f"{type(exc).__name__}: {exc.message}"
            if row.attempts + 1 >= MAX_ATTEMPTS:
                await self.run_db(lambda s: s.notices.mark_failed(row.id, error))
            else:
                when = utc_now + dt.timedelta(seconds=min(MAX_BACKOFF, 2.0 ** row.attempts))
                await self.run_db(lambda s: s.notices.mark_retry(row.id, error, when))
        except TelegramError as exc:
            error = f"{type(exc).__name__}: {exc.message}"
            await self.run_db(lambda s: s.notices.mark_failed(row.id, error))
        else:
            await self.mark_sent(row.id, message.message_id)

    async def report_finished(self) -> None:
        """Tell the admin who sent an announcement how its delivery ended (once)."""
        for d in await self.run_db(lambda s: s.notices.finished_reports()):
            if d.report_chat is not None and await self.run_db(
                    lambda s, n=d.notification_id: s.notices.mark_reported(n)):
                try:
                    await self.bot.send_message(d.report_chat,
                                                strings.citizen.delivery_report(d.counts),
                                                read_timeout=self.send_timeout)
                except TelegramError as exc:
                    log.warning("could not send the delivery report: %s", exc)
