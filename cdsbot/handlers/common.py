"""What every handler shares: the services, sending HTML safely, keyboards, flood guard."""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes

from cdsbot import charts, knowledge, offload, privacy, strings
from cdsbot.assistant import Assistant
from cdsbot.config import Settings
from cdsbot.dialogue import Dialogue
from cdsbot.officials.office import Office
from cdsbot.officials.reporting import MissingArguments, ReportError
from cdsbot.search import Answer
from cdsbot.storage import InviteError, Storage

BUTTON_TEXT = 60  # characters of a title shown on a button


@dataclass
class Services:
    """Everything the handlers need, built once in app.build_application."""

    settings: Settings
    assistant: Assistant
    storage: Storage
    office: Office
    dialogue: Dialogue = field(init=False)

    def __post_init__(self) -> None:
        self.dialogue = Dialogue(self.assistant, journal=self.journal)

    def today(self) -> dt.date:
        return self.office.today()

    def journal(self, answer: Answer, question: str, user_id: int | None = None) -> None:
        """A question from a chat: counted per day and outcome (no text, no user); one not
        answered confidently is kept for the review, masked (as typed and normalised), with
        whether a citizen, an official or an admin asked (no id). Batched, off the event
        loop."""
        status = answer.status
        stored = privacy.storable(question)  # masked; "" for emoji or zero-width only
        keep = status != "answer" and bool(stored)
        asker = (self.office.command_level(user_id) if keep and user_id is not None
                 else "citizen")
        self.storage.count_asked(self.today(), status,
                                 answer.entry_id if status == "answer" else None,
                                 stored if keep else None,
                                 typed=privacy.mask(question)[:500] if keep else "",
                                 asker=asker)

    def _use(self, assistant: Assistant) -> None:
        self.assistant = self.dialogue.assistant = assistant

    def owner(self, user_id: int) -> str:
        """The person's one-way tag for their 👎 questions (keyed with the bot's token)."""
        return privacy.owner_tag(self.settings.token or "cdsbot", user_id)

    def relearn(self) -> None:
        """Rebuild the answer engine with the phrasings admins attached (used at once)."""
        self._use(Assistant(self.assistant.kb, tuple(self.storage.phrasings())))

    def reload(self) -> list[str]:
        """Validate knowledge/ first; on success switch to it, else keep the last good one and
        return the `file:line: message` problems."""
        assistant, problems = self.prepare_reload(tuple(self.storage.phrasings()))
        if assistant is not None:
            self.switch(assistant)
        return problems

    async def reload_off_loop(self) -> list[str]:
        """reload(), with the checking and the index build in a worker thread; the switch to
        the new knowledge base is one step on the event loop."""
        phrasings = tuple(self.storage.phrasings())
        assistant, problems = await offload.run(self.prepare_reload, phrasings)
        if assistant is not None:
            self.switch(assistant)
        return problems

    def prepare_reload(self, phrasings: tuple[tuple[str, str], ...]
                       ) -> tuple[Assistant | None, list[str]]:
        """The checked knowledge base and its index (any thread), or None and the problems."""
        kb, problems = knowledge.check(self.settings.knowledge)
        return (None, problems) if kb is None else (Assistant(kb, phrasings), [])

    def switch(self, assistant: Assistant) -> None:
        """Serve the new knowledge base from now on: answers, the dialogue, the office."""
        old = self.assistant
        self._use(assistant)
        self.office.kb = assistant.kb
        offload.discard(old)  # freed piecemeal in a thread, not in one go on the event loop


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


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
    buttons = [(label, f"m:{menu}") for label, menu in strings.citizen.MENU_BUTTONS]
    return keyboard([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def entry_buttons(assistant: Assistant, entry_ids: Sequence[str]) -> list[list[tuple[str, str]]]:
    return [[(short(assistant.kb.entries[e].title), f"e:{e}")] for e in entry_ids]


async def send_html(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str,
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


async def button_data(update: Update, pattern: str) -> re.Match[str] | None:
    """The pressed button's data if it fully matches `pattern`, else None after a polite
    "expired" alert. Button data comes from the client (and PTB hands empty data to every
    pattern handler), so every button handler parses it with this, strictly."""
    query = update.callback_query
    if query is None:
        return None
    match = re.fullmatch(pattern, query.data or "")
    if match is None:
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
    return match


async def edit_or_send(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str,
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


COSTLY = re.compile(r"^/(?:xuat|thongke|tiendo(?:@\w+)?\s+(?:bieudo|biểu đồ|chart))(?:@\w+)?\b",
                    re.IGNORECASE)
COSTLY_WAIT = ("Biểu đồ và tệp xuất tốn nhiều tài nguyên nên mỗi người chỉ yêu cầu được vài lần "
               "mỗi phút. Vui lòng thử lại sau ít phút.")
FORWARDED_COMMAND = ("Lệnh được chuyển tiếp từ tin nhắn khác không được thực hiện. Hãy tự gõ "
                     "lệnh trong cuộc trò chuyện này.")
EDITED_REPORT = ("Bạn đã sửa tin nhắn của một báo cáo đang chờ xác nhận: báo cáo cũ đã hủy, "
                 "không xác nhận được nữa. Hãy gửi lại /baocao với giá trị đúng.")
EDITED_COMMAND = ("Sửa một tin nhắn lệnh đã gửi không làm gì cả. Hãy gửi lệnh mới.")


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, html)
    raise ApplicationHandlerStop


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler (group -1): the flood guard, the per-person limit on
    costly actions, forwarded commands (refused) and edited commands (never run again; an
    edited pending /baocao voids the old value)."""
    user = update.effective_user
    if user is None or update.inline_query is not None:
        return
    guard: FloodGuard = context.application.bot_data["flood"]
    cost = guard.press_cost if update.callback_query is not None else 1.0
    serve, notice = guard.allow(user.id, cost)
    if len(guard.buckets) > 10_000:
        guard.forget_idle()
    if not serve:
        if notice and update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, strings.citizen.FLOOD)
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop
    message = update.effective_message
    command = message is not None and (message.text or "").startswith("/")
    if not command or message is None:
        return
    if update.edited_message is not None:
        svc = services(context)
        chat_id = update.effective_chat.id if update.effective_chat else user.id
        voided = svc.storage.void_pending_message(user.id, chat_id, message.message_id)
        if voided or (message.text or "").split()[0].split("@")[0] in ("/baocao", "/sua"):
            await _refuse(update, context, EDITED_REPORT if voided else EDITED_COMMAND)
        raise ApplicationHandlerStop
    if message.forward_origin is not None:
        await _refuse(update, context, FORWARDED_COMMAND)
    if COSTLY.match(message.text or "") and not guard.allow_costly(user.id):
        await _refuse(update, context, COSTLY_WAIT)


async def other_content(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice message, location… in a private chat: what the bot can do."""
    await send_html(update, context, OTHER_CONTENT, menu_keyboard())


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have, in a private chat."""
    message = update.effective_message
    name = (message.text or "").split()[0][:40] if message and message.text else "/"
    await send_html(update, context, UNKNOWN_COMMAND.format(command=strings.citizen.esc(name)))


OTHER_CONTENT = ("Tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi về chuyển đổi số, dịch vụ công "
                 "trực tuyến hay Kế hoạch 74 của Hải Phòng, hoặc chọn một chủ đề dưới đây.")
UNKNOWN_COMMAND = ("Không có lệnh {command}. Gõ /trogiup để xem các lệnh, hoặc gõ câu hỏi "
                   "bằng lời thường.")


Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]]


def user_errors(callback: Callback) -> Callback:
    """A ReportError, InviteError or ChartError becomes the reply (an alert for a button);
    nothing else is caught. In a dialog the state stays as it was (the callback returns None)."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        try:
            return await callback(update, context)
        except (ReportError, InviteError, charts.ChartError) as exc:
            if update.callback_query is not None:
                await update.callback_query.answer(str(exc)[:190], show_alert=True)
                return None
            html = strings.citizen.esc(str(exc))
            if isinstance(exc, MissingArguments):
                html += "\n" + strings.office.REPORT_USAGE
            await send_html(update, context, html)
            return None

    return wrapper
