"""What every handler shares: the services, sending HTML safely, keyboards, flood guard."""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes

from cdsbot import knowledge, texts, texts_office
from cdsbot.config import Settings
from cdsbot.core import Assistant, Reply
from cdsbot.office import Office
from cdsbot.reporting import MissingArguments, ReportError
from cdsbot.storage import InviteError, Storage

BUTTON_TEXT = 60  # characters of a title shown on a button


@dataclass
class Services:
    """Everything the handlers need, built once in app.build_application."""

    settings: Settings
    assistant: Assistant
    storage: Storage
    office: Office

    def today(self) -> dt.date:
        return self.office.today()

    def ask(self, question: str, user_id: int | None = None) -> Reply:
        """Answer a question from a chat: counted per day and outcome (no text, no user);
        one not answered confidently is kept as normalised text (no user) for review."""
        reply = self.assistant.ask(question)
        status = reply.answer.status
        self.storage.count_question(self.today(), status,
                                    reply.answer.entry_id if status == "answer" else None)
        if status != "answer":
            self.office.log_unanswered(question, status, user_id)
        return reply

    def relearn(self) -> None:
        """Rebuild the answer engine with the phrasings admins attached (used at once)."""
        self.assistant = Assistant(self.assistant.kb, tuple(self.storage.phrasings()))

    def reload(self) -> list[str]:
        """Validate knowledge/ first; on success switch to it, else keep the last good one and
        return the `file:line: message` problems."""
        kb, problems = knowledge.check(self.settings.knowledge)
        if kb is None:
            return problems
        self.assistant = Assistant(kb, tuple(self.storage.phrasings()))
        self.office.kb = kb
        return []


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
    buttons = [(label, f"m:{menu}") for label, menu in texts.MENU_BUTTONS]
    return keyboard([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def entry_buttons(assistant: Assistant, entry_ids: Sequence[str]) -> list[list[tuple[str, str]]]:
    return [[(short(assistant.kb.entries[e].title), f"e:{e}")] for e in entry_ids]


async def send_html(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str,
                    markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send an HTML message to the update's chat, split at 4096; the keyboard goes last."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = texts.split_message(html)
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
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
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
class FloodGuard:
    """More than `limit` updates in `window` seconds from one user: one notice, then silence.

    Inline queries are not counted (Telegram sends one per keystroke). Other users are served
    as usual; a throttled user is served again once the window has passed.
    """

    limit: int = 5
    window: float = 5.0
    clock: Callable[[], float] = time.monotonic
    seen: dict[int, deque[float]] = field(default_factory=dict)
    warned: set[int] = field(default_factory=set)

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(serve this update?, send the one notice now?)"""
        now = self.clock()
        times = self.seen.setdefault(user_id, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        times.append(now)
        if len(times) <= self.limit:
            self.warned.discard(user_id)
            return True, False
        if user_id in self.warned:
            return False, False
        self.warned.add(user_id)
        return False, True

    def forget_idle(self) -> None:
        now = self.clock()
        for user_id in [u for u, t in self.seen.items() if not t or now - t[-1] > self.window]:
            del self.seen[user_id]
            self.warned.discard(user_id)


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler (group -1)."""
    user = update.effective_user
    if user is None or update.inline_query is not None:
        return
    guard: FloodGuard = context.application.bot_data["flood"]
    serve, notice = guard.allow(user.id)
    if len(guard.seen) > 10_000:
        guard.forget_idle()
    if serve:
        return
    if notice and update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, texts.FLOOD)
    if update.callback_query is not None:
        await update.callback_query.answer()
    raise ApplicationHandlerStop


Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]]


def user_errors(callback: Callback) -> Callback:
    """A ReportError or InviteError from the core becomes the reply (an alert for a button);
    nothing else is caught. In a dialog the state stays as it was (the callback returns None)."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        try:
            return await callback(update, context)
        except (ReportError, InviteError) as exc:
            if update.callback_query is not None:
                await update.callback_query.answer(str(exc)[:190], show_alert=True)
                return None
            html = texts.esc(str(exc))
            if isinstance(exc, MissingArguments):
                html += "\n" + texts_office.REPORT_USAGE
            await send_html(update, context, html)
            return None

    return wrapper
