"""What every handler shares: the typed context (the core and the Telegram side's state), who
acts, sending HTML safely, keyboards, the flood guard, user errors as replies."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, CallbackContext, ContextTypes, ExtBot

from cdsbot import charts, exports, strings, vietnamese
from cdsbot.assistant import Assistant
from cdsbot.config import Settings
from cdsbot.dialogue import Dialogue
from cdsbot.handlers.buttons import ENTRY, MENU, Button
from cdsbot.live import Live
from cdsbot.officials.office import Office, Usage
from cdsbot.officials.reporting import MissingArguments, ReportError
from cdsbot.permissions import Actor
from cdsbot.storage import Busy, DatabaseThread, InviteError, Storage
from cdsbot.strings import vocabulary

if TYPE_CHECKING:
    from cdsbot.notices.courier import Courier
    from cdsbot.notices.schedule import Pacer
    from cdsbot.pipeline import Intake

BUTTON_TEXT = 60  # characters of a title shown on a button
SPENT_KEPT = 10_000  # one-shot buttons remembered as pressed (BotData.spend)
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class BotData:
    """What every handler shares: the core, and the Telegram side's own state. It is the
    application's `bot_data`, typed (python-telegram-bot's contexttypesbot.py): handlers read
    `context.bot_data.office`, never string keys. PTB builds it empty; build_application fills
    it.

    Whatever touches the database goes through `run`: `await svc.run(svc.office.rate, ...)`
    calls the core in the database thread (storage.thread), never on the event loop."""

    settings: Settings = field(init=False)
    office: Office = field(init=False)
    db: DatabaseThread = field(init=False)
    dialogue: Dialogue = field(init=False)
    flood: FloodGuard = field(init=False)
    intake: Intake = field(init=False)
    pacer: Pacer | None = None
    send_timeout: float | None = None
    courier: Courier | None = None
    names_seen: dict[int, tuple[str, str]] = field(default_factory=dict)
    levels: dict[int, str] = field(default_factory=dict)  # command level, as last looked up
    # "Xem thêm"/"Nguồn" buttons already pressed: (chat, message, data), the oldest forgotten
    spent: OrderedDict[tuple[int, int, str], None] = field(default_factory=OrderedDict)

    def spend(self, chat_id: int, message_id: int, data: str) -> bool:
        """True the first time a one-shot button of a message is pressed, False after: a
        double tap, or a second press before its message lost the button, sends nothing twice."""
        key = (chat_id, message_id, data)
        if key in self.spent:
            return False
        self.spent[key] = None
        while len(self.spent) > SPENT_KEPT:
            self.spent.popitem(last=False)
        return True

    def unspend(self, chat_id: int, message_id: int, data: str) -> None:
        """The button's text could not be sent: its next press sends it."""
        self.spent.pop((chat_id, message_id, data), None)

    def serve(self, settings: Settings, office: Office, flood: FloodGuard,
              intake: Intake) -> None:
        self.settings, self.office, self.flood, self.intake = settings, office, flood, intake
        self.dialogue = Dialogue(office.live)
        self.db = DatabaseThread(office.storage)
        office.storage.counters()  # its writer thread, started once, here
        # who asked a question kept for the review (the journal runs on the event loop): as
        # looked up in the database thread when the person was last seen (remember_name)
        office.live.asker = lambda user_id: self.levels.get(user_id, "citizen")

    async def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """fn(*args) in the database thread; Busy if another process kept the database
        locked too long (nothing written then)."""
        return await self.db(fn, *args, **kwargs)

    @property
    def live(self) -> Live:
        return self.office.live

    @property
    def assistant(self) -> Assistant:
        """The answer engine being served now (it changes on a reload)."""
        return self.office.live.assistant

    @property
    def storage(self) -> Storage:
        return self.office.storage

    def today(self) -> dt.date:
        return self.office.today()


class Context(CallbackContext[ExtBot, dict, dict, BotData]):
    """The context every handler gets: `context.bot_data` is the BotData."""


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)


def actor(update: Update) -> Actor:
    """Who acts, and where (user, chat, private chat?): what the core checks rights on. A post
    with no person behind it (a channel's) acts as the chat that sent it."""
    user, chat = update.effective_user, update.effective_chat
    assert chat is not None
    user_id = user.id if user is not None else (update.effective_sender or chat).id
    return Actor(user_id, chat.id, chat.type == ChatType.PRIVATE)


def short(title: str) -> str:
    return title if len(title) <= BUTTON_TEXT else title[: BUTTON_TEXT - 1] + "…"


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback data) -> inline keyboard (None when empty)."""
    rows = [row for row in rows if row]
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def menu_keyboard() -> InlineKeyboardMarkup | None:
    buttons = [(label, MENU.make(menu)) for label, menu in strings.citizen.MENU_BUTTONS]
    return keyboard([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def entry_buttons(assistant: Assistant, entry_ids: Sequence[str]) -> list[list[tuple[str, str]]]:
    return [[(short(assistant.kb.entries[e].title), ENTRY.make(e))] for e in entry_ids]


async def send_html(update: Update, context: Context, html: str,
                    markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send an HTML message to the update's chat, split at 4096; the keyboard goes last."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = strings.citizen.split_message(html)
    sent = None
    for i, part in enumerate(parts):
        sent = await context.bot.send_message(
            chat.id, part, reply_markup=markup if i == len(parts) - 1 else None
        )
    return sent


async def pressed(update: Update, kind: Button) -> tuple[str, ...] | None:
    """The pressed button's fields if its data is `kind`'s, else None after a polite
    "expired" alert. Button data comes from the client, so every button handler parses it
    with this, strictly."""
    query = update.callback_query
    if query is None:
        return None
    fields = kind.parse(query.data)
    if fields is None:
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
    return fields


ButtonHandler = Callable[[Update, Context, CallbackQuery, tuple[str, ...]], Awaitable[None]]


def button(kind: Button) -> Callable[[ButtonHandler], Callable[[Update, Context],
                                                               Awaitable[None]]]:
    """A handler for one kind of button gets the press and its fields, parsed strictly by
    `pressed`: data that is not `kind`'s gets the "expired" alert and goes no further."""
    def wrap(fn: ButtonHandler) -> Callable[[Update, Context], Awaitable[None]]:
        @functools.wraps(fn)
        async def handler(update: Update, context: Context) -> None:
            fields = await pressed(update, kind)
            if fields is not None and update.callback_query is not None:
                await fn(update, context, update.callback_query, fields)
        return handler
    return wrap


async def edit_or_send(update: Update, context: Context, html: str,
                       markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message under the pressed button; if Telegram refuses (deleted, too old, not
    ours), send the text as a new message instead."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(html, reply_markup=markup)
            return
        except BadRequest as exc:
            if "not modified" in exc.message:
                return
    await send_html(update, context, html, markup)


@dataclass
class Bucket:
    """A token bucket: `capacity` tokens, refilled at `rate` per second."""

    tokens: float
    at: float


class FloodGuard:
    """Per person, a token bucket: a burst of `burst` messages, then `rate` per second.

    A button press costs `press_cost` of a message (browsing menus briskly is fine), an inline
    query nothing (Telegram sends one per keystroke). An empty bucket: one notice, then
    silence until it refills. Costly actions (charts, exports) have a bucket of their own:
    `costly_burst` at once, then one per `costly_every` seconds. Other people are served as
    usual.
    """

    def __init__(self, limit: float | None = None, window: float | None = None, *,
                 burst: float = 8.0, rate: float = 1.0, press_cost: float = 0.25,
                 costly_burst: float = 3.0, costly_every: float = 20.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`limit`/`window` (the old form: `limit` updates per `window` seconds) set the
        burst and the rate."""
        self.burst = float(limit) if limit is not None else burst
        self.rate = (self.burst / window) if limit is not None and window else rate
        self.press_cost, self.clock = press_cost, clock
        self.costly_burst, self.costly_every = costly_burst, costly_every
        self.buckets: dict[int, Bucket] = {}
        self.costly: dict[int, Bucket] = {}
        self.warned: set[int] = set()

    @staticmethod
    def _take(buckets: dict[int, Bucket], user_id: int, cost: float, capacity: float,
              rate: float, now: float) -> bool:
        bucket = buckets.get(user_id)
        if bucket is None:
            bucket = buckets[user_id] = Bucket(capacity, now)
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return True
        return False

    def allow(self, user_id: int, cost: float = 1.0) -> tuple[bool, bool]:
        """(serve this update?, send the one notice now?)"""
        if self._take(self.buckets, user_id, cost, self.burst, self.rate, self.clock()):
            self.warned.discard(user_id)
            return True, False
        if user_id in self.warned:
            return False, False
        self.warned.add(user_id)
        return False, True

    def allow_costly(self, user_id: int) -> bool:
        """One chart or export for this person now?"""
        return self._take(self.costly, user_id, 1.0, self.costly_burst,
                          1.0 / self.costly_every, self.clock())

    def costly_wait(self, user_id: int) -> int:
        """Whole seconds until this person may have the next chart or export."""
        bucket = self.costly.get(user_id)
        if bucket is None:
            return 0
        return max(1, math.ceil((1.0 - bucket.tokens) * self.costly_every))

    def forget_idle(self) -> None:
        """Drop the buckets that are full again (their people are idle)."""
        now = self.clock()
        for buckets, capacity, rate in ((self.buckets, self.burst, self.rate),
                                        (self.costly, self.costly_burst,
                                         1.0 / self.costly_every)):
            for user_id in [u for u, b in buckets.items()
                            if b.tokens + (now - b.at) * rate >= capacity]:
                del buckets[user_id]
                self.warned.discard(user_id)


_COSTLY = re.compile(r"^/(?:xuat|thongke|tiendo(?:@\w+)?\s+(?:" + vocabulary.CHART_WORDS
                     + r"))(?:@\w+)?\b", re.IGNORECASE)


def costly(text: str) -> bool:
    """A chart or an export asked for. A mistyped /xuat only gets its usage line, which costs
    nothing: it is not counted (its kind read as `Office.export` reads it)."""
    m = _COSTLY.match(text)
    if m is None:
        return False
    if m.group(0).lower().startswith("/xuat"):
        return exports.kind_of(vietnamese.normalise(text[m.end():])) is not None
    return True


async def _refuse(update: Update, context: Context, html: str) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, html)
    raise ApplicationHandlerStop


async def flood_guard(update: Update, context: Context) -> None:
    """Runs before every other handler (group -1): the flood guard, the per-person limit on
    costly actions, forwarded commands (refused) and edited commands (never run again; an
    edited pending /baocao voids the old value)."""
    user = update.effective_user
    if user is None or update.inline_query is not None:
        return
    guard = context.bot_data.flood
    cost = guard.press_cost if update.callback_query is not None else 1.0
    serve, notice = guard.allow(user.id, cost)
    if len(guard.buckets) > 10_000:
        guard.forget_idle()
    if not serve:
        if notice and update.effective_chat is not None:
            chat_id = update.effective_chat.id  # said to the writer as they call themselves
            await context.bot.send_message(chat_id, context.bot_data.dialogue.addressed(
                chat_id, strings.citizen.FLOOD, user.id))
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop
    message = update.effective_message
    command = message is not None and (message.text or "").startswith("/")
    if not command or message is None:
        return
    if update.edited_message is not None:
        chat_id = update.effective_chat.id if update.effective_chat else user.id
        svc = context.bot_data
        voided = await svc.run(svc.storage.reports.void_pending_message, user.id, chat_id,
                               message.message_id)
        if voided or (message.text or "").split()[0].split("@")[0] in ("/baocao", "/sua"):
            await _refuse(update, context, strings.chat.EDITED_REPORT if voided
                          else strings.chat.EDITED_COMMAND)
        raise ApplicationHandlerStop
    if message.forward_origin is not None:
        await _refuse(update, context, strings.chat.FORWARDED_COMMAND)
    if costly(message.text or "") and not guard.allow_costly(user.id):
        await _refuse(update, context, strings.chat.costly_wait(guard.costly_wait(user.id)))


async def other_content(update: Update, context: Context) -> None:
    """A sticker, photo, voice message, location… in a private chat: what the bot can do."""
    await send_html(update, context, strings.chat.OTHER_CONTENT, menu_keyboard())


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have, in a private chat."""
    message = update.effective_message
    name = (message.text or "").split()[0][:40] if message and message.text else "/"
    await send_html(update, context,
                    strings.chat.UNKNOWN_COMMAND.format(command=strings.citizen.esc(name)))




Callback = Callable[[Update, Context], Awaitable[object]]


async def _usage(update: Update, context: Context) -> str:
    """/baocao's usage, its example an indicator the person reports in the plan in force (a
    percentage if there is one: the example's value is 52,5)."""
    svc = context.bot_data
    user = update.effective_user
    mine = await svc.run(svc.office.reportable_to, user.id) if user else []
    example = next((i for i in mine if i.unit == "percent"), mine[0] if mine else None)
    return strings.office.report_usage(example.id if example else "", svc.office.plan().year)


def user_errors(callback: Callback) -> Callback:
    """A ReportError or InviteError from the core, a ChartError, or Busy (the database stayed
    locked) becomes the reply (an alert for a button); nothing else is caught. In a dialog the
    state stays as it was (the callback returns None)."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: Context) -> object:
        try:
            return await callback(update, context)
        except (ReportError, InviteError, Busy, charts.ChartError) as exc:
            if update.callback_query is not None:
                await update.callback_query.answer(str(exc)[:190], show_alert=True)
                return None
            html = str(exc) if isinstance(exc, Usage | Busy) else strings.citizen.esc(str(exc))
            if isinstance(exc, MissingArguments):
                html += "\n" + await _usage(update, context)
            await send_html(update, context, html)
            return None

    return wrapper
