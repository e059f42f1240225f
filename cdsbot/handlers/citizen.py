"""Citizens: /start, /trogiup, the menus, questions, buttons, ratings, inline mode."""

from __future__ import annotations

import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from cdsbot import strings, vietnamese
from cdsbot.handlers import official
from cdsbot.handlers.buttons import ENTRY, MENU, MORE, RATE, SOURCES, SUBSCRIBE
from cdsbot.handlers.common import (
    Context,
    actor,
    entry_buttons,
    keyboard,
    menu_keyboard,
    send_html,
    short,
    user_errors,
)
from cdsbot.officials.reporting import ReportError, is_cancel
from cdsbot.search import Answer
from cdsbot.storage import Storage, Subscription

log = logging.getLogger("cdsbot")

INLINE_RESULTS = 5


def _menu(context: Context, name: str) -> tuple[str, list] | None:
    """(HTML, keyboard rows) of one menu, or None for an unknown name."""
    svc = context.bot_data
    found = svc.assistant.menu(name, svc.today())
    if found is None:
        return None
    html, choices = found
    return html, entry_buttons(svc.assistant, choices)


async def show_menu(update: Update, context: Context, name: str) -> None:
    found = _menu(context, name)
    if found is None:
        await send_html(update, context, strings.citizen.WELCOME, menu_keyboard())
        return
    html, rows = found
    await send_html(update, context, html, keyboard(rows))


def _come_back(storage: Storage, chat_id: int) -> Subscription | None:
    """/start: someone who had blocked the bot is back (active again); their subscription."""
    storage.notices.reactivate(chat_id)
    return storage.notices.subscription(chat_id)


@user_errors
async def start(update: Update, context: Context) -> None:
    """/start [topic|e_<entry>]: welcome and topic menu, or a deep-linked topic or entry."""
    payload = context.args[0] if context.args else ""
    svc = context.bot_data
    assistant = svc.assistant
    chat = update.effective_chat
    sub = await svc.run(_come_back, svc.storage, chat.id) if chat is not None else None
    if payload.startswith("e_") and payload[2:] in assistant.kb.entries:
        await show_entry(update, context, payload[2:])
        return
    if payload and _menu(context, payload) is not None:
        await show_menu(update, context, payload)
        return
    buttons = menu_keyboard()
    if buttons is not None and (sub is None or not sub.active):
        buttons = InlineKeyboardMarkup([*buttons.inline_keyboard, [InlineKeyboardButton(
            strings.citizen.SUBSCRIBE_BUTTON, callback_data=SUBSCRIBE.make("start"))]])
    welcome = strings.citizen.WELCOME + await official.role_help(update, context)
    await send_html(update, context, welcome, buttons)


@user_errors
async def help_command(update: Update, context: Context) -> None:
    """/trogiup, /help: how to ask and the command list."""
    await send_html(update, context,
                    _addressed(update, context, strings.citizen.HELP)
                    + await official.role_help(update, context), menu_keyboard())


def menu_command(name: str):
    async def command(update: Update, context: Context) -> None:
        await show_menu(update, context, name)

    command.__doc__ = f"/{name}: one of the browsable menus."
    command.__name__ = f"menu_{name}"
    return command


def _rating_row(entry_id: str) -> list[tuple[str, str]]:
    return [(strings.chat.RATE_UP, RATE.make(entry_id, 1)),
            (strings.chat.RATE_DOWN, RATE.make(entry_id, -1))]


def _details_row(kb, entry_id: str) -> list[tuple[str, str]]:
    """"Xem thêm" when the entry has details, "Nguồn" when it has more sources than shown."""
    entry = kb.entries[entry_id]
    row = []
    if entry.more:
        row.append((strings.citizen.MORE_BUTTON, MORE.make(entry_id)))
    if strings.citizen.has_more_sources(kb, entry):
        row.append((strings.citizen.SOURCES_BUTTON, SOURCES.make(entry_id)))
    return row


def _writer(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


def _addressed(update: Update, context: Context, text: str) -> str:
    """`text` said to the writer as they call themselves in this chat ("bác", not "bạn")."""
    chat = update.effective_chat
    if chat is None:
        return text
    return context.bot_data.dialogue.addressed(chat.id, text, _writer(update))


async def show_entry(update: Update, context: Context, entry_id: str,
                     related: tuple[str, ...] = (), asked: Answer | None = None,
                     question: str = "") -> Message | None:
    """An entry with 👍/👎; an indicator's answer also shows its latest reported progress.
    `asked`: the engine's reading of the question it answers (what to lead with), and
    `question` the question (the exemption first for a cost asked by someone exempt)."""
    svc = context.bot_data
    assistant = svc.assistant
    extra = ""
    ind = assistant.kb.indicators.get(entry_id)
    if ind is not None:
        extra = strings.office.answer_progress(assistant.kb,
                                               await svc.run(svc.office.progress_of, ind))
    rows = [_details_row(assistant.kb, entry_id), _rating_row(entry_id),
            *entry_buttons(assistant, related)]
    chat = update.effective_chat
    text = assistant.show(entry_id, extra, asked, question)
    if chat is not None:  # the topic a follow-up question is read against
        svc.dialogue.shown(chat.id, entry_id)
        text = _addressed(update, context, text)
    sent = await send_html(update, context, text, keyboard(rows))
    if sent is not None:  # its 👍/👎 may rate this entry, in this message only
        svc.storage.learning.remember_answer(sent.chat_id, sent.message_id, entry_id)
    return sent


@user_errors
async def question(update: Update, context: Context) -> None:
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
    svc = context.bot_data
    if is_cancel(asked, as_typed=True) and await official.cancel_open_cards(update, context):
        return  # "hủy" under a report card waiting for ✅
    if await official.retype_open_card(update, context):
        return  # "à nhầm, 58,5 chứ" under a report card waiting for ✅
    turn = svc.dialogue.turn(chat.id, asked, _writer(update))
    if turn.kind == "answer" and turn.entry_id is not None:
        ans = turn.answer
        related = tuple(e for e, _ in ans.alternatives[:2]) if ans is not None else ()
        sent = await show_entry(update, context, turn.entry_id, related, ans,
                                turn.question or asked)
        if sent is not None and ans is not None:  # to find the question again if rated 👎
            svc.live.remember(sent.chat_id, sent.message_id, vietnamese.normalise(asked))
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


async def _drop_button(update: Update, data: str) -> None:
    """Take a pressed one-shot button ("Xem thêm", "Nguồn") off its message, the others
    staying; a message too old to edit, or already edited, keeps it (BotData.spend then
    still answers a second press without sending the text again)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [[b for b in row if b.callback_data != data]
            for row in message.reply_markup.inline_keyboard]
    rows = [row for row in rows if row]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except BadRequest as exc:  # "message is not modified", "message can't be edited"
        log.info("kept the pressed button on message %s: %s", message.message_id, exc)


@user_errors
async def button(update: Update, context: Context) -> None:
    """Inline buttons: e:<entry> show, x:<entry> details, n:<entry> sources, m:<menu> open,
    r:<entry>:<±1> rate; anything else (old, forged, of an ended dialog) has expired."""
    query = update.callback_query
    if query is None:
        return
    svc = context.bot_data
    data, kb = query.data, svc.assistant.kb
    entry, more, sources = ENTRY.parse(data), MORE.parse(data), SOURCES.parse(data)
    menu, rate = MENU.parse(data), RATE.parse(data)
    if entry and entry[0] in kb.entries:
        await query.answer()
        await show_entry(update, context, entry[0])
    elif (more or sources) and (more or sources)[0] in kb.entries:
        message = query.message
        key = (message.chat.id, message.message_id, data) if message is not None else None
        if key is not None and not svc.spend(*key):
            await query.answer(strings.citizen.ALREADY_SENT)
            return
        await query.answer()
        render = strings.citizen.render_more if more else strings.citizen.render_sources
        try:
            text = render(kb, kb.entries[(more or sources)[0]])
            await send_html(update, context, _addressed(update, context, text))
        except Exception:
            if key is not None:  # not sent: a second press must send it, not say it was
                svc.unspend(*key)
            raise
        await _drop_button(update, data)
    elif menu and _menu(context, menu[0]) is not None:
        await query.answer()
        await show_menu(update, context, menu[0])
    elif rate and rate[0] in kb.entries and query.message is not None:
        try:
            changed = await svc.run(svc.office.rate, actor(update),
                                    query.message.message_id, rate[0], int(rate[1]))
        except ReportError as exc:  # not an answer the bot sent with this entry
            await query.answer(str(exc), show_alert=True)
            return
        await query.answer(_addressed(update, context, strings.citizen.RATED if changed
                                      else strings.citizen.RATED_ALREADY))
    else:
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)


async def inline(update: Update, context: Context) -> None:
    """@bot <query> in any chat: the best answers as articles."""
    query = update.inline_query
    if query is None:
        return
    assistant = context.bot_data.assistant
    results = []
    for entry_id in assistant.candidates(query.query, INLINE_RESULTS):
        entry = assistant.kb.entries[entry_id]
        html = strings.citizen.split_message(assistant.show(entry_id))[0]
        results.append(InlineQueryResultArticle(
            id=entry_id, title=short(entry.title), description=short(entry.answer),
            input_message_content=InputTextMessageContent(html, parse_mode=ParseMode.HTML),
        ))
    await query.answer(results, cache_time=300)
