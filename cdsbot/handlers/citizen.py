"""Citizens: /start, /trogiup, the menus, questions, buttons, ratings, inline mode."""

from __future__ import annotations

from collections import OrderedDict

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from cdsbot import strings, vietnamese
from cdsbot.handlers import official
from cdsbot.handlers.common import (
    entry_buttons,
    keyboard,
    menu_keyboard,
    send_html,
    services,
    short,
)

INLINE_RESULTS = 5


def _menu(context: ContextTypes.DEFAULT_TYPE, name: str) -> tuple[str, list] | None:
    """(HTML, keyboard rows) of one menu, or None for an unknown name."""
    svc = services(context)
    found = svc.assistant.menu(name, svc.today())
    if found is None:
        return None
    html, choices = found
    return html, entry_buttons(svc.assistant, choices)


async def show_menu(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
    found = _menu(context, name)
    if found is None:
        await send_html(update, context, strings.citizen.WELCOME, menu_keyboard())
        return
    html, rows = found
    await send_html(update, context, html, keyboard(rows))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start [topic|e_<entry>]: welcome and topic menu, or a deep-linked topic or entry."""
    payload = context.args[0] if context.args else ""
    svc = services(context)
    assistant = svc.assistant
    chat = update.effective_chat
    if chat is not None:
        svc.storage.notices.reactivate(chat.id)  # someone who had blocked the bot came back
    if payload.startswith("e_") and payload[2:] in assistant.kb.entries:
        await show_entry(update, context, payload[2:])
        return
    if payload and _menu(context, payload) is not None:
        await show_menu(update, context, payload)
        return
    buttons = menu_keyboard()
    sub = svc.storage.notices.subscription(chat.id) if chat is not None else None
    if buttons is not None and (sub is None or not sub.active):
        buttons = InlineKeyboardMarkup([*buttons.inline_keyboard, [InlineKeyboardButton(
            strings.citizen.SUBSCRIBE_BUTTON, callback_data="td:start")]])
    welcome = strings.citizen.WELCOME + official.role_help(update, context)
    await send_html(update, context, welcome, buttons)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/trogiup, /help: how to ask and the command list."""
    await send_html(update, context, strings.citizen.HELP + official.role_help(update, context),
                    menu_keyboard())


def menu_command(name: str):
    async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await show_menu(update, context, name)

    command.__doc__ = f"/{name}: one of the browsable menus."
    command.__name__ = f"menu_{name}"
    return command


def _rating_row(entry_id: str) -> list[tuple[str, str]]:
    return [("👍 Hữu ích", f"r:{entry_id}:1"), ("👎 Chưa đúng ý", f"r:{entry_id}:-1")]


def _details_row(kb, entry_id: str) -> list[tuple[str, str]]:
    """"Xem thêm" when the entry has details, "Nguồn" when it has more sources than shown."""
    entry = kb.entries[entry_id]
    row = []
    if entry.more:
        row.append((strings.citizen.MORE_BUTTON, f"x:{entry_id}"))
    if strings.citizen.has_more_sources(kb, entry):
        row.append((strings.citizen.SOURCES_BUTTON, f"n:{entry_id}"))
    return row


async def show_entry(update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: str,
                     related: tuple[str, ...] = ()) -> Message | None:
    """An entry with 👍/👎; an indicator's answer also shows its latest reported progress."""
    svc = services(context)
    assistant = svc.assistant
    extra = ""
    ind = assistant.kb.indicators.get(entry_id)
    if ind is not None:
        extra = "\n📊 Tiến độ: " + strings.office.progress_line(assistant.kb,
                                                              svc.office.progress_of(ind))
    rows = [_details_row(assistant.kb, entry_id), _rating_row(entry_id),
            *entry_buttons(assistant, related)]
    chat = update.effective_chat
    if chat is not None:  # the topic a follow-up question is read against
        svc.dialogue.shown(chat.id, entry_id)
    sent = await send_html(update, context, assistant.show(entry_id, extra), keyboard(rows))
    if sent is not None:  # its 👍/👎 may rate this entry, in this message only
        svc.storage.learning.remember_answer(sent.chat_id, sent.message_id, entry_id)
    return sent


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text, read in the chat's conversation: an answer, 2–3 choices, a short reply to
    small talk, or an honest "I don't know" naming who can help."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or not message.text or chat is None:
        return
    asked = message.text
    bot_name = context.bot.username
    if bot_name:
        asked = asked.replace(f"@{bot_name}", " ")
    svc = services(context)
    turn = svc.dialogue.turn(chat.id, asked,
                             update.effective_user.id if update.effective_user else None)
    if turn.kind == "answer" and turn.entry_id is not None:
        ans = turn.answer
        related = tuple(e for e, _ in ans.alternatives[:2]) if ans is not None else ()
        sent = await show_entry(update, context, turn.entry_id, related)
        if sent is not None and ans is not None:  # to find the question again if rated 👎
            remember_question(context, sent.chat_id, sent.message_id, vietnamese.normalise(asked))
        return
    if turn.kind in ("more", "sources") and turn.entry_id is not None:
        await send_html(update, context, turn.html)
        return
    if turn.choices:
        rows = entry_buttons(svc.assistant, turn.choices)
        await send_html(update, context, turn.html, keyboard(rows))
        return
    markup = menu_keyboard() if turn.kind == "none" else None
    await send_html(update, context, turn.html, markup)


ASKED_MEMORY = 10_000  # answers whose question is kept (in memory only) for a 👎 review


def remember_question(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int,
                      question: str) -> None:
    asked: OrderedDict = context.application.bot_data.setdefault("asked", OrderedDict())
    asked[(chat_id, message_id)] = question
    while len(asked) > ASKED_MEMORY:
        asked.popitem(last=False)


def recall_question(context: ContextTypes.DEFAULT_TYPE, chat_id: int,
                    message_id: int) -> str | None:
    return context.application.bot_data.get("asked", {}).get((chat_id, message_id))


def _rating(data: str, svc) -> tuple[str, int] | None:
    """'<entry>:<1|-1>' -> (entry, value), or None for tampered or stale data."""
    entry_id, _, value = data.rpartition(":")
    if entry_id in svc.assistant.kb.entries and value in ("1", "-1"):
        return entry_id, int(value)
    return None


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline buttons: e:<entry> show, x:<entry> details, n:<entry> sources, m:<menu> open,
    r:<entry>:<±1> rate."""
    query = update.callback_query
    if query is None:
        return
    svc = services(context)
    kind, _, rest = (query.data or "").partition(":")
    kb = svc.assistant.kb
    if kind == "e" and rest in kb.entries:
        await query.answer()
        await show_entry(update, context, rest)
    elif kind in ("x", "n") and rest in kb.entries:
        await query.answer()
        render = strings.citizen.render_more if kind == "x" else strings.citizen.render_sources
        await send_html(update, context, render(kb, kb.entries[rest]))
    elif kind == "m" and _menu(context, rest) is not None:
        await query.answer()
        await show_menu(update, context, rest)
    elif kind == "r" and _rating(rest, svc) and query.message is not None:
        entry_id, value = _rating(rest, svc)
        changed = svc.storage.learning.rate_answer(query.from_user.id, query.message.chat.id,
                                                   query.message.message_id, entry_id, value)
        if changed is None:  # not an answer the bot sent with this entry: forged or stale
            await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
            return
        asked = recall_question(context, query.message.chat.id, query.message.message_id)
        if changed and value < 0 and asked:  # the review shows 👎 answers with the question
            svc.storage.learning.add_downvote(entry_id, asked, svc.owner(query.from_user.id))
        await query.answer(strings.citizen.RATED if changed else strings.citizen.RATED_ALREADY)
    else:
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)


async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """@bot <query> in any chat: the best answers as articles."""
    query = update.inline_query
    if query is None:
        return
    assistant = services(context).assistant
    results = []
    for entry_id in assistant.candidates(query.query, INLINE_RESULTS):
        entry = assistant.kb.entries[entry_id]
        html = strings.citizen.split_message(assistant.show(entry_id))[0]
        results.append(InlineQueryResultArticle(
            id=entry_id, title=short(entry.title), description=short(entry.answer),
            input_message_content=InputTextMessageContent(html, parse_mode=ParseMode.HTML),
        ))
    await query.answer(results, cache_time=300)
