"""Subscribers: /theodoi (toggle topics, pick a district), /huytheodoi.

In a group, only the group's administrators (or an anonymous admin posting as the group) may
subscribe it, change it or stop it; every refusal is audited."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from cdsbot import strings
from cdsbot.handlers.common import button_data, edit_or_send, keyboard, send_html, services
from cdsbot.officials.reporting import SPECIAL_IDS
from cdsbot.storage import Subscription
from cdsbot.storage.notices import TOPICS


def _view(context: ContextTypes.DEFAULT_TYPE, sub: Subscription) -> InlineKeyboardMarkup | None:
    kb = services(context).assistant.kb
    labels = strings.citizen.TOPIC_LABELS
    rows = [[(("✅ " if getattr(sub, t) else "⬜ ") + labels[t], f"td:t:{t}")]
            for t in TOPICS]
    districts = [u for u in kb.units.values() if u.level == "district"]
    if districts:
        rows.append([(("📍 " if sub.district is None else "") + "Cả thành phố", "td:d:-")])
        rows += [[(("📍 " if sub.district == u.id else "") + u.name, f"td:d:{u.id}")]
                 for u in districts]
    return keyboard(rows)


GROUP_ADMINS_ONLY = ("Chỉ quản trị viên của nhóm mới bật, thay đổi hay dừng việc theo dõi "
                     "thông báo của nhóm.")


async def may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE, what: str) -> bool:
    """May the sender change this chat's subscription? Anyone in a private chat; in a group its
    administrators (asked of Telegram on every change), or an anonymous admin posting as the
    group itself. A refusal is audited and answered here."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    allowed = False
    if (update.callback_query is None and message is not None
            and message.sender_chat is not None and message.sender_chat.id == chat.id):
        allowed = True  # "remain anonymous" admins post as the group; members cannot
    elif chat.type != ChatType.CHANNEL and user is not None and user.id not in SPECIAL_IDS:
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
            allowed = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        except TelegramError:
            allowed = False
    if not allowed:
        services(context).storage.people.record(user.id if user else None, chat.id, "subscription",
                                                what, "denied", reason="not a group admin")
        if update.callback_query is not None:
            await update.callback_query.answer(GROUP_ADMINS_ONLY, show_alert=True)
        else:
            await send_html(update, context, GROUP_ADMINS_ONLY)
    return allowed


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/theodoi: subscribe (every topic on) and show the toggles."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or not await may_manage(update, context, "subscribe"):
        return
    sub = services(context).storage.notices.subscribe(chat.id, user.id if user else None)
    await send_html(update, context, strings.citizen.SUBSCRIBE_INTRO, _view(context, sub))


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huytheodoi: stop everything."""
    chat = update.effective_chat
    if chat is None or not await may_manage(update, context, "unsubscribe"):
        return
    stopped = services(context).storage.notices.unsubscribe(chat.id)
    await send_html(update, context,
                    strings.citizen.UNSUBSCRIBED if stopped else strings.citizen.NOT_SUBSCRIBED)


async def toggle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """td:t:<topic> toggles a topic; td:d:<district|-> picks a district; td:start subscribes."""
    query = update.callback_query
    assert query is not None
    chat = update.effective_chat
    storage = services(context).storage
    data = query.data or ""
    if data == "td:start" and chat is not None:
        if await may_manage(update, context, "subscribe"):
            await query.answer()
            await subscribe(update, context)
        return
    match = await button_data(update, r"td:(t|d):([\w-]{1,41})")
    if match is None or not await may_manage(update, context, data[:50]):
        return
    sub = storage.notices.subscription(chat.id) if chat is not None else None
    if sub is None or not sub.active:
        await query.answer(strings.citizen.NOT_SUBSCRIBED, show_alert=True)
        return
    kind, value = match[1], match[2]
    districts = {u.id for u in services(context).assistant.kb.units.values()
                 if u.level == "district"}
    if kind == "t" and value in TOPICS:
        sub = storage.notices.set_topic(sub.chat_id, value, not getattr(sub, value))
    elif kind == "d" and (value == "-" or value in districts):
        sub = storage.notices.set_district(sub.chat_id, None if value == "-" else value)
    else:
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
        return
    await query.answer()
    assert sub is not None
    await edit_or_send(update, context, strings.citizen.SUBSCRIBE_INTRO, _view(context, sub))
