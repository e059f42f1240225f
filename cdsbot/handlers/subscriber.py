"""Subscribers: /theodoi (toggle topics, pick a district), /huytheodoi.

In a group, only the group's administrators (or an anonymous admin posting as the group) may
subscribe it, change it or stop it (the rule "subscription" in cdsbot.permissions); the handler
only asks Telegram who administers the group, the office decides and audits a refusal."""

from __future__ import annotations

import dataclasses

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from cdsbot import strings
from cdsbot.handlers.buttons import SUBSCRIBE, TOPICS
from cdsbot.handlers.common import Context, actor, keyboard, pressed, send_html, user_errors
from cdsbot.handlers.common import edit_or_send as show
from cdsbot.permissions import SPECIAL_IDS, Actor
from cdsbot.storage import Subscription
from cdsbot.storage.notices import TOPICS as TOPIC_NAMES


def _view(context: Context, sub: Subscription) -> InlineKeyboardMarkup | None:
    labels = strings.citizen.TOPIC_LABELS
    rows = [[(("✅ " if getattr(sub, t) else "⬜ ") + labels[t], TOPICS.make("t", t))]
            for t in TOPIC_NAMES]
    office = context.bot_data.office
    districts = office.districts_for(sub)
    if districts:
        rows.append([(("📍 " if sub.district is None else "") + strings.chat.WHOLE_CITY,
                      TOPICS.make("d", "-"))])
        rows += [[(("📍 " if sub.district == u.id else "") + strings.chat.unit_label(
            u, office.today()), TOPICS.make("d", u.id))] for u in districts]
    return keyboard(rows)


async def chat_actor(update: Update, context: Context) -> Actor:
    """Who acts, and whether they speak for this group: its administrators (asked of Telegram
    on every change), or an anonymous admin posting as the group itself."""
    here = actor(update)
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    assert chat is not None
    if chat.type == ChatType.PRIVATE:
        return here
    speaks = False
    if (update.callback_query is None and message is not None
            and message.sender_chat is not None and message.sender_chat.id == chat.id):
        speaks = True  # "remain anonymous" admins post as the group; members cannot
    elif chat.type != ChatType.CHANNEL and user is not None and user.id not in SPECIAL_IDS:
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
            speaks = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        except TelegramError:
            speaks = False
    return dataclasses.replace(here, chat_admin=speaks)


@user_errors
async def subscribe(update: Update, context: Context) -> None:
    """/theodoi: subscribe (every topic on) and show the toggles."""
    svc = context.bot_data
    sub = await svc.run(svc.office.subscribe, await chat_actor(update, context))
    await send_html(update, context, strings.citizen.SUBSCRIBE_INTRO, _view(context, sub))


@user_errors
async def unsubscribe(update: Update, context: Context) -> None:
    """/huytheodoi: stop everything."""
    svc = context.bot_data
    stopped = await svc.run(svc.office.unsubscribe, await chat_actor(update, context))
    await send_html(update, context,
                    strings.citizen.UNSUBSCRIBED if stopped else strings.citizen.NOT_SUBSCRIBED)


@user_errors
async def toggle(update: Update, context: Context) -> None:
    """td:t:<topic> toggles a topic; td:d:<district|-> picks a district; td:start subscribes."""
    query = update.callback_query
    assert query is not None
    svc = context.bot_data
    if SUBSCRIBE.parse(query.data) is not None:
        sub = await svc.run(svc.office.subscribe, await chat_actor(update, context))
        await query.answer()
        await send_html(update, context, strings.citizen.SUBSCRIBE_INTRO, _view(context, sub))
        return
    fields = await pressed(update, TOPICS)
    if fields is None:
        return
    sub = await svc.run(svc.office.change_subscription, await chat_actor(update, context),
                        (query.data or "")[:50], *fields)
    await query.answer()
    await show(update, context, strings.citizen.SUBSCRIBE_INTRO, _view(context, sub))
